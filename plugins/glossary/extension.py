"""Finding glossary terms while Markdown converts a post, on its element tree (no second HTML parse).

A treeprocessor walks the text of the elements outside the no-link contexts
(after every other treeprocessor, so headings, links, code, ``abbr``, callout
titles and attr_list classes are all in place) and wraps each term found in two
markers. Raw HTML that Markdown keeps aside (inline tags, HTML blocks) is read with
``html.parser``: its tags open and close no-link contexts as they would in the
page, and the text of an HTML block is searched like any other. A postprocessor
then removes the markers from the final HTML and appends their offsets, with the
signature of the matcher, as one HTML comment::

    <p>I take IVIG.</p>
    <!--glossary-marks 5f3a... 42 10,14,ivig-->

The comment travels with the HTML through Pelican's reader and its content cache;
``content_object_init`` takes it off again (:func:`take_marks`) before any page
is written. Which marks become links (``Glossary: first/every/off``), the tooltip
text and the href are decided after reading, on every build.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE

from ..pelican_compat import FOOTNOTE_NBSP, document_html, replace_formatted_field, replace_html
from .linker import (
    FOLDED,
    LINKABLE_FOLDED,
    NO_LINK_CLASSES,
    NO_LINK_ELEMENTS,
    WORD_CHAR_RE,
    LinkableRuns,
    Mark,
    OpenElements,
    RawOffsets,
    decode_pieces,
    decode_references,
    same_offset,
)
from .matcher import fold

if TYPE_CHECKING:
    from .matcher import TermMatcher

MARKING_KEY = "glossary_marking"  # in the generators' shared context: this build's ``TermMarking``
MARKS_PREFIX = "<!--glossary-marks "
MARKS_FORMAT = "2"  # change it when the marks' meaning changes: older cached marks are then not trusted
PLACEHOLDER_RE = re.compile("\x02[^\x02\x03]*\x03")
MARKER_RE = re.compile("\x02g([:/!])([^\x03]*)\x03")
MARKER_END = "\x02g/\x03"
ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z0-9]+);")


@dataclass(frozen=True)
class Marks:
    """The terms found in a document's HTML when it was read, and the matcher signature that found them."""

    digest: str
    length: int  # of the HTML they refer to: a change after reading (e.g. typogrify) voids them
    encoded: str  # "start,end,slug" separated by spaces: one string per document until it is linked

    def decode(self) -> list[Mark]:
        marks: list[Mark] = []
        for item in self.encoded.split(" "):
            if item:
                start, end, slug = item.split(",", 2)
                marks.append((int(start), int(end), slug))
        return marks


class _Segment:
    """Linkable text between two tags: its raw form, its decoded text, and the terms found in it."""

    __slots__ = ("folded", "marks", "raw", "text", "to_raw")

    def __init__(self, raw: str, text: str, to_raw: RawOffsets, folded: bool) -> None:
        self.raw, self.text, self.to_raw = raw, text, to_raw
        self.folded = folded  # inside a closed <details>: marked so, it does not use up a term's first link
        self.marks: list[Mark] = []


