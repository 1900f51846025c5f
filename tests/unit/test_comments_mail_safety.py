"""Hostile mail for ``inbox``: each message is read on its own, sizes are checked before reading, links
are never followed, MIME depth is bounded, and the other messages are still queued (issue 30, item 7)."""

from __future__ import annotations

import json
import mailbox
import os
import resource
import shutil
import subprocess
import sys
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest

from plugins.comments.__main__ import main
from plugins.comments.mail import MAX_MIME_DEPTH, MimeLimitError, read_path, walk_parts

ROOT = Path(__file__).parents[2]
MAIL = ROOT / "tests" / "fixtures" / "mail"
GOOD = "gmail-reply-to-post.eml"
MEMORY_LIMIT = 1 << 30  # the command runs in 1 GB: a message read whole by mistake fails fast instead of swapping


def good_id() -> str:
    [reply] = list(read_path(MAIL / GOOD))
    return reply.id


def good_message(number: int) -> bytes:
    return (
        f"From: Reader {number} <reader{number}@mail.example.net>\nSubject: Re: IVIG [comment ivig-month-1]\n"
        f"Message-ID: <reply-{number}@mail.example.net>\nDate: Mon, 14 Jan 2019 10:00:00 +0000\n\n"
        f"Reply number {number}.\n"
    ).encode()


CRLF_NAME = (
    b"From: =?utf-8?q?Evil=0D=0ABcc=3A_victim=40x=2Eexample=0D=0A?= <evil@x.example>\n"
    b"Subject: Re: IVIG [comment ivig-month-1]\nMessage-ID: <crlf@x.example>\n"
    b"Date: Mon, 14 Jan 2019 10:00:00 +0000\n\nHello from a hostile header.\n"
)


def deep_mime(levels: int = 1000) -> bytes:
    """A message whose multipart parts are nested ``levels`` deep, each with its own boundary."""
    head = b"From: Deep <deep@x.example>\nSubject: Re: IVIG [comment ivig-month-1]\nMessage-ID: <deep@x.example>\n"
    nested = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(levels))
    return head + nested + b"Content-Type: text/plain\n\nat the bottom\n"


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the sample posts and archives, with an empty queue; returns the folder holding content/."""
    shutil.copytree(ROOT / "content" / "posts", tmp_path / "content" / "posts")
    shutil.copytree(ROOT / "content" / "comments", tmp_path / "content" / "comments")
    return tmp_path


def inbox(root: Path, *paths: Path) -> subprocess.CompletedProcess:
    """``python -m plugins.comments inbox PATH...`` as the author runs it, in 1 GB of memory, for at most 2 min."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "plugins.comments", "inbox", *map(str, paths)],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        preexec_fn=limit_memory,
        timeout=120,
    )


def queued(root: Path) -> dict[str, dict]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in (root / "content" / "comments" / "pending").glob("m*.json")
    }


def test_an_encoded_from_name_with_cr_lf_is_read_with_the_breaks_removed(site):
    (site / "mail").mkdir()
    (site / "mail" / "a-crlf.eml").write_bytes(CRLF_NAME)
    shutil.copy(MAIL / GOOD, site / "mail" / GOOD)
    result = inbox(site, site / "mail")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "2 new replies for moderation" in result.stdout
    entries = queued(site)
    [hostile] = [entry for entry in entries.values() if entry["text"] == "Hello from a hostile header."]
    assert "\r" not in hostile["author"] and "\n" not in hostile["author"]
    assert "@" not in json.dumps(entries)
    assert good_id() in entries


def test_a_mime_tree_1000_levels_deep_is_refused_and_the_next_message_is_read(site):
    (site / "mail").mkdir()
    (site / "mail" / "a-deep.eml").write_bytes(deep_mime())
    shutil.copy(MAIL / GOOD, site / "mail" / GOOD)
    result = inbox(site, site / "mail")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        f"error: {site / 'mail' / 'a-deep.eml'}: refused: its MIME parts are nested more than {MAX_MIME_DEPTH} deep"
        " (no mail program does that)\n"
    )
    assert "1 new reply for moderation, 0 unmatched, 0 read before, 1 refused" in result.stdout
    assert list(queued(site)) == [good_id()]


