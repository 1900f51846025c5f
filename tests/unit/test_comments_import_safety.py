"""The comment importer's safety findings of issue #16, one test each: nothing written outside the archive
folder, no silent loss, deletions stick, only reader comments on published posts, malformed fields named by
file and line, parent cycles refused, UTF-8 declared as ISO-8859-1 repaired, the Author badge without
``wp:author_id``."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from plugins.comments.__main__ import main

HEAD = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>A test blog</title>
<wp:author><wp:author_login>jess</wp:author_login><wp:author_email>jess@mail.example.com</wp:author_email>
<wp:author_display_name>Jess Marlowe</wp:author_display_name></wp:author>
"""


def comment(
    comment_id: str = "101",
    *,
    author: str = "Reader",
    email: str = "reader@mail.example.com",
    date: str = "2019-01-14 12:00:00",
    content: str = "Hello",
    parent: str = "0",
    user_id: str = "0",
    kind: str = "comment",
    approved: str | None = "1",
) -> str:
    status = f"<wp:comment_approved>{approved}</wp:comment_approved>" if approved is not None else ""
    return f"""<wp:comment>
<wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{author}</wp:comment_author>
<wp:comment_author_email>{email}</wp:comment_author_email>
<wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{date}</wp:comment_date_gmt>
<wp:comment_content>{content}</wp:comment_content>{status}
<wp:comment_type>{kind}</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>
<wp:comment_user_id>{user_id}</wp:comment_user_id>
</wp:comment>"""


def item(
    comments: str, *, name: str = "a-post", post_type: str = "post", status: str = "publish", extra: str = ""
) -> str:
    return f"""<item><title>A post</title><dc:creator>jess</dc:creator><wp:post_id>7</wp:post_id>
<wp:post_name>{name}</wp:post_name><wp:post_type>{post_type}</wp:post_type><wp:status>{status}</wp:status>{extra}
{comments}</item>
"""


def export(
    folder: Path, *items: str, name: str = "export.xml", encoding: str = "UTF-8", raw: bytes | None = None
) -> Path:
    path = folder / name
    text = HEAD.format(encoding=encoding) + "".join(items) + "</channel></rss>\n"
    path.write_bytes(raw if raw is not None else text.encode("utf-8"))
    return path


def run(tmp_path: Path, *paths: Path, extra: tuple[str, ...] = ()) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", "--output", str(tmp_path / "content" / "comments"), *extra, *map(str, paths)])
    return code, out.getvalue(), err.getvalue()


def comments_of(tmp_path: Path, slug: str = "a-post") -> list[dict]:
    return json.loads((tmp_path / "content" / "comments" / f"{slug}.json").read_text(encoding="utf-8"))["comments"]


@pytest.mark.parametrize("name", ["../../escaped", "/tmp/absolute-escape", "..", "a/../../b"])
def test_a_post_name_never_writes_outside_the_archive_folder(tmp_path, name):
    path = export(tmp_path, item(comment(), name=name))
    code, _, err = run(tmp_path, path)
    assert code == 0, err
    written = list(tmp_path.rglob("*.json"))
    assert len(written) == 1 and written[0].parent == tmp_path / "content" / "comments"
    assert not Path("/tmp/absolute-escape.json").exists()


def test_comments_with_an_empty_id_are_all_kept(tmp_path):
    three = "".join(comment("", content=f"Comment number {n}", date=f"2019-01-14 12:0{n}:00") for n in range(3))
    code, out, _ = run(tmp_path, export(tmp_path, item(three)))
    assert code == 0 and "Imported 3 new comment(s)." in out
    assert len({entry["id"] for entry in comments_of(tmp_path)}) == 3
    assert out.count("has no wp:comment_id: kept as wpx-") == 3


def test_a_repeated_id_with_other_content_keeps_both_and_reports_the_conflict(tmp_path):
    twice = comment("124", content="First") + comment(
        "124", author="Other", content="Second", date="2019-02-01 10:00:00"
    )
    code, out, _ = run(tmp_path, export(tmp_path, item(twice)))
    assert code == 0 and "Imported 2 new comment(s)." in out
    assert "two different comments have the id 'wp-124': both kept" in out
    kept = comments_of(tmp_path)
    assert [entry.get("wp_id") for entry in kept] == ["124", None]  # one anchor #comment-124 on the page


def test_two_sites_with_the_same_id_for_the_same_slug_keep_both(tmp_path):
    first = export(tmp_path, item(comment("124", content="From the first site")), name="one.xml")
    second = export(
        tmp_path,
        item(comment("124", author="Someone else", content="Second site", date="2020-05-05 05:05:05")),
        name="two.xml",
    )
    code, out, _ = run(tmp_path, first)
    code, out, _ = run(tmp_path, second)
    assert code == 0 and "Imported 1 new comment(s)." in out and "Conflict:" in out
    assert len(comments_of(tmp_path)) == 2
    code, out, _ = run(tmp_path, first, second)  # and again: idempotent
    assert "Imported 0 new comment(s)." in out and len(comments_of(tmp_path)) == 2


