"""Callouts in built sites: the sample announcement post, feeds, and the build log for unknown types."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.sitebuild import Build, build_site

ANNOUNCEMENT = "2019/01/ivig-approved/"


def write(content: Path, name: str, text: str) -> Path:
    path = content / "posts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    (content / "pages").mkdir(exist_ok=True)
    return path


# --- The sample announcement post ----------------------------------------------------------------------------


def test_the_announcement_shows_its_scenarios_as_one_group_in_written_order(site):
    page = site.html(ANNOUNCEMENT)
    groups = page.select(".post-body .callout-group")
    assert len(groups) == 1
    group = groups[0]
    assert group["role"] == "group" and group["aria-label"] == "Scenarios"
    asides = group.find_all("aside", recursive=False)
    assert [aside["class"] for aside in asides] == [
        ["callout", "callout-best-case"],
        ["callout", "callout-worst-case"],
        ["callout", "callout-most-likely"],
    ]
    assert [aside.select_one(".callout-title").get_text() for aside in asides] == [
        "Best case",
        "Worst case",
        "Most likely case",
    ]
    assert "staying this sick for good" in asides[1].get_text()
    assert not page.find(["h2", "h3", "h4"], string=["Best case", "Worst case", "Most likely case"])


def test_every_callout_on_the_announcement_has_a_text_title(site):
    page = site.html(ANNOUNCEMENT)
    asides = page.select(".post-body aside.callout")
    assert len(asides) == 5
    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for aside in asides:
        title = aside.select_one(".callout-title")
        assert title is not None and title["id"] and not aside.has_attr("aria-labelledby")
        assert title.get_text(strip=True)
        assert aside.find_parent("p") is None


def test_the_announcement_has_a_folded_update_and_an_ask_your_doctor_warning(site):
    page = site.html(ANNOUNCEMENT)
    update = page.select_one(".post-body aside.callout-update")
    details = update.find("details")
    assert not details.has_attr("open")
    assert details.find("summary")["class"] == ["callout-title"]
    assert details.select_one('.callout-body a[href$="2019/03/ivig-month-1/"]'), "links the first update"
    warning = page.select_one(".post-body aside.callout-warning")
    assert warning.select_one(".callout-title").get_text() == "Ask your own doctor"


def test_the_feed_carries_the_callout_labels_as_text(site):
    entry = next(
        entry for entry in site.xml("feeds/all.atom.xml").find_all("entry") if "ivig-approved" in entry.id.get_text()
    )
    html = entry.find("content").get_text()
    for label in ("Best case", "Worst case", "Most likely case", "Update, March 2019", "Ask your own doctor"):
        assert f">{label}</" in html


def test_posts_without_markers_have_no_callouts(site):
    page = site.html("2019/03/ivig-month-1/")
    assert page.select(".callout, .callout-group") == []


# --- Fixture site: unknown types, settings, the cache --------------------------------------------------------

UNKNOWN_IN_HEADERS = """
    Title: Questions
    Date: 2020-01-01 10:00
    Summary: A post with an unknown callout type.

    Some text.

    ```
    > [!question] not this one, it is code
    ```

    > [!question]
    > Is it worth it?

    > [!best-case]
    > Good.

    > [!worst-case]
    > Bad.
    """

UNKNOWN_IN_YAML = """
    ---
    Title: Ideas
    Date: 2020-01-02 10:00
    Summary: Another unknown type, after YAML front matter.
    ---
    Text.

    - A list item

        > [!Idea] My idea
        > Body.
    """


@pytest.fixture(scope="module")
def unknown_site(tmp_path_factory) -> tuple[Build, Path]:
    root = tmp_path_factory.mktemp("callouts")
    content = root / "content"
    write(content, "questions.md", UNKNOWN_IN_HEADERS)
    write(content, "ideas.md", UNKNOWN_IN_YAML)
    extra = {"CALLOUTS_GROUP_LABEL": "Possible outcomes"}
    return build_site(root / "out", content=content, extra=extra, fatal=None), content


def test_an_unknown_type_is_a_warning_naming_file_and_line(unknown_site):
    build, content = unknown_site
    assert build.returncode == 0, build.log
    assert f"{content / 'posts' / 'questions.md'}:11: unknown callout type [!question]" in build.log
    assert f"{content / 'posts' / 'ideas.md'}:10: unknown callout type [!idea]" in build.log
    assert build.log.count("unknown callout type") == 2


def test_an_unknown_type_still_shows_its_text_as_a_note(unknown_site):
    build, _ = unknown_site
    aside = build.html("2020/01/questions/").select_one("aside.callout-note")
    assert aside.select_one(".callout-title").get_text() == "Question"
    assert aside.select_one(".callout-body").get_text(strip=True) == "Is it worth it?"
    idea = build.html("2020/01/ideas/").select_one("li aside.callout-note")
    assert idea.select_one(".callout-title").get_text() == "My idea"


def test_the_group_label_comes_from_the_settings(unknown_site):
    build, _ = unknown_site
    assert build.html("2020/01/questions/").select_one(".callout-group")["aria-label"] == "Possible outcomes"


def test_an_unknown_type_fails_a_build_with_fatal_warnings(tmp_path):
    content = tmp_path / "content"
    write(content, "questions.md", UNKNOWN_IN_HEADERS)
    build = build_site(tmp_path / "out", content=content, fatal="warnings")
    assert build.returncode != 0
    assert "questions.md:11: unknown callout type [!question]" in build.log


def test_the_warning_repeats_when_the_post_comes_from_the_content_cache(tmp_path):
    content = tmp_path / "content"
    write(content, "questions.md", UNKNOWN_IN_HEADERS)
    settings = tmp_path / "cached_settings.py"
    settings.write_text(
        "from pelicanconf import *  # noqa: F403\n"
        f"CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n",
        encoding="utf-8",
    )
    first = build_site(tmp_path / "out1", content=content, settings=str(settings), fatal=None)
    assert first.returncode == 0, first.log
    assert any((tmp_path / "cache").iterdir())
    second = build_site(tmp_path / "out2", content=content, settings=str(settings), fatal=None)
    assert "questions.md:11: unknown callout type [!question]" in second.log
    assert second.html("2020/01/questions/").select_one("aside.callout-note") is not None
