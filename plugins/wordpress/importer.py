"""``python -m plugins.wordpress import EXPORT.xml``: posts, pages, media and comments, into ``content/``.

Everything is written under the content folder: posts to ``posts/YYYY-MM-DD-slug.md``, pages to
``pages/slug.md``, media to ``images/YYYY/MM/name.ext``, comments to ``comments/<slug>.json`` (through the
comment importer, with its privacy rules), the report to ``wordpress/import-report.txt`` and the digests of
what was written to ``wordpress/imported.json``. A file whose bytes no longer match the digest was edited
by the author since the import and is never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from pelican.settings import DEFAULT_CONFIG

from plugins.comments import store
from plugins.comments.store import ImportResult, MergeOutcome, MergeSummary
from plugins.shared.files import remove_leftovers, write_atomically

from .convert import CONVERTER_FILES, Attachment, Converted, Site, convert_post, media_path, old_path
from .export import Export, ExportError, Item, read_export
from .kept_files import link_kept_file
from .markdown_check import CONTROL_RE
from .media_files import RefusedError, is_outside, read_regular
from .missing_media import without_missing
from .redirects import path_problem
from .report import REPORT_NAME, details, summary
from .site_pages import Listed, own_pages, taken_by
from .site_settings import her_site, prepare_site
from .text import markdown_text

DIGESTS_NAME = Path("wordpress") / "imported.json"
SET_ASIDE = Path("wordpress") / "set-aside"  # WordPress's version of an item whose file is the author's own
DRAFT_STATUSES = frozenset({"draft", "pending", "future"})
WRITTEN_TYPES = frozenset({"post", "page"})
WRITTEN_FOLDERS = tuple(Path(name) for name in ("posts", "pages", "images", "comments", "wordpress"))


@dataclass
class Options:
    export: Path
    content: Path = Path("content")
    media: Path | None = None
    dry_run: bool = False
    authors: list[str] = field(default_factory=list)
    replace_sample: bool = False  # remove the starter's untouched sample content (site_settings.py)
    settings: dict = field(default_factory=lambda: dict(DEFAULT_CONFIG))  # the site's (pelicanconf.py)

    def setting(self, key: str):
        return self.settings.get(key, DEFAULT_CONFIG.get(key))


@dataclass
class Planned:
    """One post or page to write."""

    item: Item
    kind: str  # "post" or "page"
    slug: str
    path: Path  # relative to the content folder
    draft: bool
    converted: Converted | None = None
    redirects: list[str] = field(default_factory=list)
    key: str = ""  # digest of everything the written file depends on (see input_key)
    cached: dict | None = None  # what the last import noted for this file, when the key and the file still match
    same_id: bool = False  # an earlier item of the export has this item's WordPress id: that one keeps it

    @property
    def wordpress_id(self) -> str:
        """The item's WordPress id, "" when an earlier item has it (``/?p=ID`` can lead to one only)."""
        return "" if self.same_id else self.item.id

    def media(self) -> list[str]:
        return self.converted.media if self.converted is not None else list(self.cached["media"])

    def shortcodes(self) -> list[str]:
        return self.converted.unknown_shortcodes if self.converted is not None else list(self.cached["shortcodes"])

    def not_requested(self) -> list[str]:
        return self.converted.not_requested if self.converted is not None else list(self.cached["not_requested"])

    def conversion_notes(self) -> list[str]:
        """What conversion removed or changed in this item (scripts, embeds, LaTeX...), one line each."""
        return self.converted.notes if self.converted is not None else list(self.cached.get("notes", []))


