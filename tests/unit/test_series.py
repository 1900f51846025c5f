"""The series model and the series generator, run on fixture posts with Pelican's own generators."""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings

from plugins.series.generator import SeriesGenerator
from plugins.series.model import Month, SeriesPosition, months_between
from plugins.shared import front_matter_lines
from tests.sitebuild import ROOT

SERIES_FILE = """\
Title: Pump diary
Cadence: monthly
Start: 2020-01
Origin: the-start
Month-label: Month {n} on the pump

Why I keep this diary.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def post(content: Path, slug: str, date: str, extra: str = "") -> Path:
    header = f"Title: {slug.replace('-', ' ').title()}\nDate: {date}\nSlug: {slug}\n{extra}"
    return write(content / "posts", f"{slug}.md", header + "\nBody of " + slug + ".\n")


@pytest.fixture(autouse=True)
def fresh_log_filter():
    """Pelican logs each warning text once per process; every test is a build of its own."""
    from plugins.pelican_compat import reset_log_limits

    reset_log_limits()


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    (folder / "pages").mkdir(parents=True)
    write(folder / "series", "pump-diary.md", SERIES_FILE)
    post(folder, "the-start", "2019-12-20")
    post(folder, "pump-1", "2020-02-02", "Series: pump-diary\nMonth: 2020-01\nScenario: worst-case\n")
    post(folder, "pump-2", "2020-02-27", "Series: pump-diary\nScenario: best-case\n")
    post(folder, "pump-4", "2020-04-28", "Series: pump-diary\n")
    post(folder, "pump-draft", "2020-05-20", "Series: pump-diary\nStatus: draft\n")
    post(folder, "pump-hidden", "2020-05-21", "Series: pump-diary\nStatus: hidden\n")
    return folder


def make_pelican(content: Path, output: Path) -> Pelican:
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_CONTENT": False},
    )
    return Pelican(settings)


def run_generators(pelican: Pelican) -> tuple[ArticlesGenerator, SeriesGenerator, dict]:
    """What ``Pelican.run`` does up to the output: every generator's context, in order."""
    context = pelican.settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={}, localsiteurl="")
    generators = [
        cls(
            context=context,
            settings=pelican.settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=pelican.output_path,
        )
        for cls in pelican._get_generator_classes()
    ]
    for generator in generators:
        generator.generate_context()
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    series = next(g for g in generators if isinstance(g, SeriesGenerator))
    return articles, series, context


def by_slug(articles: ArticlesGenerator) -> dict:
    return {a.slug: a for a in [*articles.articles, *articles.drafts, *articles.hidden_articles]}


# -- the model -------------------------------------------------------------------------------------


def test_month_parsing_and_arithmetic():
    assert Month.parse("2019-02") == Month(2019, 2)
    assert str(Month(2019, 12).next()) == "2020-01"
    assert Month(2020, 2).minus(Month(2019, 11)) == 3
    assert Month(2019, 2).label == "February 2019"
    assert [str(m) for m in months_between(Month(2019, 11), Month(2020, 2))] == [
        "2019-11",
        "2019-12",
        "2020-01",
        "2020-02",
    ]
    for bad in ["2019-13", "2019-2", "19-02", "February", "2019-02-01"]:
        with pytest.raises(ValueError):
            Month.parse(bad)


def test_field_lines_point_at_the_front_matter_keys(tmp_path):
    path = write(tmp_path, "s.md", "---\nTitle: A\nCadence: yearly\nSkipped: [2019-05]\n---\nCadence: no\n")
    assert front_matter_lines(path.read_text()) == {"title": [2], "cadence": [3], "skipped": [4]}
    plain = write(tmp_path, "p.md", "Title: A\nSkipped: 2019-05\nSkipped: 2019-06\n\nCadence: not this\n")
    assert front_matter_lines(plain.read_text()) == {"title": [1], "skipped": [2, 3]}


# -- the generator on fixture posts ----------------------------------------------------------------


def test_published_updates_are_numbered_in_month_order_and_linked(content, tmp_path):
    articles, generator, context = run_generators(make_pelican(content, tmp_path / "out"))
    posts = by_slug(articles)
    series = generator.series["pump-diary"]
    assert [a.slug for a in series.updates] == ["pump-1", "pump-2", "pump-4"]
    first, second, fourth = (posts[s].series for s in ("pump-1", "pump-2", "pump-4"))
    assert isinstance(first, SeriesPosition)
    assert (first.index, first.total, first.month_label) == (1, 3, "Month 1 on the pump")
    assert (second.index, str(second.month), second.month_label) == (2, "2020-02", "Month 2 on the pump")
    assert fourth.month_label == "Month 4 on the pump"
    assert first.previous is None and first.next is posts["pump-2"]
    assert second.previous is posts["pump-1"] and second.next is posts["pump-4"]
    assert fourth.next is None
    assert first.scenario_label == "Worst case" and second.scenario_label == "Best case"
    assert first.url == "series/pump-diary/" and first.feed_url == "feeds/series/pump-diary.atom.xml"
    assert context["all_series"] == [series]


def test_drafts_and_hidden_posts_are_never_counted_or_linked(content, tmp_path):
    articles, generator, _ = run_generators(make_pelican(content, tmp_path / "out"))
    posts = by_slug(articles)
    series = generator.series["pump-diary"]
    assert "pump-draft" not in [a.slug for a in series.updates]
    assert posts["pump-4"].series.next is None
    for slug in ("pump-draft", "pump-hidden"):
        position = posts[slug].series
        assert position.index is None and position.previous is None and position.next is None
    assert all(u.slug not in {"pump-draft", "pump-hidden"} for m in series.timeline for u in m.updates)


