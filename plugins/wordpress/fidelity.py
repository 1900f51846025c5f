"""What a post showed on WordPress against what its built page shows: words, code blocks, loads from other hosts.

Used by ``verify``. Words are Unicode ``\\w+`` runs, case-folded, counted as a multiset. The export's words are
the text of ``content:encoded`` (parsed as HTML, entities decoded) without shortcode tags (their content
stays) and bare URLs; the page's words are the text of the post's body without glossary tooltips.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

WORD_RE = re.compile(r"\w+")
SHOWN_AT_LEAST = 0.97  # a page showing fewer of the export's words than this is a miss
SHORTCODE_TAG_RE = re.compile(r"\[/?[A-Za-z][\w-]*(?=[\s\]/])[^\[\]]*\]")
LATEX_MARK_RE = re.compile(r"\$latex(?=\s)")  # WordPress.com's ``$latex x^2$``: the word was never shown
BARE_URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>\"']+|\bwww\.[^\s<>\"']+\.[^\s<>\"']+", re.IGNORECASE)
# WordPress.com's code shortcodes and SyntaxHighlighter Evolved's language-named ones (not ``[latex]``: on
# WordPress.com that is Jetpack's math shortcode, shown as a formula, and the import keeps it as its TeX source).
CODE_SHORTCODE_GROUPS = (
    "code sourcecode source as3 actionscript3 bash shell coldfusion cf clojure clj cpp c c-sharp csharp css",
    "delphi pas pascal diff patch erl erlang fsharp go golang groovy haskell java jfx javafx js jscript",
    "javascript tex matlab objc obj-c perl pl php plain text ps powershell py python r splus rails rb ror",
    "ruby scala sql vb vbnet xml xhtml xslt html yaml yml",
)
CODE_SHORTCODES = [name for group in CODE_SHORTCODE_GROUPS for name in group.split()]
CODE_SHORTCODE_RE = re.compile(
    r"\[(" + "|".join(re.escape(name) for name in sorted(CODE_SHORTCODES, key=len, reverse=True)) + r")(?=[\s\]])"
    r"[^\]]*\][\s\S]*?\[/\1\]",
    re.IGNORECASE,
)
HIDDEN_TAGS = ("script", "style", "template")
# Elements that make a browser load what their attribute names, and those attributes.
LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "object": ("data",),
    "embed": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src", "srcset"),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
}
LOADING_LINK_RELS = frozenset({"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest"})
CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


def words(text: str) -> Counter[str]:
    """The multiset of case-folded ``\\w+`` runs of a text."""
    return Counter(word.casefold() for word in WORD_RE.findall(text))


def _visible_text(root: Tag) -> str:
    for tag in root.find_all(HIDDEN_TAGS):
        tag.decompose()
    return root.get_text(" ")


def export_text(content: str) -> str:
    """The text a WordPress post showed: ``content:encoded`` without shortcode tags and ``$latex`` marks, as
    HTML, without URLs."""
    soup = BeautifulSoup(SHORTCODE_TAG_RE.sub(" ", LATEX_MARK_RE.sub("$", content)), "html.parser")
    return BARE_URL_RE.sub(" ", _visible_text(soup))


def export_code_blocks(content: str) -> int:
    """Code blocks of a WordPress post: code shortcodes (``[code]...[/code]``, ``[bash]``...) and ``<pre>``
    holding text (a ``<pre>`` around a picture alone, or an empty one, showed no code)."""
    shortcodes = len(CODE_SHORTCODE_RE.findall(content))
    rest = CODE_SHORTCODE_RE.sub(" ", content)
    blocks = BeautifulSoup(rest, "html.parser").find_all("pre")
    return shortcodes + sum(1 for block in blocks if block.get_text().strip())


def page_body(page: BeautifulSoup, kind: str) -> Tag | None:
    """The body of a built post (``.post-body``) or page (``article.page`` without its title), without
    glossary tooltips; None when the page has none."""
    if kind == "page":
        body = page.select_one("article.page")
        title = body.find("h1", recursive=False) if body is not None else None
        if title is not None:
            title.decompose()
    else:
        body = page.select_one(".post-body")
    if body is None:
        return None
    for tip in body.select(".glossary-tip"):
        tip.decompose()
    return body


def _addresses(tag: Tag, attribute: str) -> list[str]:
    value = tag.get(attribute)
    if not isinstance(value, str) or not value.strip():
        return []
    if attribute == "srcset":
        return [part.split()[0] for part in value.split(",") if part.split()]
    return [value.strip()]


def _off_site(address: str, own_hosts: frozenset[str]) -> bool:
    address = address.strip()
    if address.startswith("//"):
        address = "https:" + address
    try:
        parts = urlsplit(address)
    except ValueError:
        return True  # a browser may still try it; not ours in any case
    if parts.scheme.lower() not in ("http", "https", "ftp"):
        return False  # relative (this site), data:, blob:...
    return (parts.hostname or "").lower() not in own_hosts


def foreign_loads(page: BeautifulSoup, own_hosts: frozenset[str]) -> list[str]:
    """Every address on another host that the page makes a browser load (scripts, images, frames, objects,
    media, stylesheets and other loading links, CSS ``url()`` and ``@import``)."""
    found: list[str] = []
    for tag in page.find_all(True):
        candidates: list[str] = []
        for attribute in LOADING.get(tag.name, ()):
            candidates += _addresses(tag, attribute)
        if tag.name == "link":
            rels = {rel.lower() for rel in (tag.get("rel") or [])}
            if rels & LOADING_LINK_RELS or "icon" in " ".join(rels):
                candidates += _addresses(tag, "href")
        css = tag.get("style") if isinstance(tag.get("style"), str) else ""
        if tag.name == "style":
            css += tag.get_text()
        for match in CSS_URL_RE.finditer(css):
            candidates.append(match.group(1) or match.group(2))
        found += [address for address in candidates if _off_site(address, own_hosts)]
    return list(dict.fromkeys(found))


@dataclass
class Fidelity:
    """One post's export against its built page."""

    words_in: int
    lost: Counter[str]
    code_in: int
    code_shown: int
    foreign: list[str] = field(default_factory=list)

    @property
    def shown(self) -> float:
        return 1.0 if not self.words_in else (self.words_in - self.lost.total()) / self.words_in

    @property
    def words_ok(self) -> bool:
        return self.shown >= SHOWN_AT_LEAST

    @property
    def code_ok(self) -> bool:
        return self.code_shown >= self.code_in

    @property
    def faithful(self) -> bool:
        return self.words_ok and self.code_ok and not self.foreign

    def problems(self, examples: int = 8) -> list[str]:
        """What a reader misses, one phrase each ("" when faithful)."""
        found = []
        if not self.words_ok:
            first = ", ".join(list(self.lost)[:examples]) + (", ..." if len(self.lost) > examples else "")
            shown = math.floor(self.shown * 1000) / 10  # 96.97% is below 97%: never rounded up to it
            found.append(f"shows {shown}% of its words (lost {self.lost.total()} of {self.words_in}: {first})")
        if not self.code_ok:
            found.append(f"shows {self.code_shown} of its {self.code_in} code block(s) as code")
        if self.foreign:
            first = ", ".join(self.foreign[:3]) + (", ..." if len(self.foreign) > 3 else "")
            found.append(f"loads {len(self.foreign)} address(es) from another host: {first}")
        return found


def compare(content: str, page_html: str, kind: str, own_hosts: frozenset[str]) -> Fidelity:
    """A post's ``content:encoded`` against its built page (``kind``: "post" or "page")."""
    page = BeautifulSoup(page_html, "html.parser")
    foreign = foreign_loads(page, own_hosts)
    body = page_body(page, kind)
    theirs = words(export_text(content))
    ours = words(_visible_text(body)) if body is not None else Counter()
    return Fidelity(
        words_in=theirs.total(),
        lost=theirs - ours,
        code_in=export_code_blocks(content),
        code_shown=len(body.find_all("pre")) if body is not None else 0,
        foreign=foreign,
    )
