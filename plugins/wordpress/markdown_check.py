"""What the importer writes is checked first: Markdown that the build could not publish is mended.

Python-Markdown leaves its internal placeholders (control characters) in the HTML for a few emphasis
patterns (``*Note**: x (*[a](b)*).*``), and a feed refuses control characters: the build then crashes.
Each paragraph with an emphasis mark is rendered once here; one that leaks loses its emphasis marks, never its
words, and a note says so. Control characters in the text itself are removed.
"""

from __future__ import annotations

import re

import markdown

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FENCE_LINE_RE = re.compile(r"^[ \t>]*(?:```|~~~)", re.MULTILINE)
CODE_LINE_RE = re.compile(r"^(?:[ \t>]*    |\t)", re.MULTILINE)  # an indented code block's lines
EMPHASIS_MARK_RE = re.compile(r"(?<!\\)(\*+|_+)")
OPENING_MARK_RE = re.compile(r"(?<!\\)(?:\*+|_+)(?=[^\s*_])")  # a bullet ("*   item") is followed by a space
BULLET_RE = re.compile(r"^[ \t>]*$")


def publishable(text: str, notes: list[str]) -> str:
    """``text`` without control characters, and with the emphasis marks of any paragraph that Python-Markdown
    would render into control characters removed; each change noted."""
    if CONTROL_RE.search(text):
        notes.append(f"control characters removed: {len(CONTROL_RE.findall(text))} (a feed cannot hold them)")
        text = CONTROL_RE.sub("", text)
    if "*" not in text and "_" not in text:
        return text
    renderer = None
    blocks = text.split("\n\n")
    in_fence = False
    for index, block in enumerate(blocks):
        fences = len(FENCE_LINE_RE.findall(block))
        inside, in_fence = in_fence or fences > 0, in_fence != (fences % 2 == 1)
        if inside or CODE_LINE_RE.search(block):
            continue
        if ("*" in block or "_" in block) and OPENING_MARK_RE.search(block):  # unescaped, not a list bullet
            renderer = renderer or markdown.Markdown()
            if CONTROL_RE.search(renderer.reset().convert(block)):
                blocks[index] = EMPHASIS_MARK_RE.sub(_unless_bullet, block)
                notes.append(f"emphasis dropped (Markdown cannot render it): {block[:60]!r}")
    return "\n\n".join(blocks)


def _unless_bullet(match: re.Match) -> str:
    """An emphasis mark removed; a list bullet (alone at the start of its line, then a space) kept."""
    text = match.string
    start = text.rfind("\n", 0, match.start()) + 1
    bullet = BULLET_RE.match(text[start : match.start()]) and text[match.end() : match.end() + 1] in (" ", "\t")
    return match.group(0) if bullet else ""
