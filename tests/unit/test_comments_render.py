"""The comment list as the page gets it: written in Python, read when the page is written, same HTML as the macro."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.comments import attach_comments
from plugins.comments.archive import (
    StoredComment,
    check_archive,
    clean_count,
    comments_again,
    load_archive,
)
from plugins.comments.render import CommentListWriter
from plugins.comments.thread import DATE_LABEL_FORMAT, DateLabels, build_threads

ROOT = Path(__file__).parents[2]
CHICAGO = ZoneInfo("America/Chicago")
START = datetime(2019, 1, 14, 12, 0, tzinfo=UTC)


def reference_macro() -> jinja2.Template:
    """``plugins/comments/comment_list.html`` in an environment set up like the site's (trim and lstrip blocks,
    autoescape)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "plugins" / "comments"),
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=True,
    )
    return environment.from_string("{% from 'comment_list.html' import comment_list %}{{ comment_list(items, 1) }}")


MACRO = reference_macro()


def macro_html(comments: list[StoredComment], max_depth: int = 5, zone=CHICAGO) -> str:
    return MACRO.render(items=build_threads(comments, zone, max_depth))


def stored(comment_id: str, parent: str | None = None, minutes: int = 0, **extra) -> StoredComment:
    return StoredComment(
        id=comment_id,
        parent=parent,
        author=extra.pop("author", f"Reader {comment_id}"),
        date=START + timedelta(minutes=minutes),
        date_text=extra.pop("date_text", (START + timedelta(minutes=minutes)).isoformat()),
        body=extra.pop("body", f"<p>Comment {comment_id}</p>"),
        source="manual",
        **extra,
    )


HOSTILE_THREAD = [
    stored("a", author='<b>Name</b><script>alert("x")</script>', author_url="javascript:alert(1)", likes=1),
    stored("b", "a", 1, author="Quote ' & \"", author_url='https://ok.example.org/?a=1&b="2"', likes=7),
    stored("c", "b", 2, author="Jess Marlowe", is_author=True, body='<p onclick="x">hi<script>y</script></p>'),
    stored("d", "c", 3, body="<acronym title='t'>ftw</acronym> <strike>old</strike>", date_text=""),
    stored("e", "d", 4, author="Ünïcødé “Name”"),
    stored("f", "e", 5, author="  spaced   out  "),
    stored("g", "f", 6),
    stored("orphan", "gone", 7),
    stored("late", None, 8, likes=2, is_author=True, author_url="https://jess.example.org/"),
    stored("wp-102", "late", 9, wp_id="102"),
    stored("103", None, 10, wp_id="103"),
    stored("bidi", "103", 11, author="\u202eevil\u202c name \u2067x", author_url="https://bidi.example.org/"),
    stored("bidi-reply", "bidi", 12, author="\u202dplain"),
]


def test_names_are_isolated_so_bidi_controls_cannot_reorder_the_text_around_them():
    page = CommentListWriter(CHICAGO).html(HOSTILE_THREAD)
    assert (
        '<a href="https://bidi.example.org/" rel="nofollow ugc noopener"><bdi>\u202eevil\u202c name \u2067x</bdi></a>'
        in page
    )
    assert '<span class="comment-author" id="comment-bidi-reply-by"><bdi>\u202dplain</bdi></span>' in page
    replies_to = re.findall(r'In reply to <a href="#comment-[^"]+">(.*?)</a>', page)
    assert replies_to and all(name.startswith("<bdi>") for name in replies_to)
    for name in re.findall(r'class="comment-author">(.*?)</span>', page):
        assert "<bdi>" in name


def test_an_imported_comment_also_answers_to_its_wordpress_anchor():
    page = CommentListWriter(CHICAGO).html(HOSTILE_THREAD)
    article = (
        page.split('<article id="comment-wp-102" class="comment-body"', 1)[1]
        .split(">\n", 1)[1]
        .split("</article>", 1)[0]
    )
    assert article.startswith('<span id="comment-102" class="comment-anchor"></span>')
    assert page.count('id="comment-102"') == 1 and page.count('href="#comment-wp-102"') == 1
    assert page.count('id="comment-103"') == 1  # its own id is its WordPress number: one anchor is enough
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("max_depth", [1, 2, 3, 5, 40])
def test_the_python_list_is_the_reference_macro_byte_for_byte(max_depth):
    writer = CommentListWriter(CHICAGO, max_depth)
    assert writer.html(HOSTILE_THREAD) == macro_html(HOSTILE_THREAD, max_depth)
    assert writer.html([]) == macro_html([], max_depth)


