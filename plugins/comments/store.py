"""The comment archive's public module: what the commands use to read, check, merge and write archives.

Every command that writes ``content/comments/<slug>.json`` or the moderation queue (``import``, ``inbox``,
``approve``, ``reject``, and the WordPress import in ``plugins.wordpress``) goes through these names, and
holds :func:`lock` while it writes. The build reads archives with its own modules (``archive``, ``cache``).
A test (``tests/unit/test_module_boundaries.py``) keeps the commands from reaching past this module.
"""

from __future__ import annotations

from pathlib import Path

from .archive import SCHEMA_VERSION, CommentArchiveError, load_archive
from .archive_file import archive_lock, archive_text, read_archive_file, write_archive_file
from .importers.common import ImportResult
from .importers.wxr import import_wxr
from .merge import MergeOutcome, MergeSummary, date_order, merge_results
from .targets import PAGES_FOLDER, archive_path, page_target, split_target, target_of

FORMAT_VERSION = SCHEMA_VERSION  # the archive format importers and moderation write (see README "The archive")
# What an import writes depends on the importers, the merge and the sanitizer: raise this when a change to
# them changes what the same export gives, so the WordPress import's re-import shortcut reads it again.
IMPORTER_VERSION = 2  # 2: comments on pages come in, into pages/<slug>.json

ArchiveError = CommentArchiveError  # every error of this module: ``path:line: message`` (a SourceError)
lock = archive_lock  # ``with lock(folder):`` one writer at a time; waits, then "busy: ... (pid N); try again"
merge = merge_results  # merge imported comments into their posts' archives; hand edits and ``removed`` win
read_wxr_comments = import_wxr  # the approved reader comments of a WordPress export (WXR)

__all__ = [
    "FORMAT_VERSION",
    "IMPORTER_VERSION",
    "PAGES_FOLDER",
    "ArchiveError",
    "ImportResult",
    "MergeOutcome",
    "MergeSummary",
    "archive_path",
    "load",
    "lock",
    "merge",
    "page_target",
    "read_wxr_comments",
    "split_target",
    "target_of",
    "validate",
    "write",
]


def load(path: Path, damaged: list[str] | None = None) -> dict:
    """A post's archive as data: an archive without comments when the file does not exist, or when it is
    empty (damaged by an interrupted write: a line is added to ``damaged``). Raises :class:`ArchiveError`
    for a file that is not an archive; such a file is never written over."""
    return read_archive_file(path, damaged)


def validate(path: Path, data: dict) -> list[CommentArchiveError]:
    """The problems the build would report for ``data`` written at ``path`` (none: it is a valid archive)."""
    return load_archive(path, archive_text(data)).errors


def write(path: Path, data: dict, added: list[dict] = ()) -> None:
    """Write a post's archive whole (temp file, fsync, rename) at the current format version, with the
    ``added`` comments put in date order among the others, once it passes the build's own checks; else raise
    the first problem and change nothing. Hold :func:`lock` around reading, changing and writing."""
    data = {**data, "schema_version": FORMAT_VERSION}
    if added:
        data["comments"] = sorted([*data["comments"], *added], key=date_order)
    errors = validate(path, data)
    if errors:
        raise errors[0]
    write_archive_file(path, data)
