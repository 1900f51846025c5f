"""``python -m plugins.wordpress verify EXPORT.xml``: is everything of the export on the built site?

Checks ``output/`` after ``make html``: every published post and page has its page; every old address
resolves (the page itself, or a redirect page leading to an existing page); each post's body shows >= 97% of
the words it showed on WordPress and every code block as code, and the page loads nothing from another host
(``fidelity.py``); every approved reader comment on a published post is on its page, under both anchors.
Prints the misses grouped, then the counts; exits 1 on any miss.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import get_date

from plugins.comments.store import archive_path, target_of
from plugins.shared.frontmatter import front_matter_value

from .export import ExportError, read_export
from .fidelity import compare, export_code_blocks
from .importer import DIGESTS_NAME, Options, Planned, Report, digest, old_address, plan, shown_path, site_owned
from .redirects import REDIRECTS_FILE, query_redirects, site_path
from .site_pages import site_settings

QUERY_LINE_RE = re.compile(r"^(\S*)/ (p|page_id)=(\d+) (\S+) 301$", re.MULTILINE)
REFRESH_RE = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"')
FRONT_MATTER_RE = re.compile(r"\A---\n([\s\S]*?)\n---\n")


def _front_matter(path: Path) -> dict:
    """The fields verify needs from a post's front matter, in either form (YAML, or Pelican's lines)."""
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER_RE.match(text)
    if not match:
        found = {key: front_matter_value(text, key) for key in ("slug", "date", "status", "wordpress-id")}
        return {key: value for key, value in found.items() if value is not None}
    data = yaml.load(match.group(1), Loader=yaml.BaseLoader)
    return data if isinstance(data, dict) else {}


def _page_file(output: Path, url: str) -> Path:
    url = unquote(url.split("#", 1)[0])
    return output / (url + "index.html" if url.endswith("/") or not url else url)


COMMENT_TYPES = frozenset({"", "comment"})  # reader comments; pingbacks and trackbacks are not shown
COMMENT_FIELDS = ("id", "approved", "type", "author")  # wp:comment_<name>, what verify reads of a comment


@dataclass
class Findings:
    """What verify found: misses by group, addresses left out, what it could not check, and its counts."""

    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    left_out: list[str] = field(default_factory=list)
    not_checked: Counter = field(default_factory=Counter)  # reason -> count
    checked: Counter = field(default_factory=Counter)

    def miss(self, group: str, line: str) -> None:
        self.misses[group].append(line)

    @property
    def miss_count(self) -> int:
        return sum(len(lines) for lines in self.misses.values())


MISS_GROUPS = {
    "page": "Posts and pages without their page",
    "address": "Old addresses that lead nowhere",
    "words": "Words lost (a post showing fewer than 97% of the words it showed on WordPress)",
    "code": "Code blocks lost (shown as text, not as code)",
    "foreign": "Loaded from another host (the site must never ask another host for anything)",
    "comment": "Approved comments not shown",
}


def verify(export_path: Path, output: Path, content: Path, streams) -> int:
    """Print each miss, grouped, then the counts; 0 when there is none."""
    try:
        findings = check(export_path, output, content)
    except ExportError as error:
        print(f"error: {error}", file=streams.err)
        return 1
    for line in findings.left_out:
        print(f"left out: {line}", file=streams.out)
    for group, title in MISS_GROUPS.items():
        lines = findings.misses.get(group)
        if lines:
            print(f"{title}: {len(lines)}", file=streams.out)
            for line in lines:
                print(f"  miss: {line}", file=streams.out)
    for reason, count in findings.not_checked.items():
        print(f"not checked: {reason} ({count})", file=streams.out)
    counts = findings.checked
    print(
        f"Content: {counts['faithful_posts']} of {counts['posts']} published post(s) and "
        f"{counts['faithful_pages']} of {counts['pages_published']} page(s) faithful "
        f"(>= 97% of their words, every code block, nothing from another host); "
        f"code blocks {counts['code_shown']} of {counts['code_in']} kept "
        f"({counts['code_posts_kept']} of {counts['code_posts']} post(s) with code keep them all); "
        f"comments shown {counts['comments_shown']} of {counts['comments_expected']}.",
        file=streams.out,
    )
    print(
        f"Checked {counts['pages']} page(s), {counts['addresses']} old address(es), "
        f"{counts['queries']} ?p=/?page_id= address(es), {counts['comments']} comment(s): "
        f"{findings.miss_count} miss(es).",
        file=streams.out,
    )
    return 1 if findings.miss_count else 0


def check(export_path: Path, output: Path, content: Path) -> Findings:
    """Compare the export with the built site (``output``) and the content folder; raises ExportError."""
    export = read_export(export_path)
    settings = site_settings()
    findings = Findings()
    checked = findings.checked
    for name in ("pages", "addresses", "queries", "comments"):
        checked[name] = 0
    options = Options(export=export_path, content=content, settings=settings)
    planned = plan(export, options, Report())
    owners = site_owned(planned, options)
    own_hosts = _own_hosts(settings)
    written = _written_digests(content)
    pages: dict[str, Path] = {}  # post id -> its built page
    shown: list[tuple[Planned, Path]] = []
    unshown: list[Planned] = []  # published, without a page: their comments are not shown either
    for entry in planned:
        if entry.item.status != "publish":  # a draft there; an undated post is checked once its file is published
            continue
        source = content / entry.path
        if not source.is_file():
            findings.miss("page", f"{entry.item.title!r}: {source} is missing (not imported, or moved)")
            _published(entry, checked)
            unshown.append(entry)
            continue
        meta = {key.lower(): value for key, value in _front_matter(source).items()}
        if str(meta.get("status", "published")).lower() != "published":
            continue
        slug = meta.get("slug") or entry.slug
        kind = "PAGE" if entry.kind == "page" else "ARTICLE"
        pattern = settings.get(f"{kind}_URL", DEFAULT_CONFIG[f"{kind}_URL"])
        date = get_date(meta["date"]) if meta.get("date") else None
        checked["pages"] += 1
        if not _edited(source, entry.path, written):
            _published(entry, checked)
        if date is None and "{date" in pattern:
            findings.miss("page", f"{entry.item.title!r} ({source}): no Date: in its front matter, so no page; add one")
            unshown.append(entry)
            continue
        url = pattern.format(slug=slug, date=date)
        page = _page_file(output, url)
        if not page.is_file():
            findings.miss("page", f"{entry.item.title!r} ({source}): no page at {page}")
            unshown.append(entry)
            continue
        if entry.wordpress_id:
            pages[entry.wordpress_id] = page
        shown.append((entry, page))
        if _edited(source, entry.path, written):
            findings.not_checked["words and code of posts you edited or wrote yourself"] += 1
        else:
            _check_content(entry, page, source, own_hosts, findings)
        old, owner, refused = old_address(entry, export, options, owners)
        if refused:
            findings.left_out.append(f"old address {shown_path(old)} ({entry.item.title!r}): refused, {refused}")
        elif owner:
            findings.left_out.append(
                f"old address /{old} ({entry.item.title!r}): {owner} is there (see the import report)"
            )
        elif old:
            checked["addresses"] += 1
            problem = _resolves(output, old, page)
            if problem:
                findings.miss("address", f"old address /{old} ({entry.item.title!r}): {problem}")
    misses: list[str] = []
    _check_queries(output, settings, planned, pages, checked, misses, content)
    for line in misses:
        findings.miss("address", line)
    for entry in unshown:  # its code blocks are not shown either
        blocks = export_code_blocks(entry.item.content)
        checked["code_in"] += blocks
        checked["code_posts"] += blocks > 0
    _check_comments(export, [*shown, *((entry, None) for entry in unshown)], content, findings)
    return findings


def _published(entry: Planned, counts: Counter) -> None:
    """Count a published post or page whose content verify answers for (faithful or not)."""
    counts["posts" if entry.kind == "post" else "pages_published"] += 1


def _check_content(entry: Planned, page: Path, source: Path, own_hosts: frozenset[str], findings: Findings) -> None:
    """Words, code blocks and loads from other hosts of one built post against its export."""
    result = compare(entry.item.content, page.read_text(encoding="utf-8"), entry.kind, own_hosts)
    counts = findings.checked
    counts[f"faithful_{entry.kind}s"] += result.faithful
    counts["code_in"] += result.code_in
    counts["code_shown"] += min(result.code_in, result.code_shown)
    counts["code_posts"] += result.code_in > 0
    counts["code_posts_kept"] += result.code_in > 0 and result.code_ok
    counts["words_in"] += result.words_in
    counts["words_lost"] += result.lost.total()
    what = f"{entry.item.title or entry.slug!r} ({source})"
    problems = result.problems()
    for group, ok in (("words", result.words_ok), ("code", result.code_ok), ("foreign", not result.foreign)):
        if not ok:
            findings.miss(group, f"{what}: {problems.pop(0)}")


def _check_comments(export, shown: list[tuple[Planned, Path | None]], content: Path, findings: Findings) -> None:
    """Every approved reader comment on a published post or page is on its page, under both anchors (its own
    and WordPress's ``#comment-N``)."""
    wp = export.namespace
    counts = findings.checked
    texts: dict[Path, str] = {}
    for entry, page in shown:
        unshown = 0
        for element in entry.item.element.findall(f"{wp}comment"):
            fields = {name: (element.findtext(f"{wp}comment_{name}") or "").strip() for name in COMMENT_FIELDS}
            if fields["approved"] != "1" or fields["type"].casefold() not in COMMENT_TYPES:
                continue
            raw_id = fields["id"]
            if not raw_id:
                findings.not_checked["approved comments without a wp:comment_id"] += 1
                continue
            if _removed(content, target_of(entry.kind, entry.slug), f"wp-{raw_id}"):
                findings.not_checked["comments you removed (the archive's removed list)"] += 1
                continue
            counts["comments_expected"] += 1
            if page is None:
                unshown += 1
                continue
            counts["comments"] += 1
            text = texts.setdefault(page, page.read_text(encoding="utf-8"))
            missing = [anchor for anchor in (f"wp-{raw_id}", raw_id) if f'id="comment-{anchor}"' not in text]
            if missing:
                author = fields["author"] or "someone"
                findings.miss(
                    "comment",
                    f"comment {raw_id} by {author} on {entry.item.title or entry.slug!r} is not on {page} "
                    f"(no anchor #comment-{missing[0]})",
                )
            else:
                counts["comments_shown"] += 1
        if unshown:
            findings.miss(
                "comment",
                f"{unshown} approved comment(s) on {entry.item.title or entry.slug!r} not shown: the post has no page",
            )


def _own_hosts(settings: dict) -> frozenset[str]:
    """The hosts this site is served from (SITEURL's), whose addresses are not another host's."""
    hosts = set()
    for key in ("SITEURL", "FEED_DOMAIN"):
        value = settings.get(key) or ""
        try:
            host = urlsplit(str(value)).hostname
        except ValueError:
            host = None
        if host:
            hosts.add(host.lower())
    return frozenset(hosts)


def _written_digests(content: Path) -> dict[str, str]:
    """The digests of the files the import wrote (``wordpress/imported.json``); {} when there is none."""
    try:
        files = json.loads((content / DIGESTS_NAME).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return files if isinstance(files, dict) else {}


def _edited(source: Path, relative: Path, written: dict[str, str]) -> bool:
    """Whether the file is not what the import wrote (edited since, or the author's own kept in its place):
    its words are hers. Without the import's digests every file is compared."""
    if not written:
        return False
    recorded = written.get(relative.as_posix())
    return recorded is None or digest(source.read_bytes()) != recorded


def _check_queries(
    output: Path, settings: dict, planned, pages: dict[str, Path], checked: dict, misses: list, content: Path
) -> None:
    """Each published post answers to ``/?p=ID`` (a page also to ``/?page_id=ID``) in ``_redirects``, leading
    to its page."""
    prefix = site_path(settings.get("SITEURL", ""))
    try:
        text = (output / REDIRECTS_FILE).read_text(encoding="utf-8")
    except OSError:
        text = ""
    targets = {}
    for match in QUERY_LINE_RE.finditer(text):
        if match.group(1) == prefix:
            targets[(match.group(2), match.group(3))] = unquote(match.group(4).removeprefix(prefix).lstrip("/"))
    for entry in planned:
        page = pages.get(entry.wordpress_id)
        if page is None or not entry.wordpress_id:
            continue
        for query in query_redirects(entry.wordpress_id, "", entry.kind == "page"):
            checked["queries"] += 1
            address = f"/?{query.key}={query.id}"
            target = targets.get((query.key, query.id))
            if target is None:
                misses.append(
                    f"old address {address} ({entry.item.title!r}): no line for it in {REDIRECTS_FILE}"
                    + _id_hint(content / entry.path, entry.wordpress_id)
                )
            elif _page_file(output, target) != page:
                misses.append(f"old address {address} ({entry.item.title!r}): leads to /{target}, not to {page}")


def _id_hint(source: Path, wordpress_id: str) -> str:
    """What to do when the file standing for a WordPress item does not carry its id."""
    try:
        given = {key.lower(): value for key, value in _front_matter(source).items()}.get("wordpress-id")
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    if given == wordpress_id:
        return ""
    return f'; add `Wordpress-id: "{wordpress_id}"` to the front matter of {source}, then build again'


def _resolves(output: Path, old: str, page: Path) -> str | None:
    """None when the old path is the page itself or a redirect page leading to it, else what is wrong."""
    here = _page_file(output, old)
    if here == page:
        return None
    if not here.is_file():
        return f"nothing at {here}"
    match = REFRESH_RE.search(here.read_text(encoding="utf-8"))
    if match is None:
        return f"{here} is not a redirect page"
    target = match.group(1)
    parts = urlsplit(target)
    if parts.scheme:
        target = parts.path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here.relative_to(output).as_posix()), target))
        target += "/" if match.group(1).endswith("/") else ""
    if _page_file(output, target) != page and not _page_file(output, target).is_file():
        return f"its redirect leads to {target}, where there is no page"
    return None


def _removed(content: Path, slug: str, comment_id: str) -> bool:
    try:
        data = json.loads(archive_path(content / "comments", slug).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return any(isinstance(entry, dict) and entry.get("id") == comment_id for entry in data.get("removed", ()))