@dataclass
class Report:
    """What the import did, item by item; printed and kept under the content folder."""

    items_in: Counter = field(default_factory=Counter)
    written: Counter = field(default_factory=Counter)  # "post", "post (draft)", "page"...
    unchanged: Counter = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)  # the author's own or edited since the import: not overwritten
    left_out: list[str] = field(default_factory=list)  # old addresses where the new site has a page of its own
    refused_addresses: list[str] = field(default_factory=list)  # old addresses no page can have ("..", %00...)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (type, what, why)
    renamed: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # published posts without a date: drafts until dated
    other: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # type -> ids, never written
    shortcodes: list[tuple[str, str, str]] = field(default_factory=list)  # (name, post title, path)
    not_requested: list[tuple[str, str, str]] = field(default_factory=list)  # images of other hosts: (url, title, path)
    conversion: list[str] = field(default_factory=list)  # what conversion removed or changed, one line each
    conversion_kinds: Counter = field(default_factory=Counter)  # the same, counted by kind ("removed <script>")
    media_copied: int = 0
    media_present: int = 0
    media_missing: list[str] = field(default_factory=list)
    media_refused: list[str] = field(default_factory=list)  # a symlink, not a regular file, or not writable
    notes: list[str] = field(default_factory=list)
    comment_lines: list[str] = field(default_factory=list)
    comments_in: int = 0
    comments_out: int = 0
    comments_there: int = 0
    comment_skips: Counter = field(default_factory=Counter)
    comment_badges: int = 0  # comments given the Author badge (--author)


def plan(export: Export, options: Options, report: Report) -> list[Planned]:
    """Which items become files, under which slug and path; every other item is skipped with its reason."""
    planned: list[Planned] = []
    taken: set[str] = set()
    paths: set[Path] = set()
    for item in export.items:
        report.items_in[item.type] += 1
        report.comments_in += item.comments
        what = _what(item)
        if item.type == "attachment":
            continue
        if item.type not in WRITTEN_TYPES:
            report.other[item.type].append(item.id or "?")
            continue
        if item.password:
            report.skipped.append((item.type, what, "password-protected: never written"))
            continue
        if item.status == "private":
            report.skipped.append((item.type, what, "private: never written"))
            continue
        if item.status != "publish" and item.status not in DRAFT_STATUSES:
            report.skipped.append((item.type, what, f"status {item.status!r}"))
            continue
        slug = item.slug
        if slug in taken:
            number = 2
            while f"{slug}-{number}" in taken:
                number += 1
            report.renamed.append(f"{what}: slug {slug!r} already used, written as {slug}-{number}")
            slug = f"{slug}-{number}"
        taken.add(slug)
        if item.type == "page":
            path = Path("pages") / f"{slug}.md"
        else:
            day = item.date.strftime("%Y-%m-%d") if item.date else "undated"
            path = Path("posts") / f"{day}-{slug}.md"
        if path in paths:  # two posts of one day with one slug cannot happen (slugs are unique), but be sure
            report.skipped.append((item.type, what, f"would overwrite {path}, written by another item"))
            continue
        paths.add(path)
        undated = item.type == "post" and item.status == "publish" and item.date is None
        if undated:
            report.undated.append(
                f"{what}: no date in the export (no wp:post_date or pubDate): written as a draft, {path}; give it "
                "a Date: and remove its Status: line to publish it"
            )
        planned.append(Planned(item, item.type, slug, path, draft=item.status != "publish" or undated))
    _one_item_per_id(planned, report)
    return planned


def _one_item_per_id(planned: list[Planned], report: Report) -> None:
    """Two items with one WordPress id (a merged or edited export): ``/?p=ID`` can lead to one only, the
    first published one (else the first); the others are written without the id, and named in the report."""
    by_id: dict[str, list[Planned]] = defaultdict(list)
    for entry in planned:
        if entry.item.id:
            by_id[entry.item.id].append(entry)
    for wordpress_id, entries in by_id.items():
        if len(entries) < 2:
            continue
        keeper = next((entry for entry in entries if not entry.draft), entries[0])
        for entry in entries:
            if entry is keeper:
                continue
            entry.same_id = True
            report.notes.append(
                f"{_what(entry.item)}: its WordPress id is also that of {_what(keeper.item)}, which keeps it: "
                f"/?p={wordpress_id}, links to that id and comments filed under it lead there ({entry.path} is "
                "written without Wordpress-id)"
            )


