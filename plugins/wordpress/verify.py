"""``python -m plugins.wordpress verify EXPORT.xml``: is everything of the export on the built site?

Checks ``output/`` after ``make html``: every published post and page has its page; every old address
resolves (the page itself, or a redirect page leading to an existing page); every approved reader comment
that was imported is on its post, under both anchors. Exits 1 on any miss, naming each.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import get_date

from plugins.comments.store import archive_path, target_of
from plugins.comments.store import read_wxr_comments as import_wxr
from plugins.shared.frontmatter import front_matter_value

from .export import ExportError, read_export
from .importer import Options, Report, old_address, plan, site_owned
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


def verify(export_path: Path, output: Path, content: Path, streams) -> int:
    """Print each miss; 0 when there is none."""
    try:
        export = read_export(export_path)
    except ExportError as error:
        print(f"error: {error}", file=streams.err)
        return 1
    settings = site_settings()
    misses: list[str] = []
    left_out: list[str] = []
    checked = {"pages": 0, "addresses": 0, "queries": 0, "comments": 0}
    options = Options(export=export_path, content=content, settings=settings)
    planned = plan(export, options, Report())
    owners = site_owned(planned, options)
    pages: dict[str, Path] = {}  # post id -> its built page
    for entry in planned:
        if entry.item.status != "publish":  # a draft there; an undated post is checked once its file is published
            continue
        source = content / entry.path
        if not source.is_file():
            misses.append(f"{entry.item.title!r}: {source} is missing (not imported, or moved)")
            continue
        meta = {key.lower(): value for key, value in _front_matter(source).items()}
        if str(meta.get("status", "published")).lower() != "published":
            continue
        slug = meta.get("slug") or entry.slug
        kind = "PAGE" if entry.kind == "page" else "ARTICLE"
        pattern = settings.get(f"{kind}_URL", DEFAULT_CONFIG[f"{kind}_URL"])
        date = get_date(meta["date"]) if meta.get("date") else None
        checked["pages"] += 1
        if date is None and "{date" in pattern:
            misses.append(f"{entry.item.title!r} ({source}): no Date: in its front matter, so no page; add one")
            continue
        url = pattern.format(slug=slug, date=date)
        page = _page_file(output, url)
        if not page.is_file():
            misses.append(f"{entry.item.title!r} ({source}): no page at {page}")
            continue
        if entry.wordpress_id:
            pages[entry.wordpress_id] = page
        old, owner = old_address(entry, export, options, owners)
        if owner:
            left_out.append(f"old address /{old} ({entry.item.title!r}): {owner} is there (see the import report)")
        elif old:
            checked["addresses"] += 1
            problem = _resolves(output, old, page)
            if problem:
                misses.append(f"old address /{old} ({entry.item.title!r}): {problem}")
    _check_queries(output, settings, planned, pages, checked, misses, content)
    result = import_wxr(
        export_path,
        document=export.document,
        slugs={entry.wordpress_id: entry.slug for entry in planned if entry.wordpress_id},
    )
    by_slug = {target_of(entry.kind, entry.slug): entry.wordpress_id for entry in planned if entry.wordpress_id}
    texts: dict[Path, str] = {}
    for comment in result.comments:
        page = pages.get(by_slug.get(comment.slug, ""))
        if page is None or _removed(content, comment.slug, comment.record["id"]):
            continue
        checked["comments"] += 1
        text = texts.setdefault(page, page.read_text(encoding="utf-8"))
        anchors = [comment.record["id"], comment.record.get("wp_id")]
        missing = [anchor for anchor in anchors if anchor and f'id="comment-{anchor}"' not in text]
        if missing:
            misses.append(f"comment {comment.record['id']} is not on {page} (no anchor #comment-{missing[0]})")
    for line in left_out:
        print(f"left out: {line}", file=streams.out)
    for line in misses:
        print(f"miss: {line}", file=streams.out)
    print(
        f"Checked {checked['pages']} page(s), {checked['addresses']} old address(es), "
        f"{checked['queries']} ?p=/?page_id= address(es), {checked['comments']} comment(s): {len(misses)} miss(es).",
        file=streams.out,
    )
    return 1 if misses else 0


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