def test_the_sample_archives_render_as_the_reference_macro():
    writer = CommentListWriter(CHICAGO)
    for path in sorted((ROOT / "content" / "comments").glob("*.json")):
        comments = load_archive(path).comments
        assert writer.html(comments) == macro_html(comments), path


names = st.one_of(st.sampled_from(["Jess Marlowe", "rae", "A & B <c>", "'quoted' \"x\"", "Zoë"]), st.text(min_size=1))


@st.composite
def threads(draw) -> list[StoredComment]:
    """Up to 30 comments replying to earlier ones, to missing ones, or to none, with every optional field."""
    comments: list[StoredComment] = []
    for index in range(draw(st.integers(0, 30))):
        parent = draw(st.one_of(st.none(), st.just("missing"), st.sampled_from([c.id for c in comments] or ["x"])))
        author = draw(names).strip() or "x"
        url = draw(st.one_of(st.none(), st.just("https://example.org/?q=<'&'>"), st.just("ftp://no.example.org")))
        comments.append(
            stored(
                f"c{index}",
                parent,
                draw(st.integers(0, 5)),  # equal dates too: then the id decides the order
                author=author,
                author_url=url,
                is_author=draw(st.booleans()),
                likes=draw(st.integers(0, 3)),
                wp_id=draw(st.one_of(st.none(), st.just(str(index + 100)), st.just(f"c{index}"))),
                body=draw(st.sampled_from(["<p>ok</p>", "<script>x</script>", "a < b & c", ""])),
            )
        )
    return comments


@settings(max_examples=150, deadline=None)
@given(threads(), st.integers(1, 6))
def test_any_thread_renders_as_the_reference_macro(comments, max_depth):
    assert CommentListWriter(UTC, max_depth).html(comments) == macro_html(comments, max_depth, UTC)


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30)),
    st.sampled_from([UTC, CHICAGO, ZoneInfo("Asia/Kolkata"), timezone(timedelta(hours=-6))]),
)
def test_date_labels_are_what_strftime_writes(moment, zone):
    moment = moment.replace(tzinfo=UTC)
    assert DateLabels(zone).label(moment) == moment.astimezone(zone).strftime(DATE_LABEL_FORMAT)


# --- the quick check at attach time -----------------------------------------------------------------------

ids = st.sampled_from(["a", "b", "c", "d"])


@st.composite
def archives(draw) -> dict:
    """Small archives with repeated ids, forward and backward parents, loops, impossible dates, bad fields."""
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        entry = {
            "id": draw(ids),
            "parent": draw(st.one_of(st.none(), ids, st.just("zz"))),
            "author": "Reader",
            "date": draw(
                st.sampled_from(
                    ["2019-01-14T12:00:00Z", "2019-01-13T12:00:00Z", "2019-02-30T10:00:00Z", "2999-01-01T00:00:00Z"]
                )
            ),
            "body": "<p>x</p>",
            "source": "manual",
        }
        if draw(st.integers(0, 9)) == 0:
            entry["likes"] = -1
        entries.append(entry)
    return {"schema_version": 2, "comments": entries}