def _what(item: Item) -> str:
    return f"{item.title or '(no title)'!r} (id {item.id or '?'}, line {item.line})"


def new_url(entry: Planned, options: Options) -> str:
    return _formatted(entry, options, "PAGE_URL" if entry.kind == "page" else "ARTICLE_URL")


def new_file(entry: Planned, options: Options) -> str:
    """The file the build will write for the entry (a draft's under the drafts' pattern)."""
    if entry.kind == "page":
        return _formatted(entry, options, "DRAFT_PAGE_SAVE_AS" if entry.draft else "PAGE_SAVE_AS")
    return _formatted(entry, options, "DRAFT_SAVE_AS" if entry.draft else "ARTICLE_SAVE_AS")


def _formatted(entry: Planned, options: Options, key: str) -> str:
    """A URL or file pattern of the settings for the entry; "" when it needs what the entry does not have."""
    pattern = options.setting(key)
    if not isinstance(pattern, str):
        return ""
    try:
        return pattern.format(slug=entry.slug, date=entry.item.date, lang=options.setting("DEFAULT_LANG"))
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        return ""


def site_owned(planned: list[Planned], options: Options) -> dict[str, str]:
    """The files the new site will write itself, for the imported posts and from the settings (see
    ``site_pages``): an old address there is left out."""
    listed = [
        Listed(
            entry.item.categories[0] if entry.item.categories else None,
            tuple(dict.fromkeys([*entry.item.categories[1:], *entry.item.tags])),
            entry.item.date,
        )
        for entry in planned
        if entry.kind == "post" and not entry.draft
    ]
    files = {new_file(entry, options): f"{entry.path} ({entry.item.title or entry.slug!r})" for entry in planned}
    files.pop("", None)
    return own_pages(options.settings, listed, files)


def old_address(
    entry: Planned, export: Export, options: Options, owners: dict[str, str]
) -> tuple[str | None, str, str]:
    """The entry's old path, if any; what page of its own the new site has there ("" when none, or when it is
    the entry's own new page); and why the build could not write a redirect there ("" when it can: the
    build's own check, ``path_problem``)."""
    item = entry.item
    old = old_path(item.link, export.hosts) if item.link and "?" not in item.link else None
    if not old or old == new_url(entry, options):
        return old, "", ""
    problem = path_problem(redirect_from(old))
    if problem is not None:
        return old, "", problem
    owner = taken_by(old, owners) or ""
    return old, "" if owner.startswith(f"{entry.path} ") else owner, ""


def redirect_from(old: str) -> str:
    """An old path (decoded) as written in ``Redirect-from``, which the build decodes again: ``%`` escaped."""
    return "/" + old.replace("%", "%25")


def shown_path(old: str) -> str:
    """An old path as the report shows it: control characters escaped, a long one cut."""
    return shown_name("/" + old)


def site_of(export: Export, planned: list[Planned]) -> Site:
    """The export's own addresses and media, for rewriting links and galleries."""
    site = Site(hosts=export.hosts, base_url=export.site_url or "")
    for entry in planned:
        target = f"{{filename}}/{entry.path.as_posix()}"
        if entry.wordpress_id:
            site.by_id[entry.wordpress_id] = target
        path = old_path(entry.item.link, export.hosts) if entry.item.link else None
        if path:
            site.by_path[path] = target
    for item in export.items:
        if item.type == "attachment" and item.link:
            site.attachment_paths.add(old_path(item.link, export.hosts) or "")
        if item.type == "attachment" and item.attachment_url:
            site.attachments[item.id] = Attachment(
                url=item.attachment_url,
                title=item.title,
                caption=item.excerpt,
                alt=item.meta.get("_wp_attachment_image_alt", ""),
                parent=item.parent,
                order=item.order,
            )
    return site


