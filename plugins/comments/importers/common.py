"""What every importer shares: the imported comment, skip reasons, safe XML, bodies and dates."""

from __future__ import annotations

import codecs
import gc
import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..archive import WP_ID_RE, CommentArchiveError
from ..sanitize import sanitize_body

MAX_BODY_LENGTH = 65525  # WordPress's own limit for comment_content, and the archive schema's
BLOCK_TAG_RE = re.compile(r"<(p|div|blockquote|ul|ol|pre|h[1-6]|table)\b", re.IGNORECASE)
COMMENT_PAGE_RE = re.compile(r"^comment-page-\d+$")
ANONYMOUS = "Anonymous"
SLUG_UNSAFE_RE = re.compile(r"[^\w-]+")
SLUG_DASHES_RE = re.compile(r"-{2,}")
MAX_SLUG_LENGTH = 120


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


@dataclass
class XmlDocument:
    """A parsed export: its root, the line of every element, and what was repaired while reading it."""

    path: Path
    root: Element
    lines: dict[int, int] = field(default_factory=dict)  # id(element) -> line of its start tag
    notes: list[str] = field(default_factory=list)

    def line(self, element: Element | None) -> int:
        return self.lines.get(id(element), 1) if element is not None else 1


class _LineRecorder(TreeBuilder):
    """A tree builder that notes the line on which each element starts (expat's position at the start tag)."""

    def __init__(self, lines: dict[int, int]) -> None:
        super().__init__()
        self.lines = lines
        self.position = None  # the expat parser, set once the parser exists

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        if self.position is not None:
            self.lines[id(element)] = self.position.CurrentLineNumber
        return element


def read_xml(path: Path) -> Element:
    """Parse XML with defusedxml: a DOCTYPE is accepted, but no entity declarations (no expansion bombs) and
    nothing external (no external entities or DTDs are fetched)."""
    return read_xml_document(path).root


def read_xml_document(path: Path, raw: bytes | None = None, *, plain: bool = False) -> XmlDocument:
    """:func:`read_xml` with the line of every element, for ``path:line`` messages, and the encoding checked:
    an unknown declared encoding is an error; UTF-8 bytes declared as ISO-8859-1 (or windows-1252), which
    would silently become mojibake, are read as UTF-8 and a note says so (repaired).

    defusedxml's parser keeps its guards (entity declarations, external references); its element handlers are
    replaced by one that builds the element and notes its line in a single step (a large export has hundreds
    of thousands of elements). ``plain``: defusedxml's own handlers, the reference the tests compare with."""
    raw = path.read_bytes() if raw is None else raw
    notes: list[str] = []
    raw = _checked_encoding(path, raw, notes)
    raw = _declared_feed_prefixes(path, raw, notes)
    lines: dict[int, int] = {}
    if plain:
        builder = _LineRecorder(lines)
        parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        builder.position = parser.parser
    else:
        builder = TreeBuilder()
        parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        _record_lines(parser.parser, builder, lines)
    collecting = gc.isenabled()
    gc.disable()  # a tree of elements has no cycles: collecting while it grows only walks it again and again
    try:
        parser.feed(raw)
        root = parser.close()
    except DefusedXmlException as error:
        raise ImportFailedError(path, 1, f"refused unsafe XML ({type(error).__name__}): {error}") from None
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 1
        raise ImportFailedError(path, line, f"invalid XML: {error}") from None
    finally:
        if collecting:
            gc.enable()
    return XmlDocument(path, root, lines, notes)


def _record_lines(expat, builder: TreeBuilder, lines: dict[int, int]) -> None:
    """Element handlers for ``expat`` (ordered attributes, ``}`` as namespace separator, as ElementTree sets
    it up) that build with ``builder`` and note each element's line, as ``XMLParser`` and
    :class:`_LineRecorder` do together."""
    names: dict[str, str] = {}
    start, end = builder.start, builder.end

    def fixed(name: str) -> str:
        names[name] = found = "{" + name if "}" in name else name
        return found

    def on_start(tag: str, attributes: list[str]) -> None:
        name = names.get(tag) or fixed(tag)
        attrib = {}
        for index in range(0, len(attributes), 2):
            key = attributes[index]
            attrib[names.get(key) or fixed(key)] = attributes[index + 1]
        lines[id(start(name, attrib))] = expat.CurrentLineNumber

    def on_end(tag: str) -> None:
        end(names[tag])

    expat.StartElementHandler = on_start
    expat.EndElementHandler = on_end


