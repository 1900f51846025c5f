"""HTML to Markdown: markdownify, with this site's rules (see :class:`MarkdownWriter`)."""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

from .text import markdown_entities

KEPT_FIGURE = "data-kept-figure"


def _inline_html(tag: str):
    """Inline elements Markdown has no syntax for (here) stay as HTML, already sanitized by nh3."""

    def convert(self, el, text, parent_tags):
        if not text.strip() or ("_inline" in parent_tags and tag == "q"):
            return text
        title = el.attrs.get("title")
        attribute = f' title="{html.escape(title, quote=True)}"' if title and tag == "abbr" else ""
        return f"<{tag}{attribute}>{text}</{tag}>"

    return convert


# A backslash before ASCII punctuation (or ending a text, before the next element's) escapes it in Markdown.
BACKSLASH_RE = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
MARKDOWN_MISC_RE = re.compile(r"([`\[\]])")
LINE_START_MARKS = (
    (re.compile(r"(^|\n)([ \t]*)([#>])"), r"\1\2\\\3"),
    (re.compile(r"(^|\n)([ \t]*)([-+*])(?=[ \t])"), r"\1\2\\\3"),
    (re.compile(r"(^|\n)([ \t]*\d{1,9})([.)])(?=[ \t])"), r"\1\2\\\3"),
)


class MarkdownWriter(MarkdownConverter):
    """markdownify, with images alone in a paragraph kept alone (our figure syntax), inline elements Markdown
    cannot say (strike, sub, sup, mark, abbr, q) kept as HTML, and text that would start a heading, quote or
    list escaped."""

    convert_del = convert_s = convert_strike = _inline_html("del")
    convert_sub = _inline_html("sub")
    convert_sup = _inline_html("sup")
    convert_mark = _inline_html("mark")
    convert_ins = _inline_html("ins")
    convert_abbr = convert_acronym = _inline_html("abbr")
    convert_q = _inline_html("q")

    def escape(self, text, parent_tags):
        if "\\" in text and "_noformat" not in parent_tags:  # a backslash Markdown would read as an escape
            text = BACKSLASH_RE.sub(r"\\\\", text)
        text = super().escape(text, parent_tags)
        if not text or "_noformat" in parent_tags:
            return text
        text = markdown_entities(text)  # text that showed "<b>" or "&lt;" is never read as markup
        if "`" in text or "[" in text or "]" in text:
            text = MARKDOWN_MISC_RE.sub(r"\\\1", text)
        for pattern, replacement in LINE_START_MARKS:
            text = pattern.sub(replacement, text)
        return text

    def convert_li(self, el, text, parent_tags):
        """A list item whose content lines are indented by four spaces, as Python-Markdown needs for a
        nested list, a second paragraph or a code block to stay inside the item."""
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            number = (int(start) if start.isdigit() else 1) + len(el.find_previous_siblings("li"))
            bullet = f"{number}."
        else:
            bullet = "*"
        bullet = bullet.ljust(3) + " "
        lines = text.split("\n")
        indent = " " * len(bullet)
        return bullet + "\n".join([lines[0], *(indent + line if line.strip() else "" for line in lines[1:])]) + "\n"

    def convert_ol(self, el, text, parent_tags):
        """An ordered list that starts at another number or counts down stays HTML (Markdown cannot say it;
        nh3 has already cleaned it)."""
        start = str(el.get("start") or "1")
        if el.has_attr("reversed") or start != "1":
            return f"\n\n{el}\n\n"
        return super().convert_ol(el, text, parent_tags)

    def convert_figure(self, el, text, parent_tags):
        kept = el.attrs.get(KEPT_FIGURE)
        return f"\n\n{kept}\n\n" if kept else text

    def convert_tr(self, el, text, parent_tags):
        """A row after the table's first one never gets a header line (markdownify gives the first row of a
        ``<tfoot>``, or of a second ``<tbody>``, one, which becomes a row of dashes)."""
        table = el.find_parent("table")
        if table is not None and table.find("tr") is not el:
            return f"|{text}\n"
        return super().convert_tr(el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        alt = " ".join((el.attrs.get("alt") or "").split()).replace("[", "(").replace("]", ")")
        src = el.attrs.get("src") or ""
        title = " ".join((el.attrs.get("title") or "").split()).replace('"', "”")
        title_part = f' "{title}"' if title else ""
        return f"![{alt}]({src.replace(' ', '%20')}{title_part})"


def converter() -> MarkdownWriter:
    return MarkdownWriter(
        heading_style="ATX", bullets="*", strong_em_symbol="*", escape_underscores=True, table_infer_header=True
    )


def to_markdown(html_text: str) -> str:
    """HTML text as Markdown (markdownify parses it)."""
    return converter().convert(html_text)


def soup_to_markdown(soup: BeautifulSoup) -> str:
    """A parsed (and edited) document as Markdown, without writing it out and parsing it again: the same as
    ``to_markdown(str(soup))`` once neighbouring text pieces are joined, as a new parse would join them."""
    soup.smooth()
    return converter().convert_soup(soup)
