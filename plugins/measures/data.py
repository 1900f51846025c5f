"""Attach measures to the series of one build: validate, collect per month, prepare rows and readings."""

from __future__ import annotations

import csv
import io
import json
import logging
from typing import Any

from markupsafe import Markup

from ..shared import PluginSettings, line_of_key
from .chart import render_chart
from .model import MeasureError, MeasureSeries, Number, Point, Reading, SeriesData, parse_declaration, parse_values

logger = logging.getLogger(__name__)

DECLARATION_PREFIX = "measure-"
VALUES_FIELD = "measures"
SETTINGS = PluginSettings(
    "MEASURES_",
    {"MEASURES_DATA_URL": "series/{slug}/{slug}-data", "MEASURES_START_LABEL": "Start of treatment"},
)


def declared_measures(series: Any) -> dict[str, Any]:
    """The measures a series file declares (``Measure-<key>: ...`` lines), in file order."""
    definition = series.definition
    found = []
    for name, text in definition.metadata.items():
        if not name.startswith(DECLARATION_PREFIX):
            continue
        key = name[len(DECLARATION_PREFIX) :]
        line = definition.lines.get(name, 1)
        try:
            found.append((line, parse_declaration(key, str(text))))
        except ValueError as error:
            raise MeasureError(definition.source_path, line, str(error)) from None
    return {measure.key: measure for _, measure in sorted(found, key=lambda item: item[0])}


def update_values(article: Any, measures: dict[str, Any]) -> dict[str, Number]:
    """The checked values of one update; raises MeasureError naming the file and line."""
    text = getattr(article, VALUES_FIELD, None)
    if not text:
        return {}
    if isinstance(text, (list, tuple)):
        text = "; ".join(str(item) for item in text)
    line = line_of_key(article.source_path, VALUES_FIELD)
    if not measures:
        raise MeasureError(article.source_path, line, "Measures given, but the series declares no measures")
    try:
        return parse_values(str(text), measures)
    except ValueError as error:
        raise MeasureError(article.source_path, line, str(error)) from None


def attach_measures(context: dict, settings: dict) -> None:
    """For every series in ``context['all_series']``: ``series.data`` and each update's readings."""
    articles_in_series = [
        article
        for article in [
            *context.get("articles", []),
            *context.get("drafts", []),
            *context.get("hidden_articles", []),
        ]
        if getattr(getattr(article, "series", None), "slug", None)
    ]
    for article in [*context.get("articles", []), *context.get("drafts", []), *context.get("hidden_articles", [])]:
        if getattr(article, "series_failed", None):
            continue  # the post names a series the series plugin reported broken: that one error is enough
        if getattr(article, VALUES_FIELD, None) and article not in articles_in_series:
            line = line_of_key(article.source_path, VALUES_FIELD)
            logger.error("%s:%d: Measures given, but the post is in no series", article.source_path, line)
    for series in context.get("all_series", []):
        series.data = None
        try:
            measures = declared_measures(series)
        except MeasureError as error:
            logger.error("%s:%d: %s", error.path, error.line, error.message)
            continue
        values_of: dict[int, dict[str, Number]] = {}
        for article in articles_in_series:
            if article.series.slug != series.slug:
                continue
            article.measure_readings = []
            try:
                values_of[id(article)] = update_values(article, measures)
            except MeasureError as error:
                logger.error("%s:%d: %s", error.path, error.line, error.message)
        if not measures:
            continue
        series.data = build_data(series, measures, values_of, settings)


def build_data(series: Any, measures: dict, values_of: dict[int, dict], settings: dict) -> SeriesData:
    measure_series = []
    for measure in measures.values():
        points = []
        for entry in series.timeline:
            value, source = None, None
            for update in entry.updates:  # the latest update of the month that gives a value
                if measure.key in values_of.get(id(update), {}):
                    value, source = values_of[id(update)][measure.key], update
            points.append(Point(entry.month, entry.number, value, source or (entry.updates or [None])[-1]))
        measure_series.append(MeasureSeries(measure, points, series.start, series.slug))
    data = SeriesData(measure_series)
    for ms in measure_series:
        for index, point in enumerate(ms.points):
            if point.reported and point.update is not None:
                point.update.measure_readings.append(Reading(ms.measure, point.value, ms.change_text(index)))
    base = SETTINGS.get(settings, "MEASURES_DATA_URL").format(slug=series.slug)
    data.csv_url = data.csv_save_as = base + ".csv"
    data.json_url = data.json_save_as = base + ".json"
    data.rows = rows(series, data)
    start_label = SETTINGS.get(settings, "MEASURES_START_LABEL")
    for ms in measure_series:
        ms.start_label = start_label
        ms.chart = _chart_function(ms)
    return data


def _chart_function(ms: MeasureSeries):
    def chart(siteurl: str, chart_id: str) -> Markup:
        return Markup(render_chart(ms, siteurl, chart_id, ms.start_label))

    return chart


def rows(series: Any, data: SeriesData) -> list[dict[str, Any]]:
    """One row per month of the series: month, update, scenario, then each measure (None when missing)."""
    table = []
    for index, entry in enumerate(series.timeline):
        update = entry.updates[-1] if entry.updates else None
        row: dict[str, Any] = {
            "month": str(entry.month),
            "month_number": entry.number,
            "update_title": update.title if update else None,
            "update_url": update.url if update else None,
            "scenario": update.series.scenario if update else None,
        }
        for ms in data.measures:
            row[ms.measure.key] = ms.points[index].value
        table.append(row)
    return table


def to_csv(data: SeriesData, siteurl: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = [ms.measure.key for ms in data.measures]
    writer.writerow(["month", "month_number", "update_title", "update_url", "scenario", *keys])
    for row in data.rows:
        url = f"{siteurl}/{row['update_url']}" if row["update_url"] else ""
        values = [row[key].text if row[key] is not None else "" for key in keys]
        writer.writerow(
            [row["month"], row["month_number"], row["update_title"] or "", url, row["scenario"] or "", *values]
        )
    return out.getvalue()


def to_json(series: Any, data: SeriesData, siteurl: str) -> str:
    document = {
        "series": series.slug,
        "title": series.title,
        "start": str(series.start) if series.start else None,
        "measures": [
            {
                "key": ms.measure.key,
                "label": ms.measure.label,
                "unit": ms.measure.unit,
                "better": ms.measure.better,
                "lower_is_better": ms.measure.lower_is_better,
                "min": ms.measure.minimum.json_value if ms.measure.minimum is not None else None,
                "max": ms.measure.maximum.json_value if ms.measure.maximum is not None else None,
            }
            for ms in data.measures
        ],
        "months": [
            {
                **{key: row[key] for key in ("month", "month_number", "update_title", "scenario")},
                "update_url": f"{siteurl}/{row['update_url']}" if row["update_url"] else None,
                "values": {
                    ms.measure.key: row[ms.measure.key].json_value if row[ms.measure.key] is not None else None
                    for ms in data.measures
                },
            }
            for row in data.rows
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
