"""The text of a reply by e-mail: HTML made safe and turned to text, then quotes, signature and footer removed.

Quoted text comes in the forms of the common clients: Gmail and Thunderbird (an "On ... wrote:" line, then
``>`` lines), Apple Mail (the same, after a blank line), Outlook (``-----Original Message-----``, a rule of
underscores, or a ``From:`` / ``Sent:`` header block; everything after it is the old message). Signatures
start at a ``-- `` line; mobile footers ("Sent from my iPhone", "Get Outlook for Android") end a message.
E-mail addresses left in the text are replaced, so none reaches the queue or the site.
"""

from __future__ import annotations

import re
import unicodedata

import lxml.etree
import nh3

from .replylinks import HINT

# Tags whose text is kept; everything else (script, style, img, iframe...) is removed by nh3 first.
TEXT_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "cite", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
    | {"i", "li", "ol", "p", "pre", "q", "s", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "u"}
    | {"ul", "font", "center", "section", "article", "header", "footer", "main", "small", "big", "sub", "sup"}
)
BREAK_TAGS = frozenset({"br", "li", "tr", "hr"})
BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "pre", "table", "section", "article", "header"}
    | {"footer", "main", "center"}
)
MAX_HTML_DEPTH = 200  # elements inside elements; Outlook's nested tables reach about 30
KEPT_FORMAT_CHARACTERS = frozenset({"\u200c", "\u200d"})  # joiners: needed by Persian, Indic scripts and emoji

