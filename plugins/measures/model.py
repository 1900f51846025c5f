"""Treatment measures: declarations, values, per-month data, changes and summaries.

Plain data, no Pelican. Numbers keep the text the author wrote (``2.5`` stays ``2.5``),
so the page, the table and the downloads show exactly the front-matter values.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..shared import SourceError

KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
BETTER = ("lower", "higher", "neither")
AXIS_RANGE_RE = re.compile(r"^(\S+)\s+to\s+(\S+)$")


class MeasureError(SourceError):
    """Bad measure input, with the file and line it came from."""


@dataclass(frozen=True)
class Number:
    """A value as written (``text``) and as a number (``value``)."""

    text: str
    value: float

    @classmethod
    def parse(cls, text: str) -> Number:
        """Plain decimal numbers only: ``14``, ``2.5``, ``-1``; raises ValueError otherwise."""
        text = text.strip()
        if not NUMBER_RE.match(text):
            raise ValueError(f"'{text}' is not a number")
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"'{text}' is not a finite number")
        return cls(text, value)

    @property
    def json_value(self) -> int | float:
        return int(self.text) if re.fullmatch(r"[+-]?\d+", self.text) else self.value

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Measure:
    """One declared measure of a series."""

    key: str
    label: str
    unit: str = ""
    better: str = "neither"
    minimum: Number | None = None  # validation limits: a value outside them is an error
    maximum: Number | None = None
    axis: str = "fit"  # the chart's vertical axis: "fit" (the data), "zero" (from zero) or "<low> to <high>"

    @property
    def axis_range(self) -> tuple[float, float] | None:
        """The axis the author asked for with ``axis=<low> to <high>``, else None."""
        found = AXIS_RANGE_RE.match(self.axis)
        return (float(found.group(1)), float(found.group(2))) if found else None

    @property
    def lower_is_better(self) -> bool:
        return self.better == "lower"

    @property
    def unit_is_in_label(self) -> bool:
        return not self.unit or self.label.lower().endswith(self.unit.lower())

    def with_unit(self, number: Any) -> str:
        """``2.5 hours``; the unit is left out when the label already ends with it (``Fever days: 3``)."""
        return str(number) if self.unit_is_in_label else f"{number} {self.unit}"

    @property
    def heading(self) -> str:
        """``Energy score (out of 10)``; ``Fever days``; ``Hours upright per day`` (its unit is a word of it)."""
        if self.unit_is_in_label or unit_words(self.unit) <= unit_words(self.label):
            return self.label
        return f"{self.label} ({self.unit})"

    def range_text(self) -> str:
        low = str(self.minimum) if self.minimum is not None else "any"
        high = str(self.maximum) if self.maximum is not None else "any"
        return f"{low} to {high}"


def unit_words(text: str) -> set[str]:
    """The words of a label or unit, lower case, a final "s" dropped: ``Hours upright`` -> {hour, upright}."""
    return {word.removesuffix("s") for word in re.findall(r"\w+", text.casefold())}


def parse_axis(text: str) -> str:
    """``fit``, ``zero`` or ``<low> to <high>`` (numbers, low below high); raises ValueError."""
    axis = " ".join(text.split()).lower()
    if axis in ("fit", "zero"):
        return axis
    found = AXIS_RANGE_RE.match(axis)
    if not found:
        raise ValueError(f"axis='{text}' must be fit, zero, or a range such as 0 to 10")
    low, high = Number.parse(found.group(1)), Number.parse(found.group(2))
    if low.value >= high.value:
        raise ValueError(f"axis='{text}': {low} must be below {high}")
    return f"{low} to {high}"


def split_pairs(text: str) -> list[tuple[str, str]]:
    """``a=1; b=2`` -> ``[("a", "1"), ("b", "2")]``; raises ValueError on a part without ``=``."""
    pairs = []
    for part in str(text).split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(f"'{part.strip()}' is not key=value")
        key, value = part.split("=", 1)
        pairs.append((key.strip(), value.strip()))
    return pairs


def parse_declaration(key: str, text: str) -> Measure:
    """``Measure-<key>: label=Fever days; unit=days; better=lower; min=0; max=31; axis=zero``."""
    if not KEY_RE.match(key):
        raise ValueError(f"measure key '{key}' must be lower-case letters, digits and _ (starting with a letter)")
    fields = dict(split_pairs(text))
    unknown = set(fields) - {"label", "unit", "better", "min", "max", "axis"}
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}; use label, unit, better, min, max, axis")
    if not fields.get("label"):
        raise ValueError(f"measure '{key}' needs a label=")
    better = fields.get("better", "neither").lower()
    if better not in BETTER:
        raise ValueError(f"better='{better}' must be one of {', '.join(BETTER)}")
    minimum = Number.parse(fields["min"]) if fields.get("min") else None
    maximum = Number.parse(fields["max"]) if fields.get("max") else None
    if minimum is not None and maximum is not None and minimum.value >= maximum.value:
        raise ValueError(f"min {minimum} must be below max {maximum}")
    axis = parse_axis(fields["axis"]) if fields.get("axis") else "fit"
    return Measure(key, fields["label"], fields.get("unit", ""), better, minimum, maximum, axis)


def parse_values(text: str, measures: dict[str, Measure]) -> dict[str, Number]:
    """``fever_days=14; energy=3`` checked against the declared measures; raises ValueError."""
    values: dict[str, Number] = {}
    for key, raw in split_pairs(text):
        if key not in measures:
            declared = ", ".join(measures) or "none"
            raise ValueError(f"unknown measure '{key}' (this series declares: {declared})")
        if key in values:
            raise ValueError(f"measure '{key}' is given twice")
        try:
            number = Number.parse(raw)
        except ValueError:
            raise ValueError(f"measure '{key}': '{raw}' is not a number") from None
        measure = measures[key]
        too_low = measure.minimum is not None and number.value < measure.minimum.value
        too_high = measure.maximum is not None and number.value > measure.maximum.value
        if too_low or too_high:
            raise ValueError(f"measure '{key}': {raw} is outside {measure.range_text()}")
        values[key] = number
    return values


@dataclass
class Point:
    """One month of one measure: a value, or None when nothing was reported."""

    month: Any  # series.model.Month
    number: int
    value: Number | None
    update: Any = None  # the article that reported it

    @property
    def reported(self) -> bool:
        return self.value is not None


@dataclass
class MeasureSeries:
    """A measure over the months of a series."""

    measure: Measure
    points: list[Point]
    start: Any = None  # the series' start month
    slug: str = ""
    start_label: str = "Start of treatment"
    chart: Any = field(default=None, repr=False, compare=False)  # the chart's HTML, as a function (data.py)

    @property
    def reported(self) -> list[Point]:
        return [point for point in self.points if point.reported]

    @property
    def missing(self) -> list[Point]:
        return [point for point in self.points if not point.reported]

    def previous_reported(self, index: int) -> Point | None:
        for point in reversed(self.points[:index]):
            if point.reported:
                return point
        return None

    def change_text(self, index: int) -> str | None:
        """``down from 6 last month``, ``up from 12 in June``, ``same as last month``; None for the first."""
        point = self.points[index]
        before = self.previous_reported(index)
        if point.value is None or before is None:
            return None
        when = "last month" if point.month.minus(before.month) == 1 else f"in {month_words(before.month, point.month)}"
        if point.value.value == before.value.value:
            return f"same as {when}"
        direction = "down" if point.value.value < before.value.value else "up"
        return f"{direction} from {self.measure.with_unit(before.value)} {when}"

    def summary(self) -> str:
        """``Fever days fell from 14 in February to 3 in September; no value for May.``"""
        reported = self.reported
        label = self.measure.label
        if not reported:
            return f"{label}: no values reported yet."
        first, last = reported[0], reported[-1]
        span_years = first.month.year != last.month.year
        first_when = first.month.label if span_years else first.month.name
        last_when = last.month.label if span_years else last.month.name
        if len(reported) == 1:
            text = f"{label} was {self.measure.with_unit(first.value)} in {first_when}"
        elif last.value.value != first.value.value:
            verb = "fell" if last.value.value < first.value.value else "rose"
            final = self.measure.with_unit(last.value)
            text = f"{label} {verb} from {first.value} in {first_when} to {final} in {last_when}"
        elif all(point.value.value == first.value.value for point in reported):
            text = f"{label} stayed at {self.measure.with_unit(first.value)} from {first_when} to {last_when}"
        else:
            text = f"{label} was {first.value} in {first_when} and {self.measure.with_unit(last.value)} in {last_when}"
        if len(reported) > 2:
            low = min(reported, key=lambda p: p.value.value)
            high = max(reported, key=lambda p: p.value.value)
            if high.value.value != max(first.value.value, last.value.value):
                text += f", with a high of {high.value} in {month_words(high.month, last.month)}"
            elif low.value.value != min(first.value.value, last.value.value):
                text += f", with a low of {low.value} in {month_words(low.month, last.month)}"
        missing = self.missing
        if missing:
            names = join_words([month_words(point.month, last.month) for point in missing])
            text += f"; no value for {names}"
        return text + "."


def join_words(words: list[str]) -> str:
    """``May``, ``May and June``, ``May, June and July``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def month_words(month: Any, reference: Any) -> str:
    """``June``, or ``June 2019`` when the year differs from the reference month's."""
    return month.name if month.year == reference.year else month.label


@dataclass
class Reading:
    """One line of ``partials/treatment_line.html``: ``Fever days: 3 (down from 6 last month)``."""

    measure: Measure
    value: Number
    change: str | None = None

    @property
    def text(self) -> str:
        base = f"{self.measure.label}: {self.measure.with_unit(self.value)}"
        return f"{base} ({self.change})" if self.change else base


@dataclass
class SeriesData:
    """All measures of one series, with the files the series page links to."""

    measures: list[MeasureSeries]
    csv_url: str = ""
    json_url: str = ""
    csv_save_as: str = ""
    json_save_as: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
