"""The measures data model: parsing, gaps, changes, summaries, and the SVG chart."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from plugins.measures.chart import (
    NEVER,
    WIDTH_STEPS,
    label_tiers,
    nice_step,
    render_chart,
    start_label_width,
    value_range,
)
from plugins.measures.model import MeasureSeries, Number, Point, parse_declaration, parse_values
from plugins.series.model import Month

FEVER = parse_declaration("fever_days", "label=Fever days; unit=days; better=lower; min=0; max=31; axis=zero")
HOURS = parse_declaration("hours_upright", "label=Hours upright per day; unit=hours; better=higher; min=0; max=24")
MEASURES = {"fever_days": FEVER, "hours_upright": HOURS}


def series_of(measure, values: dict[str, str | None], start: str = "2019-02") -> MeasureSeries:
    points = []
    for number, (month, value) in enumerate(values.items(), start=1):
        update = SimpleNamespace(url=f"{month}/update/", title=f"Update {month}") if value is not None else None
        points.append(Point(Month.parse(month), number, Number.parse(value) if value else None, update))
    return MeasureSeries(measure, points, Month.parse(start), "s")


SAMPLE = {
    "2019-02": "14",
    "2019-03": "11",
    "2019-04": "7",
    "2019-05": None,
    "2019-06": "12",
    "2019-07": "6",
    "2019-08": "4",
    "2019-09": "3",
}


def test_declaration_fields():
    assert (FEVER.key, FEVER.label, FEVER.unit, FEVER.better) == ("fever_days", "Fever days", "days", "lower")
    assert FEVER.lower_is_better and not HOURS.lower_is_better
    assert (FEVER.minimum.value, FEVER.maximum.value) == (0, 31)
    plain = parse_declaration("infusions", "label=Infusions")
    assert plain.better == "neither" and plain.minimum is None and plain.unit == ""


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("Fever", "label=Fever", "must be lower-case"),
        ("fever", "unit=days", "needs a label="),
        ("fever", "label=F; better=more", "better='more' must be one of lower, higher, neither"),
        ("fever", "label=F; colour=red", "unknown field(s) colour"),
        ("fever", "label=F; min=ten", "'ten' is not a number"),
        ("fever", "label=F; min=5; max=1", "min 5 must be below max 1"),
        ("fever", "label=F; days", "'days' is not key=value"),
    ],
)
def test_bad_declarations(key, text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_declaration(key, text)


def test_values_keep_the_text_the_author_wrote():
    values = parse_values("fever_days=14; hours_upright=2.50", MEASURES)
    assert [str(v) for v in values.values()] == ["14", "2.50"]
    assert values["fever_days"].json_value == 14 and values["hours_upright"].json_value == 2.5
    assert parse_values("hours_upright=3 ;", MEASURES)["hours_upright"].value == 3
    assert parse_values("", MEASURES) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fevers=3", "unknown measure 'fevers' (this series declares: fever_days, hours_upright)"),
        ("fever_days=three", "measure 'fever_days': 'three' is not a number"),
        ("fever_days=nan", "'nan' is not a number"),
        ("fever_days=1e3", "'1e3' is not a number"),
        ("fever_days=32", "measure 'fever_days': 32 is outside 0 to 31"),
        ("hours_upright=-1", "measure 'hours_upright': -1 is outside 0 to 24"),
        ("fever_days=3; fever_days=4", "measure 'fever_days' is given twice"),
        ("fever_days", "'fever_days' is not key=value"),
    ],
)
def test_bad_values(text, message):
    with pytest.raises(ValueError) as error:
        parse_values(text, MEASURES)
    assert message in str(error.value)


def test_missing_months_are_gaps_not_zero():
    series = series_of(FEVER, SAMPLE)
    assert [str(p.month) for p in series.missing] == ["2019-05"]
    assert len(series.reported) == 7
    assert series.points[3].value is None


def test_changes_name_last_month_or_the_month_compared_with():
    series = series_of(FEVER, SAMPLE)
    assert series.change_text(0) is None
    assert series.change_text(1) == "down from 14 last month"
    assert series.change_text(3) is None  # May: nothing reported
    assert series.change_text(4) == "up from 7 in April"
    assert series.change_text(7) == "down from 4 last month"
    flat = series_of(HOURS, {"2019-02": "2.5", "2019-03": "2.5"})
    assert flat.change_text(1) == "same as last month"
    assert series_of(HOURS, {"2019-02": "2", "2019-03": "3.5"}).change_text(1) == "up from 2 hours last month"


def test_summaries():
    rising = series_of(HOURS, {"2019-02": "2.3", "2019-03": None, "2019-04": None, "2019-05": "3.6"})
    assert (
        rising.summary()
        == "Hours upright per day rose from 2.3 in February to 3.6 hours in May; no value for March and April."
    )
    dip = series_of(HOURS, {"2019-02": "2.3", "2019-03": "1.0", "2019-04": "3.0"})
    assert (
        dip.summary()
        == "Hours upright per day rose from 2.3 in February to 3.0 hours in April, with a low of 1.0 in March."
    )
    across = series_of(FEVER, {"2019-12": "5", "2020-01": "5"}, start="2019-12")
    assert across.summary() == "Fever days stayed at 5 from December 2019 to January 2020."
    assert series_of(FEVER, {"2019-02": None}).summary() == "Fever days: no values reported yet."


def test_fever_summary_is_exact():
    assert (
        series_of(FEVER, SAMPLE).summary() == "Fever days fell from 14 in February to 3 in September; no value for May."
    )


HOURS_SAMPLE = {"2019-02": "2.3", "2019-03": "2.4", "2019-04": "2.8", "2019-05": None, "2019-06": "2.0"} | {
    "2019-07": "3.2",
    "2019-08": "3.5",
    "2019-09": "3.6",
}


def test_tick_steps_and_ranges():
    assert nice_step(31) == 10 and nice_step(10) == 2 and nice_step(24) == 5 and nice_step(3.4) == 1
    assert value_range(series_of(FEVER, SAMPLE)) == (0, 15)  # axis=zero: from zero, not up to the limit 31
    undeclared = series_of(parse_declaration("x", "label=X"), {"2019-02": "7", "2019-03": "23"})
    assert value_range(undeclared) == (0, 25)  # fitted, and close enough to zero to start there
    assert value_range(series_of(HOURS, HOURS_SAMPLE)) == (1.5, 4.0)  # fitted: not the limits 0 to 24
    energy = parse_declaration("energy", "label=Energy score; unit=out of 10; min=0; max=10; axis=0 to 10")
    assert value_range(series_of(energy, {"2019-02": "3", "2019-03": "6"})) == (0, 10)
    near_limit = series_of(HOURS, {"2019-02": "23.5", "2019-03": "24"})
    assert value_range(near_limit)[1] == 24  # a fitted axis never passes the declared max


def test_the_axis_is_declared_apart_from_the_limits():
    assert HOURS.axis == "fit" and FEVER.axis == "zero" and (HOURS.minimum.value, HOURS.maximum.value) == (0, 24)
    assert parse_declaration("e", "label=E; axis= 0  to 10 ").axis_range == (0, 10)
    with pytest.raises(ValueError, match="axis='sideways' must be fit, zero, or a range such as 0 to 10"):
        parse_declaration("e", "label=E; axis=sideways")
    with pytest.raises(ValueError, match="axis='5 to 1': 5 must be below 1"):
        parse_declaration("e", "label=E; axis=5 to 1")


def test_a_fitted_axis_that_misses_zero_is_marked_broken_and_labelled():
    svg = BeautifulSoup(render_chart(series_of(HOURS, HOURS_SAMPLE), "..", "c"), "html.parser").svg
    assert [t.get_text() for t in svg.select("text.chart-tick")] == ["1.5", "2.0", "2.5", "3.0", "3.5", "4.0"]
    assert svg.select_one(".chart-axis-break title").get_text() == "The axis does not start at zero"
    zero_based = BeautifulSoup(render_chart(series_of(FEVER, SAMPLE), "..", "c"), "html.parser").svg
    assert zero_based.select_one(".chart-axis-break") is None


def test_the_unit_is_not_repeated_in_the_heading():
    assert HOURS.heading == "Hours upright per day" and FEVER.heading == "Fever days"
    assert parse_declaration("energy", "label=Energy score; unit=out of 10").heading == "Energy score (out of 10)"
    assert parse_declaration("dose", "label=Dose; unit=grams").heading == "Dose (grams)"


def test_label_tiers_thin_out_in_nested_steps():
    assert label_tiers(8)[0] is None and all(t is None or t <= 13 for t in label_tiers(3))  # few months: all fit
    for count in (8, 12, 30, 60):
        tiers = label_tiers(count)
        for narrower, wider in zip(WIDTH_STEPS[1:], WIDTH_STEPS, strict=False):
            kept_narrow = {i for i, tier in enumerate(tiers) if tier is None or 0 < tier <= narrower}
            kept_wide = {i for i, tier in enumerate(tiers) if tier is None or 0 < tier <= wider}
            assert kept_narrow <= kept_wide
    assert NEVER in label_tiers(60)  # five years of months: not every label fits even on the widest column


def test_the_start_label_moves_under_the_chart_where_it_would_not_fit_beside_its_line():
    html = BeautifulSoup(render_chart(series_of(FEVER, SAMPLE), "..", "c"), "html.parser")
    label, legend = html.select_one(".chart-start-label"), html.select_one("p.chart-start-legend")
    assert label["class"] == ["chart-start-label", "chart-hide-13"]  # hidden in a column narrower than 13 rem
    assert legend["class"] == ["chart-start-legend", "chart-show-13"]  # and said under the chart there instead
    assert legend.get_text() == "Start of treatment" and legend["aria-hidden"] == "true"
    assert start_label_width("Start of treatment", 0.0) == 13
    assert start_label_width("Start of treatment", 0.6) == 30  # a line far right leaves less room beside it
    assert start_label_width("Start of treatment", 0.95) is None  # no room at any width: always under the chart
    nowhere = BeautifulSoup(render_chart(series_of(FEVER, SAMPLE), "..", "c", "x" * 80), "html.parser")
    assert nowhere.select_one(".chart-start-label") is None
    assert nowhere.select_one("p.chart-start-legend")["class"] == ["chart-start-legend", "chart-show-always"]


def test_chart_has_one_linked_point_per_reported_month_and_a_gap_for_the_missing_one():
    svg = BeautifulSoup(render_chart(series_of(FEVER, SAMPLE), "..", "c"), "html.parser").svg
    assert svg["aria-hidden"] == "true" and not svg.has_attr("aria-labelledby")  # the figure's caption names it
    points = svg.select("a.chart-link circle.chart-point")
    assert len(points) == 7
    assert [a["href"] for a in svg.select("a.chart-link")][:2] == ["../2019-02/update/", "../2019-03/update/"]
    assert [t.get_text() for t in svg.select("text.chart-value")] == ["14", "11", "7", "12", "6", "4", "3"]
    assert len(svg.select("line.chart-gap")) == 1 and "May 2019: no value" in svg.select_one("line.chart-gap").text
    assert len(svg.select("line.chart-line")) == 5  # no segment into or out of May
    assert svg.select_one(".chart-start-label").get_text() == "Start of treatment"
    assert [t.get_text() for t in svg.select("text.chart-tick")] == ["0", "5", "10", "15"]
    assert svg.select_one(".chart-unit").get_text() == "days"
    # heights: 14 sits higher (smaller y) than 3
    heights = [float(c["cy"].rstrip("%")) for c in points]
    assert heights[0] < heights[-1]
    # the points are links for the pointer, not tab stops: the table is the keyboard path
    assert all(a["tabindex"] == "-1" and a.find_parent("svg", attrs={"aria-hidden": "true"}) for a in svg.select("a"))
