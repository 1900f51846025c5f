"""Merge imported comments into ``content/comments/<slug>.json``: idempotent, hand edits win.

With :mod:`plugins.comments.importers`, this is the comments plugin's library for importers: the
``python -m plugins.comments import`` command and the WordPress move-in (``plugins.wordpress``) both read
exports with the importers and write them with :func:`merge_results`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..shared.jsonfile import dumps_indented
from .archive import SCHEMA_VERSION, obviously_valid, validator
from .importers.common import ImportFailedError, ImportResult

TAG_RE = re.compile(r"<[^>]*>")


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
    data = _read_existing(path)
    known = {comment["id"]: comment for comment in data["comments"] if isinstance(comment, dict) and "id" in comment}
    gone = removed_ids(data)
    added: list[dict] = []
    outcome = MergeOutcome(slug, path, 0, 0, False)
    changed = False
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
    if not added and not changed:
        return outcome
    data["schema_version"] = SCHEMA_VERSION  # a version 1 file is a version 2 file without the new fields
    data["comments"] = sorted([*data["comments"], *added], key=_date_key)
    problems = [] if obviously_valid(data) else sorted(validator().iter_errors(data), key=_error_path)
    if problems:
        first = problems[0]
        where = "/".join(map(str, first.absolute_path))
        raise ImportFailedError(path, 1, f"the merged archive would break the schema at {where}: {first.message}")
    if not dry_run:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps_indented(data) + "\n", encoding="utf-8")
        outcome.written = True
    return outcome


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


def _read_existing(path: Path) -> dict:
    if not path.exists():
        return {"schema_version": SCHEMA_VERSION, "comments": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ImportFailedError(path, error.lineno, f"invalid JSON, not touched: {error.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("comments"), list):
        raise ImportFailedError(path, 1, "not a comment archive (no 'comments' list), not touched")
    return data


def _date_key(comment: dict) -> tuple:
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
    notes: list[str] = field(default_factory=list)
    errors: list[ImportFailedError] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    outcomes: list[MergeOutcome] = field(default_factory=list)  # one per post, in order


def merge_results(
    results: list[ImportResult], output: Path, dry_run: bool = False, update_badges: bool = False
) -> MergeSummary:
    """Merge the comments of every export into ``output``, post by post (see :func:`merge_comments`)."""
    by_slug: dict[str, list[dict]] = defaultdict(list)
    for result in results:
        for comment in result.comments:
            by_slug[comment.slug].append(comment.record)
    outcomes: list[MergeOutcome] = []
    errors: list[ImportFailedError] = []
    for slug in sorted(by_slug):
        try:
            outcomes.append(merge_comments(output, slug, by_slug[slug], dry_run=dry_run, update_badges=update_badges))
        except ImportFailedError as error:
            errors.append(error)
    return summarize(results, outcomes, dry_run, errors)


def summarize(
    results: list[ImportResult],
    outcomes: list[MergeOutcome],
    dry_run: bool = False,
    errors: list[ImportFailedError] = (),
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
    summary.lines.extend(f"Note: {line}" for line in summary.notes)
    return summary
