"""What every importer shares: the imported comment, skip reasons, safe XML, bodies and dates."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import lxml.html

from ...shared import wxr
from ...shared.wxr import XmlDocument, safe_slug
from ..archive import WP_ID_RE, CommentArchiveError
from ..sanitize import sanitize_body

MAX_BODY_LENGTH = 65525  # WordPress's own limit for comment_content, and the archive schema's
BLOCK_TAG_RE = re.compile(r"<(p|div|blockquote|ul|ol|dl|pre|h[1-6]|table|hr)\b", re.IGNORECASE)
BLOCK_TAGS = frozenset(
    {"p", "div", "blockquote", "ul", "ol", "dl", "pre", "table", "hr"} | {f"h{n}" for n in range(1, 7)}
)
COMMENT_PAGE_RE = re.compile(r"^comment-page-\d+$")
ANONYMOUS = "Anonymous"


class ImportFailedError(CommentArchiveError):
    """A file that cannot be imported at all (or an archive it would break): ``path:line: message``."""


# WordPress (WXR and REST) statuses and comment types that are never imported, and why. Types compare in
# lower case; a type not listed here nor a reader comment ("comment", or empty) is skipped with its name.
SKIPPED_TYPES = frozenset({"pingback", "trackback", "note", "webmention", "order_note"})
READER_TYPES = frozenset({"comment", ""})
APPROVED = frozenset({"1", "approve", "approved"})
STATUS_REASONS = {
    "0": "pending",
    "hold": "pending",
    "unapproved": "pending",
    "spam": "spam",
    "trash": "trash",
    "post-trashed": "trash",
}


def wordpress_skip_reason(kind: str, status: str) -> str | None:
    """Why a WordPress comment is not imported (pingback, pending, spam...), or None to keep it."""
    kind = kind.strip().casefold()
    if kind in SKIPPED_TYPES:
        return kind
    if kind not in READER_TYPES:
        return f"comment type {kind!r}"
    if status not in APPROVED:
        return STATUS_REASONS.get(status, f"status {status!r}")
    return None


@dataclass
class ImportedComment:
    """One approved reader comment, in the archive's shape, with the slug of its post."""

    slug: str
    record: dict


@dataclass
class ImportResult:
    """What one export file gave: the kept comments and the skipped ones counted by reason."""

    comments: list[ImportedComment] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    skipped_items: list[tuple[str, str]] = field(default_factory=list)  # (what, why), for reports
    notes: list[str] = field(default_factory=list)  # repairs and decisions the author should know about
    errors: list[ImportFailedError] = field(default_factory=list)  # nothing of the file is written if any

    def skip(self, reason: str, what: str) -> None:
        self.skipped[reason] += 1
        self.skipped_items.append((what, reason))

    def keep(self, slug: str, record: dict) -> None:
        if len(record["body"]) > MAX_BODY_LENGTH:
            self.skip("body longer than 65,525 characters", f"comment {record['id']} on {slug}")
        else:
            self.comments.append(ImportedComment(slug, record))


def read_xml_document(path: Path, raw: bytes | None = None, *, plain: bool = False) -> XmlDocument:
    """:func:`plugins.shared.wxr.read_xml_document`, its errors as :class:`ImportFailedError`."""
    return wxr.read_xml_document(path, raw, plain=plain, error=ImportFailedError)


def read_xml(path: Path) -> Element:
    """Parse XML with defusedxml: a DOCTYPE is accepted, but no entity declarations (no expansion bombs) and
    nothing external (no external entities or DTDs are fetched)."""
    return read_xml_document(path).root


def record(
    *,
    comment_id: str,
    parent: str | None,
    author: str | None,
    author_url: str | None,
    is_author: bool,
    date: datetime,
    body_html: str,
    source: str,
    wp_id: str | None = None,
) -> dict:
    """An archive comment. Deliberately no email, IP address or user agent: they are never written.

    ``wp_id``: WordPress's numeric comment ID, kept so the page also answers to ``#comment-<wp_id>``.
    """
    name = " ".join(html.unescape(author or "").split()) or ANONYMOUS
    entry = {"id": comment_id}
    if wp_id and WP_ID_RE.fullmatch(wp_id):
        entry["wp_id"] = wp_id
    entry.update(parent=parent, author=name)
    url = (author_url or "").strip()
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        entry["author_url"] = url
    entry.update(
        is_author=is_author,
        date=date.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        body=sanitize_body(body_html),
        likes=0,
        source=source,
    )
    return entry


def text_to_html(text: str) -> str:
    """WordPress stores comment text with newlines for paragraphs: blank line -> <p>, newline -> <br>. Around
    the blocks a comment holds (a list, a table, a heading), its text runs get their paragraphs too, as
    WordPress's ``wpautop`` gives them; the blocks stay as they are."""
    text = text.replace("\r\n", "\n").strip()
    if BLOCK_TAG_RE.search(text):
        return paragraphs_around_blocks(text)
    return paragraphs(text)


def paragraphs(text: str) -> str:
    """Text (with inline markup) as ``<p>`` paragraphs: blank line -> new paragraph, newline -> ``<br>``."""
    parts = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(f"<p>{part.replace(chr(10), '<br>' + chr(10))}</p>" for part in parts)


def paragraphs_around_blocks(text: str) -> str:
    """The top-level text runs between a comment's block elements (read by lxml) made paragraphs."""
    root = lxml.html.fragment_fromstring(text, create_parent="div")
    out: list[str] = []
    run = [html.escape(root.text or "", quote=False)]
    for child in root:
        if not isinstance(child.tag, str):  # an HTML comment or processing instruction: the sanitizer drops it
            tail, child.tail = child.tail, None
            run.append(html.escape(tail or "", quote=False))
            continue
        if child.tag.lower() in BLOCK_TAGS:
            out.append(paragraphs("".join(run)))
            tail, child.tail = child.tail, None
            out.append(lxml.html.tostring(child, encoding="unicode"))
            run = [html.escape(tail or "", quote=False)]
        else:
            run.append(lxml.html.tostring(child, encoding="unicode"))  # with its tail
    out.append(paragraphs("".join(run)))
    return "\n".join(part for part in out if part)


def utc_from_naive(text: str) -> datetime | None:
    """A ``YYYY-MM-DD HH:MM:SS`` GMT field as an aware UTC datetime; None for WordPress's zero date."""
    text = (text or "").strip()
    if not text or text.startswith("0000"):
        return None
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def slug_from_link(link: str | None) -> str | None:
    """The post slug in a permalink: the last path segment, without ``comment-page-N`` or ``.html``."""
    if not link:
        return None
    segments = [segment for segment in urlsplit(link.strip()).path.split("/") if segment]
    while segments and COMMENT_PAGE_RE.match(segments[-1]):
        segments.pop()
    if not segments:
        return None
    slug = segments[-1]
    for suffix in (".html", ".htm", ".php"):
        if slug.endswith(suffix):
            slug = slug[: -len(suffix)]
    return safe_slug(slug) or None