class GlossaryTreeprocessor(Treeprocessor):
    """Wraps every term in the linkable text in markers (every occurrence: the mode is applied later).

    The walk collects the linkable text of the whole document; the matcher then
    searches it in one string (segments joined by ``\\x00``, which no term can
    span and which is no word character, so each segment keeps its own word
    boundaries), and the markers are written back where terms were found.
    """

    def __init__(self, md: Markdown, matcher: TermMatcher) -> None:
        super().__init__(md)
        self.matcher = matcher

    def run(self, root: etree.Element) -> None:
        self._open = OpenElements()  # raw HTML elements open at this point of the document
        self._folded = 0  # closed <details> elements of the tree open at this point
        self._stash = self.md.htmlStash.rawHtmlBlocks
        self._needs_a_word = self.matcher.needs_a_word
        self._segments: list[_Segment] = []
        self._places: list[tuple[object, str | int, list]] = []  # (element or stash, attribute or index, pieces)
        self._walk(root, blocked=False)
        if self._segments:
            self._find_terms()
            self._write_back()

    def _walk(self, element: etree.Element, blocked: bool) -> None:
        blocked = blocked or _blocks(element)
        folds = element.tag == "details" and element.get("open") is None
        self._folded += folds
        depth = len(self._open.stack)
        if element.text:
            self._text(element, "text", element.text, blocked)
        for child in element:
            self._walk(child, blocked)
            if child.tail:
                self._text(child, "tail", child.tail, blocked)
        self._open.truncate(depth)  # raw tags left open inside an element close with it, as in a browser
        self._folded -= folds

    def _text(self, owner: etree.Element, attribute: str, text: str, blocked: bool) -> None:
        if "\x02" not in text:
            if not blocked and not self._open.blocking:
                segment = self._segment(text, text, same_offset)
                if segment is not None:
                    self._places.append((owner, attribute, [segment]))
            return
        pieces: list = []
        parts: list[str] = []  # text and character references between two raw tags
        for index, piece in enumerate(_alternate(text)):
            if index % 2 == 0 or _entity(piece, self._stash) is not None:
                parts.append(piece)
                continue
            pieces.append(self._placeholder_segment(parts, blocked))
            parts = []
            pieces.append(piece)
            self._raw(piece, blocked)
        pieces.append(self._placeholder_segment(parts, blocked))
        if any(isinstance(piece, _Segment) for piece in pieces):
            self._places.append((owner, attribute, pieces))

    def _placeholder_segment(self, parts: list[str], blocked: bool) -> _Segment | str:
        raw = "".join(parts)
        if not raw or blocked or self._open.blocking:
            return raw
        if "\x02" in raw:
            text, to_raw = decode_pieces(raw, PLACEHOLDER_RE, lambda found: _entity(found.group(), self._stash) or "")
            return self._segment(raw, text, to_raw) or raw
        return self._segment(raw, raw, same_offset) or raw

    def _segment(self, raw: str, text: str, to_raw: RawOffsets) -> _Segment | None:
        if self._needs_a_word and WORD_CHAR_RE.search(text) is None:  # no letter: no term (``\\n`` between tags)
            return None
        segment = _Segment(raw, text, to_raw, bool(self._folded or self._open.folded))
        self._segments.append(segment)
        return segment

    def _raw(self, placeholder: str, blocked: bool) -> None:
        """Raw HTML kept aside by Markdown: follow its tags, and search its linkable text."""
        found = HTML_PLACEHOLDER_RE.fullmatch(placeholder)
        if not found or blocked:
            return
        index = int(found.group(1))
        raw = self._stash[index]
        if not isinstance(raw, str):
            return
        pieces: list = []
        for start, end, linkable in LinkableRuns(raw, self._open).runs():
            chunk = raw[start:end]
            segment = None
            if linkable:
                text, to_raw = decode_references(chunk)
                segment = self._segment(chunk, text, to_raw)
                if segment is not None:  # the scanner has read all of ``raw``: its own runs say what was folded
                    segment.folded = bool(self._folded) or linkable == LINKABLE_FOLDED
            pieces.append(segment or chunk)
        if any(isinstance(piece, _Segment) for piece in pieces):
            self._places.append((self._stash, index, pieces))

    def _find_terms(self) -> None:
        segments = self._segments
        starts = []
        position = 0
        for segment in segments:
            starts.append(position)
            position += len(segment.text) + 1
        for match in self.matcher.finditer(fold("\x00".join(segment.text for segment in segments))):
            number = bisect_right(starts, match.start) - 1
            segment, offset = segments[number], starts[number]
            raw_start, raw_end = segment.to_raw(match.start - offset), segment.to_raw(match.end - offset)
            slug = FOLDED + match.term.slug if segment.folded else match.term.slug
            if raw_start is None or raw_end is None:  # the match starts or ends inside a character reference
                segment.marks.append((-1, -1, slug))
            else:
                segment.marks.append((raw_start, raw_end, slug))

    def _write_back(self) -> None:
        for owner, where, pieces in self._places:
            if not any(isinstance(piece, _Segment) and piece.marks for piece in pieces):
                continue
            value = "".join(
                _insert_markers(piece.raw, piece.marks) if isinstance(piece, _Segment) else piece for piece in pieces
            )
            if isinstance(where, int):
                owner[where] = value
            else:
                setattr(owner, where, value)


class GlossaryPostprocessor(Postprocessor):
    """Takes the markers out of the final HTML and appends their offsets as one comment."""

    def __init__(self, md: Markdown, digest: str) -> None:
        super().__init__(md)
        self.digest = digest

    def run(self, text: str) -> str:
        text = text.strip()  # Markdown strips its output last: offsets must hold for the stripped text
        marks: list[Mark] = []
        if "\x02g" in text:
            pieces: list[str] = []
            position = length = 0
            opened: tuple[int, str] | None = None
            for marker in MARKER_RE.finditer(text):
                pieces.append(text[position : marker.start()])
                length += marker.start() - position
                position = marker.end()
                kind, slug = marker.groups()
                if kind == ":":
                    opened = (length, slug)
                elif kind == "/" and opened is not None:
                    marks.append((opened[0], length, opened[1]))
                    opened = None
                elif kind == "!":
                    marks.append((-1, -1, slug))
            pieces.append(text[position:])
            text = "".join(pieces)
        encoded = " ".join(f"{start},{end},{slug}" for start, end, slug in marks)
        return f"{text}{MARKS_PREFIX}{self.digest} {len(text)} {encoded}-->"