def test_walking_a_message_built_deeper_than_the_limit_stops_at_the_limit():
    message = EmailMessage()
    message.set_content("at the bottom")
    for _ in range(MAX_MIME_DEPTH + 1):
        outer = EmailMessage()
        outer.make_mixed()
        outer.attach(message)
        message = outer
    with pytest.raises(MimeLimitError):
        list(walk_parts(message))
    assert len(list(walk_parts(message, limit=MAX_MIME_DEPTH + 1))) == MAX_MIME_DEPTH + 2


def test_a_mime_tree_as_deep_as_allowed_is_still_read(tmp_path):
    path = tmp_path / "nested.eml"
    path.write_bytes(deep_mime(MAX_MIME_DEPTH - 1))
    [reply] = list(read_path(path))
    assert reply.text == "at the bottom"


def test_a_maildir_link_to_dev_zero_and_to_a_file_outside_are_refused_never_read(site, tmp_path):
    box = mailbox.Maildir(site / "Maildir", create=True)
    box.add((MAIL / GOOD).read_bytes())
    outside = tmp_path / "outside.eml"
    outside.write_bytes(good_message(7))
    os.symlink("/dev/zero", site / "Maildir" / "new" / "1.zero")
    os.symlink(outside, site / "Maildir" / "cur" / "2.outside:2,S")
    os.mkfifo(site / "Maildir" / "cur" / "3.fifo:2,S")  # opening it for reading would wait forever
    result = inbox(site, site / "Maildir")
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"error: {site / 'Maildir'} (message 1, new/1.zero): refused: a symbolic link, never followed" in lines[0]
    assert "(message 3, cur/2.outside:2,S): refused: a symbolic link, never followed" in lines[1]
    assert (
        "(message 4, cur/3.fifo:2,S): refused: not a regular file (a folder, a device, a pipe or a socket)" in lines[2]
    )
    assert len(lines) == 3
    assert list(queued(site)) == [good_id()], "the real message is queued, the linked one never read"


def test_links_and_devices_in_a_folder_of_eml_files_are_refused(site, tmp_path):
    (site / "mail").mkdir()
    shutil.copy(MAIL / GOOD, site / "mail" / GOOD)
    os.symlink("/dev/zero", site / "mail" / "zero.eml")
    os.symlink("/etc/passwd", site / "mail" / "passwd.eml")
    result = inbox(site, site / "mail")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {site / 'mail' / 'passwd.eml'}: refused: a symbolic link, never followed; put the message itself"
        " here, not a link to it",
        f"error: {site / 'mail' / 'zero.eml'}: refused: a symbolic link, never followed; put the message itself"
        " here, not a link to it",
    ]
    assert list(queued(site)) == [good_id()]
    assert "root:" not in json.dumps(queued(site))


def test_dev_zero_named_directly_is_refused_as_not_a_file(site):
    result = inbox(site, Path("/dev/zero"), MAIL / GOOD)
    assert result.returncode == 1
    assert result.stderr == (
        "error: /dev/zero:1: refused: not a regular file (a folder, a device, a pipe or a socket); give .eml files, an"
        " mbox file or a Maildir folder\n"
    )
    assert list(queued(site)) == [good_id()]


def test_a_giant_message_is_refused_by_its_size_before_it_is_read(site):
    """A 3 GB message (sparse: it takes no disk) in a Maildir and as an .eml: read whole it would not fit in
    the command's 1 GB."""
    box = mailbox.Maildir(site / "Maildir", create=True)
    box.add((MAIL / GOOD).read_bytes())
    giant = site / "Maildir" / "cur" / "9.giant:2,S"
    giant.write_bytes(good_message(9))
    os.truncate(giant, 3 << 30)
    (site / "mail").mkdir()
    shutil.copy(giant, site / "mail" / "giant.eml")
    result = inbox(site, site / "Maildir", site / "mail")
    assert "MemoryError" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode == 1
    too_large = "refused: 3221.2 MB is more than the 4.2 MB a reply may have"
    assert result.stderr.splitlines() == [
        f"error: {site / 'Maildir'} (message 2, cur/9.giant:2,S): {too_large} (attachments, probably); ask for the"
        " text alone, or save the message without its attachments",
        f"error: {site / 'mail' / 'giant.eml'}: {too_large} (attachments, probably); ask for the text alone, or save"
        " the message without its attachments",
    ]
    assert list(queued(site)) == [good_id()]


