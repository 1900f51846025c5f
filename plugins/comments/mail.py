"""Readers' replies by e-mail, read with the standard library: ``.eml`` files, an mbox file or a Maildir folder.

Each message becomes a :class:`Reply`: an id from a digest of its Message-ID, the post and parent comment
named by the subject tag (``[comment SLUG#ID]``) or by the replies it answers (``In-Reply-To``,
``References``), the display name, the date, and the text without quotes, signature or mobile footer
(:mod:`.replytext`). The sender's address is read only to be left out: nothing here returns it.
"""

from __future__ import annotations

import hashlib
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path

from .archive import CommentArchiveError
from .replytext import clean_name, html_to_text, reply_text, scrub_addresses

MAX_MESSAGE_BYTES = 4 * 1024 * 1024  # a reply with a phone photo attached fits; a 5 MB message does not
ANONYMOUS_READER = "A reader"
# ``[comment SLUG]`` answers a post, ``[comment page:SLUG]`` a page (its own namespace), ``#ID`` a comment.
TAG_RE = re.compile(r"\[comment\s+((?:page:)?[A-Za-z0-9][A-Za-z0-9_-]{0,199})(?:#([A-Za-z0-9][A-Za-z0-9_-]{0,63}))?\]")
MESSAGE_ID_RE = re.compile(r"<([^<>\s]+)>")
EML_SUFFIXES = (".eml",)


class MailboxError(CommentArchiveError):
    """A path that cannot be read as mail, or a message that is refused: ``path:line: message``."""


@dataclass
class Reply:
    """One reader's reply as read from a message: no address, nothing that could lead back to one."""

    id: str
    author: str
    date: datetime
    text: str
    origin: str  # the file (and the message's place in a mailbox), for messages to the author
    subject: str = ""
    post: str | None = None  # slug named by the subject tag
    parent: str | None = None  # comment id named by the subject tag
    answers: list[str] = field(default_factory=list)  # ids of the messages it replies to (digests)
    attachments: list[str] = field(default_factory=list)  # "name (type, size)", never saved
    notes: list[str] = field(default_factory=list)  # what was odd about the message


@dataclass
class Refused:
    """A message that is not taken, and why (it is never written anywhere)."""

    origin: str
    reason: str


