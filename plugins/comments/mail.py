"""Readers' replies by e-mail, read with the standard library: ``.eml`` files, an mbox file or a Maildir folder.

Each message becomes a :class:`Reply`: an id from a digest of its Message-ID, the post and parent comment
named by the subject tag (``[comment SLUG#ID]``) or by the replies it answers (``In-Reply-To``,
``References``), the display name, the date, and the text without quotes, signature or mobile footer
(:mod:`.replytext`). The sender's address is read only to be left out: nothing here returns it.
"""

from __future__ import annotations

import errno
import hashlib
import mailbox
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import EmailPolicy
from email.utils import parseaddr
from pathlib import Path
from typing import BinaryIO

from .archive import CommentArchiveError
from .replytext import HtmlTooDeepError, clean_name, has_at_sign, html_to_text, reply_text, scrub_addresses

MAX_MESSAGE_BYTES = 4 * 1024 * 1024  # a reply with a phone photo attached fits; a 5 MB message does not
ANONYMOUS_READER = "A reader"
# ``[comment SLUG]`` answers a post, ``[comment page:SLUG]`` a page (its own namespace), ``#ID`` a comment.
TAG_RE = re.compile(r"\[comment\s+((?:page:)?[A-Za-z0-9][A-Za-z0-9_-]{0,199})(?:#([A-Za-z0-9][A-Za-z0-9_-]{0,63}))?\]")
MESSAGE_ID_RE = re.compile(r"<([^<>\s]+)>")
EML_SUFFIXES = (".eml",)
MAX_MIME_DEPTH = 32  # parts inside parts; a forwarded message inside a reply is 3 or 4 deep
MAX_PARTS = 200  # a reply with a few photos has 5 to 10
# The standard library's header parser takes time that grows with the square of a header's length (a 560 KB
# Subject of encoded words: 73 s; the parser itself reads a multipart's Content-Type again for each part), so
# the headers it parses here are bounded while the message is read: each, and all of them together.
HEADER_LIMITS = {  # characters; real messages stay far below (a Content-Type with a long file name: 300)
    "from": 1_000,
    "subject": 4_000,
    "date": 1_000,
    "content-type": 1_000,
    "content-disposition": 1_000,
    "content-transfer-encoding": 1_000,
}
MAX_PARSED_HEADER_CHARACTERS = 16_000
SYMLINK_REFUSAL = "refused: a symbolic link, never followed; put the message itself here, not a link to it"
NOT_A_FILE = (
    "refused: not a regular file (a folder, a device, a pipe or a socket); give .eml files, an mbox file or a "
    "Maildir folder"
)


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
    """A message or a path that is not taken, and why (it is never written anywhere)."""

    origin: str
    reason: str
    line: int | None = None  # 1 when the whole file or folder is refused

    def __str__(self) -> str:
        """The line for the author, without any address (a file name may hold one)."""
        shown = f"{self.origin}:{self.line}: {self.reason}" if self.line else f"{self.origin}: {self.reason}"
        return scrub_addresses(shown)


class MimeLimitError(ValueError):
    """A message beyond what any mail program writes (parts too deep or too many, a header too long); the text
    says which, for the author."""


class DepthLimitedMessage(EmailMessage):
    """The standard library's message, which counts how deep each part is attached, and how many parts there
    are, while it is parsed.

    The parser attaches each part to its parent before reading the part's own parts, so a message nested
    1,000 deep stops at level :data:`MAX_MIME_DEPTH` + 1 instead of exhausting the parser's recursion, and one
    with 60,000 parts stops at part :data:`MAX_PARTS` + 1.
    """

    depth = 0
    root: DepthLimitedMessage | None = None
    parts = 1

    def attach(self, payload) -> None:
        if isinstance(payload, DepthLimitedMessage):
            payload.depth = self.depth + 1
            payload.root = root = self.root or self
            root.parts += 1
            if payload.depth > MAX_MIME_DEPTH:
                raise MimeLimitError(f"its MIME parts are nested more than {MAX_MIME_DEPTH} deep")
            if root.parts > MAX_PARTS:
                raise MimeLimitError(f"it has more than {MAX_PARTS} MIME parts")
        super().attach(payload)

    def get_content_type(self) -> str:
        """The standard library's answer, parsed once per Content-Type value: the parser asks a multipart for
        its type again for each of its parts."""
        key = (self.get_default_type(), next((v for k, v in self.raw_items() if k.lower() == "content-type"), None))
        cached = self.__dict__.get("content_type_cache")
        if cached is None or cached[0] != key:
            cached = self.__dict__["content_type_cache"] = (key, super().get_content_type())
        return cached[1]


