"""Related posts under each post, on a fixture site whose overlaps are known."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import Build, build_site

# The related and series plugins: `glossary_terms` comes straight from front matter, as the glossary plugin would
# set it; `series` is what the series plugin makes of `Series: updates` (content/series/updates.md).
PLUGINS = ["plugins.front_matter", "plugins.essentials", "plugins.series", "plugins.related"]

POSTS = {
    # name: (date, status, tags, glossary terms, series)
    "anchor": ("2020-01-10", "published", ["IVIG", "fevers"], ["ivig", "aseptic-meningitis"], "updates"),
    "series-sibling": ("2020-02-10", "published", ["IVIG"], ["ivig"], "updates"),  # 2 + 1 + 2 = 5
    "same-tags": ("2020-03-10", "published", ["IVIG", "fevers"], [], None),  # 2 + 2 = 4
    "terms-newer": ("2020-05-10", "published", [], ["ivig", "aseptic-meningitis"], None),  # 2
    "terms-older": ("2019-05-10", "published", [], ["ivig", "aseptic-meningitis"], None),  # 2, older
    "alpha-tie": ("2019-01-01", "published", ["fevers", "ties"], [], None),  # 2, same date as beta-tie
    "beta-tie": ("2019-01-01", "published", ["fevers", "ties"], [], None),
    "tie-probe": ("2021-01-01", "published", ["ties"], [], None),  # alpha-tie and beta-tie: 2 each
    "unrelated": ("2020-06-10", "published", ["gardening"], ["compost"], None),
    "draft-twin": ("2020-04-10", "draft", ["IVIG", "fevers"], ["ivig", "aseptic-meningitis"], "updates"),
    "hidden-twin": ("2020-04-11", "hidden", ["IVIG", "fevers"], ["ivig", "aseptic-meningitis"], "updates"),
}


def write_posts(content: Path) -> None:
    for name, (date, status, tags, terms, series) in POSTS.items():
        lines = ["---", f"Title: {name}", f"Date: {date} 10:00", f"Slug: {name}", f"Status: {status}"]
        if tags:
            lines.append(f"Tags: [{', '.join(tags)}]")
        if terms:
            lines.append(f"glossary_terms: [{', '.join(terms)}]")
        if series:
            lines.append(f"Series: {series}")
        lines += ["---", "", f"The body of {name}."]
        (content / "posts").mkdir(parents=True, exist_ok=True)
        (content / "posts" / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (content / "pages").mkdir(exist_ok=True)
    (content / "series").mkdir(exist_ok=True)
    (content / "series" / "updates.md").write_text("Title: Updates\nCadence: monthly\n\nMonthly updates.\n")


def url(name: str) -> str:
    date, status = POSTS[name][:2]
    if status == "draft":
        return f"drafts/{name}/"
    return f"{date[:4]}/{date[5:7]}/{name}/"


def related(build: Build, name: str) -> list[str]:
    """The slugs listed under Related posts on a post's page, in order."""
    return [link.get_text(strip=True) for link in build.html(url(name)).select(".related li > a")]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Build]:
    root = tmp_path_factory.mktemp("related")
    write_posts(root / "content")
    settings = {"PLUGINS": PLUGINS}
    return {
        "default": build_site(root / "default", content=root / "content", extra=settings),
        "max-1": build_site(root / "max-1", content=root / "content", extra={**settings, "RELATED_MAX": 1}),
        "bad": build_site(root / "bad", content=root / "content", extra={**settings, "RELATED_MAX": "three"}),
        "no-series": build_site(
            root / "no-series", content=root / "content", extra={"PLUGINS": [*PLUGINS[:2], "plugins.related"]}
        ),
    }


def test_up_to_three_by_score_with_ties_going_to_the_newer_post(builds):
    build = builds["default"]
    assert build.returncode == 0, build.log
    assert related(build, "anchor") == ["series-sibling", "same-tags", "terms-newer"]


def test_equal_score_and_date_are_ordered_by_slug(builds):
    assert related(builds["default"], "tie-probe") == ["alpha-tie", "beta-tie"]
    # beta-tie shares two tags with alpha-tie (4), then one each (2) with tie-probe, same-tags, anchor: newer first.
    assert related(builds["default"], "beta-tie") == ["alpha-tie", "tie-probe", "same-tags"]


def test_the_post_itself_drafts_and_hidden_posts_are_never_suggested(builds):
    build = builds["default"]
    for name, (_, status, *_rest) in POSTS.items():
        if status == "draft" or not (build.output / url(name) / "index.html").exists():
            continue
        listed = related(build, name)
        assert name not in listed
        assert "draft-twin" not in listed and "hidden-twin" not in listed


def test_a_draft_preview_shows_published_related_posts(builds):
    assert related(builds["default"], "draft-twin") == ["anchor", "series-sibling", "same-tags"]


def test_a_post_sharing_nothing_has_no_related_section(builds):
    assert builds["default"].html(url("unrelated")).select_one(".related") is None


def test_the_section_says_why_and_links_the_post(builds):
    section = builds["default"].html(url("anchor")).select_one("section.related")
    assert section["aria-labelledby"] == "related-title"
    assert section.find(id="related-title").get_text() == "Related posts"
    first = section.select_one("li")
    assert first.a["href"] == "../../../" + url("series-sibling")
    meta = first.select_one(".related-meta").get_text(" ", strip=True)
    assert "February 10, 2020" in meta
    assert "also in Updates" in meta  # the title of the series the series plugin resolved
    assert "also tagged IVIG" in meta


def test_without_the_series_plugin_a_series_line_is_no_series(builds):
    # `Series: updates` stays Pelican's raw text, which the related plugin does not read: no series plugin, no series.
    build = builds["no-series"]
    assert build.returncode == 0, build.log
    assert related(build, "anchor") == ["same-tags", "series-sibling", "terms-newer"]  # 4, 2 + 1, 2
    meta = build.html(url("anchor")).select_one("section.related").get_text()
    assert "also in" not in meta and "same series" not in meta


def test_related_max_limits_the_list(builds):
    build = builds["max-1"]
    assert build.returncode == 0, build.log
    assert related(build, "anchor") == ["series-sibling"]


def test_a_bad_setting_is_an_error_naming_it(builds):
    build = builds["bad"]
    assert build.returncode != 0
    assert "RELATED_MAX is 'three'; expected a whole number of posts" in build.log


def test_sample_site_month_posts_relate_to_their_series(site):
    soup = site.html("2019/04/ivig-month-3/")
    links = [a["href"] for a in soup.select(".related li > a")]
    assert len(links) == 3
    assert all("ivig-month-" in href for href in links)
    assert "ivig-month-3" not in " ".join(links)