def message_digest(message_id: str) -> str:
    """The id of a reply: ``m`` and 16 hex digits of BLAKE2b of its Message-ID (never of its sender)."""
    return "m" + hashlib.blake2b(message_id.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


def message_ids(value: str | None) -> list[str]:
    """The Message-IDs in a header such as ``References`` (``<a@b> <c@d>``), as written between the brackets."""
    if not value:
        return []
    found = MESSAGE_ID_RE.findall(str(value))
    if not found and str(value).strip():
        found = [str(value).strip()]
    return found


def read_path(path: Path, max_bytes: int = MAX_MESSAGE_BYTES) -> Iterator[Reply | Refused]:
    """Every message of a ``.eml`` file, a folder of them, an mbox file or a Maildir folder.

    Raises :class:`MailboxError` when the path is not a mailbox at all; a single bad message is a
    :class:`Refused` and the others are still read.
    """
    if path.is_dir():
        if all((path / name).is_dir() for name in ("cur", "new")):
            yield from _read_mailbox(path, mailbox.Maildir(path, factory=None, create=False), max_bytes)
            return
        if (path / "mbox").is_file():  # Apple Mail's export: Name.mbox/mbox
            yield from read_path(path / "mbox", max_bytes)
            return
        files = sorted(child for child in path.iterdir() if child.suffix.lower() in EML_SUFFIXES)
        if not files:
            raise MailboxError(
                path,
                1,
                "not a mailbox: a folder with no .eml files and no cur/ and new/ (Maildir); "
                "give .eml files, an mbox file or a Maildir folder",
            )
        for file in files:
            try:
                yield from read_path(file, max_bytes)
            except MailboxError as error:
                yield Refused(str(file), error.message)
        return
    if not path.exists():
        raise MailboxError(path, 1, "no such file or folder")
    with path.open("rb") as handle:
        start = handle.read(5)
    if start == b"From ":
        yield from _read_mailbox(path, mailbox.mbox(path, factory=None, create=False), max_bytes)
        return
    if path.suffix.lower() == ".msg":
        raise MailboxError(
            path,
            1,
            "an Outlook .msg file is not a saved e-mail message; save the message as .eml, "
            "or drag it to a folder that you export as mbox",
        )
    yield _read_file(path, max_bytes)


def _read_file(path: Path, max_bytes: int) -> Reply | Refused:
    size = path.stat().st_size
    if size > max_bytes:
        return Refused(str(path), too_large(size, max_bytes))
    raw = path.read_bytes()
    message = BytesParser(policy=policy.default).parsebytes(raw)
    if not looks_like_mail(message):
        raise MailboxError(
            path,
            1,
            "not an e-mail message (no From, Date, Subject or Message-ID header); give a message "
            "saved as .eml, an mbox file or a Maildir folder",
        )
    return read_message(message, raw, str(path))


def read_message(message: EmailMessage, raw: bytes, origin: str) -> Reply | Refused:
    """:func:`parse_message`, or a :class:`Refused` for a message so broken that the standard library fails on it."""
    try:
        return parse_message(message, raw, origin)
    except Exception as error:  # hostile input meets known bugs of the email package
        return Refused(origin, f"refused: malformed message the e-mail parser cannot read ({type(error).__name__})")


def _read_mailbox(path: Path, box: mailbox.Mailbox, max_bytes: int) -> Iterator[Reply | Refused]:
    try:
        keys = list(box.iterkeys())
    except (OSError, mailbox.Error) as error:
        raise MailboxError(path, 1, f"cannot read the mailbox: {error}") from None
    for number, key in enumerate(keys, start=1):
        origin = f"{path} (message {number})"
        raw = box.get_bytes(key)
        if len(raw) > max_bytes:
            yield Refused(origin, too_large(len(raw), max_bytes))
            continue
        message = BytesParser(policy=policy.default).parsebytes(raw)
        if not looks_like_mail(message):
            yield Refused(origin, "not an e-mail message (no From, Date, Subject or Message-ID header)")
            continue
        yield read_message(message, raw, origin)


def too_large(size: int, limit: int) -> str:
    return (
        f"refused: {size / 1_000_000:.1f} MB is more than the {limit / 1_000_000:.1f} MB a reply may have "
        "(attachments, probably); ask for the text alone, or save the message without its attachments"
    )


def looks_like_mail(message: EmailMessage) -> bool:
    return any(message.get(name) is not None for name in ("From", "Date", "Subject", "Message-ID"))


def raw_header(message: EmailMessage, name: str) -> str:
    """A header's text as written in the message (the first one of that name), without parsing it."""
    wanted = name.lower()
    for key, value in message.raw_items():
        if key.lower() == wanted:
            return str(value)
    return ""


def header_text(message: EmailMessage, name: str) -> str:
    """A header decoded (RFC 2047); a malformed one as well as it can be decoded, never an error."""
    try:
        value = message.get(name)
        return "" if value is None else str(value)
    except (ValueError, IndexError, TypeError, LookupError, AttributeError):  # the header parser's own failures
        raw = raw_header(message, name)
    try:
        return str(make_header(decode_header(raw)))
    except (ValueError, LookupError, UnicodeError):
        return raw


def parse_message(message: EmailMessage, raw: bytes, origin: str) -> Reply:
    """One parsed message as a :class:`Reply`."""
    notes: list[str] = []
    message_id = message_ids(raw_header(message, "Message-ID"))
    if message_id:
        reply_id = message_digest(message_id[0])
    else:
        reply_id = message_digest("no-message-id:" + hashlib.blake2b(raw, digest_size=16).hexdigest())
        notes.append("no Message-ID: its id comes from its bytes")
    subject = " ".join(header_text(message, "Subject").split())
    post = parent = None
    tag = TAG_RE.search(subject)
    if tag:
        post, parent = tag.group(1), tag.group(2)
    answers = [message_digest(value) for value in message_ids(raw_header(message, "In-Reply-To"))]
    answers += [message_digest(value) for value in reversed(message_ids(raw_header(message, "References")))]
    text, attachments, body_notes = message_text(message)
    notes += body_notes
    if message.defects:
        notes.append("malformed MIME: " + ", ".join(sorted({type(defect).__name__ for defect in message.defects})))
    return Reply(
        id=reply_id,
        author=display_name(header_text(message, "From")),
        date=message_date(message, notes),
        text=text,
        origin=origin,
        subject=scrub_addresses(subject),
        post=post,
        parent=parent,
        answers=list(dict.fromkeys(answers)),
        attachments=attachments,
        notes=notes,
    )


def display_name(from_header: str) -> str:
    """The name the reader gave, cleaned of control and bidi characters; "A reader" when there is none."""
    name, _address = parseaddr(from_header)
    name = clean_name(name)
    if not name or "@" in name:
        return ANONYMOUS_READER
    return name


def message_date(message: EmailMessage, notes: list[str]) -> datetime:
    """The Date header as an aware datetime; without a valid one, the time it is read (and a note)."""
    try:
        header = message.get("Date")
        value = getattr(header, "datetime", None)
    except (ValueError, IndexError, TypeError, OverflowError):
        value = None
    if value is None:
        notes.append("no valid Date header: dated when read")
        return datetime.now(UTC).replace(microsecond=0)
    if value.tzinfo is None:  # "-0000": the time is UTC, the sender's zone unknown (RFC 5322)
        value = value.replace(tzinfo=UTC)
    return value


def message_text(message: EmailMessage) -> tuple[str, list[str], list[str]]:
    """The reply's own text (plain part, or the HTML part made safe and turned to text), the attachments
    (listed, never kept) and notes."""
    notes: list[str] = []
    body = None
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, ValueError, TypeError):
        notes.append("malformed MIME structure")
    text = ""
    if body is not None:
        content = part_text(body, notes)
        if body.get_content_type() == "text/html":
            text = html_to_text(content)
        else:
            flowed = body.get_param("format", "", header="content-type") == "flowed"
            delsp = body.get_param("delsp", "", header="content-type") == "yes"
            text = content if not flowed else unflow(content, delsp)
    elif not message.is_multipart() and message.get_content_maintype() == "text":
        text = part_text(message, notes)
    attachments = [describe(part) for part in message.walk() if is_attachment(part, body)]
    return reply_text(text), attachments, notes


