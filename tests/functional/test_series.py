"""The sample site's IVIG update series as a reader gets it, and the build's verdict on bad series input."""

from __future__ import annotations

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
DRAFTS = [p for p in POSTS if p.metadata.get("series") == "ivig-updates" and p.status != "published"]


def url_of(post) -> str:
    return "{:%Y/%m}/{}/".format(post.metadata["date"], post.slug)


def target(href: str) -> str:
    """A relative link as a site path: ``../../../2019/03/x/`` -> ``2019/03/x/``."""
    return re.sub(r"^(\.\./|\./)+", "", href)


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def test_sample_series_has_a_missing_month_and_a_draft():
    months = [p.metadata.get("month") or "{:%Y-%m}".format(p.metadata["date"]) for p in UPDATES]
    assert "2019-05" not in months and len(UPDATES) == 7
    assert DRAFTS


@pytest.mark.parametrize("number", range(1, 8))
def test_each_update_has_header_navigation_and_feed_link(site, number):
    update = UPDATES[number - 1]
    soup = site.html(url_of(update))
    header = text(soup.select_one(".post-header .series-header"))
    month = re.search(r"Month (\d+)", update.title).group(1)
    assert header.startswith(f"IVIG updates · Month {month} of treatment · update {number} of 7"), header
    nav = soup.select_one("nav.series-nav")
    previous, following = nav.find("a", rel="prev"), nav.find("a", rel="next")
    if number == 1:
        assert previous is None
    else:
        assert target(previous["href"]) == url_of(UPDATES[number - 2])
    if number == 7:
        assert following is None
    else:
        assert target(following["href"]) == url_of(UPDATES[number])
    assert target(nav.select_one(".series-all a")["href"]) == "series/ivig-updates/"
    feed = soup.head.find("link", rel="alternate", href=re.compile("feeds/series/"))
    assert target(feed["href"]) == "feeds/series/ivig-updates.atom.xml"


def test_update_header_names_the_scenario_in_words(site):
    soup = site.html(url_of(UPDATES[3]))  # June: worst case
    assert "Check-in: Worst case" in text(soup.select_one(".series-header"))


def test_series_page_timeline_from_february_to_september(site):
    soup = site.html("series/ivig-updates/")
    assert soup.h1.get_text(strip=True) == "IVIG updates"
    assert "Once a month I write down" in text(soup.select_one(".series-introduction"))
    months = soup.select(".timeline > li")
    labels = [text(m.select_one(".timeline-date")) for m in months]
    names = ("February", "March", "April", "May", "June", "July", "August", "September")
    assert labels == [f"{name} 2019" for name in names]
    may = months[3]
    assert "timeline-missing" in may["class"] and not may.find("a")
    assert "No update this month: a sinus infection" in text(may)
    linked = [target(a["href"]) for a in soup.select(".timeline-updates a")]
    assert linked == [url_of(u) for u in UPDATES]
    scenarios = [text(s) for s in soup.select(".timeline .scenario")]
    words = {"best-case": "Best case", "most-likely": "Most likely case", "worst-case": "Worst case"}
    assert scenarios == ["Check-in: " + words[u.metadata["scenario"]] for u in UPDATES]
    assert soup.head.find("link", rel="alternate", href=re.compile("feeds/series/ivig-updates.atom.xml"))
    assert soup.select_one(".series-feed a")["href"].endswith("feeds/series/ivig-updates.atom.xml")


def test_series_list_page(site):
    soup = site.html("series/")
    [item] = soup.select(".series-list li")
    assert target(item.a["href"]) == "series/ivig-updates/"
    assert "7 updates, latest September 30, 2019" in text(item)


def test_series_feed_holds_exactly_the_published_updates(site):
    feed = site.xml("feeds/series/ivig-updates.atom.xml")
    links = [target(link["href"]).split("://")[-1] for link in feed.find_all("link", rel="alternate")][1:]
    assert sorted(links) == sorted(url_of(u) for u in UPDATES)


def test_origin_post_shows_the_latest_update(site):
    box = site.html("2019/01/ivig-approved/").select_one("aside.latest-update")
    assert "Latest update" in text(box)
    assert target(box.a["href"]) == url_of(UPDATES[-1])


def test_drafts_never_appear_in_series_pages_feeds_or_navigation(site):
    pages = [site.output / "series" / "ivig-updates" / "index.html", site.output / "feeds/series/ivig-updates.atom.xml"]
    pages += [site.output / url_of(u) / "index.html" for u in UPDATES]
    for draft in DRAFTS:
        for page in pages:
            assert draft.slug not in page.read_text(encoding="utf-8"), page
        preview = site.html(f"drafts/{draft.slug}/")
        assert "not numbered until published" in text(preview.select_one(".series-header"))


# -- the build log on fixture sites ----------------------------------------------------------------


def write(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")


def fixture_site(tmp_path: Path, series_file: str, posts: dict[str, str]) -> Path:
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    write(content / "series", "pump.md", series_file)
    for name, header in posts.items():
        write(content / "posts", name, f"Title: {name}\n{header}\n\nBody.\n")
    return content


GOOD_SERIES = "Title: Pump\nCadence: monthly\nStart: 2020-01\n\nIntro.\n"


def test_missing_month_warns_and_fails_a_fatal_warnings_build(tmp_path):
    content = fixture_site(
        tmp_path,
        GOOD_SERIES,
        {
            "a.md": "Date: 2020-01-30\nSeries: pump",
            "c.md": "Date: 2020-03-30\nSeries: pump",
            "c2.md": "Date: 2020-04-02\nSeries: pump\nMonth: 2020-03",
        },
    )
    build = build_site(tmp_path / "out", content=content, fatal=None)
    assert build.returncode == 0, build.log
    assert build.log.count("series pump: no update for 2020-02") == 1
    assert re.search(r"series pump: 2 updates claim 2020-03: \S*c\.md, \S*c2\.md", build.log), build.log
    assert build_site(tmp_path / "strict", content=content).returncode != 0


def test_unknown_series_fails_the_build_naming_the_post(tmp_path):
    content = fixture_site(tmp_path, GOOD_SERIES, {"a.md": "Date: 2020-01-30\nSeries: pumpp"})
    build = build_site(tmp_path / "out", content=content, fatal=None)
    assert build.returncode != 0
    assert "a.md:3: unknown series 'pumpp': there is no series/pumpp.md" in build.log


@pytest.mark.parametrize(
    ("series_file", "expected"),
    [
        ("Title: Pump\nCadence: fortnightly\n\nIntro.\n", "pump.md:2: Cadence 'fortnightly' is not one of"),
        ("---\nTitle: Pump\nStart: [2020-01\n---\nIntro.\n", "pump.md:4: invalid YAML front matter"),
    ],
)
def test_bad_series_file_fails_the_build_naming_the_file(tmp_path, series_file, expected):
    content = fixture_site(tmp_path, series_file, {"a.md": "Date: 2020-01-30\nSeries: pump"})
    build = build_site(tmp_path / "out", content=content, fatal=None)
    assert build.returncode != 0
    assert expected in build.log, build.log
    assert "unknown series" not in build.log
