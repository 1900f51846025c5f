"""A small site whose every author-typed name carries script payloads, for the escaping tests.

Titles, a summary (code shown as text), the category, tags, the series, the author, a glossary term, a
commenter and the site's own name all carry the payloads below. Every page type of the theme is written, and
a redirect page (plugins/wordpress) for the post's old address.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from tests.sitebuild import Build, build_site

# Each sets window.__xss when it becomes markup.
ATTRIBUTE_BREAK = '"><img src=x onerror=window.__xss=1>'
SCRIPT = "<script>window.__xss=1</script>"
PAYLOADS = (ATTRIBUTE_BREAK, SCRIPT)

POST_TITLE = f"Q&A &amp; {ATTRIBUTE_BREAK} {SCRIPT}"
PAGE_TITLE = f"About {SCRIPT} {ATTRIBUTE_BREAK}"
CATEGORY = f"Cat {ATTRIBUTE_BREAK}"
TAGS = (SCRIPT, "Q&A", f"tag {ATTRIBUTE_BREAK}")
SERIES_TITLE = f"Series {SCRIPT} {ATTRIBUTE_BREAK}"
AUTHOR = f"Jess {SCRIPT}"
SITENAME = f"Slow & {ATTRIBUTE_BREAK}"
TERM = f"term {SCRIPT}"
COMMENTER = f"Reader {ATTRIBUTE_BREAK} {SCRIPT}"
# A summary that shows code as text: Markdown escapes it in the HTML summary; the meta description must
# keep it as text (Jinja's striptags unescapes it, so it must be escaped again).
SUMMARY = f"Shows `{ATTRIBUTE_BREAK}` and &lt;script&gt;window.__xss=1&lt;/script&gt; as text."
SUMMARY_TEXT = f"Shows {ATTRIBUTE_BREAK} and {SCRIPT} as text."
# A typed description is plain text already: shown as typed, `&amp;` included.
DESCRIPTION = f"Typed &amp; plain {ATTRIBUTE_BREAK}"

# URL paths of the pages the tests read (with the site's settings in pelicanconf.py).
POST = "2021/02/hostile-post/"
UPDATE = "2021/03/hostile-update/"
PAGES = {
    "post": POST,
    "update": UPDATE,
    "page": "about/",
    "index": "",
    "category": "category/cat/",
    "tag": "tag/window__xss1/",
    "tag Q&A": "tag/qa/",
    "tags": "tags/",
    "categories": "categories/",
    "archives": "archives/",
    "year": "2021/",
    "month": "2021/02/",
    "series": "series/hostile/",
    "series list": "series/",
    "glossary": "glossary/",
    "search": "search/",
    "404": "404.html",
    "redirect": "old/hostile/",
}


def _yaml_string(text: str) -> str:
    return json.dumps(text)  # JSON strings are YAML strings


def write_content(folder: Path) -> Path:
    """The hostile site's ``content`` folder."""
    posts, pages, series, comments = (folder / name for name in ("posts", "pages", "series", "comments"))
    for made in (posts, pages, series, comments):
        made.mkdir(parents=True)
    tags = ", ".join(_yaml_string(tag) for tag in TAGS)
    (posts / "post.md").write_text(
        textwrap.dedent(f"""\
            ---
            Title: {_yaml_string(POST_TITLE)}
            Date: 2021-02-01 10:00
            Slug: hostile-post
            Category: {_yaml_string(CATEGORY)}
            Tags: [{tags}]
            Author: {_yaml_string(AUTHOR)}
            Summary: {_yaml_string(SUMMARY)}
            Redirect-from: [/old/hostile/]
            ---

            The body mentions the {TERM.split()[0]} once.
            """),
        encoding="utf-8",
    )
    (posts / "update.md").write_text(
        textwrap.dedent(f"""\
            ---
            Title: {_yaml_string("Update " + SCRIPT)}
            Date: 2021-03-01 10:00
            Slug: hostile-update
            Category: {_yaml_string(CATEGORY)}
            Tags: [{tags}]
            Series: hostile
            Month: 2021-02
            Description: {_yaml_string(DESCRIPTION)}
            ---

            The first update.
            """),
        encoding="utf-8",
    )
    (series / "hostile.md").write_text(
        textwrap.dedent(f"""\
            ---
            Title: {_yaml_string(SERIES_TITLE)}
            Cadence: monthly
            Start: 2021-02
            Origin: hostile-post
            ---

            The series' introduction, in Markdown.
            """),
        encoding="utf-8",
    )
    (pages / "about.md").write_text(
        f"---\nTitle: {_yaml_string(PAGE_TITLE)}\nSlug: about\nSummary: {_yaml_string(SUMMARY)}\n---\n\nA page.\n",
        encoding="utf-8",
    )
    (pages / "404.md").write_text(
        f"Title: Not found {SCRIPT}\nSlug: 404\nStatus: hidden\nSave_as: 404.html\nURL: 404.html\nTemplate: 404\n\n"
        "Nothing here.\n",
        encoding="utf-8",
    )
    (folder / "glossary.yaml").write_text(
        f"- name: {_yaml_string(TERM)}\n  aliases: [term]\n  definition: A word {_yaml_string(SCRIPT)[1:-1]}.\n",
        encoding="utf-8",
    )
    archive = {
        "schema_version": 2,
        "comments": [
            {
                "id": "c1",
                "parent": None,
                "author": COMMENTER,
                "date": "2021-02-02T09:10:00-06:00",
                "body": f"<p>Kind words {SCRIPT}</p>",
                "source": "manual",
            }
        ],
    }
    (comments / "hostile-post.json").write_text(json.dumps(archive), encoding="utf-8")
    return folder


def hostile_settings(autoescape: bool = True) -> dict:
    """Settings for the hostile site; ``autoescape=False`` builds the control (what the theme gave before)."""
    settings = {"AUTHOR": AUTHOR, "SITENAME": SITENAME, "SITESUBTITLE": f"Sub {SCRIPT}"}
    if not autoescape:
        settings["JINJA_ENVIRONMENT"] = {"trim_blocks": True, "lstrip_blocks": True, "extensions": []}
    return settings


def build_hostile_site(
    folder: Path, autoescape: bool = True, settings: str = "pelicanconf.py", extra: dict | None = None
) -> Build:
    """Build the hostile site into ``folder/output``; the build must succeed."""
    content = write_content(folder / "content")
    options = {**hostile_settings(autoescape), **(extra or {})}
    build = build_site(folder / "output", content=content, extra=options, settings=settings)
    assert build.returncode == 0, build.log
    return build
