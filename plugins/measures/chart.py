"""A static inline SVG line chart of one measure, made at build time.

Horizontal positions are percentages of the chart's width and vertical ones are
pixels, so the SVG fills any column without shrinking its text: the labels stay
readable on a 320 px screen. Colours come from CSS (classes, ``currentColor``),
so the chart follows the light and dark schemes and prints in black.

The SVG is a group named by the figure's caption and summary; axes and lines are
hidden from assistive technology, and each point is a link to its update, named
"Fever days, February 2019: 14 (IVIG Month 1: ...)". The data table beside it holds the same numbers.
"""

from __future__ import annotations

import math
from html import escape

from .model import MeasureSeries

HEIGHT = 260
TOP, BOTTOM = 40, 200  # the plot area, in pixels from the top
LEFT, RIGHT = 13.0, 98.0  # the plot area, in percent of the width


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving at most ``target_ticks`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def value_range(series: MeasureSeries) -> tuple[float, float]:
    """The y range: the declared min/max, else zero (or the lowest value) to a round top."""
    values = [point.value.value for point in series.reported] or [0.0]
    measure = series.measure
    low = measure.minimum.value if measure.minimum is not None else min(0.0, min(values))
    high = measure.maximum.value if measure.maximum is not None else max(values)
    if measure.maximum is None:
        step = nice_step(high - low)
        high = math.ceil(high / step) * step if high > low else low + 1
    return low, max(high, low + 1e-9)


def format_tick(value: float) -> str:
    return f"{value:g}"


def render_chart(
    series: MeasureSeries, siteurl: str, chart_id: str, labelledby: str, start_label: str = "Start of treatment"
) -> str:
    """The ``<svg>`` for one measure; ``labelledby`` names the caption and summary ids."""
    points = series.points
    count = max(len(points), 1)
    slot = (RIGHT - LEFT) / count
    low, high = value_range(series)

    def x(index: int) -> str:
        return f"{LEFT + slot * (index + 0.5):.3f}%"

    def y(value: float) -> str:
        return f"{BOTTOM - (value - low) / (high - low) * (BOTTOM - TOP):.1f}"

    unit = series.measure.unit or series.measure.label
    parts = [
        f'<svg class="chart" id="{chart_id}" width="100%" height="{HEIGHT}" role="group" '
        f'aria-labelledby="{labelledby}" xmlns="http://www.w3.org/2000/svg">',
        '<g aria-hidden="true">',
        f'<text class="chart-unit" x="0" y="14">{escape(unit)}</text>',
    ]
    step = nice_step(high - low)
    tick = math.ceil(low / step) * step
    while tick <= high + 1e-9:
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}%" x2="{RIGHT}%" y1="{y(tick)}" y2="{y(tick)}"/>'
            f'<text class="chart-tick" x="{LEFT}%" dx="-6" y="{y(tick)}" dy="4" text-anchor="end">'
            f"{format_tick(tick)}</text>"
        )
        tick += step
    parts.append(f'<line class="chart-axis" x1="{LEFT}%" x2="{RIGHT}%" y1="{BOTTOM}" y2="{BOTTOM}"/>')
    label_every = max(1, math.ceil(count / 9))
    for index, point in enumerate(points):
        if index % label_every == 0 or index == count - 1:
            parts.append(
                f'<text class="chart-month{"" if point.reported else " chart-month-missing"}" x="{x(index)}" '
                f'y="{BOTTOM + 20}" text-anchor="middle">{escape(point.month.first_day.strftime("%b"))}</text>'
            )
        if index == 0 or point.month.month == 1:
            parts.append(
                f'<text class="chart-year" x="{x(index)}" y="{BOTTOM + 38}" text-anchor="middle">'
                f"{point.month.year}</text>"
            )
        if not point.reported:
            parts.append(
                f'<line class="chart-gap" x1="{x(index)}" x2="{x(index)}" y1="{TOP}" y2="{BOTTOM}">'
                f"<title>{escape(point.month.label)}: no value</title></line>"
            )
    if series.start is not None:
        start_index = next((i for i, p in enumerate(points) if p.month == series.start), None)
        if start_index is not None:
            start_x = f"{LEFT + slot * start_index:.3f}%"
            parts.append(
                f'<line class="chart-start" x1="{start_x}" x2="{start_x}" y1="{TOP - 14}" y2="{BOTTOM}"/>'
                f'<text class="chart-start-label" x="{start_x}" dx="4" y="{TOP - 4}">{escape(start_label)}</text>'
            )
    previous = None
    for index, point in enumerate(points):
        if point.reported and previous is not None and previous[0] == index - 1:
            parts.append(
                f'<line class="chart-line" x1="{x(previous[0])}" y1="{y(previous[1])}" '
                f'x2="{x(index)}" y2="{y(point.value.value)}"/>'
            )
        previous = (index, point.value.value) if point.reported else None
    parts.append("</g>")
    for index, point in enumerate(points):
        if not point.reported:
            continue
        title = f"{series.measure.label}, {point.month.label}: {series.measure.with_unit(point.value)}"
        marker = (
            f'<circle class="chart-point" cx="{x(index)}" cy="{y(point.value.value)}" r="5"/>'
            f'<text class="chart-value" x="{x(index)}" y="{y(point.value.value)}" dy="-10" '
            f'text-anchor="middle">{escape(point.value.text)}</text>'
        )
        if point.update is not None:
            href = escape(f"{siteurl}/{point.update.url}")
            name = escape(f"{title} ({point.update.title})")
            parts.append(
                f'<a class="chart-link" href="{href}" aria-label="{name}"><title>{escape(title)}</title>{marker}</a>'
            )
        else:
            parts.append(f'<g aria-hidden="true"><title>{escape(title)}</title>{marker}</g>')
    parts.append("</svg>")
    return "".join(parts)
