"""Code stays code: every ``<pre>`` and every WordPress.com code shortcode becomes a code block with its
language, every character and indentation kept; ``$latex ...$`` and ``[latex]...[/latex]`` become their TeX
source as inline code.

They are taken out of the post first (before shortcodes, ``wpautop`` and sanitizing, which would read their
text as markup) and replaced by a placeholder word; once the rest is Markdown, each placeholder becomes a fenced
block with its language at the top level, or, inside a list item or a quote (where Python-Markdown's fences do
not work), an indented block whose first line ``:::lang`` names the language for codehilite.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString

# WordPress.com's code shortcodes (and SyntaxHighlighter Evolved's): the name, or language=/lang=, is the
# language; the Pygments name where it differs.
LANGUAGE_SHORTCODES = {
    "actionscript3": "actionscript3", "as3": "actionscript3", "bash": "bash", "shell": "bash", "sh": "bash",
    "c": "c", "cpp": "cpp", "csharp": "csharp", "c-sharp": "csharp", "clojure": "clojure", "coldfusion": "cfm",
    "css": "css", "delphi": "delphi", "pascal": "delphi", "diff": "diff", "patch": "diff", "erlang": "erlang",
    "fsharp": "fsharp", "go": "go", "golang": "go", "groovy": "groovy", "haskell": "haskell", "html": "html",
    "xhtml": "html", "java": "java", "javafx": "java", "javascript": "javascript", "js": "javascript",
    "jscript": "javascript", "json": "json", "matlab": "matlab", "objc": "objective-c", "perl": "perl",
    "pl": "perl", "php": "php", "plain": "text", "text": "text", "powershell": "powershell", "ps": "powershell",
    "python": "python", "py": "python", "r": "r", "ruby": "ruby", "rails": "ruby", "rb": "ruby",
    "scala": "scala", "sql": "sql", "swift": "swift", "vb": "vbnet", "vbnet": "vbnet", "xml": "xml",
    "xslt": "xslt", "yaml": "yaml",
}  # fmt: skip
GENERIC_SHORTCODES = ("code", "sourcecode", "source")
_NAMES = "|".join(sorted((*GENERIC_SHORTCODES, *map(re.escape, LANGUAGE_SHORTCODES)), key=len, reverse=True))
# A code shortcode counts only with its closing tag ("[c]" alone is text).
# Nor right after a letter ("array[c]"), nor around another opening of the same name.
SHORTCODE_RE = re.compile(
    rf"(?<![\w\[])\[({_NAMES})((?:\s[^\]]*)?)\]((?:(?!\[\1[\s\]])[\s\S])*?)\[/\1\](?!\])", re.IGNORECASE
)
PRE_RE = re.compile(r"<pre\b([^>]*)>([\s\S]*?)</pre\s*>", re.IGNORECASE)
LATEX_RE = re.compile(r"\$latex\s+([\s\S]+?)(?:&(?:amp;)?(?:bg|fg|s)=[^$]*)?\$|\[latex\]([\s\S]*?)\[/latex\]")
CLASS_LANGUAGE_RE = re.compile(r"(?:\bbrush\s*:\s*|\blang(?:uage)?\s*[:-]\s*|\blanguage-)([\w+#-]+)", re.IGNORECASE)
ATTRIBUTE_RE = re.compile(r"""\b(?:language|lang)\s*=\s*["']?([\w+#-]+)""", re.IGNORECASE)
PLACEHOLDER_LINE_RE = re.compile(r"^([ \t>]*)((?:[*+-]|\d{1,9}[.)])[ \t]+)?WPCODE(\d+)X[ \t]*$", re.MULTILINE)
LANG_ATTRIBUTE_RE = re.compile(r"""\blang\s*=\s*["']?\w""", re.IGNORECASE)
TAG_NAME_RE = re.compile(r"<(!--|/?[A-Za-z][\w:-]*)")
# What editors write inside a <pre> around code: anything else there is the code's own text.
PRE_MARKUP = frozenset(
    f"{closing}{name}"
    for closing in ("", "/")
    for name in (
        "code", "br", "span", "b", "strong", "i", "em", "a", "u", "font", "tt", "kbd", "samp", "var", "mark",
        "s", "del", "ins", "sub", "sup", "small", "big", "img", "p", "div",
    )
)  # fmt: skip
PLACEHOLDER_PARAGRAPH_RE = re.compile(r"(\n\n<p>WPCODE\d+X</p>\n\n)")
HTML_PLACEHOLDER_RE = re.compile(r"<p>WPCODE(\d+)X</p>")
INLINE_PLACEHOLDER_RE = re.compile(r"WPTEX(\d+)X")
EDITOR_MARKS_RE = re.compile(r"</?p>|<br\s*/?>(?=\n)")
BACKTICKS_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)


