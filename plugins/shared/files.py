"""Files written whole: a temp file in the same folder, flushed to disk, then renamed over the target.

A reader, or a command killed half-way (``kill -9``, a power cut), sees the old file or the new one, never
an empty or truncated one: ``os.replace`` is atomic within a file system, and the temp file is fsynced first.
"""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"
LEFTOVER_PATTERN = f".*.????????{TEMP_SUFFIX}"  # ".<name>." + mkstemp's 8 characters + ".tmp"


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8 with ``\\n`` line ends, or bytes) to ``path`` whole, or leave it as it was;
    the temp files of an earlier write of ``path`` that was killed are deleted first."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.????????{TEMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)  # a write of this file that was killed (writers of one file hold a lock)
    descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def remove_leftovers(folder: Path) -> None:
    """Delete the temp files that killed writes left in ``folder``; only while holding the lock of its writers."""
    for leftover in folder.glob(LEFTOVER_PATTERN) if folder.is_dir() else ():
        if leftover.is_file() and not leftover.is_symlink():
            leftover.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself (the folder's entry) to disk, where the system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