@settings(max_examples=400, deadline=None)
@given(archives())
def test_the_quick_check_never_passes_an_archive_with_errors(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("archive") / "post.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    loaded = load_archive(path)
    count = clean_count(data)
    if count is not None:
        assert loaded.errors == [] and count == len(loaded.comments)
    checked, errors = check_archive(path)
    assert list(map(str, errors)) == list(map(str, loaded.errors))
    assert checked.count == len(loaded.comments) and checked.clean == (not errors)
    comments, again, unchanged = comments_again(checked)
    assert comments == loaded.comments and again == [] and unchanged


def test_the_quick_check_passes_the_sample_archives():
    for path in sorted((ROOT / "content" / "comments").glob("*.json")):
        assert clean_count(json.loads(path.read_text(encoding="utf-8"))) is not None, path


def write(path: Path, comments: list[dict]) -> Path:
    path.write_text(json.dumps({"schema_version": 2, "comments": comments}, indent=2), encoding="utf-8")
    return path


def entry(comment_id: str, parent: str | None = None, **extra) -> dict:
    return {
        "id": comment_id,
        "parent": parent,
        "author": f"Reader {comment_id}",
        "date": "2020-05-02T10:00:00+00:00",
        "body": f"<p>Comment {comment_id}</p>",
        "source": "manual",
        **extra,
    }


def test_an_archive_edited_after_it_was_checked_is_loaded_afresh_with_its_errors(tmp_path):
    path = write(tmp_path / "post.json", [entry("a")])
    checked, errors = check_archive(path)
    assert errors == [] and checked.count == 1
    write(path, [entry("a"), entry("b", "a"), entry("c", likes=-1)])
    comments, errors, unchanged = comments_again(checked)
    assert not unchanged
    assert [comment.id for comment in comments] == ["a", "b"]
    assert [error.message for error in errors] == [
        "comment 'c', field 'likes': -1 is less than the minimum of 0",
    ]


def test_an_archive_that_is_not_utf8_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "post.json"
    path.write_bytes(b'{\n  "schema_version": 2,\n  "comments": [{"author": "Zo\xeb"}]\n}\n')
    checked, errors = check_archive(path)
    (error,) = errors
    assert str(error) == f"{path}:3: not UTF-8 text (invalid continuation byte); save the file as UTF-8"
    assert checked.count == 0 and not checked.clean
    assert comments_again(checked) == ([], [], True)


# --- what the theme gets ----------------------------------------------------------------------------------


def generator(content: Path, *slugs: str, **metadata) -> SimpleNamespace:
    articles = [SimpleNamespace(slug=slug, metadata=dict(metadata.get(slug, {}))) for slug in slugs]
    return SimpleNamespace(
        settings={"TIMEZONE": "America/Chicago"},
        path=str(content),
        articles=articles,
        translations=[],
        drafts=[],
        drafts_translations=[],
        context={"generated_content": {}},
    )


def test_each_post_gets_its_count_at_once_and_its_list_when_the_page_asks(tmp_path):
    folder = tmp_path / "comments"
    folder.mkdir()
    write(folder / "busy.json", [entry("a"), entry("b", "a", date="2020-05-03T10:00:00+00:00")])
    built = generator(tmp_path, "busy", "quiet", "off", off={"comments": "off"})
    write(folder / "off.json", [entry("x")])
    attach_comments(built)
    busy, quiet, off = built.articles
    assert (busy.comment_count, quiet.comment_count, off.comment_count) == (2, 0, 0)
    assert (bool(busy.comments), bool(quiet.comments), bool(off.comments)) == (True, False, False)
    assert off.comments_enabled is False and "Comment x" not in off.comments.html()
    threads = list(busy.comments)
    assert [item.comment.id for item in threads] == ["a"] and [item.comment.id for item in threads[0].replies] == ["b"]
    assert busy.comments.html() == MACRO.render(items=threads)
    assert list(quiet.comments) == []


def test_the_comments_are_read_when_the_page_is_written_and_a_vanished_archive_is_an_error(tmp_path, caplog):
    folder = tmp_path / "comments"
    folder.mkdir()
    path = write(folder / "post.json", [entry("a")])
    built = generator(tmp_path, "post")
    attach_comments(built)
    (article,) = built.articles
    path.write_text(path.read_text(encoding="utf-8").replace("Comment a", "Comment a, edited"), encoding="utf-8")
    assert "Comment a, edited" in article.comments.html()
    path.unlink()
    with caplog.at_level(logging.ERROR):
        assert "comment-a" not in article.comments.html()
    assert f"{path}:1: cannot read the comment archive again" in caplog.text
