"""The series generator: reads the series files, places every published update, writes pages and feeds.

Pelican creates a fresh generator for every build, so everything this module
learns lives on the generator and in the build's context, never at module level:
a ``make devserver`` rebuild after a series is renamed or deleted starts clean.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from ..pelican_compat import freeze_url, skip_writing
from ..shared import PluginSettings, SourceError, line_of_key
from .definitions import read_definition
from .model import (
    SCENARIOS,
    Month,
    Series,
    SeriesDefinition,
    SeriesPosition,
    TimelineMonth,
    months_between,
    update_month,
)

logger = logging.getLogger(__name__)

SETTINGS = PluginSettings(
    "SERIES_",
    {
        "SERIES_PATH": "series",
        "SERIES_URL": "series/{slug}/",
        "SERIES_SAVE_AS": "series/{slug}/index.html",
        "SERIES_INDEX_URL": "series/",
        "SERIES_INDEX_SAVE_AS": "series/index.html",
        "SERIES_FEED_ATOM": "feeds/series/{slug}.atom.xml",
        "SERIES_TEMPLATE": "series",
        "SERIES_INDEX_TEMPLATE": "series_list",
    },
)


class SeriesGenerator(Generator):
    """Builds ``context['all_series']`` and ``article.series``; writes series pages and feeds."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.series: dict[str, Series] = {}
        self.broken: set[str] = set()

    # -- reading ---------------------------------------------------------------------------------

    def series_files(self) -> list[str]:
        """Relative paths of the series files, sorted."""
        folder = Path(self.path) / SETTINGS.get(self.settings, "SERIES_PATH")
        if not folder.is_dir():
            return []
        return sorted(os.path.relpath(path, self.path) for path in folder.glob("*.md"))

    def load_definitions(self) -> dict[str, tuple[SeriesDefinition, Any]]:
        definitions = {}
        for relative in self.series_files():
            slug = Path(relative).stem
            try:
                definitions[slug] = read_definition(self.readers, self.path, relative, self.context)
            except SourceError as error:  # SeriesError, or the front matter reader's error (already logged)
                if not error.logged:
                    logger.error("%s:%d: %s", error.path, error.line, error.message)
                self.broken.add(slug)
            except Exception as error:  # make sure it fails the build
                logger.error("%s:1: cannot read series file: %s", os.path.join(self.path, relative), error)
                self.broken.add(slug)
        return definitions

    def generate_context(self) -> None:
        definitions = self.load_definitions()
        published = list(self.context.get("articles", []))
        unpublished = [*self.context.get("drafts", []), *self.context.get("hidden_articles", [])]
        by_slug = {article.slug: article for article in published}
        for article in published:
            article.series_origin_of = []

        members: dict[str, list[Any]] = defaultdict(list)
        for article in published:
            slug = self.series_slug_of(article, definitions)
            if slug is not None:
                members[slug].append(article)

        for slug, (definition, document) in definitions.items():
            series = self.build_series(definition, document, members.get(slug, []), by_slug)
            self.series[slug] = series

        for article in unpublished:
            slug = self.series_slug_of(article, definitions)
            if slug is not None:
                series = self.series[slug]
                article.series = SeriesPosition(series, None, update_month(article), _scenario(article))

        all_series = sorted(self.series.values(), key=lambda s: s.title.lower())
        self.context["all_series"] = all_series
        self.context["series_by_slug"] = dict(self.series)
        for series in all_series:
            self.context["generated_content"][series.definition.source_path] = series.document

    def series_slug_of(self, article: Any, definitions: dict) -> str | None:
        """The series a post names, checked; also sets ``article.series_month``. None when not in one."""
        named = getattr(article, "series", None)
        named = getattr(named, "slug", named)  # a position left by an earlier build (generator-level cache)
        if not named:
            return None
        slug = str(named).strip()
        article.series = None
        article.series_failed = None
        if slug in self.broken:
            article.series_failed = slug  # its one error is reported: checks that need the series skip the post
            return None
        if slug not in definitions:
            folder = SETTINGS.get(self.settings, "SERIES_PATH")
            logger.error(
                "%s:%d: unknown series '%s': there is no %s/%s.md",
                article.source_path,
                line_of_key(article.source_path, "series"),
                slug,
                folder,
                slug,
            )
            article.series_failed = slug
            return None
        month_text = getattr(article, "month", None)
        article.series_month = Month.of(article.date)
        if month_text:
            try:
                article.series_month = Month.parse(month_text)
            except ValueError:
                logger.error(
                    "%s:%d: Month '%s' is not YYYY-MM",
                    article.source_path,
                    line_of_key(article.source_path, "month"),
                    month_text,
                )
        scenario = getattr(article, "scenario", None)
        if scenario and str(scenario).strip().lower() not in SCENARIOS:
            logger.error(
                "%s:%d: Scenario '%s' is not one of %s",
                article.source_path,
                line_of_key(article.source_path, "scenario"),
                scenario,
                ", ".join(SCENARIOS),
            )
        return slug

    def build_series(self, definition: SeriesDefinition, document: Any, updates: list, by_slug: dict) -> Series:
        updates = sorted(updates, key=lambda article: (update_month(article), article.date, article.source_path))
        if updates and definition.start is not None and definition.start > update_month(updates[0]):
            first = update_month(updates[0])
            logger.error(
                "%s:%d: Start %s is after the first update, %s (%s); set Start to %s or earlier, or leave it out",
                definition.source_path,
                definition.lines.get("start", 1),
                definition.start,
                updates[0].source_path,
                first,
                first,
            )
            definition.start = None  # numbered from the first update, so nothing below counts months below 1
        url = SETTINGS.get(self.settings, "SERIES_URL").format(slug=definition.slug)
        feed = SETTINGS.get(self.settings, "SERIES_FEED_ATOM")
        series = Series(
            definition=definition,
            updates=updates,
            url=url,
            save_as=SETTINGS.get(self.settings, "SERIES_SAVE_AS").format(slug=definition.slug),
            feed_url=feed.format(slug=definition.slug) if feed else None,
            feed_save_as=feed.format(slug=definition.slug) if feed else None,
            document=document,
        )
        freeze_url(document, url)
        skip_writing(document)
        for index, article in enumerate(updates):
            article.series = SeriesPosition(
                series,
                index + 1,
                update_month(article),
                _scenario(article),
                previous=updates[index - 1] if index > 0 else None,
                next=updates[index + 1] if index + 1 < len(updates) else None,
            )
        self.place_origin(series, by_slug)
        self.build_timeline(series)
        return series

    def place_origin(self, series: Series, by_slug: dict) -> None:
        origin = series.definition.origin
        if not origin:
            return
        article = by_slug.get(origin)
        if article is None:
            logger.error(
                "%s:%d: Origin '%s' is not the slug of a published post",
                series.definition.source_path,
                series.definition.lines.get("origin", 1),
                origin,
            )
            return
        series.origin_article = article
        article.series_origin_of.append(series)

    def build_timeline(self, series: Series) -> None:
        """Months from the start to the latest update; log the months without one."""
        definition = series.definition
        by_month: dict[Month, list] = defaultdict(list)
        for article in series.updates:
            by_month[update_month(article)].append(article)
        for month, articles in sorted(by_month.items()):
            if len(articles) > 1 and definition.cadence == "monthly":
                logger.warning(
                    "series %s: %d updates claim %s: %s",
                    series.slug,
                    len(articles),
                    month,
                    ", ".join(article.source_path for article in articles),
                )
        if not series.updates:
            return
        start = series.start
        last = update_month(series.updates[-1])
        months = months_between(min(start, update_month(series.updates[0])), last)
        if definition.cadence == "none":
            months = [month for month in months if month in by_month]
        for month in months:
            note = definition.skipped.get(month)
            entry = TimelineMonth(month, series.month_number(month), by_month.get(month, []), note)
            series.timeline.append(entry)
            if entry.has_update or definition.cadence != "monthly":
                continue
            series.missing_months.append(month)
            if note is not None:
                logger.info("series %s: no update for %s (skipped: %s)", series.slug, month, note or "no note")
            else:
                logger.warning("series %s: no update for %s", series.slug, month)
        for month in sorted(definition.skipped):
            if month in by_month:
                logger.warning(
                    "%s:%d: Skipped %s, but %s reports on that month",
                    definition.source_path,
                    definition.lines.get("skipped", 1),
                    month,
                    by_month[month][0].source_path,
                )
        if definition.cadence == "weekly":
            self.warn_missing_weeks(series)

    @staticmethod
    def warn_missing_weeks(series: Series) -> None:
        weeks = {article.date.isocalendar()[:2] for article in series.updates}
        first, last = series.updates[0].date.date(), series.updates[-1].date.date()
        day = first
        while day <= last:
            year, week = day.isocalendar()[:2]
            if (year, week) not in weeks:
                logger.warning("series %s: no update for week %d-W%02d", series.slug, year, week)
            day = day.fromordinal(day.toordinal() + 7)

    # -- writing ---------------------------------------------------------------------------------

    def generate_output(self, writer) -> None:
        relative = self.settings.get("RELATIVE_URLS", False)
        template = self.get_template(SETTINGS.get(self.settings, "SERIES_TEMPLATE"))
        for series in self.series.values():
            writer.write_file(
                series.save_as,
                template,
                self.context,
                relative_urls=relative,
                url=series.url,
                series=series,
                page_name=series.url,
            )
            if series.feed_save_as and series.updates:
                writer.write_feed(
                    list(reversed(series.updates)),
                    self.context,
                    series.feed_save_as,
                    feed_title=series.title,
                )
        index_save_as = SETTINGS.get(self.settings, "SERIES_INDEX_SAVE_AS")
        if index_save_as:
            writer.write_file(
                index_save_as,
                self.get_template(SETTINGS.get(self.settings, "SERIES_INDEX_TEMPLATE")),
                self.context,
                relative_urls=relative,
                url=SETTINGS.get(self.settings, "SERIES_INDEX_URL"),
                page_name="series",
            )


def _scenario(article: Any) -> str | None:
    value = getattr(article, "scenario", None)
    if not value:
        return None
    value = str(value).strip().lower()
    return value if value in SCENARIOS else None
