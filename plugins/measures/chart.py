"""A static inline SVG line chart of one measure, made at build time.

Everything scales with the reader's text size. The stylesheet sets the SVG's box in ``em`` (``HEIGHT_EM``
tall; its left margin holds the tick labels, drawn outside the box), and every position inside is a percentage
of that box: across, of the plot's width; down, of a height that is itself in ``em``, so the plot's top and
bottom margins are fixed ``em`` amounts. Label offsets are in ``em``. At 200% text the chart is twice as tall
and its labels twice as large, so they keep their room. Month and value labels carry a class
``chart-hide-<N>`` (see :func:`label_tiers`) that the stylesheet uses to hide every other one (then every
fourth...) when the chart's column is narrower than ``N`` rem, so labels never overlap on a narrow screen or
at a large text size. The "Start of treatment" label is hidden the same way where it would run off the
chart, and a legend under the chart (``chart-show-<N>``), whose text wraps, says it instead. Colours come
from CSS (classes, ``currentColor``), so the chart follows the light and dark schemes and prints in black.

The vertical axis is the measure's ``axis`` (``fit`` by default: round numbers around the data, with a break
mark when it does not start at zero; ``zero``; or ``<low> to <high>``), never its validation ``min``/``max``.

The SVG is a group named by the figure's caption and summary; its drawing is hidden from assistive technology.
Each point links to its update for pointer users, but is not a tab stop: the data table beside the chart, with
the same numbers and links, is the keyboard and screen-reader path.
"""

from __future__ import annotations

import math
from html import escape

from .model import MeasureSeries

# Container widths (rem, widest first) at which the stylesheet hides a tier of month and value labels.
WIDTH_STEPS = (44, 36, 30, 25, 21, 17, 13, 9)
NEVER = -1  # a label that would not fit even at the widest: not written
HEIGHT_EM, TOP_EM, BOTTOM_EM = 19.6, 4.6, 3.2  # the SVG's height (the stylesheet's .chart), the room above and below
PLOT_MARGIN_REM = 3.2  # the plot's left and right margins together, in rem (the stylesheet's .chart)
LABEL_REM = 2.1  # room one month or value label needs ("Sep", "12.5") with a gap, in rem at 0.8125rem text
# The first value label starts just left of its point rather than centred on it: on a narrow chart, centred,
# it would reach into the tick labels of the left margin (which end 0.4em left of the plot).
FIRST_VALUE_ANCHOR = 'dx="-0.4em" text-anchor="start"'
MIDDLE = 'text-anchor="middle"'
CHART_TEXT_REM = 0.8125  # the chart's text size (the stylesheet's .chart)
BOLD_CHARACTER_EM = 0.62  # the width of an average bold character, generously (system-ui measures about 0.58)


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
    """The vertical axis: from the measure's ``axis`` setting and the values, not from its min/max limits."""
    values = [point.value.value for point in series.reported] or [0.0]
    measure = series.measure
    low_value, high_value = min(values), max(values)
    asked = measure.axis_range
    if asked is not None:
        return min(asked[0], low_value), max(asked[1], high_value)
    if measure.axis == "zero":
        low = min(0.0, low_value)
        step = nice_step(high_value - low)
        high = math.ceil(high_value / step) * step
        return low, high if high > low else low + 1
    span = high_value - low_value or max(abs(high_value) * 0.2, 1.0)
    step = nice_step(span, 4)
    low = math.floor(low_value / step) * step
    high = math.ceil(high_value / step) * step
    if low == low_value and low_value != 0 and low - step >= 0:
        low -= step  # no point sits on the axis line
    if high == high_value:
        high += step
    if 0 < low <= step:
        low = 0.0  # close to zero anyway: start there, no break
    if measure.minimum is not None:
        low = max(low, min(measure.minimum.value, low_value))
    if measure.maximum is not None:
        high = min(high, max(measure.maximum.value, high_value))
    return low, high if high > low else low + 1