class BoundedHeaderPolicy(EmailPolicy):
    """The standard library's default policy, refusing a header it would parse (:data:`HEADER_LIMITS`) that is
    too long, as soon as the header is read."""

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        name, value = super().header_source_parse(sourcelines)
        limit = HEADER_LIMITS.get(name.lower())
        if limit is not None and len(value) > limit:
            raise MimeLimitError(f"its {name} header is {len(value):,} characters long, more than {limit:,}")
        return name, value


MAIL_POLICY = BoundedHeaderPolicy(message_factory=DepthLimitedMessage)


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

    Never raises for bad input: a path that is not a mailbox, a message that is too large, a symbolic link or
    a device inside a folder, a message the parser cannot read, each is a :class:`Refused` naming it, and
    the others are still read. The path the author names may itself be a link; nothing inside it is followed.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        yield Refused(_shown(path), "no such file or folder", line=1)
        return
    except OSError as error:
        yield Refused(_shown(path), f"cannot be read: {error.strerror}", line=1)
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _read_folder(path, max_bytes)
    elif stat.S_ISREG(info.st_mode):
        yield from _read_mail_file(path, _shown(path), max_bytes, follow=True)
    else:
        yield Refused(_shown(path), NOT_A_FILE, line=1)


def _shown(path: Path | str) -> str:
    """A path as written in messages and the queue: an address in a file name (a saved subject) removed."""
    return scrub_addresses(str(path))


def _read_folder(path: Path, max_bytes: int) -> Iterator[Reply | Refused]:
    if all((path / name).is_dir() for name in ("cur", "new")):
        yield from _read_maildir(path, max_bytes)
        return
    apple = path / "mbox"  # Apple Mail's export: Name.mbox/mbox
    if apple.is_symlink() or apple.is_file():
        yield from _read_mail_file(apple, _shown(apple), max_bytes, follow=False)
        return
    try:
        entries = sorted((entry for entry in os.scandir(path) if entry.name.lower().endswith(EML_SUFFIXES)), key=_name)
    except OSError as error:
        yield Refused(_shown(path), f"cannot be read: {error.strerror}", line=1)
        return
    if not entries:
        yield Refused(
            _shown(path),
            "not a mailbox: a folder with no .eml files and no cur/ and new/ (Maildir); "
            "give .eml files, an mbox file or a Maildir folder",
            line=1,
        )
        return
    for entry in entries:
        yield from _read_mail_file(Path(entry.path), _shown(entry.path), max_bytes, follow=False)


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _read_maildir(path: Path, max_bytes: int) -> Iterator[Reply | Refused]:
    """The messages of ``new/`` then ``cur/``, each a file: links and devices refused, sizes checked first."""
    number = 0
    for folder in (path / "new", path / "cur"):
        if folder.is_symlink():
            yield Refused(_shown(folder), SYMLINK_REFUSAL)
            continue
        try:
            entries = sorted(os.scandir(folder), key=_name)
        except OSError as error:
            yield Refused(_shown(folder), f"cannot be read: {error.strerror}")
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                continue
            number += 1
            origin = _shown(f"{path} (message {number}, {folder.name}/{entry.name})")
            try:
                raw = read_bounded(Path(entry.path), max_bytes, follow=False)
            except MailboxError as error:
                yield Refused(origin, error.message)
                continue
            yield read_raw(raw, origin)


def _read_mail_file(path: Path, origin: str, max_bytes: int, follow: bool) -> Iterator[Reply | Refused]:
    """One file: an mbox (it starts with ``From ``), or a single message (``.eml``)."""
    try:
        with open_regular(path, follow) as handle:
            if handle.read(5) == b"From ":
                longest = longest_line(handle)
            else:
                longest = None
                handle.seek(0)
                raw = read_limited(handle, max_bytes)
    except MailboxError as error:
        yield Refused(origin, error.message)
        return
    if longest is not None:
        yield from _read_mbox(path, origin, longest, max_bytes)
        return
    if path.suffix.lower() == ".msg":
        yield Refused(
            origin,
            "an Outlook .msg file is not a saved e-mail message; save the message as .eml, "
            "or drag it to a folder that you export as mbox",
            line=1,
        )
        return
    yield read_raw(raw, origin, whole_file=True)


def _read_mbox(path: Path, origin: str, longest: int, max_bytes: int) -> Iterator[Reply | Refused]:
    """The messages of an mbox file (the standard library's reader), each size checked before it is read."""
    if longest > max_bytes:  # the reader holds each line whole while it indexes the file
        yield Refused(
            origin,
            f"refused whole: it holds a line of {longest:,} bytes, more than a message may have; mail programs "
            "never write such lines: export the folder again",
            line=1,
        )
        return
    try:
        box = mailbox.mbox(path, factory=None, create=False)
        keys = list(box.iterkeys())
    except (OSError, mailbox.Error) as error:
        yield Refused(origin, f"cannot read the mailbox: {error}", line=1)
        return
    try:
        for number, key in enumerate(keys, start=1):
            message_origin = f"{origin} (message {number})"
            try:
                with box.get_file(key) as handle:
                    raw = read_limited(handle, max_bytes)
            except MailboxError as error:
                yield Refused(message_origin, error.message)
                continue
            except (OSError, mailbox.Error, KeyError) as error:
                yield Refused(message_origin, f"cannot be read: {error}")
                continue
            yield read_raw(raw, message_origin)
    finally:
        box.close()


def open_regular(path: Path, follow: bool) -> BinaryIO:
    """``path`` opened for reading when it is a regular file; a link is never followed unless ``follow``."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0) | (0 if follow else os.O_NOFOLLOW)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise MailboxError(path, 1, SYMLINK_REFUSAL) from None
        raise MailboxError(path, 1, f"cannot be read: {error.strerror}") from None
    handle = os.fdopen(descriptor, "rb")
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        handle.close()
        raise MailboxError(path, 1, NOT_A_FILE)
    return handle


def read_bounded(path: Path, max_bytes: int, follow: bool) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``: its size is checked before anything is read."""
    with open_regular(path, follow) as handle:
        return read_limited(handle, max_bytes)


def read_limited(handle: BinaryIO, max_bytes: int) -> bytes:
    """All of ``handle`` (a file, or one message of an mbox) when it holds at most ``max_bytes``.

    The size is read first (by seeking to the end), and no more than ``max_bytes + 1`` bytes are ever read,
    so a file that grows while it is read is refused too.
    """
    start = handle.tell()
    handle.seek(0, os.SEEK_END)
    size = handle.tell() - start
    handle.seek(start)
    if size > max_bytes:
        raise MailboxError("", 1, too_large(size, max_bytes))
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise MailboxError("", 1, too_large(len(data), max_bytes))
    return data


def longest_line(handle: BinaryIO) -> int:
    """The length of the longest line of a file, read in blocks (never a whole line in memory)."""
    longest = current = 0
    while block := handle.read(1 << 20):
        lines = block.split(b"\n")
        current += len(lines[0])
        if len(lines) > 1:
            longest = max(longest, current, *(len(line) for line in lines[1:-1]))
            current = len(lines[-1])
    return max(longest, current)


