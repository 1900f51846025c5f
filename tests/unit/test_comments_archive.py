"""The comment archive: validation errors, threads, sanitizing, avatars. Files in, errors and items out."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from plugins.comments.archive import StoredComment, load_archive, schema
from plugins.comments.sanitize import sanitize_body
from plugins.comments.thread import (
    AVATAR_COLOURS,
    author_link,
    avatar_colour,
    build_threads,
    initials,
)


def count_comments(items) -> int:
    """Every comment in a list of threads, replies included."""
    return sum(1 + count_comments(item.replies) for item in items)


START = datetime(2019, 1, 14, 12, 0, tzinfo=UTC)


def comment(comment_id: str, parent: str | None = None, minutes: int = 0, **extra) -> dict:
    entry = {
        "id": comment_id,
        "parent": parent,
        "author": extra.pop("author", f"Reader {comment_id}"),
        "date": (START + timedelta(minutes=minutes)).isoformat(),
        "body": extra.pop("body", f"<p>Comment {comment_id}</p>"),
        "source": "manual",
    }
    entry.update(extra)
    return entry


def write_archive(folder: Path, comments: list[dict], name: str = "post.json") -> Path:
    path = folder / name
    path.write_text(json.dumps({"schema_version": 2, "comments": comments}, indent=2), encoding="utf-8")
    return path


def stored(comment_id: str, parent: str | None = None, minutes: int = 0, author: str | None = None) -> StoredComment:
    return StoredComment(
        id=comment_id,
        parent=parent,
        author=author or f"Reader {comment_id}",
        date=START + timedelta(minutes=minutes),
        date_text="",
        body=f"<p>{comment_id}</p>",
        source="manual",
    )


def messages(archive) -> list[str]:
    return [str(error) for error in archive.errors]


# --- loading and validation -------------------------------------------------------------------------------


def test_a_valid_archive_loads_every_comment_with_defaults(tmp_path):
    path = write_archive(tmp_path, [comment("a"), comment("b", "a", 5, likes=3, is_author=True)])
    archive = load_archive(path)
    assert archive.errors == []
    assert [(c.id, c.parent, c.likes, c.is_author) for c in archive.comments] == [
        ("a", None, 0, False),
        ("b", "a", 3, True),
    ]
    assert archive.comments[1].date == START + timedelta(minutes=5)


def test_invalid_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "schema_version": 2,\n  "comments": [\n    {"id": "a",}\n  ]\n}\n', encoding="utf-8")
    archive = load_archive(path)
    assert archive.comments == []
    assert messages(archive) == [f"{path}:4: invalid JSON: Expecting property name enclosed in double quotes"]


def test_a_schema_violation_names_file_line_comment_id_and_field(tmp_path):
    path = write_archive(tmp_path, [comment("ok"), comment("bad", likes=-2)])
    archive = load_archive(path)
    assert [c.id for c in archive.comments] == ["ok"]
    (message,) = messages(archive)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if '"id": "bad"' in text)
    assert message.startswith(f"{path}:{line}: comment 'bad', field 'likes': -2 is less than the minimum of 0")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": "2019-01-14T12:00:00"}, "date"),  # no UTC offset
        ({"author_url": 5}, "author_url"),
        ({"is_author": "yes"}, "is_author"),
        ({"source": "myspace"}, "source"),
        ({"email": "reader@mail.example.com"}, "(extra field)"),
        ({"body": "x" * 70000}, "body"),
    ],
)
def test_each_schema_rule_is_enforced(tmp_path, change, field):
    archive = load_archive(write_archive(tmp_path, [comment("c1", **change)]))
    assert archive.comments == []
    assert f"comment 'c1', field {field!r}" in messages(archive)[0]


def test_a_missing_required_field_is_named(tmp_path):
    entry = comment("c1")
    del entry["author"]
    archive = load_archive(write_archive(tmp_path, [entry]))
    assert "comment 'c1', field 'author': 'author' is a required property" in messages(archive)[0]


def test_an_impossible_date_is_an_error(tmp_path):
    archive = load_archive(write_archive(tmp_path, [comment("c1", date="2019-02-30T10:00:00Z")]))
    assert archive.comments == []
    assert "comment 'c1', field 'date'" in messages(archive)[0]


def test_wrong_schema_version_is_an_error(tmp_path):
    path = tmp_path / "v3.json"
    path.write_text(json.dumps({"schema_version": 3, "comments": []}), encoding="utf-8")
    assert messages(load_archive(path)) == [f"{path}:1: schema_version: 3 is not one of [1, 2]"]


# --- schema version 2 ------------------------------------------------------------------------------------


def test_a_version_1_archive_still_loads_as_version_2_without_the_new_fields(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"schema_version": 1, "comments": [comment("c1"), comment("c2", "c1", 5)]}))
    archive = load_archive(path)
    assert messages(archive) == []
    assert [(c.id, c.parent, c.wp_id) for c in archive.comments] == [("c1", None, None), ("c2", "c1", None)]
    assert archive.removed == []


@pytest.mark.parametrize("field_name", ["id", "parent"])
def test_an_id_with_a_trailing_newline_is_an_error(tmp_path, field_name):
    entries = [comment("a1"), comment("c2", "a1", 5)]
    entries[1][field_name] = "a1\n"
    path = write_archive(tmp_path, entries)
    found = messages(load_archive(path))
    assert len(found) == 1
    assert found[0].startswith(f"{path}:")
    assert f"field {field_name!r}: " in found[0] and "does not match" in found[0]


def test_an_id_with_a_trailing_newline_names_the_file_its_line_and_the_id(tmp_path):
    path = write_archive(tmp_path, [comment("a1"), comment("a1\n", "a1", 5)])
    line = next(number for number, text in enumerate(path.read_text().splitlines(), 1) if '"a1\\n"' in text)
    assert line > 1
    assert messages(load_archive(path)) == [
        f"{path}:{line}: comment 'a1\\n', field 'id': 'a1\\n' does not match "
        + repr(schema()["$defs"]["comment"]["properties"]["id"]["pattern"])
    ]


def test_a_date_with_a_trailing_newline_is_an_error(tmp_path):
    path = write_archive(tmp_path, [comment("c1", date="2019-01-14T12:00:00Z\n")])
    assert "comment 'c1', field 'date'" in messages(load_archive(path))[0]


def test_absurd_likes_are_a_schema_error_naming_file_line_id_and_field(tmp_path):
    path = tmp_path / "post.json"
    path.write_text(
        '{\n  "schema_version": 2,\n  "comments": [\n    {\n      "id": "c1",\n      "parent": null,\n'
        '      "author": "A",\n      "date": "2019-01-14T12:00:00Z",\n      "body": "<p>x</p>",\n'
        f'      "likes": {10**400},\n      "source": "manual"\n    }}\n  ]\n}}\n',
        encoding="utf-8",
    )
    archive = load_archive(path)
    assert archive.comments == []
    [message] = messages(archive)
    assert message.startswith(f"{path}:5: comment 'c1', field 'likes': ")
    assert "maximum of 1000000" in message and len(message) < 400


def test_a_million_likes_is_still_fine(tmp_path):
    assert messages(load_archive(write_archive(tmp_path, [comment("c1", likes=1_000_000)]))) == []


def test_email_is_a_source_and_wp_id_is_kept(tmp_path):
    path = write_archive(tmp_path, [comment("m0123456789abcdef", source="email"), comment("wp-102", wp_id="102")])
    archive = load_archive(path)
    assert messages(archive) == []
    assert [(c.source, c.wp_id) for c in archive.comments] == [("email", None), ("manual", "102")]


@pytest.mark.parametrize("wp_id", ["", "0", "01", "12a", "102\n", "1" * 21])
def test_a_wp_id_that_is_not_a_wordpress_id_is_an_error(tmp_path, wp_id):
    path = write_archive(tmp_path, [comment("wp-7", wp_id=wp_id)])
    assert messages(load_archive(path))[0].startswith(f"{path}:5: comment 'wp-7', field 'wp_id': ")


def test_an_archive_id_clashing_with_a_wordpress_anchor_is_an_error_naming_archive_and_id(tmp_path):
    path = write_archive(tmp_path, [comment("wp-102", wp_id="102"), comment("102", minutes=3)])
    archive = load_archive(path)
    assert messages(archive) == [
        f"{path}:5: comment 'wp-102', field 'wp_id': its anchor #comment-102 clashes with the id of comment "
        "'102'; change one of the two ids"
    ]
    assert [c.wp_anchor for c in archive.comments] == [None, None]  # the clashing second anchor is left out


def test_two_comments_with_the_same_wp_id_are_an_error(tmp_path):
    path = write_archive(tmp_path, [comment("wp-102", wp_id="102"), comment("x-102", wp_id="102", minutes=3)])
    found = messages(load_archive(path))
    assert found == [
        f"{path}:14: comment 'x-102', field 'wp_id': its anchor #comment-102 clashes with the wp_id of comment "
        "'wp-102'; change one of the two ids"
    ]


def test_a_wp_id_equal_to_its_own_id_needs_no_second_anchor(tmp_path):
    archive = load_archive(write_archive(tmp_path, [comment("102", wp_id="102")]))
    assert messages(archive) == [] and archive.comments[0].wp_anchor is None


def write_v2(folder: Path, comments: list[dict], removed: list) -> Path:
    path = folder / "post.json"
    document = {"schema_version": 2, "comments": comments, "removed": removed}
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def test_the_removed_list_loads(tmp_path):
    removed = [
        {"id": "wp-9", "reason": "deleted", "date": "2020-01-01T10:00:00+01:00"},
        {"id": "m1", "reason": "rejected"},
    ]
    archive = load_archive(write_v2(tmp_path, [comment("c1")], removed))
    assert messages(archive) == []
    assert [entry["id"] for entry in archive.removed] == ["wp-9", "m1"]


def test_an_id_both_removed_and_present_is_an_error_naming_file_and_id(tmp_path):
    path = write_v2(tmp_path, [comment("wp-9")], [{"id": "wp-9", "reason": "deleted"}])
    archive = load_archive(path)
    assert messages(archive) == [
        f"{path}:15: comment 'wp-9' is listed in 'removed' and is still in 'comments'; "
        "delete it from one of the two lists"
    ]
    assert [c.id for c in archive.comments] == ["wp-9"]  # nothing disappears while the author decides


@pytest.mark.parametrize(
    ("entry", "field_name"),
    [
        ({"id": "wp-9", "reason": "spam"}, "reason"),
        ({"id": "wp-9"}, "reason"),
        ({"id": "wp-9\n", "reason": "deleted"}, "id"),
        ({"id": "wp-9", "reason": "deleted", "date": "2020-01-01"}, "date"),
    ],
)
def test_a_bad_removed_entry_is_an_error_naming_its_field(tmp_path, entry, field_name):
    path = write_v2(tmp_path, [], [entry])
    [message] = messages(load_archive(path))
    assert message.startswith(f"{path}:") and f"field {field_name!r}" in message and "removed entry" in message


def test_duplicate_ids_are_an_error_naming_both_lines(tmp_path):
    path = write_archive(tmp_path, [comment("a"), comment("a", minutes=3)])
    archive = load_archive(path)
    assert len(archive.comments) == 1
    (message,) = messages(archive)
    id_lines = [number for number, line in enumerate(path.read_text().splitlines(), 1) if '"id": "a"' in line]
    assert id_lines[0] == 5 and id_lines[1] > 5
    assert message == f"{path}:{id_lines[1]}: comment 'a': duplicate id (first used on line 5)"


def test_a_parent_cycle_is_an_error_and_every_comment_is_still_shown(tmp_path):
    path = write_archive(tmp_path, [comment("a", "c", 0), comment("b", "a", 1), comment("c", "b", 2), comment("d")])
    archive = load_archive(path)
    (message,) = messages(archive)
    assert message == f"{path}:5: parent cycle: a -> c -> b -> a"
    threads = build_threads(archive.comments, UTC)
    assert count_comments(threads) == 4
    assert [item.comment.id for item in threads] == ["a", "d"]


def test_the_sample_archives_follow_the_schema():
    for path in sorted((Path(__file__).parents[2] / "content" / "comments").glob("*.json")):
        assert load_archive(path).errors == [], path


def test_the_schema_file_documents_every_field():
    fields = schema()["$defs"]["comment"]["properties"]
    assert set(fields) == {
        "id", "wp_id", "parent", "author", "author_url", "is_author", "date", "body", "likes", "source"
    }  # fmt: skip
    assert all(field.get("description") for field in fields.values())
    removed = schema()["$defs"]["removed"]["properties"]
    assert set(removed) == {"id", "reason", "date"}
    assert all(field.get("description") for field in removed.values())
    readme = (Path(__file__).parents[2] / "plugins" / "comments" / "README.md").read_text(encoding="utf-8")
    assert all(f"| `{name}` |" in readme for name in [*fields, "removed"])


# --- threads ----------------------------------------------------------------------------------------------


def test_threads_are_nested_in_date_order():
    comments = [stored("late", minutes=50), stored("r2", "first", 30), stored("first"), stored("r1", "first", 10)]
    threads = build_threads(comments, UTC)
    assert [item.comment.id for item in threads] == ["first", "late"]
    assert [item.comment.id for item in threads[0].replies] == ["r1", "r2"]


def test_replies_deeper_than_the_cap_stay_at_the_last_level_naming_whom_they_answer():
    chain = [stored("c0")] + [stored(f"c{n}", f"c{n - 1}", n) for n in range(1, 8)]
    threads = build_threads(chain, UTC, max_depth=3)
    level = threads
    for depth in (1, 2):
        assert len(level) == 1 and level[0].depth == depth
        level = level[0].replies
    assert [item.comment.id for item in level] == ["c2", "c3", "c4", "c5", "c6", "c7"]
    assert all(item.depth == 3 and not item.replies for item in level)
    assert level[0].in_reply_to is None
    assert [(item.in_reply_to, item.in_reply_to_id) for item in level[1:3]] == [
        ("Reader c2", "c2"),
        ("Reader c3", "c3"),
    ]


def test_flattened_replies_follow_the_comment_they_answer_before_its_later_siblings():
    comments = [stored("a"), stored("b", "a", 1), stored("b2", "a", 9), stored("c", "b", 2), stored("d", "c", 3)]
    threads = build_threads(comments, UTC, max_depth=2)
    assert [item.comment.id for item in threads[0].replies] == ["b", "c", "d", "b2"]


def test_a_reply_whose_parent_is_gone_is_shown_at_the_top_level_and_marked():
    threads = build_threads([stored("a"), stored("orphan", "deleted-one", 5)], UTC)
    assert [(item.comment.id, item.parent_missing) for item in threads] == [("a", False), ("orphan", True)]


def test_a_very_deep_thread_does_not_overflow_the_stack():
    chain = [stored("c0")] + [stored(f"c{n}", f"c{n - 1}", n) for n in range(1, 5000)]
    threads = build_threads(chain, UTC, max_depth=5)
    assert count_comments(threads) == 5000


def test_dates_are_shown_in_the_site_timezone_and_kept_exact_in_datetime():
    from zoneinfo import ZoneInfo

    (item,) = build_threads([stored("a")], ZoneInfo("America/Chicago"))
    assert item.comment.date_iso == "2019-01-14T12:00:00+00:00"
    assert item.comment.date_label == "January 14, 2019 at 6:00 AM"


# --- sanitizing -------------------------------------------------------------------------------------------

HOSTILE = [
    '<script>alert("x")</script>',
    '<p onclick="alert(1)">x</p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<iframe src="https://evil.example.com/"></iframe>',
    '<img src="x" onerror="alert(1)">',
    '<svg onload="alert(1)"></svg>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<style>body{display:none}</style>",
    '<q cite="javascript:alert(1)">x</q>',
    '<blockquote cite=" javascript:alert(1)">x</blockquote>',
    '<form action="https://evil.example.com/"><input name="a"></form>',
    "<object data='x'></object><embed src='x'>",
    '<a href="https://ok.example.org/" onmouseover="alert(1)" target="_blank" rel="opener">x</a>',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_nothing_executable_survives_sanitizing(payload):
    cleaned = sanitize_body(payload).lower()
    for needle in (
        "<script",
        "javascript:",
        "data:",
        "onclick",
        "onerror",
        "onload",
        "onmouseover",
        "style",
        "<iframe",
    ):
        assert needle not in cleaned, (payload, cleaned)
    for tag in ("<img", "<svg", "<form", "<input", "<object", "<embed", "target=", 'rel="opener"'):
        assert tag not in cleaned


def test_the_wordpress_allow_list_is_kept():
    html = (
        '<p>A <a href="https://example.org/" title="t">link</a> <abbr title="x">ab</abbr> <b>b</b> <cite>c</cite> '
        '<code>d</code> <del datetime="2019-01-01">e</del> <em>f</em> <i>g</i> <q cite="https://example.org/">h</q> '
        '<s>i</s> <strong>j</strong><br><a href="mailto:me@example.org">mail</a></p><blockquote cite="https://x.org/">k'
        "</blockquote>"
    )
    cleaned = sanitize_body(html)
    for kept in ("<abbr", "<b>", "<cite>", "<code>", "<del datetime", "<em>", "<i>", '<q cite="https:', "<s>"):
        assert kept in cleaned
    assert '<a href="https://example.org/" title="t" rel="nofollow ugc noopener">link</a>' in cleaned
    assert 'href="mailto:me@example.org"' in cleaned
    assert "<br>" in cleaned and '<blockquote cite="https://x.org/">' in cleaned


def test_obsolete_tags_from_the_wordpress_list_become_their_html5_equivalents():
    assert sanitize_body('<acronym title="For The Win">ftw</acronym> <strike>old</strike>') == (
        "<abbr>ftw</abbr> (For The Win) <s>old</s>"
    )


def test_an_abbreviations_title_is_shown_in_the_text_once():
    body = '<p>I do <abbr title="subcutaneous  immunoglobulin">SCIG</abbr> at home &amp; <b>weekly</b> &lt;3</p>'
    assert sanitize_body(body) == (
        "<p>I do <abbr>SCIG</abbr> (subcutaneous immunoglobulin) at home &amp; <b>weekly</b> &lt;3</p>"
    )
    said = (
        'A <abbr title="port-a-cath">port</abbr> (port-a-cath), <abbr title="">X</abbr>, <abbr title="&lt;b">Y</abbr>'
    )
    assert sanitize_body(said) == "A <abbr>port</abbr> (port-a-cath), <abbr>X</abbr>, <abbr>Y</abbr> (&lt;b)"


def test_a_huge_body_is_sanitized_quickly():
    import time

    body = "<p>" + ("word <b>bold</b> <script>x</script> " * 20000) + "</p>"
    started = time.perf_counter()
    cleaned = sanitize_body(body)
    assert time.perf_counter() - started < 2
    assert "<script" not in cleaned and cleaned.count("<b>") == 20000


# --- what the reader sees of a commenter ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ok.example.org/", "https://ok.example.org/"),
        ("  http://ok.example.org  ", "http://ok.example.org"),
        ("javascript:alert(1)", None),
        ("ftp://files.example.org/", None),
        ("mailto:me@example.org", None),
        ("//protocol-relative.example.org", None),
        ("https://", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_and_https_author_urls_are_linked(url, expected):
    assert author_link(url) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Jess Marlowe", "JM"), ("rae", "R"), ("Priya N.", "PN"), ("John Γιάννης Doe Κάποιος", "JΚ"), ("!!!", "?")],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_avatar_colours_are_deterministic_and_spread():
    assert avatar_colour("Jess Marlowe") == avatar_colour("  jess   marlowe ")
    assert len({avatar_colour(f"Reader {n}") for n in range(100)}) == len(AVATAR_COLOURS)


def contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return 1.05 / (luminance + 0.05)


def test_white_initials_have_aa_contrast_on_every_avatar_colour_and_the_css_matches():
    css = (Path(__file__).parents[2] / "theme" / "static" / "css" / "main.css").read_text(encoding="utf-8")
    for index, colour in enumerate(AVATAR_COLOURS):
        assert contrast_with_white(colour) >= 4.5, colour
        assert f".avatar-{index} {{ background: {colour}; }}" in css


# --- the quick check in front of jsonschema ---------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from plugins.comments.archive import obviously_valid, validator  # noqa: E402

MISSING = object()
ids = st.one_of(
    st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_-]{0,70}\Z"),
    st.sampled_from(["c1", "c1\n", "", "-x", "a b", "é", "x" * 64, "x" * 65]),
    st.integers(),
)
field_values = {
    "id": ids,
    "parent": st.one_of(st.none(), ids),
    "author": st.one_of(st.text(max_size=250), st.sampled_from([" ", "\n", "x" * 245, "x" * 246]), st.integers()),
    "author_url": st.one_of(st.text(max_size=20), st.just("x" * 2001), st.none(), st.integers()),
    "is_author": st.one_of(st.booleans(), st.integers(0, 1), st.none(), st.text(max_size=3)),
    "date": st.one_of(
        st.sampled_from(["2019-01-14T12:00:00Z", "2019-01-14T12:00+05:30", "2019-01-14T12:00:00.123456-06:00"]),
        st.sampled_from(["2019-01-14T12:00:00", "2019-01-14 12:00:00Z", "2019-01-14T12:00:00Z\n", "2019-1-4T1:00Z"]),
        st.text(max_size=30),
    ),
    "body": st.one_of(st.text(max_size=50), st.just("x" * 65526), st.just("x" * 65525), st.none()),
    "likes": st.one_of(
        st.integers(-3, 3),
        st.sampled_from([10**6, 10**6 + 1, 10**400]),
        st.booleans(),
        st.floats(allow_nan=False),
        st.text(max_size=2),
    ),
    "source": st.one_of(st.sampled_from(["manual", "wxr", "wp-json", "disqus", "email", "Manual", ""]), st.integers()),
    "wp_id": st.one_of(st.from_regex(r"\A[0-9]{0,22}\Z"), st.sampled_from(["102\n", "1e3", " 1"]), st.integers()),
    "email": st.just("reader@mail.example.com"),
}


VALID = comment("c1", "c0", likes=1, is_author=True, author_url="https://ok.example.org/")


@st.composite
def comments(draw) -> dict:
    """A valid comment with up to two fields changed, removed or added: near the edges of the schema."""
    entry = dict(VALID)
    for name in draw(st.lists(st.sampled_from(sorted(field_values)), max_size=2, unique=True)):
        value = draw(st.one_of(st.just(MISSING), field_values[name]))
        if value is MISSING:
            entry.pop(name, None)
        else:
            entry[name] = value
    return entry


removals = st.one_of(
    st.fixed_dictionaries(
        {"id": ids, "reason": st.sampled_from(["deleted", "rejected", "spam", ""])},
        optional={"date": field_values["date"], "why": st.just("x")},
    ),
    st.integers(),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(comments(), max_size=3),
    st.sampled_from([1, 2, 2, True, 3, 2.0]),
    st.dictionaries(
        st.sampled_from(["extra", "removed"]), st.one_of(st.just(1), st.lists(removals, max_size=2)), max_size=2
    ),
)
def test_the_quick_check_never_accepts_what_the_schema_rejects(items, version, extra):
    document = {"schema_version": version, "comments": items, **extra}
    if obviously_valid(document):
        assert validator().is_valid(document), document


def test_the_quick_check_accepts_the_sample_archives():
    for path in sorted((Path(__file__).parents[2] / "content" / "comments").glob("*.json")):
        assert obviously_valid(json.loads(path.read_text(encoding="utf-8"))), path
