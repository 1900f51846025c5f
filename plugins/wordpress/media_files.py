"""Reading the media library (``--media``) without ever following a symlink out of it.

Only a regular file reached through real folders is read: each part of ``YYYY/MM/name.ext`` is opened
relative to the one before with ``O_NOFOLLOW``, so a symlink (to ``/etc/passwd``, to a key, to ``/etc``) at any
level is refused, as are devices and pipes, and nothing can be swapped in between the check and the read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0)


class RefusedError(Exception):
    """A media file that is not copied, and why (for the report)."""


def read_regular(folder: Path, relative: str) -> bytes | None:
    """The bytes of the regular file ``relative`` (``2019/01/a.jpg``) under ``folder``; None when there is
    none; :class:`RefusedError` when a part of the path is a symlink or the file is not a regular file."""
    parts = relative.split("/")
    if not relative.isprintable():
        raise RefusedError("the name holds a control character (such as %00)")
    if any(part in ("", ".", "..") for part in parts):
        raise RefusedError("not a file name of the media library")
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        for part in parts[:-1]:
            inner = _open(part, FOLDER_FLAGS, descriptor, relative)
            if inner is None:
                return None
            os.close(descriptor)
            descriptor = inner
        handle = _open(parts[-1], FILE_FLAGS, descriptor, relative)
        if handle is None:
            return None
        with os.fdopen(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise RefusedError("not a regular file (a device, pipe or socket): never read")
            return file.read()
    finally:
        os.close(descriptor)


def _open(name: str, flags: int, folder: int, relative: str) -> int | None:
    """``name`` opened in the folder ``folder`` (a descriptor); None when it does not exist."""
    try:
        return os.open(name, flags, dir_fd=folder)
    except OSError as error:
        if error.errno == errno.ELOOP or (error.errno == errno.ENOTDIR and _is_link(name, folder)):
            raise RefusedError(f"{name} is a symlink: never followed, only regular files are copied") from error
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return None
        if error.errno == errno.ENAMETOOLONG:
            raise RefusedError("the file name is too long for this system") from error
        if error.errno == errno.EISDIR:
            raise RefusedError("a folder, not a file") from error
        raise RefusedError(f"cannot be read ({error.strerror})") from error


def _is_link(name: str, folder: int) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(name, dir_fd=folder).st_mode)
    except OSError:
        return False


def is_outside(content: Path, relative: Path) -> Path | None:
    """Where ``content/relative`` really leads when a symlink takes it out of the content folder, else None."""
    real = (content / relative).resolve()
    return None if real.is_relative_to(content.resolve()) else real