def read_raw(raw: bytes, origin: str, whole_file: bool = False) -> Reply | Refused:
    """One message's bytes as a :class:`Reply`, or a :class:`Refused` saying why; never an exception.

    ``whole_file``: the bytes are a whole file the author named, so "not mail" points at it (line 1).
    """
    try:
        message = BytesParser(policy=MAIL_POLICY).parsebytes(raw)
        if not looks_like_mail(message):
            if whole_file:
                return Refused(
                    origin,
                    "not an e-mail message (no From, Date, Subject or Message-ID header); give a message "
                    "saved as .eml, an mbox file or a Maildir folder",
                    line=1,
                )
            return Refused(origin, "not an e-mail message (no From, Date, Subject or Message-ID header)")
        check_headers(message)
        return parse_message(message, raw, origin)
    except (MimeLimitError, HtmlTooDeepError) as error:
        return Refused(origin, f"refused: {error} (no mail program does that)")
    except RecursionError:
        return Refused(origin, "refused: its headers or parts are nested too deeply to read")
    except Exception as error:  # hostile input meets known bugs of the email package
        return Refused(origin, f"refused: malformed message the e-mail parser cannot read ({type(error).__name__})")


def check_headers(message: EmailMessage) -> None:
    """Raise :class:`MimeLimitError` when the headers that the inbox parses are too long together (their raw
    text is measured, nothing is parsed; each one alone was checked as it was read)."""
    total = 0
    for part in walk_parts(message):
        for name, value in part.raw_items():
            if name.lower() not in HEADER_LIMITS:
                continue
            total += len(value)
            if total > MAX_PARSED_HEADER_CHARACTERS:
                raise MimeLimitError(
                    f"its From, Subject, Date and Content- headers are more than {MAX_PARSED_HEADER_CHARACTERS:,}"
                    " characters long together"
                )


def too_large(size: int, limit: int) -> str:
    return (
        f"refused: {size / 1_000_000:.1f} MB is more than the {limit / 1_000_000:.1f} MB a reply may have "
        "(attachments, probably); ask for the text alone, or save the message without its attachments"
    )


def looks_like_mail(message: EmailMessage) -> bool:
    """True when the message has one of the headers every e-mail has (looked up by name, not parsed)."""
    return any(name in message for name in ("From", "Date", "Subject", "Message-ID"))


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
        notes=[scrub_addresses(note) for note in notes],
    )


def display_name(from_header: str) -> str:
    """The name the reader gave, cleaned of control and bidi characters; "A reader" when there is none."""
    name, _address = parseaddr(from_header)
    name = clean_name(name)
    if not name or has_at_sign(name):  # an address as the name, in any of its forms
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
    attachments = [describe(part) for part in walk_parts(message) if is_attachment(part, body)]
    return reply_text(text), attachments, notes


def part_text(part: EmailMessage, notes: list[str]) -> str:
    """A text part's content; an unknown charset or a broken transfer encoding is read as UTF-8, with a note."""
    try:
        return part.get_content()
    except (LookupError, ValueError, AssertionError, UnicodeError):
        notes.append(f"{part.get_content_type()} part with a bad charset or encoding, read as UTF-8")
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)


def walk_parts(message: EmailMessage, limit: int = MAX_MIME_DEPTH) -> Iterator[EmailMessage]:
    """Every part of a message, in order, without recursion; deeper than ``limit`` is :class:`MimeLimitError`
    (the parser already stops there: this holds for a message built any other way too)."""
    stack = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        if depth > limit:
            raise MimeLimitError(f"its MIME parts are nested more than {limit} deep")
        yield part
        if part.is_multipart():
            stack.extend((child, depth + 1) for child in reversed(part.get_payload()))


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
    return scrub_addresses(f"{name} ({part.get_content_type()}, {size:,} bytes)")  # "maria@example.net.vcf"


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
