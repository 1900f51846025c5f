"""One archive file on disk, for the commands that write archives: read it, write it whole, and the lock.

Reading: a missing file is an archive without comments; an empty one (a write cut short by an older
version, which wrote in place) is recognised as damaged, read as an archive without comments and noted, so
the command writes it anew; anything else that is not an archive is an error and the file is not touched.
Writing goes through :func:`plugins.shared.files.write_atomically`. The lock (``fcntl.flock`` on
``.comments.lock`` in the archive folder, beside the moderation queue) makes every command that writes the
queue or an archive run one at a time: a second one waits, then gives up with "busy".
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..shared.files import remove_leftovers, write_atomically
from ..shared.jsonfile import dumps_indented
from .archive import SCHEMA_VERSION, CommentArchiveError

LOCK_NAME = ".comments.lock"
LOCK_WAIT = 60.0  # seconds a command waits for another before it says "busy" (an approve takes well under 1 s)
LOCK_POLL = 0.05


class BusyError(CommentArchiveError):
    """Another comments command holds the lock for longer than this one waits."""


def empty_archive() -> dict:
    return {"schema_version": SCHEMA_VERSION, "comments": []}


def read_archive_file(path: Path, damaged: list[str] | None = None) -> dict:
    """The archive at ``path`` as data (see the module's docstring); ``damaged`` collects a line per empty file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return empty_archive()
    if not raw.strip():
        if damaged is not None:
            damaged.append(
                f"{path}: the file was empty (damaged, most likely by an interrupted write): read as an archive"
                " without comments, to be written anew with the imported ones"
            )
        return empty_archive()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise CommentArchiveError(path, line, "not UTF-8 text, not touched; restore it from git") from None
    except json.JSONDecodeError as error:
        raise CommentArchiveError(
            path, error.lineno, f"invalid JSON, not touched: {error.msg}; fix it or restore it from git"
        ) from None
    except (ValueError, RecursionError) as error:
        raise CommentArchiveError(path, 1, f"invalid JSON, not touched: {error}; restore it from git") from None
    if not isinstance(data, dict) or not isinstance(data.get("comments"), list):
        raise CommentArchiveError(path, 1, "not a comment archive (no 'comments' list), not touched")
    return data


def archive_text(data: dict) -> str:
    """The archive as written: indented JSON and a final newline."""
    return dumps_indented(data) + "\n"


def write_archive_file(path: Path, data: dict, *, durable: bool = True) -> None:
    """Write an archive whole (temp file, fsync, rename): a reader or a kill never leaves half a file.
    ``durable=False`` (no fsync): only for an archive an import creates, which holds nothing but what the
    export holds (after a power cut an empty one is damaged, and the next import writes it again)."""
    write_atomically(path, archive_text(data), durable=durable)


@contextmanager
def archive_lock(folder: Path, wait: float = LOCK_WAIT) -> Iterator[Path]:
    """Hold the comments lock of ``folder`` (created if needed) for the ``with`` block; waits up to ``wait``
    seconds for another command, then raises :class:`BusyError` naming that command's process id."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise CommentArchiveError(path, 1, "the lock file is a symlink: refused; delete it") from None
        raise
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BusyError(
                        path,
                        1,
                        f"busy: another comments command is running (pid {_holder(path)}); try again",
                    ) from None
                time.sleep(LOCK_POLL)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        for written in (folder, *(sub for sub in folder.iterdir() if sub.is_dir() and not sub.is_symlink())):
            remove_leftovers(written)  # temp files of a killed command (the queue's too): every writer holds the lock
        yield path
    finally:
        os.close(descriptor)  # closing releases the lock


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"
