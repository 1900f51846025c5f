"""Active content in a post (scripts, styles, frames, plug-ins, forms, event handlers, ``javascript:``
addresses, links hidden from readers): removed before sanitizing, each removal one note for the report.

nh3 (``convert.py``) removes all of it anyway; this pass names what goes, and turns an embed of a known video or
audio site (an ``<iframe>``, or a Flash ``<object>``/``<embed>``) into a plain link to it with its title.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from .links import split_url, video_provider

ACTIVE_TAGS = ("script", "style", "iframe", "object", "embed", "form", "applet", "frame", "frameset", "link", "meta")
ACTIVE_RE = re.compile(
    r"<(?:script|style|iframe|object|embed|form|applet|frame|link|meta)\b|\son[a-z]+\s*=|javascript:|\bstyle\s*=",
    re.IGNORECASE,
)
FALLBACK_TAGS = frozenset({"applet", "object", "iframe", "form"})  # their inner text is for those who cannot run them
HANDLER_RE = re.compile(r"^on[a-z]+$", re.IGNORECASE)
HIDDEN_STYLE_RE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|"
    r"(?:left|top|text-indent)\s*:\s*-\d{3,}",
    re.IGNORECASE,
)
AUDIO_EXTENSIONS = (".mp3", ".m4a", ".ogg", ".wav", ".oga")


def without_active_content(text: str, notes: list[str]) -> str:
    """``text`` (HTML) without active content; ``notes`` gets one line per removal (``removed <script>: ...``)."""
    if ACTIVE_RE.search(text) is None:
        return text
    soup = BeautifulSoup(text, "html.parser")
    for element in list(soup.find_all(True)):
        if element.decomposed or element.parent is None:
            continue
        style = element.get("style") or ""
        if isinstance(style, str) and HIDDEN_STYLE_RE.search(style):
            notes.append(f"removed hidden content: {_words(element)!r}")
            element.decompose()
            continue
        if element.name in ACTIVE_TAGS:
            _replace_active(soup, element, notes)
            continue
        for name in [name for name in element.attrs if HANDLER_RE.match(name)]:
            notes.append(f"removed event handler: <{element.name} {name}>")
            del element[name]
        for name in ("href", "src", "action", "formaction", "data"):
            value = element.get(name)
            scheme = _scheme(value) if isinstance(value, str) else ""
            if scheme in ("javascript", "vbscript") or (scheme == "data" and element.name != "img"):
                notes.append(f"removed {scheme}: address: <{element.name} {name}>")
                del element[name]
    return str(soup)


def _replace_active(soup: BeautifulSoup, element: Tag, notes: list[str]) -> None:
    """An embed of a known video or audio address as a link to it; anything else removed, with a note."""
    url = _embedded_address(element)
    if element.name == "script" and split_url(url).hostname == "gist.github.com":
        address = url.removesuffix(".js")  # a gist's embed script: the gist itself, as a link
        link = soup.new_tag("a", href=address)
        link.string = "Code on GitHub Gist"
        paragraph = soup.new_tag("p")
        paragraph.append(link)
        element.replace_with(paragraph)
        notes.append(f"embed made a link: <script> {address}")
        return
    if element.name in ("iframe", "object", "embed") and url and (video_provider(url) or _is_audio(url)):
        title = " ".join(str(element.get("title") or "").split())
        provider = video_provider(url)
        words = title or (f"Video on {provider}" if provider else f"Audio: {url.rsplit('/', 1)[-1]}")
        link = soup.new_tag("a", href=url)
        link.string = words
        paragraph = soup.new_tag("p")
        paragraph.append(link)
        element.replace_with(paragraph)
        notes.append(f"embed made a link: <{element.name}> {url}")
        return
    detail = url or _words(element)
    if element.name in FALLBACK_TAGS:
        for inner in element.find_all(["param", "embed", "script", "style"]):
            inner.decompose()
        if _words(element):  # what a browser without the plug-in shows: the words readers get here too
            notes.append(f"removed <{element.name}>, its fallback text kept" + (f": {url[:80]}" if url else ""))
            element.unwrap()
            return
    notes.append(f"removed <{element.name}>" + (f": {detail[:80]}" if detail else ""))
    element.decompose()


def _embedded_address(element: Tag) -> str:
    candidates = [element.get("src"), element.get("data")]
    for parameter in element.find_all("param"):
        if str(parameter.get("name") or "").lower() in ("movie", "src", "url"):
            candidates.append(parameter.get("value"))
    candidates += [inner.get("src") for inner in element.find_all("embed")]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            url = candidate.strip()
            url = "https:" + url if url.startswith("//") else url
            if split_url(url).scheme in ("http", "https"):
                return url
    return ""


def _is_audio(url: str) -> bool:
    return split_url(url).path.lower().endswith(AUDIO_EXTENSIONS)


def _scheme(url: str) -> str:
    return re.sub(r"[\s\x00-\x1f]", "", url).partition(":")[0].lower() if ":" in url else ""


def _words(element: Tag) -> str:
    return " ".join(element.get_text(" ").split())[:80]