def test_an_mbox_with_a_giant_line_is_refused_whole_and_the_next_path_is_read(site):
    """The standard library's mbox reader holds each line whole while it indexes the file: a 3 GB line (no mail
    program writes one) would exhaust memory, so the file is refused with one line saying why."""
    mbox = site / "export.mbox"
    mbox.write_bytes(b"From MAILER-DAEMON Mon Jan 14 10:00:00 2019\n" + good_message(1))
    os.truncate(mbox, 3 << 30)
    result = inbox(site, mbox, MAIL / GOOD)
    assert "MemoryError" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {mbox}:1: refused whole: it holds a line of 3,221,225,")
    assert "export the folder again" in result.stderr
    assert list(queued(site)) == [good_id()]


def test_a_1000_mail_mbox_with_one_hostile_mail_queues_the_other_999(site):
    box = mailbox.mbox(site / "replies.mbox")
    for number in range(1, 1001):
        box.add(deep_mime() if number == 500 else good_message(number))
    box.flush()
    result = inbox(site, site / "replies.mbox")
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {site / 'replies.mbox'} (message 500): refused: its MIME parts are nested more than {MAX_MIME_DEPTH}"
        " deep (no mail program does that)\n"
    )
    assert "999 new replies for moderation, 0 unmatched, 0 read before, 1 refused" in result.stdout
    texts = sorted(entry["text"] for entry in queued(site).values())
    assert texts == sorted(f"Reply number {number}." for number in range(1, 1001) if number != 500)


def test_a_missing_path_does_not_stop_the_paths_after_it(site):
    result = inbox(site, site / "missing.mbox", MAIL / GOOD)
    assert result.returncode == 1
    assert result.stderr == f"error: {site / 'missing.mbox'}:1: no such file or folder\n"
    assert list(queued(site)) == [good_id()]


def hidden_address_mail() -> bytes:
    """A reply whose sender hides addresses in every place a reply's words reach: name, subject, text (plain
    and in every obfuscated form) and an attachment's name."""
    message = EmailMessage()
    message["From"] = Address("maria.reader\uff20example.net", addr_spec="maria.reader@example.net")
    message["Subject"] = "Re: IVIG [comment ivig-month-1] from maria\u200b.reader@ex\u00e4mple.org"
    message["Message-ID"] = "<hidden@example.net>"
    message["Date"] = "Mon, 15 Apr 2019 10:00:00 +0000"  # after the post it answers
    message.set_content(
        "Write to maria.reader@ex\u00e4mple.org, maria.reader\uff20example.net, maria@localhost,\n"
        "maria@[192.0.2.1] or ma\u200dria.rea\u2060der@exa\ufeffmple.net. Thanks!\n"
    )
    message.add_attachment(b"BEGIN:VCARD\r\nEND:VCARD\r\n", "text", "vcard", filename="maria.reader@example.net.vcf")
    return bytes(message)


