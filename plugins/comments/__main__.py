"""``python -m plugins.comments import FILE [FILE...]``: bring comments over from WordPress or Disqus."""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from .importers import FORMATS, ImportFailedError, import_file
from .merge import merge_comments

DEFAULT_OUTPUT = Path("content") / "comments"


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m plugins.comments", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    importer = commands.add_parser("import", help="import comments from exports into the archive")
    importer.add_argument("files", nargs="+", type=Path, metavar="FILE", help="WXR, REST API JSON or Disqus XML")
    importer.add_argument("--format", choices=FORMATS, help="skip detection and read every FILE as this format")
    importer.add_argument("--dry-run", action="store_true", help="report what would be imported, write nothing")
    importer.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help=f"archive folder (default: {DEFAULT_OUTPUT})"
    )
    importer.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="NAME_OR_ID",
        help="mark comments by this name, WordPress user id or Disqus username as the blog author's (repeatable)",
    )
    return parser.parse_args(argv)


def run_import(arguments: argparse.Namespace, out=None) -> int:
    """Import every file, merge per post, print a summary; 1 when a file could not be imported."""
    out = out or sys.stdout
    by_slug: dict[str, list[dict]] = defaultdict(list)
    skipped: Counter = Counter()
    failed = 0
    for path in arguments.files:
        try:
            result = import_file(path, arguments.format, set(arguments.author))
        except (ImportFailedError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        for comment in result.comments:
            by_slug[comment.slug].append(comment.record)
        skipped.update(result.skipped)
        print(f"read {path}: {len(result.comments)} approved comment(s)", file=out)
    total_added = 0
    for slug in sorted(by_slug):
        try:
            outcome = merge_comments(arguments.output, slug, _unique(by_slug[slug]), dry_run=arguments.dry_run)
        except ImportFailedError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        total_added += outcome.added
        verb = "would add" if arguments.dry_run else "added"
        gone = f", {outcome.removed} removed by the author (kept out)" if outcome.removed else ""
        print(f"  {slug}: {verb} {outcome.added}, {outcome.already_there} already in {outcome.path}{gone}", file=out)
        if outcome.removed:
            skipped["listed in the archive's 'removed' list"] += outcome.removed
    print(f"{'Would import' if arguments.dry_run else 'Imported'} {total_added} new comment(s).", file=out)
    if skipped:
        reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(skipped.items()))
        print(f"Skipped: {reasons}.", file=out)
    else:
        print("Skipped: none.", file=out)
    return 1 if failed else 0


def _unique(records: list[dict]) -> list[dict]:
    """The same comment read from two files (a WXR and a REST dump of one site) is kept once."""
    seen: dict[str, dict] = {}
    for entry in records:
        seen.setdefault(entry["id"], entry)
    return list(seen.values())


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    return run_import(arguments)


if __name__ == "__main__":
    sys.exit(main())