def test_the_same_comment_from_a_wxr_and_a_rest_dump_still_merges(tmp_path):
    wxr = export(tmp_path, item(comment("124", content="Same words here")))
    rest = tmp_path / "rest.json"
    rest.write_text(
        json.dumps(
            [
                {
                    "id": 124,
                    "parent": 0,
                    "author": 0,
                    "author_name": "Reader",
                    "date_gmt": "2019-01-14T12:00:00",
                    "content": {"rendered": "<p>Same words here</p>\n"},
                    "link": "https://old.example.org/2019/01/14/a-post/#comment-124",
                    "status": "approved",
                    "type": "comment",
                }
            ]
        ),
        encoding="utf-8",
    )
    code, out, _ = run(tmp_path, wxr, rest)
    assert code == 0 and "Imported 1 new comment(s)." in out and "Conflict" not in out


def test_deleted_comments_stay_deleted(tmp_path):
    path = export(tmp_path, item(comment("5") + comment("6", date="2019-01-15 12:00:00")))
    run(tmp_path, path)
    archive = tmp_path / "content" / "comments" / "a-post.json"
    data = json.loads(archive.read_text(encoding="utf-8"))
    data["comments"] = [entry for entry in data["comments"] if entry["id"] != "wp-6"]
    data["removed"] = [{"id": "wp-6", "reason": "deleted"}]
    archive.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(tmp_path, path)
    assert code == 0 and [entry["id"] for entry in comments_of(tmp_path)] == ["wp-5"]
    assert "1 listed in the archive's 'removed' list" in out


@pytest.mark.parametrize(
    ("items", "reason"),
    [
        (item(comment(kind="order_note", content="Ship to 1 Main St")), "1 order_note"),
        (item(comment(), status="private"), "1 on a private post"),
        (item(comment(), extra="<wp:post_password>secret</wp:post_password>"), "1 on a password-protected post"),
        (item(comment(), post_type="product"), "1 on a 'product' item, not a post or page"),
        (item(comment(), post_type="page", status="draft"), "1 on a post that is not published (draft)"),
        (item(comment(approved=None)), "1 no comment_approved (never approved)"),
        (item(comment(kind="Pingback")), "1 pingback"),
        (item(comment(kind="WebMention")), "1 webmention"),
        (item(comment(), status="draft"), "1 on a post that is not published (draft)"),
    ],
)
def test_only_reader_comments_on_published_posts_are_imported(tmp_path, items, reason):
    code, out, _ = run(tmp_path, export(tmp_path, items))
    assert code == 0
    assert "Imported 0 new comment(s)." in out and f"Skipped: {reason}." in out
    assert not (tmp_path / "content" / "comments").exists()


def test_comments_on_a_page_go_to_the_pages_own_archive_beside_a_post_of_the_same_slug(tmp_path):
    on_post = item(comment("101", content="Under the post"))
    on_page = item(comment("102", content="Under the page"), post_type="page").replace(">7<", ">8<")
    code, out, _ = run(tmp_path, export(tmp_path, on_post, on_page))
    assert code == 0 and "Imported 2 new comment(s)." in out
    assert [entry["body"] for entry in comments_of(tmp_path)] == ["<p>Under the post</p>"]
    assert [entry["body"] for entry in comments_of(tmp_path, "pages/a-post")] == ["<p>Under the page</p>"]
    assert "page:a-post: added 1" in out


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (comment(date="2019-13-45 10:00:00"), "field 'wp:comment_date_gmt': '2019-13-45 10:00:00' is not a date"),
        (
            comment(content="<![CDATA[x]]>").replace("<wp:comment_parent>0", "<wp:comment_parent><a/>1"),
            "holds elements",
        ),
        (comment(parent="x1"), "field 'wp:comment_parent': 'x1' is not a number"),
    ],
)
def test_a_malformed_field_names_file_and_line_and_fails_without_traceback(tmp_path, bad, message):
    path = export(tmp_path, item(comment("1") + bad))
    code, _, err = run(tmp_path, path)
    assert code == 1 and "Traceback" not in err
    [line] = [line for line in err.splitlines() if message in line]
    assert line.startswith(f"error: {path}:") and int(line.split(":")[2]) > 8
    assert not (tmp_path / "content" / "comments").exists()  # nothing of a broken file is written


def test_an_unknown_declared_encoding_is_an_error(tmp_path):
    path = export(tmp_path, item(comment()), encoding="klingon-8")
    code, _, err = run(tmp_path, path)
    assert code == 1 and f"error: {path}:1: unknown encoding 'klingon-8'" in err


