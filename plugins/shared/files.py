"""Files written whole: a temp file in the same folder, flushed to disk, then renamed over the target.

A reader, or a command killed half-way (``kill -9``, a power cut), sees the old file or the new one, never
an empty or truncated one: ``os.replace`` is atomic within a file system, and the temp file is fsynced first.
The folder is not fsynced after each rename (that doubled the WordPress import's time): after a power cut a
rename may be lost, leaving the old file, whole.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"
LEFTOVER_PATTERN = f".*.????????{TEMP_SUFFIX}"  # ".<name>." + mkstemp's 8 characters + ".tmp"


def write_atomically(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` (text as UTF-8 with ``\\n`` line ends, or bytes) to ``path`` whole, or leave it as it was.
    A killed write leaves a hidden temp file (``.<name>.XXXXXXXX.tmp``): :func:`remove_leftovers` clears them.

    ``durable=False`` skips the fsync, for files a command can write again from its input (the WordPress
    import's posts and media: a kill still leaves the old file or the new one; after a power cut an empty
    one, which the import recognises as damaged and writes again). Hand-made data (archives, the queue)
    stays durable."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:60]}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), _mode_of(path))  # mkstemp's 0600 would hide a published image from a server
            handle.write(raw)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def remove_leftovers(folder: Path) -> None:
    """Delete the temp files that killed writes left in ``folder``; only while holding the lock of its writers."""
    for leftover in folder.glob(LEFTOVER_PATTERN) if folder.is_dir() else ():
        if leftover.is_file() and not leftover.is_symlink():
            leftover.unlink(missing_ok=True)


def _mode_of(path: Path) -> int:
    """The permissions the file has, or those a new file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask
