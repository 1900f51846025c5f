"""Footnotes as placeholders (``WPFOOTNOTE1X``) and their texts: WordPress 6.3+'s ``<sup data-fn>`` with the
``footnotes`` postmeta, and WordPress.com's older ``rel="footnote"`` links with a ``<div class="footnotes">``."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup, NavigableString


def footnotes(text: str, meta: str | None) -> tuple[str, list[str]]:
    """``<sup data-fn="uuid">`` references as ``[^n]`` markers (kept as placeholders through conversion), and
    the footnote texts from the ``footnotes`` postmeta, in order of first reference."""
    if not meta:
        if 'rel="footnote"' in text:
            return _classicfootnotes(text)
        return BLOCK_FOOTNOTES_RE.sub("", text), []
    try:
        notes = {entry["id"]: entry.get("content", "") for entry in json.loads(meta) if isinstance(entry, dict)}
    except (ValueError, TypeError, KeyError):
        return text, []
    order: list[str] = []

    def reference(match: re.Match) -> str:
        key = match.group(1)
        if key not in notes:
            return match.group(0)
        if key not in order:
            order.append(key)
        return f"WPFOOTNOTE{order.index(key) + 1}X"

    text = FOOTNOTE_REF_RE.sub(reference, text)
    text = BLOCK_FOOTNOTES_RE.sub("", text)
    return text, [notes[key] for key in order]


def _classicfootnotes(text: str) -> tuple[str, list[str]]:
    """WordPress.com's older footnotes (PHP Markdown Extra's: ``<sup id="fnref-5-1"><a href="#fn-5-1"
    rel="footnote">1</a></sup>`` and a ``<div class="footnotes">`` list) as placeholders and texts."""
    soup = BeautifulSoup(text, "html.parser")
    texts: dict[str, str] = {}
    for block in soup.select("div.footnotes"):
        for entry in block.select("li[id]"):
            for back in entry.select('a[rev="footnote"]'):
                back.decompose()
            texts["#" + str(entry["id"])] = "".join(str(child) for child in entry.contents).strip()
        block.decompose()
    order: list[str] = []
    for link in soup.select('sup > a[rel="footnote"]'):
        key = str(link.get("href") or "")
        if key not in texts:
            continue
        if key not in order:
            order.append(key)
        link.parent.replace_with(NavigableString(f"WPFOOTNOTE{order.index(key) + 1}X"))
    return str(soup), [texts[key] for key in order]


FOOTNOTE_REF_RE = re.compile(r'<sup[^>]*\bdata-fn="([^"]+)"[^>]*>[\s\S]*?</sup>')
BLOCK_FOOTNOTES_RE = re.compile(r'<ol class="wp-block-footnotes"[\s\S]*?</ol>|<!-- wp:footnotes /-->')
