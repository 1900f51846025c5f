"""Text that a WordPress post showed, written so it shows the same here and never becomes markup.

In Markdown, ``<``, ``&`` and ``>`` would start raw HTML or an entity, and ``\\ ` * _ [ ]`` would start a
code span, emphasis, a link or an image: they are written as entities and backslash escapes. Titles, category
and tag names are plain text: the theme's templates escape what they print (autoescape).
"""

from __future__ import annotations

import html
import re

MARKDOWN_PUNCTUATION_RE = re.compile(r"([\\`*_\[\]])")
LINE_START_RE = re.compile(r"^([ \t]*)([#+-]|\d{1,9}(?=[.)]))")


def html_text(text: str) -> str:
    """``text`` as HTML that shows it: ``<``, ``>``, ``&`` and quotes as entities."""
    return html.escape(text, quote=True)


def markdown_entities(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities, so Markdown passes them through as the characters."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def markdown_text(text: str) -> str:
    """One line of plain text as Markdown that shows exactly it (a summary)."""
    text = markdown_entities(MARKDOWN_PUNCTUATION_RE.sub(r"\\\1", text))
    return LINE_START_RE.sub(r"\1\\\2", text)


TERM_UNSAFE_RE = re.compile(r"[<>\"]")


def term_name(name: str) -> str:
    """A category or tag name (WordPress writes ``&amp;`` for ``&``) as plain text: ``<``, ``>`` and ``"``,
    which no real name needs and which would make its address empty, are dropped."""
    if "&" in name:
        name = html.unescape(name)
    return " ".join(TERM_UNSAFE_RE.sub("", name).split())