def test_timeline_covers_start_to_latest_and_warns_for_the_missing_month(content, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    _, generator, _ = run_generators(make_pelican(content, tmp_path / "out"))
    series = generator.series["pump-diary"]
    assert [(str(m.month), m.number, len(m.updates)) for m in series.timeline] == [
        ("2020-01", 1, 1),
        ("2020-02", 1 + 1, 1),
        ("2020-03", 3, 0),
        ("2020-04", 4, 1),
    ]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["series pump-diary: no update for 2020-03"]


def test_a_skipped_month_is_an_info_line_with_its_note(content, tmp_path, caplog):
    skipped = SERIES_FILE.replace("Cadence", "Skipped: 2020-03 — in hospital\nCadence")
    write(content / "series", "pump-diary.md", skipped)
    caplog.set_level(logging.INFO)
    _, generator, _ = run_generators(make_pelican(content, tmp_path / "out"))
    assert generator.series["pump-diary"].timeline[2].skipped_note == "in hospital"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "series pump-diary: no update for 2020-03 (skipped: in hospital)" in caplog.messages


def test_origin_post_knows_the_latest_update(content, tmp_path):
    articles, _, _ = run_generators(make_pelican(content, tmp_path / "out"))
    posts = by_slug(articles)
    [series] = posts["the-start"].series_origin_of
    assert series.latest is posts["pump-4"]


def test_unknown_series_and_bad_fields_are_errors_with_file_and_line(content, tmp_path, caplog):
    post(content, "stray", "2020-03-03", "Series: no-such-series\n")
    post(content, "odd", "2020-03-04", "Series: pump-diary\nMonth: March\nScenario: so-so\n")
    run_generators(make_pelican(content, tmp_path / "out"))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("stray.md:4: unknown series 'no-such-series'" in e for e in errors), errors
    assert any("odd.md:5: Month 'March' is not YYYY-MM" in e for e in errors), errors
    assert any("odd.md:6: Scenario 'so-so' is not one of" in e for e in errors), errors


@pytest.mark.parametrize(
    ("field", "line", "message"),
    [
        ("Cadence: yearly", 2, "Cadence 'yearly' is not one of monthly, weekly, none"),
        ("Start: spring", 3, "Start 'spring' is not YYYY-MM"),
        ("Skipped: soon", 2, "Skipped 'soon' must start with a month"),
        ("Origin: nowhere", 4, "Origin 'nowhere' is not the slug of a published post"),
    ],
)
def test_bad_series_file_is_an_error_naming_the_file(content, tmp_path, caplog, field, line, message):
    key = field.split(":")[0]
    lines = [entry for entry in SERIES_FILE.splitlines() if not entry.startswith(key + ":")]
    lines.insert(line - 1, field)
    write(content / "series", "pump-diary.md", "\n".join(lines) + "\n")
    run_generators(make_pelican(content, tmp_path / "out"))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(f"series/pump-diary.md:{line}: {message}" in e for e in errors), errors


def test_two_updates_for_one_month_warn_naming_both_files(content, tmp_path, caplog):
    post(content, "pump-4b", "2020-04-29", "Series: pump-diary\n")
    run_generators(make_pelican(content, tmp_path / "out"))
    [warning] = [r.getMessage() for r in caplog.records if "claim" in r.getMessage()]
    assert "pump-4.md" in warning and "pump-4b.md" in warning and "2020-04" in warning


def test_rebuilds_in_one_process_forget_a_renamed_or_deleted_series(content, tmp_path):
    """What `make devserver` does: one Pelican object, several builds."""
    output = tmp_path / "out"
    pelican = make_pelican(content, output)
    pelican.run()
    assert (output / "series" / "pump-diary" / "index.html").exists()
    assert "Pump diary" in (output / "series" / "index.html").read_text()

    (content / "series" / "pump-diary.md").rename(content / "series" / "pump-log.md")
    for path in (content / "posts").glob("pump-*.md"):
        path.write_text(path.read_text().replace("Series: pump-diary", "Series: pump-log"))
    pelican.run()
    listing = (output / "series" / "index.html").read_text()
    assert "series/pump-log/" in listing and "series/pump-diary/" not in listing
    assert not (output / "series" / "pump-diary").exists()
    update = (output / "2020" / "04" / "pump-4" / "index.html").read_text()
    assert "feeds/series/pump-log.atom.xml" in update and "pump-diary" not in update

    (content / "series" / "pump-log.md").unlink()
    for path in (content / "posts").glob("pump-*.md"):
        path.write_text(path.read_text().replace("Series: pump-log\n", ""))
    pelican.run()
    assert "No series yet" in (output / "series" / "index.html").read_text()
    assert "series-header" not in (output / "2020" / "04" / "pump-4" / "index.html").read_text()


def test_weekly_series_warns_per_missing_week_not_per_month(tmp_path, caplog):
    folder = tmp_path / "content"
    (folder / "pages").mkdir(parents=True)
    write(folder / "series", "weekly.md", "Title: Weekly\nCadence: weekly\n\nIntro.\n")
    post(folder, "w1", "2020-01-06", "Series: weekly\n")
    post(folder, "w3", "2020-01-20", "Series: weekly\n")
    post(folder, "w5", "2020-03-02", "Series: weekly\n")
    _, generator, _ = run_generators(make_pelican(folder, tmp_path / "out"))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    weeks = [w.rsplit(" ", 1)[-1] for w in warnings]
    assert weeks == ["2020-W03", *(f"2020-W{n:02d}" for n in range(5, 10))]
    assert all("no update for week" in w for w in warnings)
    assert [str(m.month) for m in generator.series["weekly"].timeline] == ["2020-01", "2020-02", "2020-03"]