def front_matter(entry: Planned) -> str:
    """The YAML block of one post (read by the front_matter plugin; values as JSON strings, valid YAML)."""
    item, converted = entry.item, entry.converted
    lines = ["---", f"Title: {_quote(_plain(item.title) or entry.slug)}"]  # plain text: the theme escapes it
    if item.date is not None:
        lines.append(f"Date: {_quote(_date(item.date))}")
    if item.modified is not None and item.date is not None and item.modified > item.date:
        lines.append(f"Modified: {_quote(_date(item.modified))}")
    lines.append(f"Slug: {_quote(entry.slug)}")
    if entry.kind == "post":
        categories = item.categories or []
        if categories:
            lines.append(f"Category: {_quote(categories[0])}")
        tags = list(dict.fromkeys([*categories[1:], *item.tags]))
        if tags:
            lines.append(f"Tags: [{', '.join(_quote(tag) for tag in tags)}]")
    if converted is not None and converted.summary:
        lines.append(f"Summary: {_quote(markdown_text(converted.summary))}")
    if entry.draft:
        lines.append('Status: "draft"')
    if entry.redirects:
        lines.append(f"Redirect-from: [{', '.join(_quote(path) for path in entry.redirects)}]")
    if entry.wordpress_id:
        lines.append(f"Wordpress-id: {_quote(entry.wordpress_id)}")
    if item.guid and not entry.same_id:  # the same id, the same GUID (?p=ID): one feed entry id for two posts
        lines.append(f"Wordpress-guid: {_quote(item.guid)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _quote(text: str) -> str:
    """A front matter value as a JSON string, without control characters (a feed cannot hold them)."""
    return json.dumps(CONTROL_RE.sub("", text), ensure_ascii=False)


def _date(value: datetime) -> str:
    return value.isoformat(sep=" ")


def _plain(title: str) -> str:
    """A title's words, without tags or character references."""
    if "<" not in title and "&" not in title:  # nothing to parse (most titles)
        return " ".join(title.split())
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(title, "html.parser").get_text(" ").split())


def damaged(current: bytes, data: bytes) -> str | None:
    """Why a file at an imported post's path is what an interrupted write left, not the author's own: it is
    empty, or it is the start of what the import writes there (cut short). None for any other file."""
    if not current.strip():
        return "the file was empty"
    if data.startswith(current):
        return f"the file was cut short ({len(current)} of {len(data)} bytes)"
    return None


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Writer:
    """Writes under the content folder only, and never over a file the author edited since the import."""

    def __init__(self, content: Path, dry_run: bool, report: Report) -> None:
        self.content = content.resolve()
        self.dry_run = dry_run
        self.report = report
        self.digests_path = self.content / DIGESTS_NAME
        try:
            stored = json.loads(self.digests_path.read_text(encoding="utf-8"))
            self.digests: dict[str, str] = dict(stored.get("files", {}))
            self.previous: dict[str, dict] = dict(stored.get("converted", {}))
            self.previous_comments: object = stored.get("comments")
        except (OSError, ValueError, AttributeError, TypeError):
            self.digests, self.previous, self.previous_comments = {}, {}, None
        self.comments: dict | None = None  # what the comment import gave, for the next import (see _comments)
        self.converted: dict[str, dict] = {}  # file -> its input key, media and shortcodes, for the next import

    def inside(self, relative: Path) -> Path:
        target = (self.content / relative).resolve()
        if not target.is_relative_to(self.content):
            raise ExportError(relative, 1, f"refused: {relative} is outside the content folder {self.content}")
        return target

    def as_written(self, relative: Path) -> bool:
        """Whether the file is still exactly what the last import wrote."""
        target = self.inside(relative)
        written = self.digests.get(relative.as_posix())
        return written is not None and target.is_file() and digest(target.read_bytes()) == written

    def unchanged(self, label: str) -> None:
        """A file the import would write again byte for byte (known from its inputs' digest): left alone."""
        self.report.unchanged[label] += 1

    def write(self, relative: Path, data: bytes, label: str, report: bool = True) -> str:
        """Write unless the file is the author's: "written", "unchanged", "edited" (since the import) or
        "yours" (a file this importer never wrote)."""
        target = self.inside(relative)
        key = relative.as_posix()
        if target.exists():
            current = target.read_bytes()
            if current == data:
                if report:
                    self.report.unchanged[label] += 1
                self.digests[key] = digest(data)
                return "unchanged"
            if self.digests.get(key) != digest(current):
                damage = damaged(current, data)
                if damage is None:
                    return "edited" if key in self.digests else "yours"
                self.report.notes.append(
                    f"{key}: {damage} (damaged, most likely by an import that was stopped): written anew"
                )
        if report:
            self.report.written[label] += 1
        self.digests[key] = digest(data)
        if not self.dry_run:
            write_atomically(target, data, durable=False)  # written again from the export if cut
        return "written"

    def finish(self) -> None:
        if self.dry_run:
            return
        self.digests_path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "about": "digests of what the WordPress import wrote (and of what each post was made from); do not edit",
            "files": self.digests,
            "converted": self.converted,
        }
        if self.comments is not None:
            document["comments"] = self.comments
        write_atomically(self.digests_path, json.dumps(document, indent=1, sort_keys=True) + "\n")


