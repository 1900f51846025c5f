"""Glossary terms in HTML: the no-link rules, finding terms (marks), and turning marks into links.

Posts written in Markdown get their marks from the Markdown extension (extension.py).
Here, :func:`find_marks` finds them in any HTML with the standard library's
``html.parser`` (other readers, raw HTML blocks inside Markdown, stale caches): only
text runs outside the no-link contexts (links, code, headings, callout titles, ...)
are searched, with one compiled pattern for all terms. :func:`apply_marks` copies the
HTML through unchanged except for the markup inserted around each linked term, so
the visible text never changes (entities such as ``&rsquo;`` stay as they were).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise

from ..shared.contracts import GLOSSARY_NEVER_INSIDE
from .data import Term
from .matcher import TermMatcher, fold

MODES = ("first", "every", "off")

NO_LINK_ELEMENTS = frozenset(
    {
        "a", "abbr", "audio", "button", "canvas", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6",
        "iframe", "kbd", "label", "math", "noscript", "object", "option", "pre", "samp", "script", "select",
        "style", "summary", "svg", "template", "textarea", "title", "var", "video",
    }
)  # fmt: skip
NO_LINK_CLASSES = GLOSSARY_NEVER_INSIDE  # callout titles, our own links and tooltips, no-glossary
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
WORD_CHAR_RE = re.compile(r"\w")
CHARREF_RE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
TOOLTIP_RE = re.compile(r'<span class="glossary-tip"[^>]*>.*?</span>', re.DOTALL)
DESCRIBEDBY_RE = re.compile(r' aria-describedby="glossary-tip-[^"]*"')

FOLDED = "^"  # before a mark's slug: the term is inside a closed <details> (no slug starts with it)
LINKABLE, LINKABLE_FOLDED = 1, 2  # a run of text the glossary may link; the second inside a closed <details>

LinkMaker = Callable[[Term, str, str], str]  # (term, raw link text, tooltip id) -> markup
Mark = tuple[int, int, str]  # (start, end, term slug) in the unlinked HTML; start -1: used, but cannot be wrapped
RawOffsets = Callable[[int], "int | None"]


@dataclass
class LinkResult:
    html: str
    used: list[str] = field(default_factory=list)  # term slugs in order of first use
    linked: int = 0


def link_terms(source: str, matcher: TermMatcher, mode: str, make_link: LinkMaker) -> LinkResult:
    """Link the terms of ``source`` (an HTML fragment); ``mode`` is ``first``, ``every`` or ``off``."""
    check_mode(mode)
    return apply_marks(source, find_marks(source, matcher), mode, make_link, matcher.terms_by_slug)


def check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown glossary mode {mode!r}; use one of {', '.join(MODES)}")


def find_marks(source: str, matcher: TermMatcher) -> list[Mark]:
    """Every term found in the linkable text of ``source`` (HTML), in order (``html.parser`` splits it)."""
    marks: list[Mark] = []
    if matcher.pattern is None or not source:
        return marks
    for start, end, linkable in LinkableRuns(source, OpenElements()).runs():
        if linkable:
            raw = source[start:end]
            text, to_raw = decode_references(raw)
            for mark_start, mark_end, slug in find_in_run(text, to_raw, matcher, linkable == LINKABLE_FOLDED):
                marks.append((mark_start + start, mark_end + start, slug) if mark_start >= 0 else (-1, -1, slug))
    return marks


def find_in_run(text: str, to_raw: RawOffsets, matcher: TermMatcher, folded: bool = False) -> list[Mark]:
    """The terms in one run of decoded text; offsets mapped back to the run's raw form by ``to_raw``."""
    if matcher.needs_a_word and WORD_CHAR_RE.search(text) is None:  # no letter: no term (``\n`` between tags)
        return []
    marks: list[Mark] = []
    prefix = FOLDED if folded else ""
    for match in matcher.finditer(fold(text)):
        raw_start, raw_end = to_raw(match.start), to_raw(match.end)
        if raw_start is None or raw_end is None:  # the match starts or ends inside a character reference
            marks.append((-1, -1, prefix + match.term.slug))
        else:
            marks.append((raw_start, raw_end, prefix + match.term.slug))
    return marks


def apply_marks(source: str, marks: list[Mark], mode: str, make_link: LinkMaker, terms: dict[str, Term]) -> LinkResult:
    """Insert the link markup at ``marks`` (from :func:`find_marks`) according to ``mode``.

    ``terms`` maps slugs to terms. Only markup is inserted: the text between marks is copied unchanged.
    In ``first`` mode a term inside a closed ``<details>`` (a folded callout) does not use up the term's
    first link: the first occurrence a reader sees without opening anything is linked too.
    """
    result = LinkResult(source)
    if not marks:
        return result
    linked_slugs: dict[str, int] = {}
    linked_in_sight: set[str] = set()
    used: dict[str, None] = {}
    pieces: list[str] = []
    position = 0
    for start, end, marked in marks:
        folded = marked.startswith(FOLDED)
        slug = marked[len(FOLDED) :] if folded else marked
        used.setdefault(slug, None)
        if mode == "off" or start < 0:
            continue
        if mode == "first" and (slug in linked_slugs if folded else slug in linked_in_sight):
            continue
        if not folded:
            linked_in_sight.add(slug)
        count = linked_slugs.get(slug, 0) + 1
        linked_slugs[slug] = count
        tooltip_id = f"glossary-tip-{slug}" if count == 1 else f"glossary-tip-{slug}-{count}"
        pieces.append(source[position:start])
        pieces.append(make_link(terms[slug], source[start:end], tooltip_id))
        position = end
    if pieces:
        pieces.append(source[position:])
        result.html = "".join(pieces)
    result.used = list(used)
    result.linked = sum(linked_slugs.values())
    return result


