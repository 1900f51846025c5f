"""The series model: months, updates, a series with its timeline, a post's place in it.

Plain data, no Pelican: the generator builds these from the series files and the
published posts, the templates read them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..shared import SourceError

CADENCES = ("monthly", "weekly", "none")
SCENARIOS = {
    "best-case": "Best case",
    "most-likely": "Most likely case",
    "worst-case": "Worst case",
}


class SeriesError(SourceError):
    """Bad series input; carries the file and line (line 0 when unknown)."""


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, ``YYYY-MM``."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse ``YYYY-MM``; raises ValueError otherwise."""
        text = str(text).strip()
        parsed = datetime.datetime.strptime(text, "%Y-%m")
        if len(text) != 7:
            raise ValueError(f"{text!r} is not YYYY-MM")
        return cls(parsed.year, parsed.month)

    @classmethod
    def of(cls, date: datetime.date) -> Month:
        return cls(date.year, date.month)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def minus(self, other: Month) -> int:
        """Whole months from ``other`` to ``self``."""
        return (self.year - other.year) * 12 + self.month - other.month

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def label(self) -> str:
        """``February 2019``."""
        return self.first_day.strftime("%B %Y")

    @property
    def name(self) -> str:
        """``February``."""
        return self.first_day.strftime("%B")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from ``first`` to ``last``, both included."""
    months, month = [], first
    while month <= last:
        months.append(month)
        month = month.next()
    return months


@dataclass
class SeriesDefinition:
    """What ``content/series/<slug>.md`` says."""

    slug: str
    title: str
    source_path: str
    introduction: str = ""
    cadence: str = "monthly"
    start: Month | None = None
    origin: str | None = None
    skipped: dict[Month, str] = field(default_factory=dict)
    month_label: str = "Month {n}"
    metadata: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class TimelineMonth:
    """One month of a series page's timeline."""

    month: Month
    number: int
    updates: list[Any]
    skipped_note: str | None = None

    @property
    def label(self) -> str:
        return self.month.label

    @property
    def has_update(self) -> bool:
        return bool(self.updates)


@dataclass
class Series:
    """A series with its published updates, oldest first, and where it lives."""

    definition: SeriesDefinition
    updates: list[Any]
    url: str
    save_as: str
    feed_url: str | None
    feed_save_as: str | None
    origin_article: Any = None
    timeline: list[TimelineMonth] = field(default_factory=list)
    missing_months: list[Month] = field(default_factory=list)
    document: Any = None
    data: Any = None  # set by the measures plugin: its SeriesData, or None when the series has no measures

    @property
    def slug(self) -> str:
        return self.definition.slug

    name = slug

    @property
    def title(self) -> str:
        return self.definition.title

    @property
    def introduction(self) -> Markup:
        """The series file's body as HTML, rendered by Pelican's reader from the author's own file."""
        return Markup(self.document.content if self.document is not None else self.definition.introduction)

    @property
    def cadence(self) -> str:
        return self.definition.cadence

    @property
    def total(self) -> int:
        return len(self.updates)

    @property
    def latest(self) -> Any:
        return self.updates[-1] if self.updates else None

    @property
    def start(self) -> Month | None:
        if self.definition.start is not None:
            return self.definition.start
        return update_month(self.updates[0]) if self.updates else None

    def month_number(self, month: Month) -> int:
        """1 for the start month."""
        start = self.start or month
        return month.minus(start) + 1

    def month_text(self, month: Month) -> str:
        return self.definition.month_label.format(n=self.month_number(month))


@dataclass
class SeriesPosition:
    """``article.series``: one post's place in its series."""

    series: Series
    index: int | None
    month: Month
    scenario: str | None = None
    previous: Any = None
    next: Any = None

    @property
    def slug(self) -> str:
        return self.series.slug

    name = slug

    @property
    def title(self) -> str:
        return self.series.title

    @property
    def total(self) -> int:
        return self.series.total

    @property
    def url(self) -> str:
        return self.series.url

    @property
    def feed_url(self) -> str | None:
        return self.series.feed_url

    @property
    def month_label(self) -> str:
        """``Month 3 of treatment``."""
        return self.series.month_text(self.month)

    @property
    def month_name(self) -> str:
        return self.month.label

    @property
    def scenario_label(self) -> str | None:
        return SCENARIOS.get(self.scenario) if self.scenario else None

    @property
    def is_numbered(self) -> bool:
        return self.index is not None


def update_month(article: Any) -> Month:
    """The month an update reports on (set by the generator, else its date's month)."""
    return getattr(article, "series_month", None) or Month.of(article.date)
