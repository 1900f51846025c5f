"""The comment archive: ``content/comments/<post-slug>.json``, loaded and validated.

Every problem becomes a :class:`CommentArchiveError` naming the file and the line (and the comment id and
field when there is one); the caller logs them. A comment that breaks the schema is left out of the page,
but only together with an error that fails the build, so nothing is dropped silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from ..shared import SourceError
from ..shared.text import SHOWN_PLACES, control_character_label, has_control_characters, remove_control_characters

SCHEMA_PATH = Path(__file__).with_name("schema.json")
SCHEMA_VERSION = 2  # what importers write; version 1 files are read as version 2 without the new fields
SCHEMA_VERSIONS = (1, 2)
MAX_LIKES = 1_000_000
ID_KEY_RE = re.compile(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"')
FUTURE_MARGIN = timedelta(days=1)  # a comment dated later than this after the build is a mistake
# How JSON writes a control character (\u000b, \b, \f): an archive without one needs no closer look. A match
# may be an escaped backslash followed by "b" or "u00.."; the fields are then checked one by one.
CONTROL_ESCAPE_RE = re.compile(r"\\(?:u00[01][0-9a-fA-F]|[bf])")
TEXT_FIELDS = ("author", "author_url", "body")  # free text, where pasted control characters can hide
TOO_DEEP = (
    "lists or objects are nested inside each other too deeply to be a comment archive; the file is damaged:"
    " restore it from git (git checkout -- <file>) or import the comments again"
)


class CommentArchiveError(SourceError):
    """A problem in one archive file: path, line and message (``path:line: message``)."""


@dataclass
class StoredComment:
    """One valid comment of the archive, as stored (the body not yet sanitized)."""

    id: str
    parent: str | None
    author: str
    date: datetime
    date_text: str
    body: str
    source: str
    author_url: str | None = None
    is_author: bool = False
    likes: int = 0
    wp_id: str | None = None  # WordPress's comment ID: the page also answers to #comment-<wp_id>

    @property
    def wp_anchor(self) -> str | None:
        """The second anchor's WordPress id, when it differs from the comment's own anchor."""
        return self.wp_id if self.wp_id and self.wp_id != self.id else None


@dataclass
class ArchiveFile:
    """One loaded archive file: its valid comments and the errors found in it."""

    path: Path
    slug: str
    comments: list[StoredComment] = field(default_factory=list)
    errors: list[CommentArchiveError] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)  # the "never bring back" entries, as stored
    warnings: tuple[CommentArchiveError, ...] = ()  # control characters removed from the comments


@dataclass(frozen=True)
class CheckedArchive:
    """What a build keeps of a validated archive file until its post is written: a few bytes, no comments."""

    path: Path
    fingerprint: bytes  # of the file's bytes: is it still the file that was validated?
    clean: bool  # no errors: every comment in the file is shown
    count: int  # the comments shown
    earliest: tuple[datetime, str] | None = None  # (date, id) of the oldest comment, when checked in this build
    warnings: tuple[CommentArchiveError, ...] = ()  # control characters removed from the comments shown


@cache
def schema() -> dict:
    """The JSON Schema of an archive file (``plugins/comments/schema.json``)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def archive_files(folder: Path) -> list[Path]:
    """The archive files of a folder, in a stable order."""
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def fingerprint(raw: bytes) -> bytes:
    """A digest of an archive file's bytes."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def check_archive(
    path: Path, raw: bytes | None = None, digest: bytes | None = None
) -> tuple[CheckedArchive, list[CommentArchiveError]]:
    """Validate one archive file: what its post needs later, and the errors (none when it is clean).

    ``raw``: the file's bytes when they are already read, ``digest`` their :func:`fingerprint`.
    """
    raw = path.read_bytes() if raw is None else raw
    digest = fingerprint(raw) if digest is None else digest
    try:
        text = read_archive_text(raw)
        data = json.loads(text)
        count = clean_count(data)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, too deep: load_archive_bytes says where
        count = None
    if count is not None:
        earliest = min(((datetime.fromisoformat(item["date"]), item["id"]) for item in data["comments"]), default=None)
        warnings = tuple(control_character_warnings(path, text, data["comments"]))
        return CheckedArchive(path, digest, True, count, earliest, warnings), []
    archive = load_archive_bytes(path, raw)
    earliest = min(((comment.date, comment.id) for comment in archive.comments), default=None)
    checked = CheckedArchive(path, digest, not archive.errors, len(archive.comments), earliest, archive.warnings)
    return checked, archive.errors


def control_character_warnings(path: Path, text: str, comments: list) -> list[CommentArchiveError]:
    """One warning naming the comments and fields that hold control characters, which :func:`stored_comment`
    removes; none for a file without them.

    Removed, not refused: they are invisible (a vertical tab, Word's line break, becomes a space), so the
    page still shows what the author approved, and one pasted character does not hide a post's comments.
    """
    if not CONTROL_ESCAPE_RE.search(text):
        return []
    places, found, first = [], set(), None
    for comment in comments:
        if not isinstance(comment, dict):
            continue
        fields = []
        for name in TEXT_FIELDS:
            value = comment.get(name)
            if isinstance(value, str) and has_control_characters(value):
                characters = sorted({c for c in value if remove_control_characters(c) != c})
                found.update(characters)
                fields.append(f"{name!r}: {', '.join(map(control_character_label, characters))}")
        if fields:
            comment_id = comment.get("id")
            first = comment_id if first is None else first
            places.append(f"comment {comment_id!r} ({'; '.join(fields)})")
    if not places:
        return []
    line = _LineFinder(text).of(first) if isinstance(first, str) else 1
    shown = ", ".join(places[:SHOWN_PLACES]) + (
        f" and {len(places) - SHOWN_PLACES} more" if len(places) > SHOWN_PLACES else ""
    )
    written = ", ".join(json.dumps(character)[1:-1] for character in sorted(found))
    message = (
        f"removed invisible control characters that web pages and feeds cannot hold, from {shown}; delete them"
        f" from the file (written {written})"
    )
    return [CommentArchiveError(path, line, message)]


def comments_again(checked: CheckedArchive) -> tuple[list[StoredComment], list[CommentArchiveError], bool]:
    """The comments of an archive checked earlier in this build, read again; errors only if it changed since;
    and whether the file is still byte for byte the one checked.

    An unchanged clean file is not validated twice; a file edited during the build is loaded afresh.
    """
    raw = checked.path.read_bytes()
    if fingerprint(raw) != checked.fingerprint:
        archive = load_archive_bytes(checked.path, raw)
        return archive.comments, archive.errors, False
    if not checked.count:
        return [], [], True
    if checked.clean:
        return trusted_comments(read_archive_text(raw)), [], True
    return load_archive_bytes(checked.path, raw).comments, [], True


def read_archive_text(raw: bytes) -> str:
    """The text of an archive file's bytes, newlines normalized as ``Path.read_text`` does."""
    text = raw.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_archive_bytes(path: Path, raw: bytes) -> ArchiveFile:
    """:func:`load_archive` of a file's bytes; bytes that are not UTF-8 are an error naming the line."""
    try:
        text = read_archive_text(raw)
    except UnicodeDecodeError as error:
        archive = ArchiveFile(path=path, slug=path.stem)
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text ({error.reason}); save the file as UTF-8"
        archive.errors.append(CommentArchiveError(path, line, message))
        return archive
    return load_archive(path, text)


def load_archive(path: Path, text: str | None = None) -> ArchiveFile:
    """Read and validate one archive file (``text``: its content, when already read); never raises for bad content."""
    archive = ArchiveFile(path=path, slug=path.stem)
    if text is None:
        text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        archive.errors.append(CommentArchiveError(path, error.lineno, f"invalid JSON: {error.msg}"))
        return archive
    except RecursionError:
        archive.errors.append(CommentArchiveError(path, 1, TOO_DEEP))
        return archive
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        archive.errors.append(CommentArchiveError(path, 1, f"invalid JSON: {error}"))
        return archive
    lines = _LineFinder(text)
    controls = bool(CONTROL_ESCAPE_RE.search(text))
    rejected: set[int] = set()
    problems = [] if obviously_valid(data) else validator().iter_errors(data)
    for error in sorted(problems, key=lambda e: list(map(str, e.absolute_path))):
        where = list(error.absolute_path)
        if len(where) >= 2 and where[0] == "comments" and isinstance(where[1], int):
            index = where[1]
            rejected.add(index)
            comment = data["comments"][index]
            comment_id = comment.get("id") if isinstance(comment, dict) else None
            field_name = ".".join(map(str, where[2:])) or _missing_field(error)
            line = lines.of(comment_id) if isinstance(comment_id, str) else 1
            label = f"comment {comment_id!r}" if isinstance(comment_id, str) else f"comment #{index + 1}"
            message = f"{label}, field {field_name!r}: {_short(error.message)}"
            archive.errors.append(CommentArchiveError(path, line, message))
        elif len(where) >= 2 and where[0] == "removed" and isinstance(where[1], int):
            entry = data["removed"][where[1]]
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            line = lines.last(entry_id) if isinstance(entry_id, str) else 1
            label = f"removed entry {entry_id!r}" if isinstance(entry_id, str) else f"removed entry #{where[1] + 1}"
            field_name = ".".join(map(str, where[2:])) or _missing_field(error)
            message = f"{label}, field {field_name!r}: {_short(error.message)}"
            archive.errors.append(CommentArchiveError(path, line, message))
        else:
            location = ".".join(map(str, where)) or "file"
            archive.errors.append(CommentArchiveError(path, 1, f"{location}: {_short(error.message)}"))
            if not where:
                return archive
    if not isinstance(data, dict) or not isinstance(data.get("comments"), list):
        return archive
    seen: set[str] = set()
    occurrences: dict[str, int] = {}  # how often each id came before, rejected entries included
    for index, raw in enumerate(data["comments"]):
        comment_id = raw.get("id") if isinstance(raw, dict) else None
        occurrence = occurrences.get(comment_id, 0) if isinstance(comment_id, str) else 0
        if isinstance(comment_id, str):
            occurrences[comment_id] = occurrence + 1
        if index in rejected:
            continue
        if comment_id in seen:
            first = lines.of(comment_id)
            archive.errors.append(
                CommentArchiveError(
                    path,
                    lines.of(comment_id, occurrence),
                    f"comment {comment_id!r}: duplicate id (first used on line {first})",
                )
            )
            continue
        try:
            date = datetime.fromisoformat(raw["date"])
        except ValueError as error:
            line = lines.of(comment_id, occurrence)
            archive.errors.append(CommentArchiveError(path, line, f"comment {comment_id!r}, field 'date': {error}"))
            continue
        seen.add(comment_id)
        archive.comments.append(stored_comment(raw, date, controls))
        if date > datetime.now(UTC) + FUTURE_MARGIN:
            line = lines.of(comment_id, occurrence)
            when = f"{raw['date']} is more than a day in the future"
            message = f"comment {comment_id!r}, field 'date': {when}; correct the date"
            archive.errors.append(CommentArchiveError(path, line, message))
    if controls:
        kept = [raw for index, raw in enumerate(data["comments"]) if index not in rejected]
        archive.warnings = tuple(control_character_warnings(path, text, kept))
    archive.errors.extend(_cycle_errors(archive, lines))
    removed = data.get("removed")
    if isinstance(removed, list):
        archive.removed = [entry for entry in removed if isinstance(entry, dict)]
        archive.errors.extend(_removed_errors(archive, lines))
    archive.errors.extend(_anchor_errors(archive, lines))
    return archive


def id_line(path: Path, comment_id: str) -> int:
    """The line of an archive file on which ``comment_id`` first appears (1 when it cannot be found)."""
    try:
        return _LineFinder(path.read_text(encoding="utf-8", errors="replace")).of(comment_id)
    except OSError:
        return 1


def stored_comment(raw: dict, date: datetime, controls: bool = False) -> StoredComment:
    """One archive entry that passed validation, as a :class:`StoredComment`.

    ``controls``: the file may hold control characters (:data:`CONTROL_ESCAPE_RE`); they are removed.
    """
    author, body, url = raw["author"], raw["body"], raw.get("author_url")
    if controls:
        author, body = remove_control_characters(author), remove_control_characters(body)
        url = None if url is None else remove_control_characters(url)
    return StoredComment(
        raw["id"],
        raw["parent"],
        author.strip(),
        date,
        raw["date"],
        body,
        raw["source"],
        url,
        raw.get("is_author", False),
        raw.get("likes", 0),
        raw.get("wp_id"),
    )


def clean_count(data: object) -> int | None:
    """The number of comments of a parsed archive when it is certainly free of errors, else None.

    A quick check, never more lenient than :func:`load_archive` (a property test holds it to that): the
    file is :func:`obviously_valid`, its ids are unique, its dates exist and are not in the future, and every
    parent is either not in the file or earlier in it, so no chain of parents can loop. Anything else goes to
    :func:`load_archive` for the precise errors.
    """
    if not obviously_valid(data):
        return None
    comments = data["comments"]
    ids = {comment["id"] for comment in comments}
    if len(ids) != len(comments):
        return None
    if not ids.isdisjoint(entry["id"] for entry in data.get("removed", ())):
        return None
    wp_anchors = [comment["wp_id"] for comment in comments if comment.get("wp_id", comment["id"]) != comment["id"]]
    if wp_anchors and (len(set(wp_anchors)) != len(wp_anchors) or not ids.isdisjoint(wp_anchors)):
        return None
    earlier: set[str] = set()
    latest = datetime.now(UTC) + FUTURE_MARGIN
    try:
        for comment in comments:
            parent = comment["parent"]
            if parent is not None and parent in ids and parent not in earlier:
                return None
            earlier.add(comment["id"])
            if datetime.fromisoformat(comment["date"]) > latest:
                return None
    except ValueError:
        return None
    return len(comments)


def trusted_comments(text: str) -> list[StoredComment]:
    """The comments of an archive that :func:`load_archive` found free of errors, without checking it again.

    Only for text that is byte for byte what was validated in this build: it gives the same comments as
    ``load_archive(path, text).comments`` at a fraction of the cost.
    """
    controls = bool(CONTROL_ESCAPE_RE.search(text))
    return [stored_comment(raw, datetime.fromisoformat(raw["date"]), controls) for raw in json.loads(text)["comments"]]


class _LineFinder:
    """The lines on which each comment id appears, for error messages; the text is scanned on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[str, list[int]] | None = None

    def of(self, comment_id: str, occurrence: int = 0) -> int:
        """The line of the id's ``occurrence``-th appearance (0: the first); 1 when it cannot be found."""
        if self.lines is None:
            self.lines = _id_lines(self.text)
        found = self.lines.get(comment_id, [])
        return found[occurrence] if occurrence < len(found) else (found[0] if found else 1)

    def last(self, comment_id: str) -> int:
        """The line of the id's last appearance (the ``removed`` list follows the comments); 1 when not found."""
        self.of(comment_id)
        found = self.lines.get(comment_id, []) if self.lines is not None else []
        return found[-1] if found else 1


def _id_lines(text: str) -> dict[str, list[int]]:
    """The lines on which each comment id appears, in order, for error messages (one pass over the text)."""
    lines: dict[str, list[int]] = {}
    line, position = 1, 0
    for match in ID_KEY_RE.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        key = match.group(1)
        if "\\" in key:  # an escape such as \n: the id as JSON reads it
            with contextlib.suppress(ValueError):
                key = json.loads(f'"{key}"')
        lines.setdefault(key, []).append(line)
    return lines


COMMENT_FIELDS = frozenset(
    {"id", "wp_id", "parent", "author", "author_url", "is_author", "date", "body", "likes", "source"}
)
REQUIRED_FIELDS = frozenset({"id", "parent", "author", "date", "body", "source"})
TOP_LEVEL = frozenset({"schema_version", "comments", "removed"})
REMOVED_FIELDS = frozenset({"id", "reason", "date"})
REMOVED_REASONS = frozenset({"deleted", "rejected"})
SOURCES = frozenset({"manual", "wxr", "wp-json", "disqus", "email"})
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
WP_ID_RE = re.compile(r"[1-9][0-9]{0,19}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")
NON_SPACE_RE = re.compile(r"\S")


def obviously_valid(data: object) -> bool:
    """A quick check, never more lenient than ``schema.json`` (a property test holds it to that).

    jsonschema costs about 0.2 ms a comment, seconds for a large archive; a file that passes this check
    is valid, and any other file goes through jsonschema for precise error messages.
    """
    if not (type(data) is dict and "schema_version" in data and "comments" in data and data.keys() <= TOP_LEVEL):
        return False
    version, comments = data["schema_version"], data["comments"]
    if not (type(version) is int and version in SCHEMA_VERSIONS and type(comments) is list):
        return False
    removed = data.get("removed", [])
    if type(removed) is not list or not all(_obviously_valid_removal(entry) for entry in removed):
        return False
    return all(_obviously_valid_comment(comment) for comment in comments)


def _obviously_valid_removal(entry: object) -> bool:
    if type(entry) is not dict or not ({"id", "reason"} <= entry.keys() <= REMOVED_FIELDS):
        return False
    date = entry.get("date", "2000-01-01T00:00Z")
    return (
        type(entry["id"]) is str
        and ID_RE.fullmatch(entry["id"]) is not None
        and type(entry["reason"]) is str
        and entry["reason"] in REMOVED_REASONS
        and type(date) is str
        and DATE_RE.fullmatch(date) is not None
    )


def _obviously_valid_comment(comment: object) -> bool:
    if type(comment) is not dict or not (REQUIRED_FIELDS <= comment.keys() <= COMMENT_FIELDS):
        return False
    parent, author, body = comment["parent"], comment["author"], comment["body"]
    url, likes, wp_id = comment.get("author_url", ""), comment.get("likes", 0), comment.get("wp_id", "1")
    return (
        type(comment["id"]) is str
        and ID_RE.fullmatch(comment["id"]) is not None
        and (parent is None or (type(parent) is str and ID_RE.fullmatch(parent) is not None))
        and type(author) is str
        and 1 <= len(author) <= 245
        and NON_SPACE_RE.search(author) is not None
        and type(url) is str
        and len(url) <= 2000
        and type(comment.get("is_author", False)) is bool
        and type(comment["date"]) is str
        and DATE_RE.fullmatch(comment["date"]) is not None
        and type(body) is str
        and len(body) <= 65525
        and type(likes) is int
        and 0 <= likes <= MAX_LIKES
        and type(wp_id) is str
        and WP_ID_RE.fullmatch(wp_id) is not None
        and type(comment["source"]) is str
        and comment["source"] in SOURCES
    )


def _missing_field(error) -> str:
    if error.validator == "required":
        match = re.match(r"'([^']+)'", error.message)
        if match:
            return match.group(1)
    if error.validator == "additionalProperties":
        return "(extra field)"
    return "(comment)"


def _short(message: str, limit: int = 200) -> str:
    """A schema message cut to a readable length (a 400-digit number is not worth quoting whole)."""
    return message if len(message) <= limit else f"{message[: limit // 2]}...{message[-limit // 2 :]}"


def _removed_errors(archive: ArchiveFile, lines: _LineFinder) -> list[CommentArchiveError]:
    """An id both in ``comments`` and in ``removed`` is an error: the comment stays shown until it is resolved."""
    shown = {comment.id for comment in archive.comments}
    return [
        CommentArchiveError(
            archive.path,
            lines.last(entry["id"]),
            f"comment {entry['id']!r} is listed in 'removed' and is still in 'comments'; "
            "delete it from one of the two lists",
        )
        for entry in archive.removed
        if entry.get("id") in shown
    ]


def _anchor_errors(archive: ArchiveFile, lines: _LineFinder) -> list[CommentArchiveError]:
    """Every anchor on the page is unique: ``comment-<id>`` of each comment and ``comment-<wp_id>`` of the
    imported ones. A WordPress anchor that clashes is an error, and that second anchor is left out."""
    owners = {comment.id: comment for comment in archive.comments}  # anchor -> the comment carrying it
    errors = []
    for comment in archive.comments:
        anchor = comment.wp_anchor
        if anchor is None:
            continue
        other = owners.get(anchor)
        if other is None:
            owners[anchor] = comment
            continue
        whose = "the id" if other.id == anchor else "the wp_id"
        errors.append(
            CommentArchiveError(
                archive.path,
                lines.of(comment.id),
                f"comment {comment.id!r}, field 'wp_id': its anchor #comment-{anchor} clashes with {whose} of "
                f"comment {other.id!r}; change one of the two ids",
            )
        )
        comment.wp_id = None
    return errors


def _cycle_errors(archive: ArchiveFile, lines: _LineFinder) -> list[CommentArchiveError]:
    """Report parent chains that loop; the loop is cut at its oldest comment, which becomes top-level."""
    by_id = {comment.id: comment for comment in archive.comments}
    state: dict[str, int] = {}  # 1 = on the current chain, 2 = known to end
    errors = []
    for start in archive.comments:
        chain: list[StoredComment] = []
        current: StoredComment | None = start
        while current is not None and state.get(current.id) is None:
            state[current.id] = 1
            chain.append(current)
            current = by_id.get(current.parent) if current.parent else None
        if current is not None and state.get(current.id) == 1:
            loop = chain[chain.index(current) :]
            oldest = min(loop, key=lambda comment: (comment.date, comment.id))
            names = " -> ".join(comment.id for comment in [*loop, loop[0]])
            errors.append(CommentArchiveError(archive.path, lines.of(oldest.id), f"parent cycle: {names}"))
            oldest.parent = None
        for comment in chain:
            state[comment.id] = 2
    return errors
