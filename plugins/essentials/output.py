"""Keep the output folder between builds and remove afterwards what the build did not write.

With ``DELETE_OUTPUT_DIRECTORY`` on, Pelican empties the output folder before each build, and the build then
creates every folder and file again: on this site a folder per post, about a second of system time per
thousand posts on every ``make devserver`` rebuild. With ``PRUNE_STALE_OUTPUT`` (default on) the folder is
kept while the site is written; once it is written, every file this build did not write is removed (a post
removed or turned draft, a tag no longer used, a deleted image), and so are the folders left empty. The
output is the same as after Pelican's delete-first build (a functional test compares the two trees).

What the build wrote: a stamp file is created just before writing starts; every file written, copied or
linked after it has a newer inode change time (``st_ctime_ns``; the same kernel clock stamps both). The
static files Pelican leaves alone because they are up to date are kept by name. ``OUTPUT_RETENTION``
names at the top of the folder are kept, as Pelican keeps them; with ``WRITE_SELECTED`` (a partial
build) or an output folder that holds the content, Pelican's own behaviour is left unchanged.

A build that logged errors removes nothing (the build guard's ``pelican.build_guard.failed``): a post that
failed to read keeps its last good page instead of vanishing, and the guard then fails the build. A build
that crashes never reaches the pruning either; its stamp stays and the next build replaces it.
"""

from __future__ import annotations

import json
import logging
import os

from ..pelican_compat import keep_output_dir

logger = logging.getLogger(__name__)

STAMP_NAME = ".build-in-progress"


def pruning_enabled(settings: dict, output_path: str, content_path: str) -> bool:
    """True when this build replaces Pelican's delete-first by pruning afterwards."""
    if not settings.get("DELETE_OUTPUT_DIRECTORY") or not settings.get("PRUNE_STALE_OUTPUT", True):
        return False
    if settings.get("WRITE_SELECTED"):
        return False
    output = os.path.realpath(output_path)
    # Pelican's own guard: never delete in a folder that holds the content.
    return os.path.commonpath([output]) != os.path.commonpath([output, os.path.realpath(content_path)])


def keep_output_folder(pelican) -> None:
    """``initialized``: stop Pelican from emptying the output folder when pruning replaces it."""
    pelican.settings.setdefault("PRUNE_STALE_OUTPUT", True)
    if pruning_enabled(pelican.settings, pelican.output_path, pelican.path):
        keep_output_dir(pelican)


def stamp_build_start(generators) -> None:
    """``all_generators_finalized`` (nothing is written yet): create the stamp, naming the static files.

    Static files that are up to date are not copied again, so their change time stays old: they are kept by
    their output path (``save_as``), listed in the stamp.
    """
    if not generators:
        return
    first = generators[0]
    if not pruning_enabled(first.settings, first.output_path, first.path):
        return
    static = sorted(
        staticfile.save_as
        for generator in generators
        for staticfile in getattr(generator, "staticfiles", ())
        if getattr(staticfile, "save_as", None)
    )
    os.makedirs(first.output_path, exist_ok=True)
    stamp = os.path.join(first.output_path, STAMP_NAME)
    if os.path.lexists(stamp):
        os.unlink(stamp)  # left by a build that stopped half-way: a new inode, a new change time
    with open(stamp, "w", encoding="utf-8") as file:
        json.dump({"static": static}, file)


def prune_stale_output(pelican) -> None:
    """``finalized``: remove every file not written by this build, then the folders left empty."""
    if not pruning_enabled(pelican.settings, pelican.output_path, pelican.path):
        return
    output = pelican.output_path
    stamp = os.path.join(output, STAMP_NAME)
    guard = getattr(pelican, "build_guard", None)
    if guard is not None and guard.failed:
        if os.path.lexists(stamp):
            os.unlink(stamp)
        logger.warning(
            "%s: nothing removed, as the build failed: pages that failed keep their last good version", output
        )
        return
    try:
        with open(stamp, encoding="utf-8") as file:
            started = os.fstat(file.fileno()).st_ctime_ns
            keep = {os.path.normpath(path) for path in json.load(file)["static"]}
    except (OSError, ValueError, KeyError, TypeError) as error:
        logger.error("%s: cannot read the build stamp (%s); stale files were not removed", stamp, error)
        return
    removed = remove_older_files(output, started, keep, set(pelican.settings.get("OUTPUT_RETENTION") or ()))
    os.unlink(stamp)
    if removed:
        logger.info("Removed %d file(s) from %s that this build no longer writes", removed, output)


def remove_older_files(output: str, started: int, keep: set[str], retention: set[str]) -> int:
    """Remove the files under ``output`` changed before ``started`` (ns) and not in ``keep``; count them.

    ``keep`` holds paths relative to ``output``; ``retention`` names at its top level are not looked into.
    Folders left empty are removed too, never ``output`` itself.
    """
    output = os.path.normpath(output)
    removed = 0
    emptied: set[str] = set()
    for folder, subfolders, files in os.walk(output, topdown=True):
        relative_folder = os.path.relpath(folder, output)
        if relative_folder == ".":
            subfolders[:] = [name for name in subfolders if name not in retention]
            files = [name for name in files if name not in retention and name != STAMP_NAME]
        for name in files:
            path = os.path.join(folder, name)
            if os.path.normpath(os.path.join(relative_folder, name)) in keep:
                continue
            try:
                if os.lstat(path).st_ctime_ns < started:
                    os.unlink(path)
                    removed += 1
                    emptied.add(folder)
            except FileNotFoundError:
                continue
    for folder in sorted(emptied, key=len, reverse=True):  # deepest first
        while folder != output and os.path.dirname(folder) != folder:
            try:
                os.rmdir(folder)  # only succeeds when empty
            except OSError:
                break
            folder = os.path.dirname(folder)
    return removed
