"""An image the site does not have (missing from ``--media``, or another host's) degrades for readers: its alt
text and caption as words, ``[Image: The chair. By the window]``, never a broken picture, a request to another
host, raw Markdown or an empty link. Where to fetch it is the author's business: the report lists it."""

from __future__ import annotations

import html
import re

from .markdown_check import CONTROL_RE
from .text import markdown_text


def missing_image_words(alt: str, caption: str = "") -> str:
    """``[Image: alt. caption]``; ``""`` when the image has neither (a link around it then says ``[Image]``)."""
    alt, caption = " ".join(alt.split()), " ".join(caption.split())
    words = ". ".join(part for part in (alt.rstrip("."), caption) if part) if caption != alt else alt
    return f"[Image: {words}]" if words else ""


def without_missing(markdown: str, missing: set[str], originals: dict[str, str]) -> str:
    """The Markdown with each image whose file is missing as its words; a link to the file (one the author
    made) leads to its old address."""
    for media in missing:
        original = originals.get(media) or f"{{static}}/images/{media}"
        name = CONTROL_RE.sub("", media)  # as the Markdown holds it (control characters are removed before)
        local = re.escape(f"{{static}}/images/{name}")
        if f"]({{static}}/images/{name}" in markdown:  # (each pattern is compiled anew: only when it can match)
            markdown = re.sub(rf'(\[?)!\[([^\]\n]*)\]\({local}(?: "([^"\n]*)")?\)', _markdown_words, markdown)
        if f'src="{{static}}/images/{name}"' in markdown:  # in a figure kept as HTML (a caption with a link)
            markdown = re.sub(rf'<img [^>]*\bsrc="{local}"[^>]*>', _html_words, markdown)
        markdown = markdown.replace(f"{{static}}/images/{name}", original)
    return markdown


def _markdown_words(match: re.Match) -> str:
    in_link, alt, caption = match.group(1), match.group(2), match.group(3) or ""
    words = missing_image_words(alt.replace("\\", ""), caption)
    if not words and not in_link:
        return ""
    return in_link + markdown_text(words or "[Image]")


def _html_words(match: re.Match) -> str:
    alt = re.search(r'\balt="([^"]*)"', match.group(0))
    return html.escape(missing_image_words(html.unescape(alt.group(1)) if alt else "") or "[Image]")
