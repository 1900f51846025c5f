"""Replies by e-mail: reading each client's messages, hostile and odd mail, the queue, approve and reject."""

from __future__ import annotations

import io
import json
import mailbox
import re
import shutil
import textwrap
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from plugins.comments.__main__ import main
from plugins.comments.archive import load_archive
from plugins.comments.mail import message_digest, read_path
from plugins.comments.moderation import Moderation
from plugins.comments.replylinks import BODY_HINT, HINT, ReplyLinks, check_address
from plugins.comments.replytext import html_to_text, reply_text

ROOT = Path(__file__).parents[2]
MAIL = ROOT / "tests" / "fixtures" / "mail"
ADDRESS_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def read_one(name: str):
    [reply] = list(read_path(MAIL / name))
    return reply


def sender_addresses() -> set[str]:
    """Every address in the From, Return-Path and Message-ID headers of the samples."""
    found = set()
    for path in MAIL.glob("*.eml"):
        message = BytesParser(policy=policy.compat32).parsebytes(path.read_bytes())
        for name in ("From", "Return-Path", "Message-ID", "Message-Id"):
            found.update(match.group(0) for match in ADDRESS_RE.finditer(str(message.get(name, ""))))
    return found


@pytest.fixture
def site(tmp_path) -> Moderation:
    """A copy of the sample content's posts and archives, with an empty queue."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "posts", content / "posts")
    shutil.copytree(ROOT / "content" / "comments", content / "comments")
    return Moderation(content / "comments", content / "posts")


def run(site: Moderation, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main([*argv, "--comments", str(site.comments), "--posts", str(site.posts)], out)
    return code, out.getvalue()


# --- each client's way of quoting ---------------------------------------------------------------------------


def test_gmail_reply_to_a_post_keeps_the_text_without_the_quoted_message():
    reply = read_one("gmail-reply-to-post.eml")
    assert reply.author == "Dana Whitfield"
    assert (reply.post, reply.parent) == ("ivig-approved", None)
    assert reply.text == (
        "Thirteen denials and you still kept a spreadsheet. I am in awe.\n\n"
        "One thing that helped me on infusion days: a heated blanket on the arm with the IV, and salty crackers "
        "the night before. My nurse swore by the extra water too.\n\nRooting for you from Duluth."
    )
    assert reply.date.isoformat() == "2019-01-16T08:12:31-06:00"


def test_gmail_html_part_alone_gives_the_same_text():
    message = BytesParser(policy=policy.default).parsebytes((MAIL / "gmail-reply-to-post.eml").read_bytes())
    html = message.get_body(preferencelist=("html",)).get_content()
    assert reply_text(html_to_text(html)) == read_one("gmail-reply-to-post.eml").text


def test_apple_mail_reply_to_a_comment_unflows_and_drops_the_iphone_footer():
    reply = read_one("apple-mail-reply-to-comment.eml")
    assert (reply.post, reply.parent, reply.author) == ("ivig-approved", "c102", "Marisol Vega")
    assert reply.text == (
        "The blanket is cast on! Teal, because you said once that teal is the only colour that does not look "
        "sad in a waiting room.\n\nTell your nurse I said hi."
    )


def test_outlook_reply_drops_the_header_block_and_the_get_outlook_footer():
    reply = read_one("outlook-reply-to-comment.eml")
    assert (reply.post, reply.parent) == ("ivig-approved", "c106")
    assert reply.text == (
        "Update for anyone reading later: the letter of medical necessity worked for me too. Approved on the "
        "third try, starting in March.\n\nPriya"
    )
    message = BytesParser(policy=policy.default).parsebytes((MAIL / "outlook-reply-to-comment.eml").read_bytes())
    html = message.get_body(preferencelist=("html",)).get_content()
    assert reply_text(html_to_text(html)) == reply.text


def test_thunderbird_interleaved_reply_keeps_the_answers_and_drops_quotes_and_signature():
    reply = read_one("thunderbird-reply-to-comment.eml")
    assert (reply.post, reply.parent, reply.author) == ("ivig-approved", "c109", "Tomás Ferreira")
    assert reply.text == (
        "The first month, yes: two small bumps on the belly that were gone by the next morning. Ask for the "
        "shorter needles if they offer a choice.\n\nAbout an hour and a quarter for my dose, sitting on the "
        "couch with a podcast. Much easier than the clinic days."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yes!\n\nOn Tue, 15 Jan 2019 at 10:01, Jess <j@x.example> wrote:\n> Did it work?", "Yes!"),
        ("Yes!\n\nOn Tue, 15 Jan 2019 at 10:01, Jess <\nj@x.example> wrote:\n\n> Did it work?", "Yes!"),
        ("Yes!\n\n-----Original Message-----\nFrom: Jess\nSent: today\n\nDid it work?", "Yes!"),
        ("Yes!\n\nFrom: Jess\nSent: Tuesday\nTo: Dana\nSubject: Re\n\nDid it work?", "Yes!"),
        ("Yes!\n--\nDana, RN\n555-0100", "Yes!"),
        ("Yes!\n\nSent from my Galaxy smartphone.", "Yes!"),
        ("Yes!\n\nGet Outlook for iOS", "Yes!"),
        ("On Monday I started the second round.", "On Monday I started the second round."),
        ("My old address was dana@old.example, I moved.", "My old address was [address removed], I moved."),
        ("Text \u202ewith\u202c an override\x00.", "Text with an override."),
    ],
)
def test_quotes_signatures_footers_and_addresses_are_removed(text, expected):
    assert reply_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        BODY_HINT + "My reply, written under the hint.",  # the link's body: the hint first, the reply below
        HINT + "\n\nMy reply, written under the hint.",  # the client dropped the "-- " line
        textwrap.fill(HINT, 72) + "\n\nMy reply, written under the hint.",  # wrapped by the client
        "My reply, written under the hint.\n--\n" + textwrap.fill(HINT, 40),  # below, "-- " trimmed to "--"
        "-- \n" + HINT + "\n\nMy reply, written under the hint.\n\n-- \nDana, RN",  # and a signature after
    ],
)
def test_the_reply_link_hint_is_removed_wherever_it_stands_and_the_reply_is_kept(text):
    assert reply_text(text) == "My reply, written under the hint."


def test_the_reply_link_hint_in_an_html_reply_is_removed(site, tmp_path):
    message = EmailMessage()
    message["From"], message["Subject"] = "Dana <dana@x.example>", "Re: x [comment ivig-month-1]"
    message["Message-ID"] = "<hint@x.example>"
    message.set_content(f"<div>-- <br>{HINT}</div><div><br></div><div>My reply, in HTML.</div>", subtype="html")
    path = tmp_path / "hint.eml"
    path.write_bytes(bytes(message))
    [entry] = site.inbox([path]).added
    assert entry.text == "My reply, in HTML."
    assert "Write your reply" not in (site.queue / f"{entry.id}.json").read_text(encoding="utf-8")


# --- hostile and odd mail ---------------------------------------------------------------------------------


def test_html_only_mail_loses_scripts_handlers_and_remote_images(site):
    reply = read_one("html-only-hostile.eml")
    assert reply.text == "Great post!\n\nClick here for cheaper infusions.\n\nWrite to me at [address removed]"
    site.inbox([MAIL / "html-only-hostile.eml"])
    site.approve([reply.id])
    body = json.loads((site.comments / "ivig-month-1.json").read_text())["comments"][-1]["body"]
    assert body == ("<p>Great post!</p><p>Click here for cheaper infusions.</p><p>Write to me at [address removed]</p>")
    for trace in ("script", "alert", "onerror", "onload", "tracker", "<img", "iframe", "javascript", "@"):
        assert trace not in body


def test_attachments_are_listed_and_never_saved(site, capsys):
    code, out = run(site, "inbox", str(MAIL / "attachments.eml"))
    assert code == 0
    assert "attachments ignored: infusion-chair.jpg (image/jpeg, 162 bytes)" in out
    assert "../../../../etc/schedule.pdf (application/pdf, 78 bytes)" in out
    files = sorted(path.relative_to(site.comments.parent.parent) for path in site.comments.parent.parent.rglob("*"))
    queue = [path for path in files if path.parts[:3] == ("content", "comments", "pending")]
    assert [path.name for path in queue] == ["pending", f"{read_one('attachments.eml').id}.json"]
    assert not any("schedule" in path.name or "chair" in path.name for path in files)
    code, out = run(site, "pending")
    assert "attachments ignored: infusion-chair.jpg" in out


def test_encoded_names_lose_bidi_overrides_and_control_characters():
    reply = read_one("encoded-name-bidi.eml")
    assert reply.author == "Evil Twin [31m"
    assert not any(ord(character) < 32 or 0x202A <= ord(character) <= 0x202E for character in reply.author)
    assert reply.text == "Does the headache come on the same day or the day after?"
    assert reply.subject == "Re: IVIG Month 1 — question [comment ivig-month-1]"


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("", "A reader"),
        ("dana@x.example", "A reader"),
        ('"" <d@x.example>', "A reader"),
        ('"dana@x.example" <dana@x.example>', "A reader"),
    ],
)
def test_without_a_name_the_reader_is_a_reader(tmp_path, header, name):
    path = tmp_path / "anonymous.eml"
    path.write_bytes(
        (f"From: {header}\nSubject: Re: x [comment ivig-month-1]\nMessage-ID: <a1@x.example>\n\nHello.\n").encode()
    )
    assert read_one_at(path).author == name


def read_one_at(path: Path):
    [reply] = list(read_path(path))
    return reply


def test_a_5_mb_message_is_refused_naming_the_file_and_the_reason(site, tmp_path, capsys):
    big = tmp_path / "huge.eml"
    big.write_bytes(
        b"From: Big <big@x.example>\nSubject: Re: x [comment ivig-month-1]\nMessage-ID: <big@x.example>\n\n"
        + b"x" * 5_000_000
    )
    code, out = run(site, "inbox", str(big), str(MAIL / "gmail-reply-to-post.eml"))
    error = capsys.readouterr().err
    assert code == 1
    assert f"error: {big}: refused: 5.0 MB is more than the 4.2 MB a reply may have" in error
    assert "1 new reply for moderation" in out  # the other message is still read
    assert [path.name for path in site.queue.iterdir()] == [f"{read_one('gmail-reply-to-post.eml').id}.json"]


def test_a_5_mb_message_in_an_mbox_is_refused_and_the_others_are_read(tmp_path):
    box = mailbox.mbox(tmp_path / "replies.mbox")
    box.add((MAIL / "gmail-reply-to-post.eml").read_bytes())
    big = EmailMessage()
    big["From"], big["Subject"], big["Message-ID"] = "Big <big@x.example>", "Re: x", "<big@x.example>"
    big.set_content("x " * 2_600_000)
    box.add(big)
    box.flush()
    items = list(read_path(tmp_path / "replies.mbox"))
    assert [type(item).__name__ for item in items] == ["Reply", "Refused"]
    assert items[1].origin == f"{tmp_path / 'replies.mbox'} (message 2)"
    assert "refused" in items[1].reason


def test_a_message_that_matches_no_post_stays_in_the_unmatched_list(site):
    reply = read_one("no-matching-post.eml")
    assert reply.text == "Read the whole thing on the big screen at the library. Proud of you, kiddo.\nCall me Sunday."
    code, out = run(site, "inbox", str(MAIL / "no-matching-post.eml"), str(MAIL / "gmail-reply-to-post.eml"))
    assert f"unmatched {reply.id}: Grandpa Lou, subject 'Your blog'" in out
    code, out = run(site, "approve", "--all")
    assert code == 0 and "Approved 1; 1 left in the queue" in out
    code, out = run(site, "pending")
    assert "Unmatched (1)" in out and reply.id in out and "Proud of you, kiddo." in out
    code, _ = run(site, "approve", reply.id)
    assert code == 1
    code, out = run(site, "approve", reply.id, "--post", "ivig-month-1")
    assert code == 0
    archive = load_archive(site.comments / "ivig-month-1.json")
    assert not archive.errors
    assert [(c.id, c.parent, c.author) for c in archive.comments] == [(reply.id, None, "Grandpa Lou")]


def test_a_subject_naming_no_post_or_a_path_is_unmatched_and_nothing_is_written_elsewhere(site, tmp_path):
    before = {path: path.read_bytes() for path in site.comments.parent.rglob("*") if path.is_file()}
    for number, tag in enumerate(["[comment no-such-post]", "[comment ../../../etc/passwd]", "[comment ..#c1]"]):
        path = tmp_path / f"odd{number}.eml"
        path.write_bytes(f"From: Odd <o@x.example>\nSubject: Re: {tag}\nMessage-ID: <odd{number}@x>\n\nHi.\n".encode())
        site.inbox([path])
    after = {path: path.read_bytes() for path in site.comments.parent.rglob("*") if path.is_file()}
    new = sorted(set(after) - set(before))
    assert all(path.parent == site.queue for path in new) and len(new) == 3
    assert all(after[path] == data for path, data in before.items())
    assert not any(entry.post for entry in site.queued())
    assert "post 'no-such-post', which does not exist" in " ".join(
        site.queued()[0].notes + site.queued()[1].notes + site.queued()[2].notes
    )


def test_malformed_mime_is_read_with_a_note():
    reply = read_one("malformed-mime.eml")
    assert reply.text == "The monthly updates keep me going."
    assert any("malformed MIME" in note for note in reply.notes)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"just some notes\nno headers here\n", "not an e-mail message"),
        ("picture.eml", bytes(range(256)) * 4, "not an e-mail message"),
        ("old.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Outlook .msg file"),
    ],
)
def test_a_path_that_is_not_a_mailbox_is_a_clear_error(site, tmp_path, capsys, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    code, _ = run(site, "inbox", str(path))
    error = capsys.readouterr().err
    assert code == 1
    assert error.startswith(f"error: {path}:1: ") and message in error
    assert "Traceback" not in error
    assert not site.queue.exists()


def test_a_folder_without_mail_and_a_missing_path_are_clear_errors(site, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert run(site, "inbox", str(tmp_path / "empty"))[0] == 1
    assert "not a mailbox: a folder with no .eml files" in capsys.readouterr().err
    assert run(site, "inbox", str(tmp_path / "missing.mbox"))[0] == 1
    assert "missing.mbox:1: no such file or folder" in capsys.readouterr().err


# --- mailboxes, idempotence, matching by In-Reply-To ---------------------------------------------------------


def test_mbox_and_maildir_give_the_same_replies_and_a_re_read_adds_nothing(site, tmp_path):
    names = sorted(path.name for path in MAIL.glob("*.eml"))
    box = mailbox.mbox(tmp_path / "export.mbox")
    folder = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for name in names:
        box.add((MAIL / name).read_bytes())
        folder.add((MAIL / name).read_bytes())
    box.flush()
    from_eml = site.inbox([MAIL])
    assert len(from_eml.added) + len(from_eml.unmatched) == len(names)
    for path in (tmp_path / "export.mbox", tmp_path / "Maildir", MAIL):
        again = site.inbox([path])
        assert not again.added and not again.unmatched and len(again.seen) == len(names)
    assert len(list(site.queue.glob("m*.json"))) == len(names)


def test_ids_are_digests_of_the_message_id_never_of_the_sender():
    reply = read_one("gmail-reply-to-post.eml")
    assert reply.id == message_digest("CAH7pQ+3vK1mLq0w9Zr=dana.whitfield@mail.gmail.example")
    assert re.fullmatch(r"m[0-9a-f]{16}", reply.id)


def test_a_reply_without_a_tag_finds_its_post_and_parent_by_in_reply_to(site, tmp_path, capsys):
    site.inbox([MAIL / "gmail-reply-to-post.eml"])
    [dana] = site.approve(["m" + read_one("gmail-reply-to-post.eml").id[1:]])
    answer = tmp_path / "answer.eml"
    answer.write_bytes(
        b"From: Jess Marlowe <jess@slowmending.example.org>\nSubject: Re: your comment\n"
        b"Message-ID: <answer-1@slowmending.example.org>\n"
        b"In-Reply-To: <CAH7pQ+3vK1mLq0w9Zr=dana.whitfield@mail.gmail.example>\n"
        b"Date: Thu, 17 Jan 2019 09:00:00 -0600\n\nThank you, Dana! Crackers are on the list.\n"
    )
    [entry] = site.inbox([answer]).added
    assert (entry.post, entry.parent) == ("ivig-approved", dana[0])
    assert run(site, "approve", entry.id, "--by-author")[0] == 0
    stored = {c.id: c for c in load_archive(site.comments / "ivig-approved.json").comments}
    assert (stored[entry.id].is_author, stored[dana[0]].is_author) == (True, False)
    assert stored[entry.id].author == "Jess Marlowe"


# --- approve and reject --------------------------------------------------------------------------------------


def test_approve_keeps_date_and_parent_and_validates_like_every_archive(site):
    site.inbox([MAIL / "apple-mail-reply-to-comment.eml"])
    reply = read_one("apple-mail-reply-to-comment.eml")
    code, out = run(site, "approve", reply.id)
    assert code == 0 and f"approved {reply.id} into" in out
    archive = load_archive(site.comments / "ivig-approved.json")
    assert not archive.errors
    [stored] = [comment for comment in archive.comments if comment.id == reply.id]
    assert (stored.parent, stored.author, stored.date_text) == ("c102", "Marisol Vega", "2019-01-15T07:58:12-06:00")
    assert stored.body == (
        "<p>The blanket is cast on! Teal, because you said once that teal is the only colour that does not look "
        "sad in a waiting room.</p><p>Tell your nurse I said hi.</p>"
    )
    assert not list(site.queue.iterdir()), "the queue entry is gone, no temp file is left"
    assert [path.name for path in site.comments.iterdir() if path.name.startswith(".")] == [".comments.lock"]


def test_approving_into_a_broken_archive_changes_nothing(site, capsys):
    site.inbox([MAIL / "apple-mail-reply-to-comment.eml"])
    path = site.comments / "ivig-approved.json"
    path.write_text(path.read_text().replace('"likes": 2', '"likes": -2', 1))
    before = path.read_bytes()
    code, _ = run(site, "approve", read_one("apple-mail-reply-to-comment.eml").id)
    assert code == 1
    assert "ivig-approved.json:" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert len(list(site.queue.glob("m*.json"))) == 1


def test_an_unknown_id_is_a_clear_error(site, capsys):
    assert run(site, "approve", "m0000000000000000")[0] == 1
    assert "no reply 'm0000000000000000' in the queue; `pending` lists them" in capsys.readouterr().err
    assert run(site, "reject", "../../etc")[0] == 1


def test_rejected_replies_never_come_back(site):
    for name in ("no-matching-post.eml", "html-only-hostile.eml"):
        site.inbox([MAIL / name])
    ids = [read_one("no-matching-post.eml").id, read_one("html-only-hostile.eml").id]
    code, out = run(site, "reject", *ids)
    assert code == 0 and out.count("remembered so that it never comes back") == 2
    assert not list(site.queue.glob("m*.json"))
    archive = load_archive(site.comments / "ivig-month-1.json")
    assert not archive.errors and not archive.comments
    assert [(entry["id"], entry["reason"]) for entry in archive.removed] == [(ids[1], "rejected")]
    assert [entry["id"] for entry in site.rejected()] == [ids[0]]
    report = site.inbox([MAIL / "no-matching-post.eml", MAIL / "html-only-hostile.eml"])
    assert not report.added and not report.unmatched
    assert all("not brought back" in why for _, why in report.seen)


def test_rejecting_a_published_comment_deletes_it_from_its_archive_and_keeps_its_replies(site):
    before = load_archive(site.comments / "ivig-approved.json")
    assert "c102" in {comment.id for comment in before.comments}
    code, out = run(site, "reject", "c102")
    assert code == 0
    assert out == (
        f"deleted c102 from {site.comments / 'ivig-approved.json'} (it was published): gone from the site at the next"
        " build, and remembered so that an import or the inbox never brings it back; its 1 reply stays, shown as"
        " answering a comment that is no longer here\n"
    )
    after = load_archive(site.comments / "ivig-approved.json")
    assert not after.errors
    assert [comment.id for comment in after.comments] == [c.id for c in before.comments if c.id != "c102"]
    assert [(entry["id"], entry["reason"]) for entry in after.removed][-1:] == [("c102", "deleted")]
    assert next(comment for comment in after.comments if comment.id == "c103").parent == "c102"  # the reply stays
    assert run(site, "reject", "c102")[0] == 1  # gone: no longer published, nor in the queue


def test_rejecting_an_id_neither_queued_nor_published_changes_nothing(site, capsys):
    before = {path.name: path.read_bytes() for path in site.comments.glob("*.json")}
    assert run(site, "reject", "c999")[0] == 1
    assert (
        "no reply 'c999' in the queue, nor a published comment with that id in any archive" in capsys.readouterr().err
    )
    assert {path.name: path.read_bytes() for path in site.comments.glob("*.json")} == before


def test_pending_lists_post_parent_name_date_and_first_lines(site):
    site.inbox([MAIL / "thunderbird-reply-to-comment.eml"])
    code, out = run(site, "pending")
    reply = read_one("thunderbird-reply-to-comment.eml")
    assert code == 0
    assert f"{reply.id}  ivig-approved, reply to c109  Tomás Ferreira  2019-01-16 14:05:37-06:00" in out
    assert "| The first month, yes: two small bumps" in out
    assert run(Moderation(site.comments / "none", site.posts), "pending")[1] == "The queue is empty.\n"


def test_no_sender_address_reaches_the_queue_or_the_archives(site):
    site.inbox([MAIL])
    run(site, "approve", "--all")
    written = "".join(path.read_text() for path in site.comments.rglob("*.json"))
    leaked = [address for address in sender_addresses() if address in written]
    assert not leaked
    assert "@" not in "".join(path.read_text() for path in site.queue.rglob("*.json"))


# --- the reply links ------------------------------------------------------------------------------------------


def test_reply_links_name_the_post_and_comment_and_tell_what_is_published():
    links = ReplyLinks("comments@slowmending.example.org", "Tips &amp; Tricks:  IVIG", "ivig-approved")
    assert links.href() == (
        "mailto:comments@slowmending.example.org?subject=Re%3A%20Tips%20%26%20Tricks%3A%20IVIG%20"
        "%5Bcomment%20ivig-approved%5D&body=" + links.href().split("&body=")[1]
    )
    assert "%5Bcomment%20ivig-approved%23c102%5D" in links.href("c102")
    assert "&body=%5BWrite%20your%20reply%20below" in links.href()
    assert "the%20name%20your%20e-mail%20shows%20as%20its%20sender" in links.href()
    assert "address%20never%20is" in links.href() and "%0A--%20%0A" not in links.href()


@pytest.mark.parametrize("value", ["", "not an address", "a@b.example, c@d.example", "Jess <jess@x.example>", 42])
def test_a_bad_comments_email_is_named(value):
    assert check_address(value) is not None
    assert check_address("comments@slowmending.example.org") is None


def test_the_reply_links_render_as_the_reference_macro_byte_for_byte():
    from tests.unit.test_comments_render import CHICAGO, HOSTILE_THREAD, MACRO, CommentListWriter, build_threads

    links = ReplyLinks("comments@slowmending.example.org", "Tips & <Tricks>", "ivig-approved")
    macro = MACRO.environment.from_string(
        "{% from 'comment_list.html' import comment_list %}{{ comment_list(items, 1, reply) }}"
    )
    expected = macro.render(items=build_threads(HOSTILE_THREAD, CHICAGO, 3), reply=links)
    html = CommentListWriter(CHICAGO, 3).html(HOSTILE_THREAD, links)
    assert html == expected
    assert html.count('class="comment-reply-link"') == len(HOSTILE_THREAD)
    assert 'Reply by e-mail<span class="visually-hidden"> to &lt;b&gt;Name&lt;/b&gt;' in html
    assert "<script" not in html


@pytest.mark.parametrize(
    "data",
    [
        b"From: =?utf-8?q?broken <x@y.example>\nDate: garbage\nSubject: =?utf-8?B?!!!?= [comment ivig-month-1]\n"
        b"Message-ID: <<<>>>\n\nhi\n",
        b'From: "unterminated <x@y.example>\nDate: Mon, 32 Foo 2019 99:99:99 +9999\nMessage-ID:\n\nhi\n',
        b"From: A <a@b.example>\nContent-Type: multipart/mixed\n\nno boundary at all\n",
        b'From: A <a@b.example>\nContent-Type: text/plain; charset="utf-8\nContent-Transfer-Encoding: base64\n\n!!!\n',
        b"From: A <a@b.example>\nContent-Type: text/html\n\n<p>unclosed <b>bold <blockquote>quote",
    ],
)
def test_broken_headers_and_structure_are_read_or_refused_never_a_traceback(site, tmp_path, data):
    path = tmp_path / "odd.eml"
    path.write_bytes(data)
    report = site.inbox([path])
    assert len(report.added) + len(report.unmatched) + len(report.refused) == 1
    assert "@" not in "".join(path.read_text() for path in site.queue.glob("*.json"))


def test_a_folder_with_one_bad_file_still_reads_the_others(tmp_path):
    shutil.copy(MAIL / "gmail-reply-to-post.eml", tmp_path / "good.eml")
    (tmp_path / "bad.eml").write_bytes(b"\x00\x01 not mail")
    items = list(read_path(tmp_path))
    assert [type(item).__name__ for item in items] == ["Refused", "Reply"]
    assert items[0].origin == str(tmp_path / "bad.eml") and "not an e-mail message" in items[0].reason


def test_apple_mail_export_folder_is_read_as_its_mbox(tmp_path):
    export = tmp_path / "Comments.mbox"
    export.mkdir()
    box = mailbox.mbox(export / "mbox")
    box.add((MAIL / "apple-mail-reply-to-comment.eml").read_bytes())
    box.flush()
    (export / "table_of_contents").write_bytes(b"\x00binary")
    [reply] = list(read_path(export))
    assert reply.parent == "c102"
