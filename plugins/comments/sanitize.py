"""Comment bodies made safe with nh3, on an allow-list modelled on WordPress's comment allow-list."""

from __future__ import annotations

import re
from functools import cache
from html import escape
from urllib.parse import urlsplit

import lxml.html
import nh3

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "acronym", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "p", "q", "s", "strike"}
    | {"strong"}
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "acronym": {"title"},
    "blockquote": {"cite"},
    "del": {"datetime"},
    "q": {"cite"},
}
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
    if "<abbr" in cleaned:
        cleaned = expand_abbreviations(cleaned)
    return cleaned.strip()


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