# The namespaces of the prefixes WordPress writes in an RSS export. Some exports use one they never declare
# (WordPress.com's ``atom:link``, a WXR 1.0 ``wp:``): WordPress's importer reads them, so we do too.
FEED_NAMESPACES = {
    b"atom": b"http://www.w3.org/2005/Atom",
    b"dc": b"http://purl.org/dc/elements/1.1/",
    b"content": b"http://purl.org/rss/1.0/modules/content/",
    b"wfw": b"http://wellformedweb.org/CommentAPI/",
    b"excerpt": b"http://wordpress.org/export/%s/excerpt/",
    b"wp": b"http://wordpress.org/export/%s/",
}
RSS_START_RE = re.compile(rb"<rss(?=[\s>/])[^>]*?(/?)>")
DECLARED_PREFIX_RE = re.compile(rb"\bxmlns:([A-Za-z_][\w.-]*)\s*=")
WXR_VERSION_RE = re.compile(rb"<wp:wxr_version>\s*(1\.[0-2])\s*</wp:wxr_version>")


def _declared_feed_prefixes(path: Path, raw: bytes, notes: list[str]) -> bytes:
    """The RSS root element with a declaration added for each WordPress feed prefix the file uses but never
    declares (on the same line, so every line number stays true), and one note naming them."""
    root = RSS_START_RE.search(raw, 0, 20000)
    if root is None:
        return raw
    declared = set(DECLARED_PREFIX_RE.findall(root.group(0)))
    missing = [
        prefix
        for prefix in FEED_NAMESPACES
        if prefix not in declared and re.search(rb"</?" + prefix + rb":[A-Za-z_]", raw) is not None
    ]
    if not missing:
        return raw
    version = WXR_VERSION_RE.search(raw)
    number = version.group(1) if version else b"1.2"
    added = b"".join(
        b" xmlns:" + prefix + b'="' + (FEED_NAMESPACES[prefix].replace(b"%s", number)) + b'"' for prefix in missing
    )
    where = root.end() - 1 - len(root.group(1))
    names = ", ".join(prefix.decode() + ":" for prefix in missing)
    notes.append(
        f"{path}:1: the export uses {names} without declaring it: read in the namespace WordPress means (repaired)"
    )
    return raw[:where] + added + raw[where:]


XML_DECLARATION_RE = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([^\"']*)[\"']")
SINGLE_BYTE_LATIN = frozenset({"iso8859_1", "latin_1", "iso8859_15", "cp1252"})


def _checked_encoding(path: Path, raw: bytes, notes: list[str]) -> bytes:
    match = XML_DECLARATION_RE.match(raw[:400])
    if match is None:
        return raw
    declared = match.group(1).decode("ascii", "replace")
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise ImportFailedError(
            path, 1, f"unknown encoding {declared!r} in the XML declaration; save the export as UTF-8"
        ) from None
    if codec.replace("-", "_") not in SINGLE_BYTE_LATIN or raw.isascii():
        return raw
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw  # really ISO-8859-1: the parser decodes it as declared
    notes.append(
        f"{path}:1: declared {declared!r} but the bytes are UTF-8 (they would become mojibake): "
        "read as UTF-8 (repaired)"
    )
    start, end = match.span(1)
    return raw[:start] + b"UTF-8" + raw[end:]


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
    """WordPress stores comment text with newlines for paragraphs: blank line -> <p>, newline -> <br>."""
    text = text.replace("\r\n", "\n").strip()
    if BLOCK_TAG_RE.search(text):
        return text
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(f"<p>{part.replace(chr(10), '<br>' + chr(10))}</p>" for part in paragraphs)


def utc_from_naive(text: str) -> datetime | None:
    """A ``YYYY-MM-DD HH:MM:SS`` GMT field as an aware UTC datetime; None for WordPress's zero date."""
    text = (text or "").strip()
    if not text or text.startswith("0000"):
        return None
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def safe_slug(name: str) -> str:
    """A WordPress ``post_name`` made safe as a file name and a URL segment: percent-escapes decoded (Greek
    slugs stay Greek), lower case, only letters, digits, ``-`` and ``_``; slashes, dots and ``..`` become
    dashes, so no slug can climb out of its folder or name an absolute path. Empty when nothing is left."""
    text = unicodedata.normalize("NFC", unquote(name or "")).lower()
    text = SLUG_DASHES_RE.sub("-", SLUG_UNSAFE_RE.sub("-", text)).strip("-_")
    return text[:MAX_SLUG_LENGTH].rstrip("-_")


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
