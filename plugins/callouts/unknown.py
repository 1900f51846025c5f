"""Find callouts whose marker named an unknown type, and the source line of each marker.

Python-Markdown never sees the file's path, so the extension marks every callout with
``data-callout="<word>"`` and the Pelican side, which knows the path, reads the rendered
HTML. That HTML is part of what Pelican caches, so the warning repeats on every build.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path

from ..pelican_compat import document_html
from .kinds import DEFAULT_LABELS, is_known

logger = logging.getLogger(__name__)

FENCE_RE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})")
# Quote markers, possibly after a list bullet, possibly nested: `> [!x]`, `- > [!x]`, `> > [!x]`.
MARKER_LINE_RE = re.compile(r"^(?:[ \t]*(?:[-*+]|\d+[.)])?[ \t]*>)+[ \t]*\[!(?P<word>[A-Za-z][\w-]*)\]")
# Every ``data-callout`` value in the HTML, whatever element holds it: a superset of the callout words.
DATA_CALLOUT_RE = re.compile(r"""data-callout\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)


class _CalloutWords(HTMLParser):
    """Collects the ``data-callout`` word of every callout ``<aside>``, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "aside" and "callout" in (attributes.get("class") or "").split() and attributes.get("data-callout"):
            self.words.append(attributes["data-callout"])


def callout_words(html: str) -> list[str]:
    """The marker words of the callouts in ``html``, lower-cased, in document order."""
    parser = _CalloutWords()
    parser.feed(html)
    parser.close()
    return parser.words


def marker_lines(source: str) -> list[tuple[int, str]]:
    """``(line number, lower-cased word)`` of every quote line opening with ``[!word]``, outside fenced code."""
    found = []
    fence = ""
    for number, line in enumerate(source.splitlines(), start=1):
        fence_match = FENCE_RE.match(line)
        if fence_match:
            marks = fence_match.group("fence")
            if not fence:
                fence = marks
            elif marks[0] == fence[0] and len(marks) >= len(fence):
                fence = ""
            continue
        if fence:
            continue
        marker = MARKER_LINE_RE.match(line)
        if marker:
            found.append((number, marker.group("word").lower()))
    return found


def unknown_callouts(html: str, source: str, words: list[str] | None = None) -> list[tuple[int, str]]:
    """``(line, word)`` for every callout of an unknown type; the n-th one of a word is its n-th marker line."""
    lines_by_word: dict[str, list[int]] = {}
    for number, word in marker_lines(source):
        lines_by_word.setdefault(word, []).append(number)
    seen: dict[str, int] = {}
    result = []
    for word in callout_words(html) if words is None else words:
        if is_known(word):
            continue
        index = seen.get(word, 0)
        seen[word] = index + 1
        lines = lines_by_word.get(word) or [0]
        result.append((lines[min(index, len(lines) - 1)], word))
    return result


def warn_unknown_callouts(content) -> None:
    """Log one warning per unknown callout type, naming the source file and line."""
    html = document_html(content)
    source_path = getattr(content, "source_path", None)
    if "data-callout=" not in html or not source_path:
        return
    if all(is_known(word) for word in DATA_CALLOUT_RE.findall(html)):
        return  # the usual case, without parsing the HTML: every callout word is among these, all known
    words = callout_words(html)
    if all(is_known(word) for word in words):
        return
    source = Path(source_path).read_text(encoding="utf-8")
    for line, word in unknown_callouts(html, source, words):
        logger.warning(
            "%s:%d: unknown callout type [!%s], shown as a note; known types: %s",
            source_path,
            line,
            word,
            ", ".join(DEFAULT_LABELS),
        )
