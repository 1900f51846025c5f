"""A WordPress export (WXR 1.0-1.2, ``http://`` or ``https://`` namespaces) read into plain items.

Parsed with defusedxml (through :mod:`plugins.shared.wxr`, shared with the comment importer, which also
checks the declared encoding and keeps the line of every element). A malformed field is an
:class:`ExportError` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from plugins.shared import SourceError
from plugins.shared.wxr import DC_CREATOR, XmlDocument, item_slug, read_xml_document, wordpress_namespace

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT_SUFFIX = "excerpt/}encoded"


class ExportError(SourceError):
    """A file that cannot be imported, or a malformed field in it: ``path:line: message``."""


@dataclass
class Item:
    """One ``<item>`` of the export: a post, page, attachment or anything else WordPress keeps."""

    id: str
    type: str
    status: str
    title: str
    link: str
    guid: str
    slug: str
    date: datetime | None  # aware, in the post's own UTC offset; None for a draft never dated
    modified: datetime | None
    content: str
    excerpt: str
    categories: list[str]
    tags: list[str]
    password: bool
    parent: str
    order: int
    creator: str
    attachment_url: str
    meta: dict[str, str]
    comments: int
    line: int
    element: Element = field(repr=False)


@dataclass
class Export:
    """The whole export: the blog's address and hosts, its items, and the parsed document."""

    path: Path
    site_url: str
    hosts: frozenset[str]
    items: list[Item]
    document: XmlDocument
    namespace: str


def _wordpress_date(path: Path, line: int, name: str, text: str) -> datetime | None:
    text = (text or "").strip()
    if not text or text.startswith("0000-00-00"):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ExportError(path, line, f"field 'wp:{name}': {text!r} is not a date (YYYY-MM-DD HH:MM:SS)") from None


def _own_offset(local: datetime | None, gmt: datetime | None) -> datetime | None:
    """The local time with the post's own UTC offset (local minus GMT, to the quarter hour)."""
    if local is None:
        return None
    if gmt is None:
        return local
    minutes = round((local - gmt).total_seconds() / 900) * 15
    if abs(minutes) > 14 * 60:
        return gmt.replace(tzinfo=UTC)
    return local.replace(tzinfo=timezone(timedelta(minutes=minutes)))


def _rss_date(text: str) -> datetime | None:
    """The item's RSS ``<pubDate>`` (RFC 2822), for an item without ``wp:post_date``; None when it is
    missing or not a date (WordPress writes ``Mon, 30 Nov -0001`` for a draft never dated)."""
    if not text or " -0001 " in text:
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return value if value.tzinfo is not None and value.year > 1 else None


def read_export(path: Path) -> Export:
    """Read and check one export; raises :class:`ExportError` (``path:line: message``) when it cannot be used."""
    try:
        document = read_xml_document(path, error=ExportError)
    except OSError as error:
        raise ExportError(path, 1, f"cannot read the export: {error.strerror}") from None
    root = document.root
    wp = wordpress_namespace(root)
    channel = root.find("channel")
    if root.tag != "rss" or wp is None or channel is None:
        raise ExportError(path, 1, "not a WordPress export (WXR): no <rss> with the wordpress.org/export namespace")
    excerpt_tag = wp.replace("}", "excerpt/}encoded")
    site_url = (channel.findtext(f"{wp}base_blog_url") or channel.findtext("link") or "").strip().rstrip("/")
    hosts = {urlsplit(site_url).hostname or ""}
    items = []
    for element in channel.findall("item"):
        line = document.line(element)
        text = lambda name, e=element: (e.findtext(name) or "").strip()  # noqa: E731
        for name in ("title", "link", CONTENT, f"{wp}post_name", f"{wp}post_date", f"{wp}status", f"{wp}post_id"):
            child = element.find(name)
            if child is not None and len(child):
                raise ExportError(
                    path, document.line(child), f"field {name.rpartition('}')[2]!r}: holds elements where text belongs"
                )
        post_id = text(f"{wp}post_id")
        if post_id and not post_id.isdigit():
            raise ExportError(path, line, f"field 'wp:post_id': {post_id!r} is not a number")
        local = _wordpress_date(path, line, "post_date", text(f"{wp}post_date"))
        gmt = _wordpress_date(path, line, "post_date_gmt", text(f"{wp}post_date_gmt"))
        modified_local = _wordpress_date(path, line, "post_modified", text(f"{wp}post_modified"))
        modified_gmt = _wordpress_date(path, line, "post_modified_gmt", text(f"{wp}post_modified_gmt"))
        categories, tags = [], []
        for category in element.findall("category"):
            name = " ".join((category.text or "").split())
            if not name:
                continue
            domain = category.get("domain")
            if domain == "post_tag":
                tags.append(name)
            elif domain in ("category", None):
                categories.append(name)
        meta = {}
        for entry in element.findall(f"{wp}postmeta"):
            key = (entry.findtext(f"{wp}meta_key") or "").strip()
            if key:
                meta[key] = entry.findtext(f"{wp}meta_value") or ""
        order_text = text(f"{wp}menu_order") or "0"
        link = text("link")
        if link:
            hosts.add(urlsplit(link).hostname or "")
        items.append(
            Item(
                id=post_id,
                type=text(f"{wp}post_type") or "post",
                status=text(f"{wp}status") or "publish",
                title=text("title"),
                link=link,
                guid=text("guid"),
                slug=item_slug(element, wp),
                date=_own_offset(local, gmt) if text(f"{wp}post_date") else _rss_date(text("pubDate")),
                modified=_own_offset(modified_local, modified_gmt),
                content=element.findtext(CONTENT) or "",
                excerpt=element.findtext(excerpt_tag) or "",
                categories=list(dict.fromkeys(categories)),
                tags=list(dict.fromkeys(tags)),
                password=bool(text(f"{wp}post_password")),
                parent=text(f"{wp}post_parent") or "0",
                order=int(order_text) if order_text.lstrip("-").isdigit() else 0,
                creator=text(DC_CREATOR),
                attachment_url=text(f"{wp}attachment_url"),
                meta=meta,
                comments=len(element.findall(f"{wp}comment")),
                line=line,
                element=element,
            )
        )
    hosts.discard("")
    return Export(path, site_url, frozenset(host.lower() for host in hosts), items, document, wp)