def copy_media(media: list[str], options: Options, writer: Writer, report: Report) -> set[str]:
    """Copy each used media file from ``--media`` (laid out ``YYYY/MM/name.ext``); the set of those not copied
    (missing, or refused: a symlink or anything but a regular file inside the folder is never read)."""
    missing = set()
    swept: set[Path] = set()
    for name in media:
        relative = Path("images") / name
        try:
            data = read_regular(options.media, name) if options.media else None
            target = writer.inside(relative)
            present = target.read_bytes() if target.is_file() else None
        except (RefusedError, ExportError, OSError, ValueError) as error:
            missing.add(name)
            report.media_refused.append(f"{shown_name(name)}: {_refusal(error)}")
            continue
        if data is None:
            if present is not None:
                report.media_present += 1
                continue
            missing.add(name)
            report.media_missing.append(name)
            continue
        if present == data:
            report.media_present += 1
            continue
        if not options.dry_run:
            if target.parent not in swept:  # a killed import's temp files, published as images otherwise
                remove_leftovers(target.parent)
                swept.add(target.parent)
            try:
                write_atomically(target, data, durable=False)
            except OSError as error:
                missing.add(name)
                report.media_refused.append(f"{shown_name(name)}: cannot be written ({error.strerror})")
                continue
        report.media_copied += 1
    return missing


def shown_name(name: str) -> str:
    """A media name as the report shows it: control characters escaped (``\\x00``), a long one cut."""
    text = name if len(name) <= 120 else name[:120] + "..."
    return repr(text)[1:-1] if not text.isprintable() else text


def _refusal(error: Exception) -> str:
    if isinstance(error, ExportError):
        reason = error.message
    elif isinstance(error, OSError):
        reason = error.strerror or str(error)
    else:
        reason = str(error)
    return f"not copied: {reason}"


def run(options: Options, out) -> int:
    """The import; prints the report. 0 on success, 1 when the export is unusable or something failed.
    It holds the comments lock (:func:`plugins.comments.store.lock`) while it writes, so that it never runs
    at the same time as another import or a moderation command."""
    try:
        export = read_export(options.export)
    except ExportError as error:
        print(f"error: {error}", file=out.err)
        return 1
    for folder in WRITTEN_FOLDERS:
        outside = is_outside(options.content, folder)
        if outside is not None:
            print(
                f"error: {options.content / folder} leads to {outside}, outside the content folder (a symlink): the "
                f"import writes only inside {options.content}/; make it a real folder (move its files in) and import "
                "again. Nothing was written.",
                file=out.err,
            )
            return 1
    try:
        with nullcontext() if options.dry_run else store.lock(options.content / "comments"):
            if not options.dry_run:
                for folder in ("posts", "pages", DIGESTS_NAME.parent):
                    remove_leftovers(options.content / folder)  # a killed import's temp files (we hold the lock)
            return _run(export, options, out)
    except store.ArchiveError as error:  # busy: another comments command runs
        print(f"error: {error}", file=out.err)
        return 1