def format_tick(value: float, step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    if decimals == 0 and step != int(step):  # 2.5
        decimals = 1
    return f"{value:.{decimals}f}"


def label_tiers(count: int) -> list[int | None]:
    """For each of ``count`` month slots: the container width (rem) below which its labels hide; None: never
    hidden; :data:`NEVER`: always (too many months even for the widest column).

    At each width of :data:`WIDTH_STEPS` every k-th label is kept, k a power of two large enough for the
    labels to fit, so the labels kept at a narrow width are kept at every wider one.
    """
    tiers: list[int | None] = [None] * count
    bounds = (*WIDTH_STEPS, 6)  # each step's narrow end: the next step, or a 6 rem column at the last
    for hide, narrow in zip((NEVER, *WIDTH_STEPS), bounds, strict=True):
        slot = (narrow - PLOT_MARGIN_REM) / max(count, 1)  # rem per month at the narrow end of this step
        every = 1
        while every * slot < LABEL_REM and every < count:
            every *= 2
        for index in range(count):
            if tiers[index] is None and index % every:
                tiers[index] = hide
    return tiers


def render_chart(series: MeasureSeries, siteurl: str, chart_id: str, start_label: str = "Start of treatment") -> str:
    """The ``<svg>`` for one measure: a drawing hidden from screen readers, which get the figure's caption (its
    name) and the data table instead, so the chart is named once."""
    points = series.points
    count = max(len(points), 1)
    slot = 100 / count
    low, high = value_range(series)
    tiers = label_tiers(count)

    def x(index: int) -> str:
        return f"{slot * (index + 0.5):.3f}%"

    top, bottom = TOP_EM / HEIGHT_EM * 100, (HEIGHT_EM - BOTTOM_EM) / HEIGHT_EM * 100  # in % of the height

    def y(value: float) -> str:
        return f"{top + (high - value) / (high - low) * (bottom - top):.2f}%"

    def tier(index: int) -> str:
        return f" chart-hide-{tiers[index]}" if tiers[index] else ""

    unit = series.measure.unit or series.measure.label
    parts = [
        f'<svg class="chart" id="{chart_id}" width="100%" height="260" aria-hidden="true" '
        'xmlns="http://www.w3.org/2000/svg">',
        "<g>",
        f'<text class="chart-unit" x="0" dx="-2.8em" y="1em">{escape(unit)}</text>',
    ]
    step = nice_step(high - low)
    tick = math.ceil(low / step - 1e-9) * step
    while tick <= high + 1e-9:
        parts.append(
            f'<line class="chart-grid" x1="0" x2="100%" y1="{y(tick)}" y2="{y(tick)}"/>'
            f'<text class="chart-tick" x="0" dx="-0.4em" y="{y(tick)}" dy="0.35em" text-anchor="end">'
            f"{format_tick(tick, step)}</text>"
        )
        tick += step
    parts.append(f'<line class="chart-axis" x1="0" x2="100%" y1="{bottom:.2f}%" y2="{bottom:.2f}%"/>')
    if low > 0 and all(value >= 0 for value in (point.value.value for point in series.reported)):
        parts.append(  # the axis does not start at zero: a break mark at its foot
            f'<svg class="chart-axis-break" x="0" y="{bottom:.2f}%" overflow="visible">'
            "<title>The axis does not start at zero</title>"
            '<path d="M-7 -10 l14 -5 M-7 -4 l14 -5"/></svg>'
        )
    for index, point in enumerate(points):
        if tiers[index] != NEVER:
            parts.append(
                f'<text class="chart-month{"" if point.reported else " chart-month-missing"}{tier(index)}" '
                f'x="{x(index)}" y="{bottom:.2f}%" dy="1.6em" text-anchor="middle">'
                f"{escape(point.month.first_day.strftime('%b'))}</text>"
            )
        if index == 0 or point.month.month == 1:
            parts.append(
                f'<text class="chart-year" x="{x(index)}" y="{bottom:.2f}%" dy="2.85em" text-anchor="middle">'
                f"{point.month.year}</text>"
            )
        if not point.reported:
            parts.append(
                f'<line class="chart-gap" x1="{x(index)}" x2="{x(index)}" y1="{top:.2f}%" y2="{bottom:.2f}%">'
                f"<title>{escape(point.month.label)}: no value</title></line>"
            )
    legend = ""
    if series.start is not None:
        start_index = next((i for i, p in enumerate(points) if p.month == series.start), None)
        if start_index is not None:
            start_x = f"{slot * start_index:.3f}%"
            narrowest = start_label_width(start_label, slot * start_index / 100)
            parts.append(f'<line class="chart-start" x1="{start_x}" x2="{start_x}" y1="1.7em" y2="{bottom:.2f}%"/>')
            if narrowest is not None:
                parts.append(
                    f'<text class="chart-start-label chart-hide-{narrowest}" x="{start_x}" dx="0.3em" y="2.5em">'
                    f"{escape(start_label)}</text>"
                )
            legend = (  # where the label does not fit beside its line, it is written under the chart
                f'<p class="chart-start-legend chart-show-{narrowest or "always"}" aria-hidden="true">'
                f'<span class="chart-start-swatch"></span>{escape(start_label)}</p>'
            )
    previous = None
    for index, point in enumerate(points):
        if point.reported and previous is not None and previous[0] == index - 1:
            parts.append(
                f'<line class="chart-line" x1="{x(previous[0])}" y1="{y(previous[1])}" '
                f'x2="{x(index)}" y2="{y(point.value.value)}"/>'
            )
        previous = (index, point.value.value) if point.reported else None
    for index, point in enumerate(points):  # links for pointer users, in the hidden drawing: no tab stops
        if not point.reported:
            continue
        title = f"{series.measure.label}, {point.month.label}: {series.measure.with_unit(point.value)}"
        marker = f'<circle class="chart-point" cx="{x(index)}" cy="{y(point.value.value)}" r="5"/>'
        if tiers[index] != NEVER:
            marker += (
                f'<text class="chart-value{tier(index)}" x="{x(index)}" y="{y(point.value.value)}" dy="-0.75em" '
                f"{FIRST_VALUE_ANCHOR if index == 0 else MIDDLE}>{escape(point.value.text)}</text>"
            )
        if point.update is not None:
            href = escape(f"{siteurl}/{point.update.url}")
            parts.append(
                f'<a class="chart-link" href="{href}" tabindex="-1"><title>{escape(title)}</title>{marker}</a>'
            )
        else:
            parts.append(f"<g><title>{escape(title)}</title>{marker}</g>")
    parts.append("</g></svg>")
    return "".join(parts) + legend


def start_label_width(label: str, fraction: float) -> int | None:
    """The narrowest of :data:`WIDTH_STEPS` (rem) at which the start label fits between its line (at
    ``fraction`` of the plot's width) and the plot's right edge; None when it fits at none.

    Below that width the stylesheet hides it in the chart and shows it under the chart instead, where the text
    wraps; so it never runs off the chart, on a phone or at 200% text.
    """
    needed = (len(label) + 1) * BOLD_CHARACTER_EM * CHART_TEXT_REM / max(1 - fraction, 0.05) + PLOT_MARGIN_REM
    fitting = [width for width in WIDTH_STEPS if width >= needed]
    return min(fitting) if fitting else None