# An address: a run of local-part characters, an at sign, a domain. One pass, linear in the text: a match starts
# only where a run starts (the look-behind), every run is taken whole and never given back (possessive ``++``),
# so no character is scanned more than a few times. Addresses written one after another ("a@x.org!b@y.org")
# are one match, so the second never starts inside a run the first one ended in.
# Forms that hide an address from a plain pattern are part of it: letters of any script (``exämple.org``),
# the fullwidth and small at signs and dots (``＠``, ``．``, ``。``), invisible characters and combining marks
# anywhere in it (zero-width space and joiners, word joiner, BOM, soft hyphen, bidi marks), a domain of one
# label (``localhost``) and an IP literal (``[192.0.2.1]``, ``[IPv6:2001:db8::1]``).
AT_SIGNS = "@\uff20\ufe6b"
DOTS = ".\uff0e\u3002\uff61\ufe52"
INVISIBLE = (
    "\u00ad\u034f\u061c\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff"
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
LOCAL_CHARACTER = f"[\\w!#$%&'*+/=?^`{{|}}~\\-{DOTS}{INVISIBLE}]"
LABEL = f"[\\w\\-{INVISIBLE}]++"
IP_LITERAL = f"\\[[0-9A-Za-z.:{INVISIBLE}]{{1,64}}\\]"
DOMAIN = f"(?:{IP_LITERAL}|{LABEL}(?:[{DOTS}]{LABEL})*+)"
ADDRESS_RE = re.compile(
    f"(?<!{LOCAL_CHARACTER}){LOCAL_CHARACTER}++[{AT_SIGNS}]{DOMAIN}(?:{LOCAL_CHARACTER}*+[{AT_SIGNS}]{DOMAIN})*+"
)
ADDRESS_REPLACEMENT = "[address removed]"
# The hint that the reply links put in the body, wherever the reader's mail program left it (above or below the
# reply, wrapped or re-flowed), with the "-- " line above it: the hint is never published, the reply around it
# always is.
HINT_WORDS = HINT.split()
HINT_RE = re.compile(r"(?:^[ \t]*--[ \t]*\n\s*)?" + r"\s+".join(map(re.escape, HINT_WORDS)), re.MULTILINE)
ATTRIBUTION_RE = re.compile(
    r"^\s*(On\b.*\bwrote|Am\b.*\bschrieb.*|Le\b.*\ba écrit|El\b.*\bescribió|Op\b.*\bschreef.*)\s*:\s*$",
    re.IGNORECASE | re.DOTALL,
)
MAX_MARKER_LINE = 1_000  # characters: an "On ... wrote:" line with a long name and address is about 150
ATTRIBUTION_START_RE = re.compile(r"^\s*(On|Am|Le|El|Op)\s", re.IGNORECASE)
ORIGINAL_MESSAGE_RE = re.compile(
    r"^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,}\s*$",
    re.IGNORECASE,
)
UNDERSCORE_RULE_RE = re.compile(r"^\s*_{10,}\s*$")
HEADER_FIELD_RE = re.compile(r"^\s*\**(From|Sent|Date|To|Cc|Subject|Von|Gesendet|De|Envoyé|Objet)\**\s*:", re.I)
FOOTER_RE = re.compile(
    r"^\s*(Sent from my \w[\w ]*|Sent from (Mail|Outlook|Yahoo Mail|AOL|Gmail)\b.*|Sent via .*|"
    r"Get Outlook for \w+.*|Sent from my [\w ]+ (phone|smartphone|tablet)\.?|Envoyé de mon \w+.*|"
    r"Von meinem \w+ gesendet.*|Enviado desde mi \w+.*)\s*$",
    re.IGNORECASE,
)


def clean_name(name: str) -> str:
    """A display name without control (made spaces), format (bidi overrides, zero-width) or unassigned characters."""
    return " ".join(_without_invisible(name, control=" ").split())[:100]


def clean_text(text: str) -> str:
    """Text without control or bidi-override characters (line breaks and tabs are kept)."""
    return _without_invisible(text, control=None)


def _without_invisible(text: str, control: str | None) -> str:
    """``text`` in NFC without the characters of Unicode's "other" categories (control, format, unassigned,
    private use), except line breaks and tabs in text and the joiners; control characters become ``control``.

    Each distinct character is looked up once, then one compiled pass per kind: linear in the text.
    """
    text = unicodedata.normalize("NFC", text)
    kept = KEPT_FORMAT_CHARACTERS if control else KEPT_FORMAT_CHARACTERS | {"\n", "\t"}
    controls, others = [], []
    for character in set(text):
        category = unicodedata.category(character)
        if category[0] == "C" and character not in kept:
            (controls if control and category == "Cc" else others).append(character)
    for found, replacement in ((controls, control or ""), (others, "")):
        if found:
            text = re.sub(f"[{re.escape(''.join(found))}]", replacement, text)
    return text


def scrub_addresses(text: str) -> str:
    """Every e-mail address in ``text`` replaced by ``[address removed]``, in time linear in the text."""
    if not has_at_sign(text):
        return text
    return ADDRESS_RE.sub(ADDRESS_REPLACEMENT, text)


def has_at_sign(text: str) -> bool:
    """True when ``text`` holds an at sign, plain, fullwidth or small."""
    return any(at in text for at in AT_SIGNS)


class _TextMaker:
    """Text of HTML already cleaned by nh3, told element by element: blocks become lines, ``<blockquote>``
    becomes ``>`` lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.depth = 0
        self.pre = 0

    def flush(self, blank: bool = False) -> None:
        text = "".join(self.current)
        self.current = []
        prefix = "> " * self.depth
        if self.pre:
            self.lines.extend(prefix + line for line in text.split("\n") if line.strip())
        elif text.strip():
            self.lines.append(prefix + " ".join(text.split()))
        if blank and self.lines and self.lines[-1].strip(" >"):
            self.lines.append(prefix.strip())

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "blockquote":
            self.flush(blank=True)
            self.depth += 1
        elif tag in BLOCK_TAGS:
            self.flush(blank=tag == "p")
            self.pre += tag == "pre"
        elif tag == "br" and not "".join(self.current).strip():
            self.lines.append(("> " * self.depth).strip())  # <div><br></div>: an empty line, as Gmail writes it
            self.current = []
        elif tag in BREAK_TAGS:
            self.flush()
            if tag == "li":
                self.current.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self.flush()
            self.depth = max(0, self.depth - 1)
            self.lines.append("")
        elif tag in BLOCK_TAGS:
            self.flush(blank=tag == "p")
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        self.current.append(data)


class HtmlTooDeepError(ValueError):
    """An HTML part whose elements are nested deeper than :data:`MAX_HTML_DEPTH`."""


def html_to_text(html: str) -> str:
    """The text of an HTML part: made safe with nh3 first (no script, style, image or remote anything).

    The part is read by libxml2 (lxml) first, whose time is linear and which stops at 256 levels: nh3's parser
    takes time growing with the square of the nesting (200,000 nested ``<div>``: minutes), so nh3 gets
    libxml2's well-formed tree, and a part nested deeper than :data:`MAX_HTML_DEPTH` is refused
    (:class:`HtmlTooDeepError`) rather than read in part.
    """
    if not html.strip():
        return ""
    parser = lxml.etree.HTMLParser(encoding="utf-8", no_network=True)
    root = lxml.etree.fromstring(html.encode("utf-8", "replace"), parser=parser)
    if root is None:  # nothing but comments or a doctype
        return ""
    if root.xpath(f"boolean({'/*' * (MAX_HTML_DEPTH + 1)})"):
        raise HtmlTooDeepError(f"its HTML is nested more than {MAX_HTML_DEPTH} deep")
    tree = lxml.etree.tostring(root, encoding="unicode", method="html")
    safe = nh3.clean(tree, tags=set(TEXT_TAGS), attributes={}, strip_comments=True, link_rel=None)
    maker = _TextMaker()
    if safe.strip():
        cleaned = lxml.etree.fromstring(safe.encode("utf-8"), parser=parser)
        for event, element in lxml.etree.iterwalk(cleaned, events=("start", "end")):
            if event == "start":
                maker.handle_starttag(element.tag, [])
                maker.handle_data(element.text or "")
            else:
                maker.handle_endtag(element.tag)
                maker.handle_data(element.tail or "")
    maker.flush()
    return "\n".join(maker.lines)


def reply_text(text: str) -> str:
    """The reader's own words: no quoted message, attribution line, signature, mobile footer or reply-link hint,
    no address."""
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    if HINT_WORDS[0] in text:
        text = HINT_RE.sub("", text)
    lines = text.split("\n")
    lines = _cut_old_message(lines)
    lines = _drop_quotes(lines)
    while lines and (not lines[-1].strip() or is_marker(lines[-1], FOOTER_RE)):
        lines.pop()
    text = "\n".join(line.rstrip() for line in lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return scrub_addresses(text)


def is_marker(text: str, pattern: re.Pattern[str], spans: int = 1) -> bool:
    """``pattern`` matches ``text``, a line (or ``spans`` lines joined) short enough to be an attribution or a
    footer: those patterns backtrack on long lines ("Am schrieb schrieb ...": 21 s for 40 KB), markers never
    are long."""
    return len(text) <= MAX_MARKER_LINE * spans and pattern.match(text) is not None


def _cut_old_message(lines: list[str]) -> list[str]:
    """Everything before a signature, an Outlook "Original Message" line or header block."""
    for index, line in enumerate(lines):
        if line.rstrip() == "--" or ORIGINAL_MESSAGE_RE.match(line):
            return lines[:index]
        following = lines[index + 1 : index + 3]
        if UNDERSCORE_RULE_RE.match(line) and any(HEADER_FIELD_RE.match(next_line) for next_line in following):
            return lines[:index]
        if HEADER_FIELD_RE.match(line) and line.lstrip("* ").lower().startswith(("from", "von", "de")):
            following = [next_line for next_line in lines[index + 1 : index + 5] if next_line.strip()]
            if sum(bool(HEADER_FIELD_RE.match(next_line)) for next_line in following) >= 2:
                return lines[:index]
    return lines


def _drop_quotes(lines: list[str]) -> list[str]:
    """Without ``>`` lines and the "On ... wrote:" lines that introduce them (one to three lines long)."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith(">"):
            index += 1
            continue
        if is_marker(line, ATTRIBUTION_START_RE):
            for span in (1, 2, 3):
                joined = " ".join(lines[index : index + span])
                if is_marker(joined, ATTRIBUTION_RE, spans=span) and _introduces_quote(lines, index + span):
                    index += span
                    break
            else:
                kept.append(line)
                index += 1
            continue
        kept.append(line)
        index += 1
    return kept


def _introduces_quote(lines: list[str], start: int) -> bool:
    """True when the next non-blank line is quoted, or nothing follows."""
    for line in lines[start:]:
        if line.strip():
            return line.lstrip().startswith(">")
    return True