def _run(export: Export, options: Options, out) -> int:
    report = Report()
    report.notes.extend(export.document.notes)
    planned = plan(export, options, report)
    sample_lines = prepare_site(planned, options)
    site = site_of(export, planned)
    writer = Writer(options.content, options.dry_run, report)
    originals: dict[str, str] = {}
    site_key = site_digest(site)
    owners = site_owned(planned, options)
    for number, entry in enumerate(planned):
        item = entry.item
        old, owner, problem = old_address(entry, export, options, owners)
        if problem:
            report.refused_addresses.append(
                f"{shown_path(old)} ({item.title or entry.slug!r}, {entry.path}): {problem}; not kept as Redirect-from"
            )
        elif owner:
            report.left_out.append(f"/{old} ({item.title or entry.slug!r}, {entry.path}): {owner} is there")
        elif old and old != new_url(entry, options):
            entry.redirects.append(redirect_from(old))
        entry.key = input_key(entry, site_key)
        previous = writer.previous.get(entry.path.as_posix())
        if _usable(previous) and previous["key"] == entry.key and writer.as_written(entry.path):
            entry.cached = previous  # converted from the same inputs last time, and the file is still as written
        else:
            convert(entry, site)
        for name in entry.shortcodes():
            report.shortcodes.append((name, item.title or entry.slug, entry.path.as_posix()))
        for url in entry.not_requested():
            report.not_requested.append((url, item.title or entry.slug, entry.path.as_posix()))
        for line in entry.conversion_notes():
            report.conversion.append(f"{entry.path}: {line}")
            report.conversion_kinds[line.partition(": ")[0]] += 1
        for name, url in _media_urls(item, site, attachments=number == 0):
            originals.setdefault(name, url)
    used = list(dict.fromkeys(name for entry in planned for name in entry.media()))
    missing = copy_media(used, options, writer, report)
    for entry in planned:
        media = entry.media()
        gone = missing.intersection(media)
        replaced = [[name, originals.get(name, "")] for name in sorted(gone)]
        label = f"{entry.kind}{' (draft)' if entry.draft else ''}"
        if entry.cached is not None and entry.cached.get("missing") == replaced:
            writer.unchanged(label)
        else:
            if entry.converted is None:
                convert(entry, site)
            body = without_missing(entry.converted.markdown, gone, originals)
            data = (front_matter(entry) + body).encode("utf-8")
            written = writer.write(entry.path, data, label)
            if written in ("edited", "yours"):
                _keep(entry, written, data, writer, report)
        writer.converted[entry.path.as_posix()] = {
            "key": entry.key,
            "media": media,
            "missing": replaced,
            "shortcodes": entry.shortcodes(),
            "not_requested": entry.not_requested(),
            "notes": entry.conversion_notes(),
        }
    comments_ok = _comments(export, planned, options, report, writer)
    site_text = her_site(export, planned, options, writer, sample_lines)
    writer.finish()
    text = summary(export, options, report, site_text)
    print(text, file=out.out)
    if not options.dry_run:
        write_atomically(writer.inside(REPORT_NAME), f"{text}\n\n{details(report)}\n")
    return 0 if comments_ok else 1


def _keep(entry: Planned, why: str, data: bytes, writer: Writer, report: Report) -> None:
    """The file at the entry's path is the author's: kept as it is. A file she wrote herself (this importer
    never did) stands for the WordPress item: it gets the item's ``Wordpress-id`` and old addresses, so
    ``/?p=ID`` and the old links lead to it, and WordPress's version is set aside under the content folder."""
    key = entry.path.as_posix()
    if why == "edited":
        report.kept.append(f"{key}: edited since the import, kept as it is")
        return
    item = entry.item
    aside = SET_ASIDE / entry.path
    writer.write(aside, data, "set aside", report=False)
    fields = {"Wordpress-id": entry.wordpress_id} if entry.wordpress_id else {}
    if entry.kind == "post" and item.guid and not entry.same_id:  # feed readers know the post by it
        fields["Wordpress-guid"] = item.guid
    if entry.redirects:
        fields["Redirect-from"] = entry.redirects
    outcome = link_kept_file(writer.inside(entry.path), fields, writer.dry_run)
    report.kept.append(
        f"{key}: yours (not written by this importer), kept as it is; WordPress's {entry.kind} "
        f"{item.title or entry.slug!r} (id {item.id or '?'}) is set aside in {aside.as_posix()} to compare. "
        f"{outcome} To take WordPress's version instead, delete {key} and import again."
    )


