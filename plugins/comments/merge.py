"""Merge imported comments into ``content/comments/<slug>.json``: idempotent, hand edits win."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .archive import SCHEMA_VERSION, obviously_valid, validator
from .importers.common import ImportFailedError


@dataclass
class MergeOutcome:
    """One post's archive after a merge: how many comments were new and how many were already there."""

    slug: str
    path: Path
    added: int
    already_there: int
    written: bool
    removed: int = 0  # incoming comments the archive's ``removed`` list keeps out


def merge_comments(folder: Path, slug: str, incoming: list[dict], dry_run: bool = False) -> MergeOutcome:
    """Add the comments whose id is not in the archive yet; an existing comment is never overwritten,
    so likes, corrected names and edited bodies survive a re-import. A comment whose id is in the archive's
    ``removed`` list (deleted or rejected by the author) never comes back; ``removed`` counts them."""
    path = folder / f"{slug}.json"
    data = _read_existing(path)
    known = {comment.get("id") for comment in data["comments"] if isinstance(comment, dict)}
    gone = removed_ids(data)
    added: list[dict] = []
    kept_out = 0
    for comment in incoming:
        if comment["id"] in gone:
            kept_out += 1
        elif comment["id"] not in known:
            known.add(comment["id"])
            added.append(comment)
    outcome = MergeOutcome(slug, path, len(added), len(incoming) - len(added) - kept_out, False, kept_out)
    if not added:
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
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        outcome.written = True
    return outcome


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
