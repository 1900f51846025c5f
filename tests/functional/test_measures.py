"""Treatment measures on the sample site: charts, tables, downloads and treatment lines equal the front matter."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from pathlib import Path

import pytest

from tests.sitebuild import build_site, source_documents

POSTS = source_documents("posts")
UPDATES = sorted(
    (p for p in POSTS if p.metadata.get("series") == "ivig-updates" and p.status == "published"),
    key=lambda p: p.metadata["date"],
)
MONTHS = ["2019-02", "2019-03", "2019-04", "2019-05", "2019-06", "2019-07", "2019-08", "2019-09"]


def month_of(post) -> str:
    return post.metadata.get("month") or "{:%Y-%m}".format(post.metadata["date"])


def front_matter_values() -> dict[str, dict[str, str]]:
    """month -> {key: value as written}, read straight from the posts' Measures lines."""
    values = {}
    for post in UPDATES:
        pairs = [part.split("=") for part in post.metadata["measures"].split(";") if part.strip()]
        values[month_of(post)] = {key.strip(): value.strip() for key, value in pairs}
    return values


VALUES = front_matter_values()
KEYS = ["fever_days", "hours_upright", "infusions", "energy"]


def reported(key: str) -> dict[str, str]:
    return {month: values[key] for month, values in VALUES.items() if key in values}


def test_sample_series_tracks_at_least_three_measures_over_eight_months():
    assert len(UPDATES) == 7 and sorted(VALUES) == [m for m in MONTHS if m != "2019-05"]
    assert all(len(reported(key)) >= 6 for key in KEYS[:3])
    assert [reported("fever_days")[m] for m in sorted(reported("fever_days"))] == ["14", "11", "7", "12", "6", "4", "3"]
    assert "energy" not in VALUES["2019-06"], "the sample keeps one value missing (never zero)"


@pytest.mark.parametrize("key", KEYS)
def test_chart_has_one_point_per_reported_month_and_none_for_missing(site, key):
    figure = site.html("series/ivig-updates/").select_one(f"#measure-{key}")
    svg = figure.find("svg")
    assert svg["aria-hidden"] == "true" and not svg.has_attr("aria-labelledby")
    assert figure.find(id=figure["aria-labelledby"]).find_parent("figcaption")
    values = [t.get_text() for t in svg.select("text.chart-value")]
    expected = reported(key)
    assert values == [expected[m] for m in sorted(expected)]
    assert len(svg.select("circle.chart-point")) == len(expected)
    missing = [m for m in MONTHS if m not in expected]
    assert len(svg.select("line.chart-gap")) == len(missing)
    assert svg.select_one(".chart-start-label").get_text() == "Start of treatment"
    links = [re.sub(r"^(\.\./)+", "", a["href"]) for a in svg.select("a.chart-link")]
    assert links == ["{:%Y/%m}/{}/".format(u.metadata["date"], u.slug) for u in UPDATES if month_of(u) in expected]


@pytest.mark.parametrize("key", KEYS)
def test_table_holds_exactly_the_front_matter_values(site, key):
    rows = site.html("series/ivig-updates/").select(f"#measure-{key} table tbody tr")
    assert len(rows) == len(MONTHS)
    values = [row.select_one("td.measure-value").get_text(strip=True) for row in rows]
    cells = dict(zip(MONTHS, values, strict=True))
    expected = reported(key)
    assert cells == {m: expected.get(m, "no value") for m in MONTHS}


def test_fever_summary_is_generated_from_the_data(site):
    summary = site.html("series/ivig-updates/").select_one("#chart-fever_days-summary").get_text(strip=True)
    assert summary == "Fever days fell from 14 in February to 3 in September; no value for May."


def test_csv_and_json_downloads_equal_the_front_matter(site):
    soup = site.html("series/ivig-updates/")
    links = {a.get_text(): re.sub(r"^(\.\./)+", "", a["href"]) for a in soup.select(".measures-downloads a")}
    table = list(csv.DictReader(io.StringIO((site.output / links["CSV"]).read_text(encoding="utf-8"))))
    assert [row["month"] for row in table] == MONTHS
    for row in table:
        assert {k: row[k] for k in KEYS if row[k]} == VALUES.get(row["month"], {})
    document = json.loads((site.output / links["JSON"]).read_text(encoding="utf-8"))
    assert [m["key"] for m in document["measures"]] == KEYS
    for month in document["months"]:
        given = VALUES.get(month["month"], {})
        present = {k: v for k, v in month["values"].items() if v is not None}
        assert present == {k: json.loads(v) for k, v in given.items()}
        assert all(month["values"][k] is None for k in KEYS if k not in given)


def test_each_update_shows_its_numbers_with_the_change(site):
    june = site.html("2019/07/ivig-month-5/").select(".treatment-line li")
    assert june[0].get_text(strip=True) == "Fever days: 12 (up from 7 in April)"
    july = [li.get_text(strip=True) for li in site.html("2019/07/ivig-month-6/").select(".treatment-line li")]
    assert july[0] == "Fever days: 6 (down from 12 last month)"
    assert "Energy score: 4 out of 10 (down from 5 out of 10 in April)" in july
    sept = site.html("2019/09/ivig-month-8/").select_one(".treatment-line li").get_text(strip=True)
    assert sept == "Fever days: 3 (down from 4 last month)"


def test_draft_values_stay_out_of_the_data(site):
    csv_text = (site.output / "series/ivig-updates/ivig-updates-data.csv").read_text(encoding="utf-8")
    assert "2019-10" not in csv_text and "ivig-month-9" not in csv_text


# -- bad values fail the build with the file and line ---------------------------------------------


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def test_bad_values_fail_the_build_naming_file_and_line(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    write(
        content / "series" / "pump.md",
        """
        Title: Pump
        Cadence: none
        Measure-pain: label=Pain; unit=out of 10; better=lower; min=0; max=10
        Measure-steps: label=Steps; unit=steps

        Intro.
        """,
    )
    posts = {
        "unknown.md": "Measures: pain=3; stepz=4000",
        "words.md": "Measures: pain=three",
        "range.md": "Measures: pain=11",
        "fine.md": "Measures: pain=2; steps=4500",
    }
    for day, (name, line) in enumerate(posts.items(), start=1):
        write(content / "posts" / name, f"Title: {name}\nDate: 2020-01-0{day}\nSeries: pump\n{line}\n\nBody.\n")
    write(content / "posts" / "lonely.md", "Title: Lonely\nDate: 2020-02-01\nMeasures: pain=1\n\nBody.\n")
    build = build_site(tmp_path / "out", content=content, fatal=None)
    assert build.returncode != 0
    assert re.search(r"unknown\.md:4: unknown measure 'stepz' \(this series declares: pain, steps\)", build.log)
    assert re.search(r"words\.md:4: measure 'pain': 'three' is not a number", build.log)
    assert re.search(r"range\.md:4: measure 'pain': 11 is outside 0 to 10", build.log)
    assert re.search(r"lonely\.md:3: Measures given, but the post is in no series", build.log)
    assert not re.search(r"fine\.md:\d+:", build.log)


def test_bad_declaration_fails_the_build_naming_the_series_file_and_line(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    write(content / "series" / "pump.md", "Title: Pump\nCadence: none\nMeasure-pain: unit=points\n\nIntro.\n")
    write(content / "posts" / "a.md", "Title: A\nDate: 2020-01-01\nSeries: pump\n\nBody.\n")
    build = build_site(tmp_path / "out", content=content, fatal=None)
    assert build.returncode != 0
    assert re.search(r"series/pump\.md:3: measure 'pain' needs a label=", build.log), build.log
