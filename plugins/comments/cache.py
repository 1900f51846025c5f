"""With Pelican's content cache on, each clean archive's comment count and rendered list, kept between builds.

One small file per archive under ``CACHE_PATH/comments/``, named by a key: a BLAKE2 digest of the archive's
bytes, the render settings (``TIMEZONE``, ``COMMENTS_MAX_DEPTH``, the month and AM/PM names of the locale)
and the code (every ``.py``/``.json`` file of this plugin and the nh3 version). Its first line holds the
count and a digest of the HTML that follows, and a check of that line; an entry that does not match is a
miss, never an error. Entries are written whole (temp file + rename), only for archives without errors;
the ones a build did not need are deleted at its end. Counts are read when the articles are attached, the
HTML only when a post's page is written, so a build never holds every list at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import tempfile
from functools import cache
from pathlib import Path

from .render import CommentListWriter

logger = logging.getLogger(__name__)

FOLDER = "comments"  # under CACHE_PATH
SUFFIX = ".html"
TEMP_SUFFIX = ".tmp"
MAGIC = "comments-cache/1"
PACKAGE = Path(__file__).resolve().parent
HEADER_LIMIT = 256  # bytes: a first line longer than this is not a header


def source_digest(package: Path) -> bytes:
    """A digest of every ``.py`` and ``.json`` file of ``package`` (names and bytes) and the nh3 and
    linkify-it-py versions."""
    digest = hashlib.blake2b(digest_size=16)
    files = sorted(
        path
        for path in package.rglob("*")
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts and path.is_file()
    )
    for path in files:
        name = path.relative_to(package).as_posix().encode("utf-8")
        data = path.read_bytes()
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
        digest.update(data)
    for library in ("nh3", "linkify-it-py"):  # what the sanitizer's output depends on
        digest.update(f"{library}={importlib.metadata.version(library)}".encode("ascii"))
    return digest.digest()


@cache
def code_digest() -> bytes:
    """:func:`source_digest` of this plugin, read once per process.

    It stands for the code that runs: the devserver rebuilds in one process without reloading an edited
    plugin, so the digest of the files as they were loaded is the right key (the edited code, loaded by the
    next process, gets new keys).
    """
    return source_digest(PACKAGE)


def settings_digest(writer: CommentListWriter) -> bytes:
    """A digest of what the rendered list depends on besides the archive and the code."""
    dates = writer.dates
    parts = [str(writer.timezone), str(writer.max_depth), *dates.months, *dates.halves]
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).digest()


class CommentCache:
    """The cached counts and lists of one build: which entries it uses, reading them, writing them, pruning."""

    def __init__(self, folder: Path, writer: CommentListWriter, load: bool) -> None:
        self.folder = folder
        self.load = load  # LOAD_CONTENT_CACHE: read entries; otherwise only write them
        self.prefix = code_digest() + settings_digest(writer)
        self.used: set[str] = set()  # keys of this build's clean archives

    def key(self, fingerprint: bytes) -> str:
        """The entry name of an archive of this :func:`~.archive.fingerprint` with this build's code and settings."""
        return hashlib.blake2b(self.prefix + fingerprint, digest_size=20).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def count(self, key: str) -> int | None:
        """The comment count of a cached entry, or None (no entry, or not a valid one)."""
        if not self.load:
            return None
        try:
            with self.path(key).open("rb") as handle:
                line = handle.readline(HEADER_LIMIT)
        except OSError:
            return None
        header = parse_header(line, key)
        return header[0] if header else None

    def html(self, key: str) -> str | None:
        """The cached list of an entry, or None when it is missing, unreadable or does not match its digest."""
        if not self.load:
            return None
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return None
        line_end = data.find(b"\n", 0, HEADER_LIMIT)
        header = parse_header(data[: line_end + 1], key) if line_end >= 0 else None
        if header is None:
            return None
        body = data[line_end + 1 :]
        if body_digest(body) != header[1]:
            logger.debug("%s: cached comment list does not match its digest; written again", self.path(key))
            return None
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def store(self, key: str, count: int, html: str) -> None:
        """Write an entry whole: a temp file renamed over the entry. A failure only means no entry."""
        try:
            body = html.encode("utf-8")
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor, temp = tempfile.mkstemp(dir=self.folder, prefix=f".{key}.", suffix=TEMP_SUFFIX)
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(header_line(key, count, body_digest(body)))
                    handle.write(body)
                os.replace(temp, self.path(key))
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except (OSError, UnicodeEncodeError) as error:
            logger.info("%s: cannot cache the comment list: %s", self.path(key), error)

    def prune(self) -> None:
        """Delete the entries (and left-over temp files) this build did not use."""
        try:
            names = list(self.folder.iterdir())
        except OSError:
            return
        for path in names:
            stale = path.name.endswith(TEMP_SUFFIX) or (path.suffix == SUFFIX and path.stem not in self.used)
            if stale:
                with contextlib.suppress(OSError):
                    path.unlink()


def body_digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def header_check(key: str, count: int, digest: str) -> str:
    return hashlib.blake2b(f"{MAGIC} {count} {digest} {key}".encode("ascii"), digest_size=8).hexdigest()


def header_line(key: str, count: int, digest: str) -> bytes:
    """``comments-cache/1 COUNT BODY-DIGEST CHECK``: the check covers the line and the key."""
    return f"{MAGIC} {count} {digest} {header_check(key, count, digest)}\n".encode("ascii")


def parse_header(line: bytes, key: str) -> tuple[int, str] | None:
    """(count, body digest) of an entry's first line, or None when it is not a valid header for ``key``."""
    try:
        magic, count_text, digest, check = line.decode("ascii").rstrip("\n").split(" ")
        count = int(count_text)
    except ValueError:  # not ASCII, not four fields, not a number
        return None
    if magic != MAGIC or count < 0 or not line.endswith(b"\n") or header_check(key, count, digest) != check:
        return None
    return count, digest


def comment_cache(settings: dict, writer: CommentListWriter, subfolder: str | None = None) -> CommentCache | None:
    """This build's cache (``subfolder``: the pages' own, pruned by the pages' writer), or None when
    ``CACHE_CONTENT`` is off."""
    if not settings.get("CACHE_CONTENT"):
        return None
    folder = Path(settings.get("CACHE_PATH") or "cache") / FOLDER
    if subfolder:
        folder = folder / subfolder
    return CommentCache(folder, writer, bool(settings.get("LOAD_CONTENT_CACHE")))
