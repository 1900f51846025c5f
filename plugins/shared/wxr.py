"""What both readers of WordPress exports share: safe XML with the line of every element, the ``wp:``
namespace, and an item's slug. The comment importer (``plugins.comments.importers``) and the WordPress
import (``plugins.wordpress.export``) read exports with these; each raises its own error type (a
:class:`~plugins.shared.SourceError`), passed as ``error``."""

from __future__ import annotations

import codecs
import gc
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .errors import SourceError

WP_NAMESPACE_RE = re.compile(r"^\{(https?://wordpress\.org/export/1\.[0-2]/)\}")
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
SLUG_UNSAFE_RE = re.compile(r"[^\w-]+")
SLUG_DASHES_RE = re.compile(r"-{2,}")
MAX_SLUG_LENGTH = 120


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


def read_xml_document(
    path: Path, raw: bytes | None = None, *, plain: bool = False, error: type[SourceError] = SourceError
) -> XmlDocument:
    """:func:`read_xml` with the line of every element, for ``path:line`` messages, and the encoding checked:
    an unknown declared encoding is an error; UTF-8 bytes declared as ISO-8859-1 (or windows-1252), which
    would silently become mojibake, are read as UTF-8 and a note says so (repaired).

    defusedxml's parser keeps its guards (entity declarations, external references); its element handlers are
    replaced by one that builds the element and notes its line in a single step (a large export has hundreds
    of thousands of elements). ``plain``: defusedxml's own handlers, the reference the tests compare with."""
    raw = path.read_bytes() if raw is None else raw
    notes: list[str] = []
    raw = _checked_encoding(path, raw, notes, error)
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
    except DefusedXmlException as refused:
        raise error(path, 1, f"refused unsafe XML ({type(refused).__name__}): {refused}") from None
    except ParseError as invalid:
        line = invalid.position[0] if getattr(invalid, "position", None) else 1
        raise error(path, line, f"invalid XML: {invalid}") from None
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


XML_DECLARATION_RE = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([^\"']*)[\"']")
SINGLE_BYTE_LATIN = frozenset({"iso8859_1", "latin_1", "iso8859_15", "cp1252"})


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
        if prefix not in declared and b"<" + prefix + b":" in raw  # (a plain find: a regex over 30 MB took 0.2 s)
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


def _checked_encoding(path: Path, raw: bytes, notes: list[str], error: type[SourceError]) -> bytes:
    match = XML_DECLARATION_RE.match(raw[:400])
    if match is None:
        return raw
    declared = match.group(1).decode("ascii", "replace")
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise error(
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


def safe_slug(name: str) -> str:
    """A WordPress ``post_name`` made safe as a file name and a URL segment: percent-escapes decoded (Greek
    slugs stay Greek), lower case, only letters, digits, ``-`` and ``_``; slashes, dots and ``..`` become
    dashes, so no slug can climb out of its folder or name an absolute path. Empty when nothing is left."""
    text = unicodedata.normalize("NFC", unquote(name or "")).lower()
    text = SLUG_DASHES_RE.sub("-", SLUG_UNSAFE_RE.sub("-", text)).strip("-_")
    return text[:MAX_SLUG_LENGTH].rstrip("-_")


def wordpress_namespace(root: Element) -> str | None:
    """The ``{namespace}`` prefix of the ``wp:`` elements, whichever WXR version and scheme."""
    for element in root.iter():
        match = WP_NAMESPACE_RE.match(element.tag) if isinstance(element.tag, str) else None
        if match:
            return "{" + match.group(1) + "}"
    return None


def title_slug(title: str) -> str:
    """The slug Pelican gives a post imported without ``wp:post_name`` (a draft): from its title."""
    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]) if title else ""


def item_slug(item: Element, wp: str) -> str:
    """The slug of an item: its safe ``post_name``, else from its title, else ``post-<id>``."""
    title = (item.findtext("title") or "").strip()
    slug = safe_slug(item.findtext(f"{wp}post_name") or "") or safe_slug(title_slug(title))
    return slug or f"post-{safe_slug(item.findtext(f'{wp}post_id') or '') or 'without-id'}"
