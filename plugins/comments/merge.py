"""Merge imported comments into ``content/comments/<slug>.json``: idempotent, hand edits win.

The ``python -m plugins.comments import`` command and the WordPress move-in (``plugins.wordpress``) both
read exports with the importers and write them with :func:`merge_results`, through :mod:`.store`.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .archive import SCHEMA_VERSION, CommentArchiveError, obviously_valid, validator
from .archive_file import read_archive_file, write_archive_file
from .importers.common import ImportFailedError, ImportResult
from .targets import archive_folder, split_target

TAG_RE = re.compile(r"<[^>]*>")
IMPORTED_SOURCES = frozenset({"wxr", "wp-json", "disqus"})


@dataclass
class MergeOutcome:
    """One post's archive after a merge: how many comments were new and how many were already there."""

    slug: str
    path: Path
    added: int
    already_there: int
    written: bool
    removed: int = 0  # incoming comments the archive's ``removed`` list keeps out
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (id, the id the other comment got)
    badges: int = 0  # comments already there that got the Author badge (``update_badges``)
    damaged: list[str] = field(default_factory=list)  # the archive was empty (an interrupted write): written anew
    returned: list[dict] = field(default_factory=list)  # added, though older than imported comments already there


def merge_comments(
    folder: Path, slug: str, incoming: list[dict], dry_run: bool = False, update_badges: bool = False
) -> MergeOutcome:
    """Add the comments whose id is not in the archive yet; an existing comment is never overwritten,
    so likes, corrected names and edited bodies survive a re-import. A comment whose id is in the archive's
    ``removed`` list (deleted or rejected by the author) never comes back; ``removed`` counts them.

    The same id is the same comment when the time matches and the author or the text does (a WXR and a REST
    dump of one site, or a hand-corrected name or typo). Otherwise it is another comment that happens to
    have that id (another site's export, a damaged export): both are kept, the newcomer under
    ``<id>-<digest of its content>``, and the conflict is reported. ``update_badges`` (``--author``) gives the
    Author badge to matching comments already in the archive.
    """
    path = folder / f"{slug}.json"
    if path.resolve().parent != folder.resolve() or not slug or slug.startswith("."):
        raise ImportFailedError(path, 1, f"refused: the slug {slug!r} would write outside {folder}")
    damaged: list[str] = []
    new = not path.exists()  # nothing of hers in it yet: what it will hold can be imported again
    data = read_archive_file(path, damaged)
    known = {comment["id"]: comment for comment in data["comments"] if isinstance(comment, dict) and "id" in comment}
    gone = removed_ids(data)
    added: list[dict] = []
    outcome = MergeOutcome(slug, path, 0, 0, False, damaged=damaged)
    changed = bool(damaged)
    for comment in incoming:
        if comment["id"] in gone:
            outcome.removed += 1
            continue
        there = known.get(comment["id"])
        if there is not None and not same_comment(there, comment):
            other_id = conflict_id(comment)
            outcome.conflicts.append((comment["id"], other_id))
            comment = {**comment, "id": other_id}
            comment.pop("wp_id", None)  # the anchor #comment-<wp_id> belongs to the comment already there
            if comment["id"] in gone:
                outcome.removed += 1
                continue
            there = known.get(comment["id"])
        if there is None:
            known[comment["id"]] = comment
            added.append(comment)
        else:
            outcome.already_there += 1
            if update_badges and comment.get("is_author") and not there.get("is_author"):
                there["is_author"] = True
                outcome.badges += 1
                changed = True
    outcome.added = len(added)
    outcome.returned = returned_comments(data["comments"], added)
    if not added and not changed:
        return outcome
    data["schema_version"] = SCHEMA_VERSION  # a version 1 file is a version 2 file without the new fields
    data["comments"] = sorted([*data["comments"], *added], key=date_order)
    problems = [] if obviously_valid(data) else sorted(validator().iter_errors(data), key=_error_path)
    if problems:
        first = problems[0]
        where = "/".join(map(str, first.absolute_path))
        raise ImportFailedError(path, 1, f"the merged archive would break the schema at {where}: {first.message}")
    if not dry_run:
        write_archive_file(path, data, durable=not new)  # an archive she may have replies in is fsynced
        outcome.written = True
    return outcome


def returned_comments(there: list, added: list[dict]) -> list[dict]:
    """The added comments that are older than an imported comment already in the archive: most likely ones
    the author deleted by hand since the last import (without listing them in ``removed``), now back."""
    imported = [date_order(c)[0] for c in there if isinstance(c, dict) and c.get("source") in IMPORTED_SOURCES]
    newest = max(imported, default=float("-inf"))
    return [comment for comment in added if date_order(comment)[0] < newest]


def _words(body: object) -> list[str]:
    return html.unescape(TAG_RE.sub(" ", str(body))).split()


def same_comment(there: dict, incoming: dict) -> bool:
    """Whether an archived comment and an incoming one with the same id are one comment (see merge_comments)."""
    try:
        same_time = datetime.fromisoformat(str(there.get("date"))) == datetime.fromisoformat(incoming["date"])
    except ValueError:
        same_time = False
    same_author = " ".join(str(there.get("author", "")).split()) == incoming["author"]
    return same_time and (same_author or _words(there.get("body", "")) == _words(incoming["body"]))


