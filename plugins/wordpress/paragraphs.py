"""WordPress's automatic paragraphs (``wpautop``) for classic-editor content."""

from __future__ import annotations

import re

BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|details|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header"
    "|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|caption|colgroup|col|style"
    "|script|select|option|math|svg|audio|video|iframe|object|embed"
)
BLOCK_BEFORE_RE = re.compile(rf"(<(?:{BLOCK_TAGS})(?=[\s/>])[^>]*>)", re.IGNORECASE)
BLOCK_AFTER_RE = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
BLOCK_START_RE = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})\b", re.IGNORECASE)
BLOCK_OPEN_RE = re.compile(rf"<(/?)({BLOCK_TAGS})\b[^>]*?(/?)>", re.IGNORECASE)


def wpautop(text: str) -> str:
    """WordPress's automatic paragraphs for classic-editor content: a blank line separates paragraphs, a single
    newline inside a paragraph is a line break; block-level HTML stays as it is (and so do blank lines inside
    a block element, such as a ``<pre>`` or a table)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # As WordPress does: block-level tags stand apart from the text around them.
    text = BLOCK_BEFORE_RE.sub(r"\n\n\1", text)
    text = BLOCK_AFTER_RE.sub(r"\1\n\n", text)
    chunks, current, depth = [], [], 0
    for piece in re.split(r"(\n[ \t]*\n)", text):
        if re.fullmatch(r"\n[ \t]*\n", piece):
            if depth > 0:
                current.append(piece)
            else:
                chunks.append("".join(current))
                current = []
            continue
        current.append(piece)
        for closing, name, self_closing in BLOCK_OPEN_RE.findall(piece):
            if name.lower() in ("hr", "col") or self_closing:
                continue
            depth += -1 if closing else 1
        depth = max(depth, 0)
    chunks.append("".join(current))
    out = []
    for chunk in chunks:
        chunk = chunk.strip("\n")
        if not chunk.strip():
            continue
        if BLOCK_START_RE.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"[ \t]*\n[ \t]*", "<br>\n", chunk.strip()) + "</p>")
    return "\n\n".join(out)