def _usable(previous: object) -> bool:
    """A well-formed note of the last import about one file (the digests file may have been edited by hand)."""
    return (
        isinstance(previous, dict)
        and isinstance(previous.get("key"), str)
        and all(isinstance(previous.get(name), list) for name in ("media", "missing", "shortcodes", "not_requested"))
        and all(
            isinstance(name, str) for name in [*previous["media"], *previous["shortcodes"], *previous["not_requested"]]
        )
    )


def convert(entry: Planned, site: Site) -> None:
    """The entry's HTML as Markdown (HTML nested too deep is handled in :func:`convert_post`, with a note)."""
    item = entry.item
    entry.converted = convert_post(
        item.content, site, post_id=item.id, excerpt=item.excerpt, footnotes_meta=item.meta.get("footnotes")
    )


def code_digest() -> str:
    """The conversion's own version: its source and the libraries it leans on (a change converts again)."""
    from importlib.metadata import version

    parts = [Path(__file__).with_name(name).read_bytes() for name in (*CONVERTER_FILES, "importer.py")]
    parts += [version(name).encode() for name in ("markdownify", "nh3", "beautifulsoup4")]
    return digest(b"\0".join(parts))


def site_digest(site: Site) -> str:
    """What conversion knows of the whole export (addresses, ids, attachments): one digest for all posts."""
    document = [
        sorted(site.hosts),
        site.base_url,
        sorted(site.by_path.items()),
        sorted(site.by_id.items()),
        sorted((key, vars(value)) for key, value in site.attachments.items()),
        sorted(site.attachment_paths),
        code_digest(),
    ]
    return digest(json.dumps(document, ensure_ascii=False, default=str).encode("utf-8"))


def input_key(entry: Planned, site_key: str) -> str:
    """A digest of everything the written file is made from: the item's fields, its path, slug and old
    addresses, the export's addresses and media, and the code; the same key gives the same file."""
    item = entry.item
    fields = [
        site_key,
        entry.kind,
        entry.slug,
        entry.path.as_posix(),
        entry.draft,
        entry.redirects,
        entry.same_id,
        item.id,
        item.guid,
        item.title,
        item.date.isoformat() if item.date else None,
        item.modified.isoformat() if item.modified else None,
        item.categories,
        item.tags,
        item.excerpt,
        item.content,
        item.meta.get("footnotes"),
    ]
    return digest(json.dumps(fields, ensure_ascii=False).encode("utf-8"))


def _media_urls(item: Item, site: Site, attachments: bool = True):
    """(``YYYY/MM/name.ext``, original URL) of every upload the item refers to, then (``attachments``) of
    every attachment in the export, for missing files."""
    for url in re.findall(r"""(?:src|href)=["']([^"']+)["']|(https?://[^\s"'<>\]]+)""", item.content):
        address = url[0] or url[1]
        name = media_path(address, site.hosts)
        if name:
            parts = urlsplit(address)
            yield name, f"{parts.scheme or 'https'}://{parts.netloc}{parts.path}"
    if not attachments:
        return  # the same for every item: the first one adds them
    for attachment in site.attachments.values():
        name = media_path(attachment.url, site.hosts)
        if name:
            yield name, attachment.url


