"""One build reads many posts with reused Markdown converters: nothing may leak from one post to the next,
and each post's URL, computed once per build, must be the one its settings and front matter give."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.sitebuild import build_site

# Pelican reads files in no fixed order; each pair shares one converter (YAML posts one, plain posts the
# other), and each post of a pair defines what the other only mentions.
POSTS = {
    "a-yaml.md": """
        ---
        Title: First with footnotes
        Date: 2021-03-01 09:00
        Summary: "Note: this summary starts like a metadata line."
        ---
        IVIG day again.[^1] We spoke about HTML and CSS at length.

        *[HTML]: HyperText Markup Language

        [^1]: Infusion number twelve.
        """,
    "b-yaml.md": """
        ---
        Title: Second with footnotes
        Date: 2021-03-02 09:00
        ---
        Another day of HTML and CSS, with its own note.[^1]

        *[CSS]: Cascading Style Sheets

        [^1]: A different note.
        """,
    "c-plain.md": """
        Title: Third with plain headers
        Date: 2021-03-03 09:00
        Tags: POTS
        Summary: Plain summary.

        A plain post about HTML and CSS.[^1]

        *[HTML]: HyperText Markup Language

        [^1]: The third note.
        """,
    "d-plain.md": """
        Title: Fourth with plain headers
        Date: 2021-03-04 09:00
        Tags: Sjogren's

        The last plain post about HTML and CSS.[^1]

        *[CSS]: Cascading Style Sheets

        [^1]: The fourth note.
        """,
    "e-yaml.md": """
        ---
        Title: Fifth with its own address
        Date: 2021-03-05 09:00
        URL: notes/fifth/
        Save_as: notes/fifth/index.html
        ---
        See [the first post]({filename}a-yaml.md) and [the third]({filename}c-plain.md).
        """,
}

POST_URLS = {
    "First with footnotes": "2021/03/first-with-footnotes/",
    "Second with footnotes": "2021/03/second-with-footnotes/",
    "Third with plain headers": "2021/03/third-with-plain-headers/",
    "Fourth with plain headers": "2021/03/fourth-with-plain-headers/",
}
OWN = {  # the abbreviation and the footnote each post defines
    "First with footnotes": ("HTML", "Infusion number twelve."),
    "Second with footnotes": ("CSS", "A different note."),
    "Third with plain headers": ("HTML", "The third note."),
    "Fourth with plain headers": ("CSS", "The fourth note."),
}


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    root = tmp_path_factory.mktemp("reuse")
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    for name, text in POSTS.items():
        path: Path = content / "posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    result = build_site(root / "out", content=content)
    assert result.returncode == 0, result.log
    return result


def test_abbreviations_stay_in_the_post_that_defines_them(build):
    for title, (abbreviation, _) in OWN.items():
        body = build.html(POST_URLS[title]).select_one(".post-body")
        assert [abbr.get_text() for abbr in body.select("abbr")] == [abbreviation], title


def test_each_post_has_only_its_own_footnote(build):
    for title, (_, note) in OWN.items():
        notes = build.html(POST_URLS[title]).select(".post-body .footnote li p")
        assert [item.get_text(" ", strip=True).rstrip("\u21a9\ufe0e ").strip() for item in notes] == [note], title


def test_plain_headers_are_read_as_metadata(build):
    for title, tag in [("Third with plain headers", "POTS"), ("Fourth with plain headers", "Sjogren's")]:
        page = build.html(POST_URLS[title])
        assert page.select_one("h1").get_text() == title
        assert [a.get_text() for a in page.select(".post-tags a")] == [tag]
        assert "Tags:" not in page.select_one(".post-body").get_text()


def test_a_summary_that_looks_like_metadata_is_kept_whole(build):
    summaries = [s.get_text(" ", strip=True) for s in build.html("").select(".summary-text")]
    assert "Note: this summary starts like a metadata line." in summaries
    assert "Plain summary." in summaries


def test_urls_follow_the_settings_and_the_front_matter(build):
    index_links = {a.get_text(): a["href"] for a in build.html("").select(".summary h2 a")}
    assert index_links == {
        **{title: f"./{url}" for title, url in POST_URLS.items()},
        "Fifth with its own address": "./notes/fifth/",
    }
    fifth = build.html("notes/fifth/").select(".post-body a")
    assert [a["href"] for a in fifth] == [
        "../../2021/03/first-with-footnotes/",
        "../../2021/03/third-with-plain-headers/",
    ]
    feed_links = [link["href"] for link in build.xml("feeds/all.atom.xml").select("entry > link")]
    assert feed_links[0].endswith("notes/fifth/")