@dataclass
class CodeBlocks:
    """The code blocks and TeX taken out of one post, in order, and the report's lines about them."""

    blocks: list[tuple[str, str]] = field(default_factory=list)  # (language, code)
    tex: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def take_out(self, text: str) -> str:
        """``text`` (a post's HTML) with each code block and TeX formula replaced by a placeholder word."""
        if "[" in text:
            text = SHORTCODE_RE.sub(self._shortcode, text)
        if "<pre" in text or "<PRE" in text:
            text = PRE_RE.sub(self._pre, text)
        if "latex" in text:
            text = LATEX_RE.sub(self._tex, text)
        return text

    def put_back(self, markdown: str) -> str:
        """The Markdown with each placeholder replaced by its code block or inline code."""
        if self.blocks:
            markdown = PLACEHOLDER_LINE_RE.sub(self._block, markdown)
            markdown = HTML_PLACEHOLDER_RE.sub(self._html_block, markdown)
        if self.tex:
            markdown = INLINE_PLACEHOLDER_RE.sub(lambda match: code_span(self.tex[int(match.group(1))]), markdown)
        return markdown

    def _placeholder(self, language: str, code: str) -> str:
        if not code.strip():
            return "\n\n"
        self.blocks.append((language, code))
        return f"\n\n<p>WPCODE{len(self.blocks) - 1}X</p>\n\n"

    def _pre(self, match: re.Match) -> str:
        """A ``<pre>``: its text, ``<br>`` as line breaks; a code shortcode inside it (already a placeholder)
        splits it in blocks, each with the ``<pre>``'s language."""
        attributes, inner = match.group(1), match.group(2)
        named = ATTRIBUTE_RE.search(attributes)  # WP-Syntax's lang="xml"
        language = _language(attributes) or (
            LANGUAGE_SHORTCODES.get(named.group(1).lower(), named.group(1)) if named else ""
        )
        parts = PLACEHOLDER_PARAGRAPH_RE.split(inner)
        out = []
        for index, part in enumerate(parts):
            if index % 2:
                out.append(part)  # a placeholder of a shortcode inside the <pre>
                continue
            if _is_raw_code(attributes, part):
                out.append(self._placeholder(language, part))
                continue
            soup = BeautifulSoup(part, "html.parser")
            for line_break in soup.find_all("br"):
                line_break.replace_with(NavigableString("\n"))
            code = soup.find("code")
            if not language and code is not None:
                classes = code.get("class") or []
                language = _language(" ".join(classes) if isinstance(classes, list) else str(classes))
            if not soup.get_text().strip() and soup.find("img") is not None:
                out.append(f"\n\n<p>{part}</p>\n\n")  # a picture set in a <pre>: no code, the picture stays
                continue
            out.append(self._placeholder(language, soup.get_text()))
        return "".join(out)

    def _shortcode(self, match: re.Match) -> str:
        name, attributes, code = match.group(1).lower(), match.group(2), match.group(3)
        language = LANGUAGE_SHORTCODES.get(name, "")
        found = ATTRIBUTE_RE.search(attributes)
        if found:
            language = _known(found.group(1))
        # Written in the visual editor, "&lt;" is the "<" the post showed; written as HTML, the editor's own
        # paragraph marks are not code.
        code = html.unescape(code) if "<" not in code else EDITOR_MARKS_RE.sub("", code)
        return self._placeholder(language, code)

    def _tex(self, match: re.Match) -> str:
        source = html.unescape(match.group(1) if match.group(1) is not None else match.group(2)).strip()
        self.tex.append(source)
        self.notes.append(f"LaTeX kept as its TeX source (code): {source[:60]}")
        return f"WPTEX{len(self.tex) - 1}X"

    def _block(self, match: re.Match) -> str:
        prefix, marker, number = match.group(1), match.group(2), int(match.group(3))
        language, code = self.blocks[number]
        lines = code.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
        if not prefix and not marker:
            fence = "`" * max([3, *(len(run) + 1 for run in BACKTICKS_RE.findall(code) if run[0] == "`")])
            return "\n".join([f"{fence}{language}", *lines, fence])
        # Inside a list item or a quote: an indented block, its language on a ":::" first line (codehilite).
        quote = prefix.rstrip(" \t") if ">" in prefix else ""
        indent = " " * (len(prefix) - len(quote)) if not marker else " " * (len(prefix) + len(marker))
        head = f"{prefix}{marker}&#8203;\n{quote}\n" if marker else f"{quote}\n" if quote else "\n"
        body = [f":::{language or 'text'}", *lines]
        lines = [f"{quote}{indent}    {line}" if line.strip() else quote for line in body]
        return head + "\n".join(lines) + f"\n{quote}"

    def _html_block(self, match: re.Match) -> str:
        """A code block inside a list kept as HTML (one that counts down): HTML, its text escaped."""
        language, code = self.blocks[int(match.group(1))]
        attribute = f' class="language-{html.escape(language, quote=True)}"' if language else ""
        return f"<pre><code{attribute}>{html.escape(code.strip(chr(10)))}</code></pre>"


def _is_raw_code(attributes: str, inner: str) -> bool:
    """A ``<pre>`` whose content is the code itself, tags and all: WP-Syntax's ``<pre lang="xml">``, or any
    holding a tag no editor writes inside a ``<pre>`` (``<property>``, ``<!--``), which the post showed as text."""
    if LANG_ATTRIBUTE_RE.search(attributes):
        return "&lt;" not in inner
    return any(name.lower() not in PRE_MARKUP for name in TAG_NAME_RE.findall(inner))


def _known(name: str) -> str:
    """A language name as Pygments knows it (``js`` is ``javascript``)."""
    return LANGUAGE_SHORTCODES.get(name.lower(), name.lower())


def _language(attributes: str) -> str:
    found = CLASS_LANGUAGE_RE.search(attributes)
    if found is None:
        return ""
    name = found.group(1).lower().rstrip(";")
    return LANGUAGE_SHORTCODES.get(name, name)


def code_span(text: str) -> str:
    """``text`` as an inline code span, with enough backticks around it."""
    runs = re.findall(r"`+", text)
    ticks = "`" * (max((len(run) for run in runs), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"
