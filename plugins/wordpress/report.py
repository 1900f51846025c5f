"""The import's report, for the author: what needs her first ("Needs you: N"), then what was done, each group
with its count and its first few examples; every line of every group goes to the kept report file.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from .export import Export
    from .importer import Options, Report

EXAMPLES = 3  # lines shown per group; the kept file has them all
REPORT_NAME = Path("wordpress") / "import-report.txt"


@dataclass
class Group:
    """Some lines of one kind: a count, what they are (and what to do), and every line."""

    count: int
    title: str
    lines: list[str]

    def render(self, kept: str) -> list[str]:
        shown = [f"  {self.count} {self.title}", *[f"    - {line}" for line in self.lines[:EXAMPLES]]]
        if len(self.lines) > EXAMPLES:
            shown.append(f"    ... and {len(self.lines) - EXAMPLES} more {kept}")
        return shown


def _counted(counter: Counter, limit: int = 8) -> str:
    """``[code] ×18, [bash] ×2, [i]``: most frequent first, at most ``limit`` names."""
    found = counter.most_common()
    shown = ", ".join(f"{name}{' ×' + str(count) if count > 1 else ''}" for name, count in found[:limit])
    return shown + (f" and {len(found) - limit} more" if len(found) > limit else "")


def needs_you(report: Report) -> list[Group]:
    """What only the author can do, most urgent first."""
    groups = []
    errors = [line for line in report.comment_lines if line.startswith("error: ")]
    if errors:
        groups.append(Group(len(errors), "comment error(s): fix the export, then import again", errors))
    if report.undated:
        groups.append(
            Group(
                len(report.undated),
                "published post(s) without a date, written as drafts: give each a Date:",
                report.undated,
            )
        )
    if report.media_missing:
        groups.append(
            Group(
                len(report.media_missing),
                "media file(s) not found (not in --media), shown to readers as their words ([Image: alt. caption]): "
                "put them in content/images/ as YYYY/MM/name (or give --media) and import again",
                report.media_missing,
            )
        )
    if report.media_refused:
        groups.append(
            Group(
                len(report.media_refused),
                "media file(s) refused (a symlink or not a regular file inside --media; never copied), shown as "
                "links to their old address: put the real files in the --media folder and import again",
                report.media_refused,
            )
        )
    if report.not_requested:
        lines = [f"{url} in {title!r} ({path})" for url, title, path in report.not_requested]
        groups.append(
            Group(
                len(lines),
                "image(s) from other sites, shown to readers as their words (this site never loads another host's "
                "image): save the ones you want in content/images/ and make them images again",
                lines,
            )
        )
    if report.shortcodes:
        by_post: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for name, title, path in report.shortcodes:
            by_post[(title, path)][f"[{name}]"] += 1
        names = Counter(f"[{name}]" for name, _title, _path in report.shortcodes)
        lines = [f"{title!r} ({path}): {_counted(found)}" for (title, path), found in by_post.items()]
        groups.append(
            Group(
                len(by_post),
                f"post(s) with unknown shortcodes, kept as text ({_counted(names)}): edit or delete them",
                lines,
            )
        )
    yours = [line for line in report.kept if ": yours (" in line]
    if yours:
        groups.append(
            Group(
                len(yours),
                "file(s) of yours stand for WordPress items: compare with WordPress's version set aside",
                yours,
            )
        )
    conflicts = [line.removeprefix("Conflict: ") for line in report.comment_lines if line.startswith("Conflict: ")]
    if conflicts:
        groups.append(Group(len(conflicts), "comment id conflict(s): both comments kept, check them", conflicts))
    return groups


def for_information(report: Report) -> list[Group]:
    """What was done that she may want to know, needing nothing from her."""
    groups = []
    reasons = Counter(why.split(":")[0] for _kind, _what, why in report.skipped)
    reasons.update({repr(kind): len(ids) for kind, ids in report.other.items()})
    if reasons:
        lines = [f"{what}: {why}" for _kind, what, why in report.skipped]
        lines += [
            f"{len(ids)} {kind!r} item(s), not posts or pages (ids {', '.join(ids)})"
            for kind, ids in sorted(report.other.items())
        ]
        groups.append(Group(reasons.total(), f"item(s) not written ({_counted(reasons)})", lines))
    edited = [line for line in report.kept if ": yours (" not in line]
    if edited:
        groups.append(Group(len(edited), "file(s) you edited since the last import, kept as they are", edited))
    if report.left_out:
        groups.append(
            Group(
                len(report.left_out),
                "old address(es) left out: the new site has a page of its own there (links land on that page)",
                report.left_out,
            )
        )
    if report.refused_addresses:
        groups.append(
            Group(
                len(report.refused_addresses),
                "old address(es) refused: no page of the site can be there, the post keeps its new address only",
                report.refused_addresses,
            )
        )
    if report.renamed:
        groups.append(Group(len(report.renamed), "slug(s) already used, renamed", report.renamed))
    notes = [
        *report.notes,
        *(line.removeprefix("Note: ") for line in report.comment_lines if line.startswith("Note: ")),
    ]
    if notes:
        groups.append(Group(len(notes), "note(s)", notes))
    return groups


def counts(report: Report) -> list[str]:
    """The counts, which add up: what came in = written + unchanged + kept + skipped."""
    lines = [
        "Items in the export: " + ", ".join(f"{count} {kind}" for kind, count in sorted(report.items_in.items())),
    ]
    for kind in ("post", "page"):
        written = sum(count for label, count in report.written.items() if label.startswith(kind))
        same = sum(count for label, count in report.unchanged.items() if label.startswith(kind))
        drafts = report.written.get(f"{kind} (draft)", 0) + report.unchanged.get(f"{kind} (draft)", 0)
        kept = sum(1 for line in report.kept if line.startswith(f"{kind}s/"))
        skipped = sum(1 for entry in report.skipped if entry[0] == kind)
        total = report.items_in.get(kind, 0)
        lines.append(
            f"{kind.capitalize()}s: {total} in = {written} written + {same} unchanged + {kept} kept (yours) + "
            f"{skipped} skipped; {drafts} of them drafts (Status: draft)"
        )
    attachments = report.items_in.get("attachment", 0)
    lines.append(
        f"Attachments: {attachments} in the export; media files used by posts: {report.media_copied} copied, "
        f"{report.media_present} already there, {len(report.media_missing)} missing"
        + (f", {len(report.media_refused)} refused" if report.media_refused else "")
    )
    other = sum(count for kind, count in report.items_in.items() if kind not in ("post", "page", "attachment"))
    lines.append(f"Other items (menus, blocks...): {other} in, all skipped")
    if report.conversion_kinds:
        removed = ", ".join(f"{count} {kind}" for kind, count in report.conversion_kinds.most_common())
        lines.append(f"Removed or changed in conversion (each listed in the details): {removed}")
    skipped_comments = sum(report.comment_skips.values())
    why = ", ".join(f"{count} {reason}" for reason, count in Counter(report.comment_skips).most_common())
    why = f" ({why})" if why else ""
    lines.append(
        f"Comments: {report.comments_in} in = {report.comments_out} imported + {report.comments_there} already "
        f"in the archive + {skipped_comments} skipped{why}"
        + (f"; {report.comment_badges} given the Author badge" if report.comment_badges else "")
    )
    return lines


def summary(export: Export, options: Options, report: Report, site: str = "") -> str:
    """The printed report: needs you, the counts, what was done, her site's settings (``site``, a section of its
    own); where every line is kept."""
    kept = (options.content / REPORT_NAME).as_posix()
    more = "(see Details)" if not options.dry_run else "(listed in the report file of a real import)"
    lines = [
        f"WordPress import of {unquote(options.export.name)} ({export.site_url or 'no address'})"
        + (" -- dry run, nothing written" if options.dry_run else ""),
        "",
    ]
    urgent = needs_you(report)
    lines.append(f"Needs you: {sum(group.count for group in urgent)}" + ("" if urgent else " (nothing to do)"))
    for group in urgent:
        lines += group.render(more)
    lines += ["", "Imported:", *[f"  {line}" for line in counts(report)]]
    done = for_information(report)
    if done:
        lines += ["", "For your information:"]
        for group in done:
            lines += group.render(more)
    if site:
        lines.append(site.strip("\n").join(["\n", ""]))
    lines += ["", f"Details: every line in {kept}" if not options.dry_run else "Details: none written (dry run)"]
    return "\n".join(lines)


def details(report: Report) -> str:
    """Every line of every group, for the kept report file."""
    other_items = [
        f"{len(ids)} {kind!r} item(s), not posts or pages (ids {', '.join(ids)})"
        for kind, ids in sorted(report.other.items())
    ]
    sections = [
        ("Skipped items (never written)", [f"{what}: {why}" for _kind, what, why in report.skipped] + other_items),
        ("Kept: files of yours (written or edited by you), never overwritten", report.kept),
        (
            "Old addresses left out: the new site has a page of its own there (links to them land on that page, "
            "not on the post)",
            report.left_out,
        ),
        (
            "Old addresses refused (no page of the site can be there; the post keeps its new address only)",
            report.refused_addresses,
        ),
        ("Renamed (slug already used)", report.renamed),
        ("Undated (published on WordPress, written as drafts here)", report.undated),
        (
            "Unknown shortcodes, kept as text: edit or delete them",
            [f"[{name}] in {title!r} ({path}): kept as text" for name, title, path in report.shortcodes],
        ),
        (
            "Missing media (not in --media; readers see their words, [Image: alt. caption]): fetch them from these "
            "addresses into content/images/ and put them back as images",
            report.media_missing,
        ),
        (
            "Media refused (never copied; shown as links to the old address): only regular files inside the "
            "--media folder are copied, never a symlink",
            report.media_refused,
        ),
        (
            "Images from other addresses, not uploads (readers see their words: the site never asks another host "
            "for an image): save the ones you may use in content/images/ and put them back as images",
            [f"{url} in {title!r} ({path})" for url, title, path in report.not_requested],
        ),
        ("Removed or changed in conversion (nothing active from the export reaches a page)", report.conversion),
        ("Notes", report.notes),
        ("Comments", report.comment_lines),
    ]
    lines = ["Details (every line)"]
    for title, entries in sections:
        if entries:
            lines += ["", f"{title}:", *[f"  {entry}" for entry in entries]]
    return "\n".join(lines)