def _comments(export: Export, planned: list[Planned], options: Options, report: Report, writer: Writer) -> bool:
    """The comments, through the comment importer. When the export, the slugs and the code are those of the
    last import and every archive it touched is still as it left it, importing again would only find every
    comment already there: that outcome is given from what the last import noted, without reading them all."""
    slugs = {entry.wordpress_id: entry.slug for entry in planned if entry.wordpress_id}
    folder = options.content / "comments"
    key = _comments_key(options, slugs)
    summary = None if options.authors else _comments_again(writer.previous_comments, key, folder, options.dry_run)
    if summary is not None:
        writer.comments = writer.previous_comments  # still true: the archives are as that import left them
        result = summary.result
        summary = summary.summary
    else:
        result = store.read_wxr_comments(options.export, set(options.authors), document=export.document, slugs=slugs)
        if result.errors:
            report.comment_lines.extend(f"error: {error}" for error in result.errors)
            report.comment_lines.append("error: no comment was imported until these are fixed")
            return False
        summary = store.merge([result], folder, options.dry_run, update_badges=bool(options.authors))
        if not summary.errors:
            writer.comments = _comments_note(key, result, summary, folder)
    report.comments_out = summary.added
    report.comments_there = summary.already_there
    report.comment_skips = summary.skipped
    report.comment_badges = summary.badges
    report.comment_lines.extend(summary.lines)
    for what, why in result.skipped_items:
        report.comment_lines.append(f"  skipped {what}: {why}")
    report.comment_lines.extend(f"error: {error}" for error in summary.errors)
    return not summary.errors


def _comments_key(options: Options, slugs: dict[str, str]) -> str:
    """The export's bytes, the slugs given to the posts and the comment importer's declared version, digested."""
    versions = f"{store.IMPORTER_VERSION}/{store.FORMAT_VERSION}".encode()
    parts = [options.export.read_bytes(), json.dumps(sorted(slugs.items())).encode(), versions]
    return digest(b"\0".join(digest(part).encode() for part in parts))


def _archive_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def _comments_note(key: str, result, summary, folder: Path) -> dict:
    """What the next import needs to give this import's outcome again: per post, how many comments came in,
    how many the ``removed`` list kept out and which ids clashed, and each archive's digest as left."""
    incoming = Counter(comment.slug for comment in result.comments)
    return {
        "key": key,
        "skipped": sorted(result.skipped.items()),
        "skipped_items": [list(entry) for entry in result.skipped_items],
        "notes": list(result.notes),
        "posts": [
            {
                "slug": outcome.slug,
                "in": incoming[outcome.slug],
                "removed": outcome.removed,
                "conflicts": [list(pair) for pair in outcome.conflicts],
                "archive": _archive_digest(outcome.path),
            }
            for outcome in summary.outcomes
        ],
    }


@dataclass
class _Again:
    result: ImportResult
    summary: MergeSummary


def _comments_again(note: object, key: str, folder: Path, dry_run: bool) -> _Again | None:
    """The outcome of importing the same comments again, from the last import's note; None when anything
    may have changed (another export or code, an archive edited since, a note that is not well formed)."""
    try:
        if not isinstance(note, dict) or note.get("key") != key:
            return None
        outcomes = []
        for post in note["posts"]:
            path = store.archive_path(folder, post["slug"])  # ``page:SLUG``: pages/SLUG.json
            if post["archive"] is None or _archive_digest(path) != post["archive"]:
                return None
            conflicts = [(str(old), str(new)) for old, new in post["conflicts"]]
            there = int(post["in"]) - int(post["removed"])
            outcomes.append(MergeOutcome(post["slug"], path, 0, there, False, int(post["removed"]), conflicts))
        result = ImportResult(
            skipped=Counter({str(reason): int(count) for reason, count in note["skipped"]}),
            skipped_items=[(str(what), str(why)) for what, why in note["skipped_items"]],
            notes=[str(line) for line in note["notes"]],
        )
    except (KeyError, TypeError, ValueError):
        return None
    return _Again(result, MergeSummary.of([result], outcomes, dry_run))