def test_deeply_nested_json_is_an_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    code, _, err = run(tmp_path, path)
    assert code == 1 and f"error: {path}:1:" in err and "Traceback" not in err


def test_a_list_where_a_string_belongs_is_an_error(tmp_path):
    path = tmp_path / "rest.json"
    entry = {"id": 3, "author_name": ["a", "b"], "date_gmt": "2019-01-01T00:00:00", "link": "https://x.example/p/"}
    path.write_text(json.dumps([entry], indent=1), encoding="utf-8")
    code, _, err = run(tmp_path, path)
    assert code == 1 and f"error: {path}:3: comment 3, field 'author_name': a list where text belongs" in err


def test_a_parent_cycle_is_refused_at_import(tmp_path):
    loop = comment("5", parent="6") + comment("6", parent="5", date="2019-01-15 12:00:00")
    path = export(tmp_path, item(comment("4") + loop))
    code, _, err = run(tmp_path, path)
    assert code == 1 and "comment parents form a cycle: wp-5 -> wp-6 -> wp-5" in err
    assert not (tmp_path / "content" / "comments").exists()


def test_utf8_declared_as_iso_8859_1_is_repaired_and_said_so(tmp_path):
    text = HEAD.format(encoding="ISO-8859-1") + item(comment(author="Zoë Ελένη")) + "</channel></rss>\n"
    path = export(tmp_path, raw=text.encode("utf-8"))
    code, out, _ = run(tmp_path, path)
    assert code == 0 and comments_of(tmp_path)[0]["author"] == "Zoë Ελένη"
    assert "declared 'ISO-8859-1' but the bytes are UTF-8" in out and "(repaired)" in out


def test_real_iso_8859_1_is_read_as_declared(tmp_path):
    text = HEAD.format(encoding="ISO-8859-1") + item(comment(author="Zoë")) + "</channel></rss>\n"
    code, out, _ = run(tmp_path, export(tmp_path, raw=text.encode("latin-1")))
    assert code == 0 and comments_of(tmp_path)[0]["author"] == "Zoë" and "repaired" not in out


def test_the_author_badge_without_author_id_by_email_and_tied_user_id_never_by_name(tmp_path):
    comments = (
        comment("1", author="Jess Marlowe", email="JESS@mail.example.com", user_id="77")  # e-mail: ties user 77
        + comment("2", author="jess", email="", date="2019-01-15 12:00:00")  # her login, typed by anyone
        + comment("3", author="J.", email="", user_id="77", date="2019-01-16 12:00:00")  # user id tied to her
        + comment("4", author="Jess Marlowe", email="fan@mail.example.com", date="2019-01-17 12:00:00")  # not her
    )
    code, out, _ = run(tmp_path, export(tmp_path, item(comments)))
    assert code == 0
    assert {entry["id"]: entry["is_author"] for entry in comments_of(tmp_path)} == {
        "wp-1": True,
        "wp-2": False,
        "wp-3": True,
        "wp-4": False,
    }
    assert "comment wp-3 'A post' (a-post): the name 'J.' does not match the post author" in out
    for number, name in (("2", "jess"), ("4", "Jess Marlowe")):
        assert (
            f"Note: near-miss: comment wp-{number} 'A post' (a-post) is named {name!r} like the post author, but no"
            f" e-mail or user id of the post author's says it is theirs: no Author badge (a name is what anyone can"
            f" type). If it is the author's, import again with --author {name!r}"
        ) in out
    assert "mail.example.com" not in (tmp_path / "content" / "comments" / "a-post.json").read_text(encoding="utf-8")


def test_a_comment_named_like_the_author_without_e_mail_gets_no_badge_unless_author_says_so(tmp_path):
    """A WordPress comment with the author's display name and no e-mail: a near-miss, until --author names it."""
    path = export(tmp_path, item(comment("1", author="Jess Marlowe", email="")))
    code, out, _ = run(tmp_path, path)
    assert code == 0 and comments_of(tmp_path)[0]["is_author"] is False
    assert "near-miss: comment wp-1" in out and "--author 'Jess Marlowe'" in out
    code, out, _ = run(tmp_path, path, extra=("--author", "Jess Marlowe"))
    assert code == 0 and "1 given the Author badge" in out and "near-miss" not in out
    assert comments_of(tmp_path)[0]["is_author"] is True


def test_author_on_a_re_import_updates_the_badges(tmp_path):
    path = export(tmp_path, item(comment("1", author="Jessie M", email="")))
    run(tmp_path, path)
    assert comments_of(tmp_path)[0]["is_author"] is False
    code, out, _ = run(tmp_path, path, extra=("--author", "Jessie M"))
    assert code == 0 and "1 given the Author badge" in out
    assert comments_of(tmp_path)[0]["is_author"] is True