def conflict_id(comment: dict) -> str:
    """The id of a comment whose id was already taken by another: stable across re-imports."""
    content = f"{comment['date']}\0{comment['author']}\0{' '.join(_words(comment['body']))}"
    return f"{comment['id'][:50]}-{hashlib.blake2b(content.encode(), digest_size=4).hexdigest()}"


def removed_ids(data: dict) -> set[str]:
    """The ids in an archive's ``removed`` list: comments the author deleted or rejected, never to return."""
    removed = data.get("removed")
    if not isinstance(removed, list):
        return set()
    return {entry["id"] for entry in removed if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


def _error_path(error) -> list[str]:
    return list(map(str, error.absolute_path))


def date_order(comment: dict) -> tuple:
    """The sort key of a comment in its archive: its time, then its id (an unreadable date sorts last)."""
    try:
        return (datetime.fromisoformat(comment["date"]).timestamp(), str(comment.get("id")))
    except (KeyError, TypeError, ValueError):
        return (float("inf"), str(comment.get("id")))


@dataclass
class MergeSummary:
    """What merging the comments of one or more exports into the archive did, for the printed report."""

    added: int = 0
    already_there: int = 0
    badges: int = 0
    skipped: Counter = field(default_factory=Counter)
    skipped_items: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)  # comments deleted by hand that an import brought back
    notes: list[str] = field(default_factory=list)
    errors: list[CommentArchiveError] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    outcomes: list[MergeOutcome] = field(default_factory=list)  # one per post, in order

    @classmethod
    def of(cls, results: list[ImportResult], outcomes: list[MergeOutcome], dry_run: bool = False) -> MergeSummary:
        """The summary of outcomes known without merging again (the WordPress import's re-import shortcut)."""
        return summarize(results, outcomes, dry_run)


def merge_results(
    results: list[ImportResult], output: Path, dry_run: bool = False, update_badges: bool = False
) -> MergeSummary:
    """Merge the comments of every export into ``output``, post by post and page by page (``page:SLUG``, in
    ``output/pages/``; see :func:`merge_comments`)."""
    by_slug: dict[str, list[dict]] = defaultdict(list)
    for result in results:
        for comment in result.comments:
            by_slug[comment.slug].append(comment.record)
    outcomes: list[MergeOutcome] = []
    errors: list[CommentArchiveError] = []
    for target in sorted(by_slug):
        try:
            folder, slug = archive_folder(output, target), split_target(target)[1]
            outcome = merge_comments(folder, slug, by_slug[target], dry_run=dry_run, update_badges=update_badges)
        except CommentArchiveError as error:
            errors.append(error)
            continue
        outcome.slug = target  # ``page:SLUG`` for a page's archive (``pages/SLUG.json``)
        outcomes.append(outcome)
    return summarize(results, outcomes, dry_run, errors)


def summarize(
    results: list[ImportResult],
    outcomes: list[MergeOutcome],
    dry_run: bool = False,
    errors: list[CommentArchiveError] = (),
) -> MergeSummary:
    """The summary of a merge: the exports' skips and notes, then each post's outcome, in order."""
    summary = MergeSummary(errors=list(errors), outcomes=list(outcomes))
    for result in results:
        summary.skipped.update(result.skipped)
        summary.skipped_items.extend(result.skipped_items)
        summary.notes.extend(result.notes)
    verb = "would add" if dry_run else "added"
    for outcome in outcomes:
        slug = outcome.slug
        summary.added += outcome.added
        summary.already_there += outcome.already_there
        summary.badges += outcome.badges
        extra = f", {outcome.removed} removed by the author (kept out)" if outcome.removed else ""
        extra += f", {outcome.badges} given the Author badge" if outcome.badges else ""
        summary.lines.append(
            f"  {slug}: {verb} {outcome.added}, {outcome.already_there} already in {outcome.path}{extra}"
        )
        if outcome.removed:
            summary.skipped["listed in the archive's 'removed' list"] += outcome.removed
            summary.skipped_items.append((f"{outcome.removed} comment(s) on {slug}", "listed in 'removed'"))
        summary.notes.extend(outcome.damaged)
        for comment in outcome.returned:
            keep_out = (
                f'add {{"id": "{comment["id"]}", "reason": "deleted"}} to its "removed" list'
                if dry_run
                else f"python -m plugins.comments reject {comment['id']}"
            )
            summary.returned.append(
                f"{outcome.path}: {comment['id']} ({comment['author']}, {comment['date']}) "
                f"{'would come' if dry_run else 'came'} back: it was not in the archive, though later comments of "
                f"the export are, so it was most likely deleted by hand since the last import (or approved on "
                f"the old site since). To keep it out for good: {keep_out}"
            )
        for old, new in outcome.conflicts:
            summary.conflicts.append(
                f"{outcome.path}: two different comments have the id {old!r}: both kept, the second as {new!r}"
            )
    summary.lines.append(f"{'Would import' if dry_run else 'Imported'} {summary.added} new comment(s).")
    if summary.skipped:
        reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(summary.skipped.items()))
        summary.lines.append(f"Skipped: {reasons}.")
    else:
        summary.lines.append("Skipped: none.")
    summary.lines.extend(f"Conflict: {line}" for line in summary.conflicts)
    summary.lines.extend(f"Back: {line}" for line in summary.returned)
    summary.lines.extend(f"Note: {line}" for line in summary.notes)
    return summary