def part_text(part: EmailMessage, notes: list[str]) -> str:
    """A text part's content; an unknown charset or a broken transfer encoding is read as UTF-8, with a note."""
    try:
        return part.get_content()
    except (LookupError, ValueError, AssertionError, UnicodeError):
        notes.append(f"{part.get_content_type()} part with a bad charset or encoding, read as UTF-8")
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)


def is_attachment(part: EmailMessage, body: EmailMessage | None) -> bool:
    """A leaf part that is neither the body nor another form of it (the HTML twin of a plain text body)."""
    if part.is_multipart() or part is body:
        return False
    disposition = part.get_content_disposition()
    if disposition == "attachment" or part.get_filename():
        return True
    return part.get_content_maintype() != "text"


def describe(part: EmailMessage) -> str:
    """``name (type, size)`` of an attachment: listed for the author, never saved."""
    name = clean_name(part.get_filename() or "") or "unnamed"
    payload = part.get_payload(decode=True)
    size = len(payload) if isinstance(payload, bytes) else 0
    return f"{name} ({part.get_content_type()}, {size:,} bytes)"


def unflow(text: str, delsp: bool) -> str:
    """Undo ``format=flowed`` (RFC 3676): a line ending in a space goes on with the next one."""
    lines: list[str] = []
    current = ""
    for line in text.split("\n"):
        line = line.rstrip("\r")
        quoted = len(line) - len(line.lstrip(">"))
        if line.startswith(" ") and not quoted:
            line = line[1:]  # space-stuffing
        if line.endswith(" ") and line != "-- ":
            current += line[:-1] if delsp else line
            continue
        lines.append(current + line)
        current = ""
    if current:
        lines.append(current)
    return "\n".join(lines)


def from_mbox_or_eml(paths: list[Path], max_bytes: int = MAX_MESSAGE_BYTES) -> Iterator[Reply | Refused]:
    """Every message of every path, in order (see :func:`read_path`)."""
    for path in paths:
        yield from read_path(path, max_bytes)