def strip_tooltips(markup: str) -> str:
    """Remove the tooltips (and references to them), keeping the links: for feeds."""
    if "glossary-tip" not in markup:
        return markup
    return DESCRIBEDBY_RE.sub("", TOOLTIP_RE.sub("", markup))


def decode_references(raw: str) -> tuple[str, Callable[[int], int | None]]:
    """Decode character references; return the text and a map from text offsets to raw offsets."""
    if "&" not in raw:
        return raw, same_offset
    return decode_pieces(raw, CHARREF_RE, lambda reference: html.unescape(reference.group()))


def same_offset(offset: int) -> int:
    """The offset map of text that was not decoded: each offset is its own."""
    return offset


def decode_pieces(
    raw: str, pattern: re.Pattern, decode: Callable[[re.Match], str]
) -> tuple[str, Callable[[int], int | None]]:
    """Replace each match of ``pattern`` in ``raw`` by ``decode(match)``; return the text and a map from
    text offsets to raw offsets (None inside a replaced piece, so no term starts or ends within one)."""
    text_parts: list[str] = []
    text_starts: list[int] = []  # for each piece: its offset in text, its offset in raw, whether it was replaced
    raw_starts: list[int] = []
    is_reference: list[bool] = []
    text_length = 0
    position = 0
    for reference in pattern.finditer(raw):
        if reference.start() > position:
            text_starts.append(text_length)
            raw_starts.append(position)
            is_reference.append(False)
            chunk = raw[position : reference.start()]
            text_parts.append(chunk)
            text_length += len(chunk)
        decoded = decode(reference)
        text_starts.append(text_length)
        raw_starts.append(reference.start())
        is_reference.append(True)
        text_parts.append(decoded)
        text_length += len(decoded)
        position = reference.end()
    text_starts.append(text_length)
    raw_starts.append(position)
    is_reference.append(False)
    text_parts.append(raw[position:])
    text_length += len(raw) - position

    def to_raw(offset: int) -> int | None:
        if offset >= text_length:
            return len(raw)
        piece = bisect_right(text_starts, offset) - 1
        inside = offset - text_starts[piece]
        if is_reference[piece]:
            return raw_starts[piece] if inside == 0 else None
        return raw_starts[piece] + inside

    return "".join(text_parts), to_raw


class OpenElements:
    """The elements open at a point of a document, and how many of them forbid linking."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, blocks linking, a closed <details>)
        self.blocking = 0
        self.folded = 0  # closed <details> elements open at this point

    def open(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_ELEMENTS:
            return
        classes = set()
        for name, value in attrs:
            if name == "class" and value:
                classes.update(value.split())
        blocks = tag in NO_LINK_ELEMENTS or not classes.isdisjoint(NO_LINK_CLASSES)
        folds = tag == "details" and all(name != "open" for name, _ in attrs)
        self.stack.append((tag, blocks, folds))
        self.blocking += blocks
        self.folded += folds

    def close(self, tag: str) -> None:
        """Close ``tag`` and every element opened after it (an end tag never opened is ignored)."""
        if not any(entry[0] == tag for entry in self.stack):
            return
        while self.stack:
            name, blocks, folds = self.stack.pop()
            self.blocking -= blocks
            self.folded -= folds
            if name == tag:
                break

    def truncate(self, depth: int) -> None:
        """Close the elements opened after the first ``depth`` ones."""
        while len(self.stack) > depth:
            _, blocks, folds = self.stack.pop()
            self.blocking -= blocks
            self.folded -= folds


class LinkableRuns(HTMLParser):
    """Splits HTML into raw runs, each marked linkable (text outside no-link contexts: ``LINKABLE``, or
    ``LINKABLE_FOLDED`` inside a closed ``<details>``) or not (0)."""

    def __init__(self, source: str, open_elements: OpenElements) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self._line_starts = [0] + [found.end() for found in re.finditer("\n", source)]
        self._events: list[tuple[int, int]] = []  # (raw start offset, linkable kind or 0)
        self._open = open_elements

    def runs(self) -> list[tuple[int, int, int]]:
        """``(start, end, linkable)`` runs covering the whole source, adjacent text merged."""
        self.feed(self.source)
        self.close()
        runs: list[tuple[int, int, int]] = []
        boundaries = [*self._events, (len(self.source), 0)]
        for (start, linkable), (end, _) in pairwise(boundaries):
            if end <= start:
                continue
            if runs and runs[-1][2] == linkable and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], end, linkable)
            else:
                runs.append((start, end, linkable))
        if not runs or runs[0][0] > 0:
            runs.insert(0, (0, runs[0][0] if runs else len(self.source), 0))
        return runs

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _mark(self, linkable: int) -> None:
        self._events.append((self._offset(), linkable))

    def handle_data(self, data: str) -> None:
        if self._open.blocking:
            self._mark(0)
        else:
            self._mark(LINKABLE_FOLDED if self._open.folded else LINKABLE)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._mark(0)
        self._open.open(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._mark(0)

    def handle_endtag(self, tag: str) -> None:
        self._mark(0)
        self._open.close(tag)

    def handle_comment(self, data: str) -> None:
        self._mark(0)

    def handle_decl(self, decl: str) -> None:
        self._mark(0)

    def handle_pi(self, data: str) -> None:
        self._mark(0)

    def unknown_decl(self, data: str) -> None:
        self._mark(0)