def test_addresses_in_unicode_and_hidden_forms_reach_neither_queue_nor_archive_nor_output(tmp_path, capsys):
    shutil.copytree(ROOT / "content" / "posts", tmp_path / "content" / "posts")
    shutil.copytree(ROOT / "content" / "comments", tmp_path / "content" / "comments")
    mail = tmp_path / "hidden.eml"
    mail.write_bytes(hidden_address_mail())
    folders = ["--comments", str(tmp_path / "content" / "comments"), "--posts", str(tmp_path / "content" / "posts")]
    assert main(["inbox", str(mail), *folders]) == 0
    assert main(["pending", *folders]) == 0
    [entry] = queued(tmp_path).values()
    queue = json.dumps(entry, ensure_ascii=False)
    assert entry["author"] == "A reader"
    assert entry["text"] == (
        "Write to [address removed], [address removed], [address removed],\n"
        "[address removed] or [address removed]. Thanks!"
    )
    assert entry["attachments"] == ["[address removed] (text/vcard, 24 bytes)"]
    assert main(["approve", "--all", *folders]) == 0
    written = capsys.readouterr()
    queue_and_archive = queue + (tmp_path / "content" / "comments" / "ivig-month-1.json").read_text(encoding="utf-8")
    assert queue_and_archive.count("Thanks!") == 2
    for shown in (written.out, written.err, queue_and_archive):
        for trace in ("maria", "example.net", "ex\u00e4mple", "localhost", "192.0.2.1", "\uff20"):
            assert trace not in shown


@pytest.mark.parametrize(
    ("header", "value", "reason"),
    [
        ("From", "a@b.example, " * 3_000, "its From header is 39,000 characters long, more than 1,000"),
        ("Subject", "=?utf-8?q?a?= " * 3_000, "its Subject header is 42,000 characters long, more than 4,000"),
        ("Content-Type", "text/plain; " + "a=b; " * 2_000, "its Content-Type header is 10,012 characters long"),
    ],
)
def test_a_header_the_parser_would_take_minutes_over_is_refused_by_its_length(tmp_path, header, value, reason):
    """The standard library's header parser takes time growing with the square of a header's length (73 s for a
    560 KB Subject), so the headers it reads are bounded before it parses them."""
    path = tmp_path / "long.eml"
    headers = {"From": "A <a@b.example>", "Subject": "Re: x", "Content-Type": "text/plain", header: value}
    path.write_bytes(("".join(f"{name}: {text}\n" for name, text in headers.items()) + "\nHello.\n").encode())
    [refused] = list(read_path(path))
    assert reason in refused.reason and "(no mail program does that)" in refused.reason


def test_a_message_with_thousands_of_parts_is_refused_and_a_long_real_subject_is_read(tmp_path):
    parts = "".join("--b\nContent-Type: application/x-a\n\nx\n" for _ in range(1_000))
    many = tmp_path / "many.eml"
    many.write_bytes(f'From: A <a@b.example>\nContent-Type: multipart/mixed; boundary="b"\n\n{parts}--b--\n'.encode())
    [refused] = list(read_path(many))
    assert refused.reason == "refused: it has more than 200 MIME parts (no mail program does that)"
    long_subject = tmp_path / "long-subject.eml"
    long_subject.write_bytes(f"From: A <a@b.example>\nSubject: {'word ' * 700}\n\nHello.\n".encode())
    [reply] = list(read_path(long_subject))
    assert reply.text == "Hello." and reply.subject.startswith("word word")


def html_mail(html: str) -> bytes:
    message = EmailMessage()
    message["From"], message["Subject"] = "Deep <deep@x.example>", "Re: IVIG [comment ivig-month-1]"
    message["Message-ID"] = "<html@x.example>"
    message.set_content(html, subtype="html")
    return bytes(message)


def test_html_nested_20000_deep_is_refused_and_html_150_deep_is_read(tmp_path):
    """nh3's parser takes time growing with the square of the nesting (minutes at 200,000 <div>)."""
    deep = tmp_path / "a-deep.eml"
    deep.write_bytes(html_mail("<div>" * 20_000 + "hidden"))
    fine = tmp_path / "b-fine.eml"
    fine.write_bytes(html_mail("<div>" * 150 + "<p>Nested, but real.</p>" + "</div>" * 150))
    refused, reply = list(read_path(tmp_path))
    assert refused.origin == str(deep)
    assert refused.reason == "refused: its HTML is nested more than 200 deep (no mail program does that)"
    assert reply.text == "Nested, but real."
