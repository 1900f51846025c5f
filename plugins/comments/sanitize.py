"""Comment bodies made safe with nh3, on an allow-list modelled on WordPress's comment allow-list, with the
structure readers write (headings, lists, tables, code blocks), and bare web addresses made links.

Addresses are found by linkify-it-py (markdown-it-py's link tokenizer) in the text of the cleaned HTML, read by
lxml; the linked result goes through nh3 again, so every link, old or new, gets the same ``rel`` and schemes.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from urllib.parse import urlsplit

import lxml.html
import nh3
from linkify_it import LinkifyIt

from ..shared.text import has_control_characters

# Structure a commenter writes (headings, lists, tables, code blocks) is kept as structure: stripped, its words
# ran together into one paragraph ("Day 1Day 2").
STRUCTURE_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "pre", "hr", "sub", "sup"}
    | {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
)
ALLOWED_TAGS = (
    frozenset(
        {"a", "abbr", "acronym", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "p", "q", "s", "strike"}
        | {"strong"}
    )
    | STRUCTURE_TAGS
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "acronym": {"title"},
    "blockquote": {"cite"},
    "del": {"datetime"},
    "q": {"cite"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# A comment's headings sit under the comments' own h2: h1 and h2 become h3 and h4, and so on down to h6.
HEADING_RE = re.compile(r"<(/?)h([1-6])>")
HEADING_SHIFT = 2
MAYBE_ADDRESS_RE = re.compile(r"https?://|www\.", re.IGNORECASE)  # what web_addresses can find, and more
NOT_LINKED_INSIDE = frozenset({"a", "code", "pre"})  # an address there is already a link, or code shown as typed
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
# WordPress allows <acronym> and <strike>; HTML5 made them obsolete, so they are written as <abbr> and <s>.
OBSOLETE_TAG_RE = re.compile(r"<(/?)(acronym|strike)\b")
OBSOLETE_TAGS = {"acronym": "abbr", "strike": "s"}
# ammonia checks the scheme of href only; `cite` holds a URL too.
URL_ATTRIBUTES = frozenset({"cite"})
URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]+")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Drop a `cite` URL whose scheme is not allowed (``javascript:``, ``data:``...)."""
    if attribute in URL_ATTRIBUTES:
        scheme = urlsplit(URL_NOISE_RE.sub("", value)).scheme.lower()
        if scheme and scheme not in URL_SCHEMES:
            return None
    return value


@cache
def cleaner() -> nh3.Cleaner:
    """One configured nh3 cleaner (building the configuration costs more than cleaning a comment)."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )


def sanitize_body(html: str) -> str:
    """Keep only the allowed tags, attributes and link schemes; links get ``rel="nofollow ugc noopener"``.

    An abbreviation's ``title`` is written out after it, "SCIG (subcutaneous immunoglobulin)": a title
    cannot be reached by touch or keyboard.
    """
    cleaned = cleaner().clean(html)
    if "<acronym" in cleaned or "<strike" in cleaned:
        cleaned = OBSOLETE_TAG_RE.sub(lambda match: f"<{match.group(1)}{OBSOLETE_TAGS[match.group(2)]}", cleaned)
    if "<h" in cleaned:
        cleaned = HEADING_RE.sub(
            lambda match: f"<{match.group(1)}h{min(int(match.group(2)) + HEADING_SHIFT, 6)}>", cleaned
        )
    if "<abbr" in cleaned:
        cleaned = expand_abbreviations(cleaned)
    if MAYBE_ADDRESS_RE.search(cleaned):  # most comments hold no address: no parsing for them
        linked = linkify(cleaned)
        if linked is not None:
            cleaned = cleaner().clean(linked)
    return cleaned.strip()


@cache
def linkifier() -> LinkifyIt:
    """The address finder: ``http(s)://`` and ``www.`` addresses, as WordPress's ``make_clickable`` links;
    no bare domains (``file.txt``, ``example.com``) and no e-mail addresses."""
    return LinkifyIt(options={"fuzzy_link": True, "fuzzy_email": False, "fuzzy_ip": False})


def web_addresses(text: str) -> list[tuple[int, int, str]]:
    """(start, end, URL) of each web address in plain ``text``."""
    found = []
    for match in linkifier().match(text) or ():
        if match.schema in ("http:", "https:") or (not match.schema and match.raw.lower().startswith("www.")):
            found.append((match.index, match.last_index, match.url))
    return found


def linkify(cleaned: str) -> str | None:
    """Cleaned HTML with each bare web address in its text made a link (never inside a link, code or pre);
    None when there is no bare address."""
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    skipped: set = set()
    linked = False
    for element in list(root.iter()):  # document order: a parent before its children
        parent = element.getparent()
        if element.tag in NOT_LINKED_INSIDE or parent in skipped:
            skipped.add(element)
        else:
            linked = _link_text(element, "text") or linked
        if element is not root and parent not in skipped:
            linked = _link_text(element, "tail") or linked
    if not linked:
        return None
    text = escape(root.text or "", quote=False)
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _link_text(element, where: str) -> bool:
    """Split ``element.text`` (or ``.tail``) around its web addresses, each put in an ``<a>`` element; whether
    there was one."""
    text = getattr(element, where)
    # lxml refuses control characters in a new element's text; the build removes them, and links them then.
    found = web_addresses(text) if text and not has_control_characters(text) else []
    if not found:
        return False
    links = []
    for number, (start, end, url) in enumerate(found):
        link = lxml.html.Element("a", href=url)
        link.text = text[start:end]
        link.tail = text[end : found[number + 1][0]] if number + 1 < len(found) else text[end:]
        links.append(link)
    setattr(element, where, text[: found[0][0]])
    if where == "text":
        for position, link in enumerate(links):
            element.insert(position, link)
    else:
        parent, position = element.getparent(), element.getparent().index(element)
        for offset, link in enumerate(links, 1):
            parent.insert(position + offset, link)
    return True


def expand_abbreviations(cleaned: str) -> str:
    """Move each ``<abbr title>`` into the text after it, unless the text already says it (sanitized HTML in)."""
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    for abbr in root.iter("abbr"):
        title = " ".join(abbr.attrib.pop("title", "").split())
        if not title:
            continue
        tail = abbr.tail or ""
        nearby = f"{abbr.text_content()} {tail[: len(title) + 3]}".casefold()
        if title.casefold() not in nearby:
            abbr.tail = f" ({title}){tail}"
    text = escape(root.text or "", quote=False)
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