@dataclass(frozen=True)
class TermMarking:
    """One build's terms, as the Markdown extension needs them: the matcher, and its digest for the marks."""

    matcher: TermMatcher | None
    digest: str


class GlossaryExtension(Extension):
    """Finds the terms of one build while Markdown converts (see the module's docstring).

    It is never in Pelican's ``MARKDOWN`` setting, which holds configuration only and lives longer than a
    build: the glossary plugin hands it to each generator's Markdown readers at ``generator_init``, through
    the front_matter reader's ``build_extensions``, bound to the generators' shared ``context``. The build's
    ``TermMarking`` is looked up there (``context["glossary_marking"]``) when a converter is made, during
    reading; the glossary's generator puts it there when the build makes it, before anything is read.
    ``marking`` gives the terms directly instead (tests, a converter of one's own).
    """

    def __init__(self, marking: TermMarking | None = None, context: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self.marking = marking
        self.context = context

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        marking = self.marking
        if marking is None and self.context is not None:
            marking = self.context.get(MARKING_KEY)
        if marking is None or marking.matcher is None or marking.matcher.pattern is None:
            return
        md.registerExtension(self)
        # After every other treeprocessor (unescape is 0): the tree holds its final elements and text.
        md.treeprocessors.register(GlossaryTreeprocessor(md, marking.matcher), "glossary", -10)
        # After every other postprocessor (raw HTML and footnotes are put back first): offsets are final.
        md.postprocessors.register(GlossaryPostprocessor(md, marking.digest), "glossary", -10)


def take_marks(document) -> None:
    """``content_object_init``: move the marks comment from the HTML (and formatted metadata) to ``_glossary_marks``."""
    content = document_html(document)
    if content.endswith("-->"):
        found = _split_marks(content)
        if found is not None:
            replace_html(document, found[0])
            document._glossary_marks = found[1]
    metadata = getattr(document, "metadata", None) or {}
    for key, value in list(metadata.items()):
        if isinstance(value, str) and value.endswith("-->"):
            found = _split_marks(value)
            if found is not None:  # a formatted field (Summary) went through Markdown too: never linked
                replace_formatted_field(document, key, value, found[0])


def _split_marks(markup: str) -> tuple[str, Marks] | None:
    start = markup.rfind(MARKS_PREFIX)
    if start < 0:
        return None
    digest, length, encoded = markup[start + len(MARKS_PREFIX) : -3].split(" ", 2)
    return markup[:start], Marks(digest, int(length), encoded)


def _blocks(element: etree.Element) -> bool:
    if element.tag in NO_LINK_ELEMENTS:
        return True
    classes = element.get("class")
    return bool(classes) and not NO_LINK_CLASSES.isdisjoint(classes.split())


def _alternate(text: str) -> list[str]:
    """Text and placeholders, alternating (text first and last, maybe empty)."""
    pieces: list[str] = []
    position = 0
    for placeholder in PLACEHOLDER_RE.finditer(text):
        pieces.append(text[position : placeholder.start()])
        pieces.append(placeholder.group())
        position = placeholder.end()
    pieces.append(text[position:])
    return pieces


def _entity(placeholder: str, stash: list) -> str | None:
    """What a placeholder stands for when it is a character (a reference, a footnote's space), else None."""
    if placeholder == FOOTNOTE_NBSP:
        return "\xa0"
    if placeholder == AMP_SUBSTITUTE:
        return "&"
    found = HTML_PLACEHOLDER_RE.fullmatch(placeholder)
    if found:
        raw = stash[int(found.group(1))]
        if isinstance(raw, str) and ENTITY_RE.fullmatch(raw):
            return html.unescape(raw)
    return None


def _insert_markers(raw: str, marks: list[Mark]) -> str:
    if not marks:
        return raw
    pieces: list[str] = []
    position = 0
    for start, end, slug in marks:
        if start < 0:
            pieces.append(f"\x02g!{slug}\x03")
            continue
        pieces.append(raw[position:start])
        pieces.append(f"\x02g:{slug}\x03")
        pieces.append(raw[start:end])
        pieces.append(MARKER_END)
        position = end
    pieces.append(raw[position:])
    return "".join(pieces)
