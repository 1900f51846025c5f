"""Pages' comments on the build side: their own namespace (``comments/pages/<slug>.json``), shown when a page
has comments or says ``Comments: on``, reply links tagged ``page:SLUG``, and the live preview's fast path."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from plugins.comments import archive_changed, attach_comments, attach_page_comments

ADDRESS = "comments@slowmending.example.org"


def archive(folder: Path, slug: str, text: str) -> Path:
    comment = {"id": "c1", "parent": None, "author": "Reader", "date": "2020-03-01T10:00:00-06:00"}
    comment.update(body=f"<p>{text}</p>", source="manual")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.json"
    path.write_text(json.dumps({"schema_version": 2, "comments": [comment]}), encoding="utf-8")
    return path


def document(slug: str, **metadata) -> SimpleNamespace:
    return SimpleNamespace(slug=slug, title=slug.title(), metadata=metadata, relative_source_path=f"{slug}.md")


def pages_generator(content: Path, *pages, **settings) -> SimpleNamespace:
    return SimpleNamespace(
        settings={"TIMEZONE": "America/Chicago", **settings},
        path=str(content),
        pages=list(pages),
        translations=[],
        context={"generated_content": {}},
    )


def posts_generator(content: Path, *posts, **settings) -> SimpleNamespace:
    return SimpleNamespace(
        settings={"TIMEZONE": "America/Chicago", **settings},
        path=str(content),
        articles=list(posts),
        translations=[],
        drafts=[],
        drafts_translations=[],
        context={"generated_content": {}},
    )


def test_a_page_and_a_post_with_one_slug_each_get_their_own_archive(tmp_path):
    archive(tmp_path / "comments", "about", "Under the post")
    archive(tmp_path / "comments" / "pages", "about", "Under the page")
    post, page = document("about"), document("about")
    attach_comments(posts_generator(tmp_path, post, COMMENTS_EMAIL=ADDRESS))
    attach_page_comments(pages_generator(tmp_path, page, COMMENTS_EMAIL=ADDRESS))
    assert "Under the post" in post.comments.html() and "Under the page" not in post.comments.html()
    assert "Under the page" in page.comments.html() and "Under the post" not in page.comments.html()
    assert parse_qs(urlsplit(page.comments_reply.href()).query)["subject"] == ["Re: About [comment page:about]"]
    assert parse_qs(urlsplit(post.comments_reply.href()).query)["subject"] == ["Re: About [comment about]"]
    assert "%5Bcomment%20page%3Aabout%23c1%5D" in page.comments.html()  # [comment page:about#c1]
    assert "%5Bcomment%20about%23c1%5D" in post.comments.html()


def test_a_page_shows_the_section_only_with_comments_or_comments_on(tmp_path):
    archive(tmp_path / "comments" / "pages", "talked-about", "Hello")
    archive(tmp_path / "comments" / "pages", "closed", "Hidden")
    pages = [
        document("talked-about"),
        document("quiet"),
        document("invites", comments="on"),
        document("closed", comments="off"),
    ]
    attach_page_comments(pages_generator(tmp_path, *pages))
    assert [(page.comments_enabled, page.comment_count) for page in pages] == [
        (True, 1),
        (False, 0),
        (True, 0),
        (False, 0),
    ]


def test_a_page_archive_without_its_page_is_a_warning_naming_pages(tmp_path, caplog):
    path = archive(tmp_path / "comments" / "pages", "gone", "Hello")
    with caplog.at_level(logging.WARNING):
        attach_page_comments(pages_generator(tmp_path, document("about")))
    assert f"{path}: comment archive for slug 'gone', but no page has that slug; rename the file to the page's" in (
        caplog.text
    )


def test_the_live_preview_shows_a_saved_page_archive_on_its_page(tmp_path):
    page, post = document("about"), document("about")
    pages = pages_generator(tmp_path, page)
    posts = posts_generator(tmp_path, post)
    attach_page_comments(pages)
    attach_comments(posts)
    assert page.comment_count == 0
    path = archive(tmp_path / "comments" / "pages", "about", "Saved just now")
    pelican = SimpleNamespace(settings={"PATH": str(tmp_path)})
    assert archive_changed(pelican, str(path), [pages, posts], None) == ["about.md"]
    assert page.comment_count == 1 and "Saved just now" in page.comments.html()
    assert post.comment_count == 0  # the post with the same slug is not touched
