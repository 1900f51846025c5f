"""``python -m plugins.comments``: import comments from WordPress or Disqus, and moderate replies by e-mail.

``import FILE...`` brings comments over from exports; ``inbox PATH...`` reads replies (``.eml`` files, an
mbox file, a Maildir folder) into the moderation queue; ``pending`` lists the queue; ``approve ID...`` and
``reject ID...`` publish or discard replies. Every command that writes holds the archive folder's lock
(:func:`.store.lock`), so two at once run one after the other.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path

from . import store
from .importers import FORMATS, ImportFailedError, import_file
from .mail import MAX_MESSAGE_BYTES, MailboxError
from .moderation import InboxReport, Moderation, Queued

DEFAULT_OUTPUT = Path("content") / "comments"
DEFAULT_POSTS = Path("content") / "posts"
DEFAULT_PAGES = Path("content") / "pages"


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
    inbox = commands.add_parser("inbox", help="read replies by e-mail into the moderation queue")
    inbox.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".eml file or folder, mbox file, Maildir")
    inbox.add_argument(
        "--max-size",
        type=int,
        default=MAX_MESSAGE_BYTES,
        metavar="BYTES",
        help=f"refuse larger messages (default: {MAX_MESSAGE_BYTES:,})",
    )
    pending = commands.add_parser("pending", help="list the replies waiting in the moderation queue")
    approve = commands.add_parser("approve", help="publish replies from the queue into their posts' archives")
    approve.add_argument("ids", nargs="*", metavar="ID", help="reply ids, as `pending` lists them")
    approve.add_argument("--all", action="store_true", help="every reply matched to a post")
    approve.add_argument("--post", metavar="SLUG", help="the post (or page:SLUG) of a reply that matched none")
    approve.add_argument("--parent", metavar="ID", help="with --post: the comment it answers")
    approve.add_argument(
        "--by-author", action="store_true", help="these replies are your own: they get the Author badge"
    )
    reject = commands.add_parser(
        "reject", help="discard replies from the queue, or delete published comments; neither ever comes back"
    )
    reject.add_argument("ids", nargs="+", metavar="ID", help="reply ids (`pending`), or ids of published comments")
    for command in (inbox, pending, approve, reject):
        command.add_argument(
            "--comments", type=Path, default=DEFAULT_OUTPUT, help=f"archive folder (default: {DEFAULT_OUTPUT})"
        )
        command.add_argument(
            "--posts", type=Path, default=DEFAULT_POSTS, help=f"posts folder (default: {DEFAULT_POSTS})"
        )
        command.add_argument(
            "--pages", type=Path, default=DEFAULT_PAGES, help=f"pages folder (default: {DEFAULT_PAGES})"
        )
    return parser.parse_args(argv)


def run_import(arguments: argparse.Namespace, out=None) -> int:
    """Import every file, merge per post, print a summary; 1 when a file could not be imported."""
    out = out or sys.stdout
    results = []
    failed = 0
    for path in arguments.files:
        try:
            result = import_file(path, arguments.format, set(arguments.author))
        except (ImportFailedError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        if result.errors:
            for error in result.errors:
                print(f"error: {error}", file=sys.stderr)
            print(f"error: {path}: nothing imported from this file until the errors above are fixed", file=sys.stderr)
            failed += 1
            continue
        results.append(result)
        print(f"read {path}: {len(result.comments)} approved comment(s)", file=out)
    try:
        writes = not arguments.dry_run and any(result.comments for result in results)
        with store.lock(arguments.output) if writes else nullcontext():
            summary = store.merge(results, arguments.output, arguments.dry_run, update_badges=bool(arguments.author))
    except store.ArchiveError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for line in summary.lines:
        print(line, file=out)
    for error in summary.errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if failed or summary.errors else 0


def run_inbox(moderation: Moderation, arguments: argparse.Namespace, out) -> int:
    """Read every path into the queue, one line per message; 1 when a message or a path was refused.

    A refused message may be a reader's reply that is not in the queue: the author must look at it (ask for
    the text alone, replace a link by the file, give the right path). Replies read before, and unmatched
    ones (they wait in the queue), are not failures.
    """
    report: InboxReport = moderation.inbox(arguments.paths, arguments.max_size)
    for entry in report.added:
        print(f"queued {entry.id}: {entry.author} on {entry.post}{_parent(entry)} ({entry.origin})", file=out)
        _print_details(entry, out)
    for entry in report.unmatched:
        print(f"unmatched {entry.id}: {entry.author}, subject {entry.subject!r} ({entry.origin})", file=out)
        _print_details(entry, out)
    for origin, why in report.seen:
        print(f"skipped {origin}: {why}", file=out)
    for refused in report.refused:
        print(f"error: {refused}", file=sys.stderr)
    print(
        f"{len(report.added)} new repl{'y' if len(report.added) == 1 else 'ies'} for moderation, "
        f"{len(report.unmatched)} unmatched, {len(report.seen)} read before, {len(report.refused)} refused. "
        "Next: python -m plugins.comments pending",
        file=out,
    )
    return 1 if report.refused else 0


def run_pending(moderation: Moderation, out) -> int:
    entries = moderation.queued()
    matched = [entry for entry in entries if entry.post]
    unmatched = [entry for entry in entries if not entry.post]
    if not entries:
        print("The queue is empty.", file=out)
        return 0
    print(f"{len(matched)} repl{'y' if len(matched) == 1 else 'ies'} waiting:", file=out)
    for entry in matched:
        print(f"\n{entry.id}  {entry.post}{_parent(entry)}  {entry.author}  {_when(entry.date)}", file=out)
        _print_details(entry, out, lines=3)
    if unmatched:
        print(f"\nUnmatched ({len(unmatched)}): approve ID --post SLUG [--parent ID], or reject ID", file=out)
        for entry in unmatched:
            print(f"\n{entry.id}  subject {entry.subject!r}  {entry.author}  {_when(entry.date)}", file=out)
            _print_details(entry, out, lines=3)
    return 0


def _parent(entry: Queued) -> str:
    return f", reply to {entry.parent}" if entry.parent else ""


def _when(date: str) -> str:
    return date.replace("T", " ")


def _print_details(entry: Queued, out, lines: int = 0) -> None:
    for line in [line for line in entry.text.splitlines() if line.strip()][:lines]:
        print(f"    | {line[:100]}", file=out)
    if not entry.text.strip() and lines:
        print("    (no text)", file=out)
    if entry.attachments:
        print(f"    attachments ignored: {', '.join(entry.attachments)}", file=out)
    for note in entry.notes:
        print(f"    note: {note}", file=out)


def run_approve(moderation: Moderation, arguments: argparse.Namespace, out) -> int:
    ids = list(arguments.ids)
    if arguments.all:
        ids += moderation.matched_ids()
    if not ids:
        print("error: nothing to approve: give reply ids (see `pending`), or --all", file=sys.stderr)
        return 1
    if arguments.parent and not arguments.post:
        print("error: --parent goes with --post", file=sys.stderr)
        return 1
    held: list[tuple[str, str]] = []
    done = moderation.approve(ids, arguments.post, arguments.parent, arguments.by_author, held)
    for reply_id, path in done:
        print(f"approved {reply_id} into {path}", file=out)
    for reply_id, why in held:
        print(f"held {reply_id} in the queue: {why}", file=sys.stderr)
    left = len(moderation.queued())
    print(
        f"Approved {len(done)}; {left} left in the queue. Build (make html) to see them; a running make devserver"
        " shows them already.",
        file=out,
    )
    return 1 if set(arguments.ids) & {reply_id for reply_id, _ in held} else 0  # --all: the held ones wait


def run_reject(moderation: Moderation, arguments: argparse.Namespace, out) -> int:
    for reply_id, slug, replies in moderation.reject(arguments.ids):
        if slug is None:
            print(f"rejected {reply_id}: deleted, and remembered so that it never comes back", file=out)
            continue
        kept = ""
        if replies:
            kept = f"; its {replies} repl{'y stays' if replies == 1 else 'ies stay'}, shown as answering a comment"
            kept += " that is no longer here"
        print(
            f"deleted {reply_id} from {moderation.archive_path(slug)} (it was published): gone from the site at the"
            f" next build, and remembered so that an import or the inbox never brings it back{kept}",
            file=out,
        )
    return 0


def main(argv: list[str] | None = None, out=None) -> int:
    arguments = parse_arguments(argv)
    out = out or sys.stdout
    if arguments.command == "import":
        return run_import(arguments, out)
    moderation = Moderation(arguments.comments, arguments.posts, arguments.pages)
    try:
        if arguments.command == "pending":
            return run_pending(moderation, out)
        with store.lock(arguments.comments):
            if arguments.command == "inbox":
                return run_inbox(moderation, arguments, out)
            if arguments.command == "approve":
                return run_approve(moderation, arguments, out)
            return run_reject(moderation, arguments, out)
    except (store.ArchiveError, MailboxError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error.filename or ''}: {error.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
