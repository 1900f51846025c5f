"""Replies by e-mail from the author's side: .eml -> inbox -> pending -> approve -> build, and the reply links."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from plugins.comments.mail import read_path
from tests.sitebuild import ROOT, Build, build_site
from tests.unit.test_comments_mail_safety import hidden_address_mail

MAIL = ROOT / "tests" / "fixtures" / "mail"
IVIG = "2019/01/ivig-approved/"
TITLE = "The Appeal Worked: IVIG Is Finally Approved"
ADDRESS = "comments@slowmending.example.org"
ADDRESS_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def command(root: Path, *argv: str) -> subprocess.CompletedProcess:
    """``python -m plugins.comments ...`` run as the author runs it, from the site's folder."""
    return subprocess.run(
        [sys.executable, "-m", "plugins.comments", *argv],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def reply_id(name: str) -> str:
    [reply] = list(read_path(MAIL / name))
    return reply.id


def sender_addresses(*names: str) -> set[str]:
    """Every address in the samples' headers (From, Return-Path, Message-ID, To)."""
    found = set()
    for name in names:
        message = BytesParser(policy=policy.compat32).parsebytes((MAIL / name).read_bytes())
        for header in ("From", "Return-Path", "Message-ID", "Message-Id"):
            found.update(ADDRESS_RE.findall(str(message.get(header, ""))))
    return found


@pytest.fixture(scope="module")
def moderated(tmp_path_factory) -> tuple[Path, Build, dict[str, str]]:
    """The sample site after a reply to the post and a reply to a comment went through inbox and approve,
    with a third reply left waiting; built with COMMENTS_EMAIL set."""
    root = tmp_path_factory.mktemp("inbox")
    shutil.copytree(ROOT / "content", root / "content")
    saved = root / "Downloads"
    saved.mkdir()
    for name in ("gmail-reply-to-post.eml", "apple-mail-reply-to-comment.eml", "thunderbird-reply-to-comment.eml"):
        shutil.copy(MAIL / name, saved / name)
    (saved / "hidden-addresses.eml").write_bytes(hidden_address_mail())  # a reply to ivig-month-1
    log = {}
    inbox = command(root, "inbox", "Downloads")
    log["inbox"] = inbox.stdout + inbox.stderr
    log["pending"] = command(root, "pending").stdout
    [hidden] = list(read_path(saved / "hidden-addresses.eml"))
    approved = command(
        root, "approve", reply_id("gmail-reply-to-post.eml"), reply_id("apple-mail-reply-to-comment.eml"), hidden.id
    )
    assert approved.returncode == 0, approved.stderr
    log["approve"] = approved.stdout
    build = build_site(root / "output", content=root / "content", extra={"COMMENTS_EMAIL": ADDRESS})
    assert build.returncode == 0, build.log
    return root, build, log


def test_the_author_sees_each_step(moderated):
    _, _, log = moderated
    dana, marisol = reply_id("gmail-reply-to-post.eml"), reply_id("apple-mail-reply-to-comment.eml")
    assert f"queued {dana}: Dana Whitfield on ivig-approved (gmail-reply-to-post.eml)" in log["inbox"]
    assert f"queued {marisol}: Marisol Vega on ivig-approved, reply to c102" in log["inbox"]
    assert "4 new replies for moderation, 0 unmatched" in log["inbox"]
    assert "4 replies waiting:" in log["pending"]
    assert f"{marisol}  ivig-approved, reply to c102  Marisol Vega  2019-01-15 07:58:12-06:00" in log["pending"]
    assert "Approved 3; 1 left in the queue." in log["approve"]


def test_a_reply_to_the_post_and_a_reply_to_a_comment_appear_threaded_with_only_name_and_text(moderated):
    _, build, _ = moderated
    section = build.html(IVIG).find("section", id="comments")
    assert section.find("h2").get_text() == f"15 thoughts on “{TITLE}”"
    dana = section.find(id=f"comment-{reply_id('gmail-reply-to-post.eml')}")
    assert dana.find_parent("li")["class"] == ["comment", "depth-1"]
    assert dana.select_one(".comment-author").get_text() == "Dana Whitfield"
    assert dana.select_one(".comment-author a") is None
    assert [p.get_text() for p in dana.select(".comment-content p")] == [
        "Thirteen denials and you still kept a spreadsheet. I am in awe.",
        "One thing that helped me on infusion days: a heated blanket on the arm with the IV, and salty crackers "
        "the night before. My nurse swore by the extra water too.",
        "Rooting for you from Duluth.",
    ]
    assert dana.select_one("time")["datetime"] == "2019-01-16T08:12:31-06:00"
    marisol = section.find(id=f"comment-{reply_id('apple-mail-reply-to-comment.eml')}")
    parent_item = section.find(id="comment-c102").find_parent("li")
    assert marisol.find_parent("li").find_parent("li") is parent_item, "threaded under c102"
    assert marisol.select_one(".comment-author").get_text() == "Marisol Vega"
    assert "Tell your nurse I said hi." in marisol.select_one(".comment-content").get_text()
    for comment in (dana, marisol):
        text = comment.select_one(".comment-content").get_text()
        assert "wrote:" not in text and ">" not in text and "Sent from my iPhone" not in text


def test_the_waiting_reply_is_not_on_the_site_and_the_queue_is_never_built(moderated):
    root, build, _ = moderated
    assert (root / "content" / "comments" / "pending" / f"{reply_id('thunderbird-reply-to-comment.eml')}.json").exists()
    site_text = "".join(path.read_text(encoding="utf-8", errors="replace") for path in build.output.rglob("*.*"))
    assert "two small bumps on the belly" not in site_text
    queue_names = {path.name for path in (root / "content" / "comments" / "pending").iterdir()}
    assert not [path for path in build.output.rglob("*") if "pending" in path.name or path.name in queue_names]


def test_no_commenter_address_appears_in_content_or_output(moderated):
    root, build, _ = moderated
    addresses = sender_addresses(
        "gmail-reply-to-post.eml", "apple-mail-reply-to-comment.eml", "thunderbird-reply-to-comment.eml"
    )
    assert "dana.whitfield@gmail.example" in addresses and "marisol.vega@icloud.example" in addresses
    for folder in (root / "content", build.output):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                leaked = [address for address in addresses if address.encode() in data]
                assert not leaked, f"{path} holds {leaked}"


def test_each_comment_and_the_post_have_a_reply_by_email_link(moderated):
    _, build, _ = moderated
    section = build.html(IVIG).find("section", id="comments")
    post_link = section.select_one("a.comments-reply-link")
    assert post_link.get_text() == "Reply by e-mail to the post"
    url = urlsplit(post_link["href"])
    assert url.scheme == "mailto" and unquote(url.path) == ADDRESS
    query = parse_qs(url.query)
    assert query["subject"] == [f"Re: {TITLE} [comment ivig-approved]"]
    body = query["body"][0]
    assert body.startswith("[Write your reply below this line.") and "\n-- \n" not in body
    assert "the name your e-mail shows as its sender" in body and "your e-mail address never is" in body
    comment_link = section.find(id="comment-c102").select_one("a.comment-reply-link")
    assert parse_qs(urlsplit(comment_link["href"]).query)["subject"] == [f"Re: {TITLE} [comment ivig-approved#c102]"]
    assert comment_link.get_text() == "Reply by e-mail to Jess Marlowe"
    assert len(section.select("a.comment-reply-link")) == 15
    assert "Replies are moderated" in section.select_one(".comments-moderated").get_text()
    assert "Comments are closed" not in section.get_text()
    assert not build.html(IVIG).select("script[src*=comment], [onclick]")


def test_a_post_without_comments_has_the_link_too(moderated):
    _, build, _ = moderated
    section = build.html("2019/03/ivig-month-1/").find("section", id="comments")
    subject = parse_qs(urlsplit(section.select_one("a.comments-reply-link")["href"]).query)["subject"]
    assert subject == ["Re: IVIG Month 1: A Slow Start and a Quiet Head [comment ivig-month-1]"]


def test_without_comments_email_nothing_changes(site):
    section = site.html(IVIG).find("section", id="comments")
    assert not section.select(".comments-reply-link, .comment-reply-link, .comments-moderated")
    assert "mailto:" not in str(section)
    assert "Comments are closed" in section.select_one(".comments-note").get_text()


def test_a_bad_comments_email_fails_the_build_naming_the_setting(tmp_path):
    build = build_site(tmp_path / "output", extra={"COMMENTS_EMAIL": "comments at example dot org"})
    assert build.returncode != 0
    log = " ".join(build.log.split())
    assert "settings: COMMENTS_EMAIL is 'comments at example dot org'; 'comments at example dot org' is not" in log
    assert log.count("COMMENTS_EMAIL") == 1 and "no reply links are written" in log


def test_with_the_content_cache_a_renamed_post_never_serves_a_stale_link(tmp_path):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "comments").mkdir()
    post = content / "posts" / "cached.md"
    post.write_text("Title: First Title\nDate: 2020-05-01 10:00\nSlug: cached\n\nBody.\n", encoding="utf-8")
    (content / "comments" / "cached.json").write_text(
        '{"schema_version": 1, "comments": [{"id": "a", "parent": null, "author": "Reader", '
        '"date": "2020-05-02T10:00:00Z", "body": "<p>Hi</p>", "source": "manual"}]}',
        encoding="utf-8",
    )
    settings = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
        "COMMENTS_EMAIL": ADDRESS,
    }
    subjects = []
    for number, title in enumerate(["First Title", "Second Title"]):
        post.write_text(post.read_text().replace("First Title", title), encoding="utf-8")
        build = build_site(tmp_path / f"out{number}", content=content, extra=settings)
        assert build.returncode == 0, build.log
        link = build.html("2020/05/cached/").find(id="comment-a").select_one("a.comment-reply-link")
        subjects.append(parse_qs(urlsplit(link["href"]).query)["subject"][0])
    assert subjects == ["Re: First Title [comment cached#a]", "Re: Second Title [comment cached#a]"]
    assert len(list((tmp_path / "cache" / "comments").glob("*.html"))) == 1, "the old entry was pruned"


def test_help_names_the_moderation_commands(tmp_path):
    result = command(tmp_path, "--help")
    assert result.returncode == 0
    for name in ("inbox", "pending", "approve", "reject"):
        assert name in result.stdout


def test_addresses_hidden_in_unicode_forms_reach_no_page_no_content_file_and_no_printed_line(moderated):
    """A reply with addresses in its name, subject, text (IDN, fullwidth, localhost, IP literal, zero-width
    joiners) and an attachment named ``maria.reader@example.net.vcf``, read, approved and built."""
    root, build, log = moderated
    page = build.html("2019/03/ivig-month-1/").find("section", id="comments")
    assert "Thanks!" in page.get_text() and "A reader" in page.get_text()
    traces = ("maria", "ex\u00e4mple", "localhost", "192.0.2.1", "\uff20")  # the sample has slowsalt.example.net
    for path in [*build.output.rglob("*"), *(root / "content" / "comments").rglob("*")]:
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            assert not [trace for trace in traces if trace in text], path
    for printed in log.values():
        assert not [trace for trace in traces if trace in printed]
