"""WordPress shortcodes in a post: captions, galleries and embeds (``[embed]``, ``[youtube]``, ``[audio]``,
``[video]``) as HTML the rest of the conversion understands; unknown ones stay as text and are reported.
Embeds become plain links, titled: never an iframe, nothing loaded from another site."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from bs4 import BeautifulSoup, Tag

from .links import split_url, video_provider
from .site import Converted, Site

SHORTCODE_RE = re.compile(r"\[(\[?)(/?)([A-Za-z][\w-]*)((?:[^\[\]]|\[[^\[\]]*\])*?)(/?)\](\]?)")
ATTRIBUTE_RE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))|"([^"]*)"|(\S+)""")
CAPTION_RE = re.compile(r"\[(?:wp_)?caption\b([^\]]*)\]([\s\S]*?)\[/(?:wp_)?caption\]", re.IGNORECASE)
ENCLOSING_EMBED_RE = re.compile(r"\[(embed|video|audio|youtube)\b([^\]]*)\]([\s\S]*?)\[/\1\]", re.IGNORECASE)
KNOWN_SHORTCODES = frozenset({"caption", "wp_caption", "gallery", "embed", "youtube", "audio", "video", "playlist"})


def shortcode_attributes(text: str) -> dict[str, str]:
    """``id="x" align='y' width=640 "positional"`` as a dict; positional values under "0", "1"..."""
    found: dict[str, str] = {}
    position = 0
    for match in ATTRIBUTE_RE.finditer(text):
        if match.group(1):
            value = next(group for group in match.group(2, 3, 4) if group is not None)
            found[match.group(1).lower()] = html.unescape(value)
        else:
            found[str(position)] = html.unescape(match.group(5) if match.group(5) is not None else match.group(6))
            position += 1
    return found


class Shortcodes:
    """Replaces the shortcodes of one post, noting the embeds and the unknown names it met."""

    def __init__(self, site: Site, post_id: str, result: Converted) -> None:
        self.site, self.post_id, self.result = site, post_id, result

    def replace(self, text: str) -> str:
        """Every shortcode replaced (captions first, then enclosing embeds, then the rest)."""
        text = CAPTION_RE.sub(self._caption, text)
        text = ENCLOSING_EMBED_RE.sub(self._enclosing_embed, text)
        return SHORTCODE_RE.sub(self._one, text)

    def _one(self, match: re.Match) -> str:
        escaped_open, closing, name, attributes, _self_closing, escaped_close = match.groups()
        if escaped_open and escaped_close:  # [[gallery]] is WordPress's way of writing the literal text
            return match.group(0)[1:-1]
        lower = name.lower()
        if lower not in KNOWN_SHORTCODES:
            if not closing:
                self.result.unknown_shortcodes.append(name)
            return match.group(0)
        if closing:
            return ""
        if lower == "gallery":
            return self._gallery(shortcode_attributes(attributes))
        return self._embed(lower, shortcode_attributes(attributes), "")

    def _enclosing_embed(self, match: re.Match) -> str:
        return self._embed(match.group(1).lower(), shortcode_attributes(match.group(2)), match.group(3).strip())

    def _caption(self, match: re.Match) -> str:
        attributes, inner = shortcode_attributes(match.group(1)), match.group(2)
        soup = BeautifulSoup(inner, "html.parser")
        image = soup.find("img")
        if image is None:
            return inner
        holder = image.parent if image.parent is not None and image.parent.name == "a" else image
        holder.extract()
        if "caption" not in attributes and (holder.name == "a" or soup.find("a") is not None):
            # a link around the image or in the caption: a figure kept as HTML (see _convert_html)
            return f"\n\n<figure>{holder}<figcaption>{soup}</figcaption></figure>\n\n"
        caption = attributes.get("caption") or soup.get_text(" ")
        image["title"] = " ".join(html.unescape(caption).split())
        return f"\n\n<p>{holder}</p>\n\n"

    def _gallery(self, attributes: dict[str, str]) -> str:
        ids = [part.strip() for part in attributes.get("ids", "").split(",") if part.strip()]
        attachments = self.site.attachments
        if not ids:
            ids = [
                key
                for key, attachment in sorted(attachments.items(), key=lambda pair: (pair[1].order, int(pair[0])))
                if attachment.parent == self.post_id
            ]
        parts = []
        for attachment_id in ids:
            attachment = attachments.get(attachment_id)
            if attachment is None:
                continue
            soup = BeautifulSoup("<img>", "html.parser")
            image = soup.img
            image["src"] = attachment.url
            image["alt"] = attachment.alt or attachment.title
            if attachment.caption:
                image["title"] = " ".join(attachment.caption.split())
            parts.append(f"<p>{img_html(image)}</p>")
        return "\n\n" + "\n\n".join(parts) + "\n\n"

    def _embed(self, kind: str, attributes: dict[str, str], inner: str) -> str:
        url = inner if inner.startswith(("http://", "https://")) else ""
        for key in ("src", "url", "mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "flv", "0"):
            if not url and attributes.get(key, "").startswith(("http://", "https://", "//")):
                url = attributes[key]
        if kind == "youtube" and not url and attributes.get("0"):
            url = f"https://www.youtube.com/watch?v={attributes['0']}"
        if not url:
            self.result.unknown_shortcodes.append(f"{kind} (without an address)")
            return ""
        self.result.embeds += 1
        return f"\n\n<p>{link_html(url, embed_title(kind, url))}</p>\n\n"


def embed_title(kind: str, url: str) -> str:
    provider = video_provider(url)
    name = unquote(split_url(url).path.rsplit("/", 1)[-1]) or url
    if kind == "audio":
        return f"Audio: {name}"
    if kind in ("video", "playlist") and not provider:
        return f"Video: {name}"
    return f"{'Video' if kind in ('youtube', 'video') else 'Embedded'} on {provider or split_url(url).hostname}"


def img_html(image: Tag) -> str:
    attributes = "".join(
        f' {key}="{html.escape(str(image.get(key)), quote=True)}"'
        for key in ("src", "alt", "title")
        if image.get(key) is not None
    )
    return f"<img{attributes}>"


def link_html(url: str, title: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(title)}</a>'
