"""A WordPress post's HTML as this site's Markdown, without pandoc.

The steps, in order: footnotes (WordPress 6.3+ keeps their text in the ``footnotes`` postmeta), Gutenberg
block comments dropped, shortcodes (``[caption]``, ``[gallery]``, ``[embed]``, ``[youtube]``, ``[audio]``,
``[video]``; unknown ones stay as text and are reported), ``wpautop`` for classic-editor content, bare
video URLs and embed blocks as plain links (never an iframe or a request to another site), nh3 sanitizing,
image and link addresses rewritten (uploads to ``{static}/images/YYYY/MM/name.ext``, the blog's own
addresses to ``{filename}`` links), markdownify, and scenario headings as callouts.

Pure: no files are read or written here; what needs the outside world comes in a :class:`Site`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import MarkdownConverter

from .active import without_active_content
from .code_blocks import CodeBlocks
from .links import (
    VIDEO_SITES,
    internal_link,
    is_attachment_page,
    media_path,
    old_path,
    split_url,
    video_provider,
)
from .markdown_check import publishable
from .missing_media import missing_image_words
from .site import Attachment, Site
from .text import markdown_entities

__all__ = ["Attachment", "Converted", "Site", "convert_post", "media_path", "old_path", "wpautop"]

# The modules whose code decides what a post becomes (a change to any converts every post again).
CONVERTER_FILES = (
    "convert.py",
    "links.py",
    "site.py",
    "markdown_check.py",
    "active.py",
    "text.py",
    "code_blocks.py",
    "missing_media.py",
)

BLOCK_COMMENT_RE = re.compile(r"<!--\s*/?wp:[\s\S]*?-->")
MORE_RE = re.compile(r"<!--more(?:\s[^>]*)?-->", re.IGNORECASE)
NEXTPAGE_RE = re.compile(r"<!--nextpage-->", re.IGNORECASE)
SHORTCODE_RE = re.compile(r"\[(\[?)(/?)([A-Za-z][\w-]*)((?:[^\[\]]|\[[^\[\]]*\])*?)(/?)\](\]?)")
ATTRIBUTE_RE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))|"([^"]*)"|(\S+)""")
BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|details|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header"
    "|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|caption|colgroup|col|style"
    "|script|select|option|math|svg|audio|video|iframe|object|embed"
)
BLOCK_BEFORE_RE = re.compile(rf"(<(?:{BLOCK_TAGS})(?=[\s/>])[^>]*>)", re.IGNORECASE)
BLOCK_AFTER_RE = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
BLOCK_START_RE = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})\b", re.IGNORECASE)
BLOCK_OPEN_RE = re.compile(rf"<(/?)({BLOCK_TAGS})\b[^>]*?(/?)>", re.IGNORECASE)
BARE_URL_LINE_RE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)
SMILEY_SRC_RE = re.compile(r"/smilies/|wpcom-smileys|/images/core/emoji/", re.IGNORECASE)
SCENARIO_RE = re.compile(
    r"^(#{1,6})[ \t]+\**(best[ -]case|worst[ -]case|most[ -]likely(?:[ -]case)?)"
    r"(?:[ -]scenarios?)?\**[ \t]*:?[ \t]*#*[ \t]*$",
    re.IGNORECASE,
)
HEADING_RE = re.compile(r"^(#{1,6})[ \t]")
FENCE_RE = re.compile(r"^[ \t]*(```|~~~)")
CAPTION_RE = re.compile(r"\[(?:wp_)?caption\b([^\]]*)\]([\s\S]*?)\[/(?:wp_)?caption\]", re.IGNORECASE)
ENCLOSING_EMBED_RE = re.compile(r"\[(embed|video|audio|youtube)\b([^\]]*)\]([\s\S]*?)\[/\1\]", re.IGNORECASE)
KNOWN_SHORTCODES = frozenset({"caption", "wp_caption", "gallery", "embed", "youtube", "audio", "video", "playlist"})

# What nh3 keeps of a post: the structure Markdown can say, images, links, tables, code; no scripts, styles,
# event handlers, iframes or forms. Their text stays (markdownify drops the tags).
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var", "address", "section", "article", "aside", "details",
    "summary", "center", "big", "tt", "acronym",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "acronym": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "*": {"class", "id"},
}


@dataclass
class Converted:
    """One post as Markdown, with what the report needs."""

    markdown: str
    summary: str = ""
    media: list[str] = field(default_factory=list)  # "YYYY/MM/name.ext", in order of first use
    unknown_shortcodes: list[str] = field(default_factory=list)
    embeds: int = 0  # embeds, audio and video turned into links
    gallery_links: int = 0  # links around gallery images, dropped
    not_requested: list[str] = field(default_factory=list)  # images that are not uploads: links now (see below)
    notes: list[str] = field(default_factory=list)  # what conversion removed or changed, one line each


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


class _Shortcodes:
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
            parts.append(f"<p>{_img_html(image)}</p>")
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
        return f"\n\n<p>{_link_html(url, _embed_title(kind, url))}</p>\n\n"


def _embed_title(kind: str, url: str) -> str:
    provider = video_provider(url)
    name = unquote(split_url(url).path.rsplit("/", 1)[-1]) or url
    if kind == "audio":
        return f"Audio: {name}"
    if kind in ("video", "playlist") and not provider:
        return f"Video: {name}"
    return f"{'Video' if kind in ('youtube', 'video') else 'Embedded'} on {provider or split_url(url).hostname}"


def _img_html(image: Tag) -> str:
    attributes = "".join(
        f' {key}="{html.escape(str(image.get(key)), quote=True)}"'
        for key in ("src", "alt", "title")
        if image.get(key) is not None
    )
    return f"<img{attributes}>"


def _link_html(url: str, title: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(title)}</a>'


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


def _bare_video_lines(text: str, result: Converted) -> str:
    """A URL alone on its line (WordPress's oEmbed): a plain link to it, titled by its site."""

    def replace(match: re.Match) -> str:
        url = match.group(1)
        provider = video_provider(url)
        if provider is None:
            return match.group(0)
        result.embeds += 1
        kind = "Video" if provider in VIDEO_SITES else "Post"
        return f"<p>{_link_html(url, f'{kind} on {provider}')}</p>"

    return BARE_URL_LINE_RE.sub(replace, text)


def _embed_blocks(soup: BeautifulSoup, result: Converted) -> None:
    """Gutenberg embed figures (``wp-block-embed``): the URL in their wrapper becomes a link, caption kept."""
    for figure in soup.select("figure.wp-block-embed, div.wp-block-embed"):
        wrapper = figure.select_one(".wp-block-embed__wrapper")
        url = (wrapper.get_text() if wrapper else "").strip()
        caption = figure.find("figcaption")
        title = " ".join(caption.get_text(" ").split()) if caption else ""
        if not url.startswith(("http://", "https://")):
            continue
        provider = video_provider(url) or split_url(url).hostname
        paragraph = BeautifulSoup(f"<p>{_link_html(url, title or f'Embedded from {provider}')}</p>", "html.parser")
        figure.replace_with(paragraph)
        result.embeds += 1


def _footnotes(text: str, meta: str | None) -> tuple[str, list[str]]:
    """``<sup data-fn="uuid">`` references as ``[^n]`` markers (kept as placeholders through conversion), and
    the footnote texts from the ``footnotes`` postmeta, in order of first reference."""
    if not meta:
        if 'rel="footnote"' in text:
            return _classic_footnotes(text)
        return BLOCK_FOOTNOTES_RE.sub("", text), []
    try:
        notes = {entry["id"]: entry.get("content", "") for entry in json.loads(meta) if isinstance(entry, dict)}
    except (ValueError, TypeError, KeyError):
        return text, []
    order: list[str] = []

    def reference(match: re.Match) -> str:
        key = match.group(1)
        if key not in notes:
            return match.group(0)
        if key not in order:
            order.append(key)
        return f"WPFOOTNOTE{order.index(key) + 1}X"

    text = FOOTNOTE_REF_RE.sub(reference, text)
    text = BLOCK_FOOTNOTES_RE.sub("", text)
    return text, [notes[key] for key in order]


def _classic_footnotes(text: str) -> tuple[str, list[str]]:
    """WordPress.com's older footnotes (PHP Markdown Extra's: ``<sup id="fnref-5-1"><a href="#fn-5-1"
    rel="footnote">1</a></sup>`` and a ``<div class="footnotes">`` list) as placeholders and texts."""
    soup = BeautifulSoup(text, "html.parser")
    texts: dict[str, str] = {}
    for block in soup.select("div.footnotes"):
        for entry in block.select("li[id]"):
            for back in entry.select('a[rev="footnote"]'):
                back.decompose()
            texts["#" + str(entry["id"])] = "".join(str(child) for child in entry.contents).strip()
        block.decompose()
    order: list[str] = []
    for link in soup.select('sup > a[rel="footnote"]'):
        key = str(link.get("href") or "")
        if key not in texts:
            continue
        if key not in order:
            order.append(key)
        link.parent.replace_with(NavigableString(f"WPFOOTNOTE{order.index(key) + 1}X"))
    return str(soup), [texts[key] for key in order]


FOOTNOTE_REF_RE = re.compile(r'<sup[^>]*\bdata-fn="([^"]+)"[^>]*>[\s\S]*?</sup>')
BLOCK_FOOTNOTES_RE = re.compile(r'<ol class="wp-block-footnotes"[\s\S]*?</ol>|<!-- wp:footnotes /-->')


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


class _Markdown(MarkdownConverter):
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


def _converter() -> _Markdown:
    return _Markdown(
        heading_style="ATX", bullets="*", strong_em_symbol="*", escape_underscores=True, table_infer_header=True
    )


def to_markdown(html_text: str) -> str:
    """HTML text as Markdown (markdownify parses it)."""
    return _converter().convert(html_text)


def soup_to_markdown(soup: BeautifulSoup) -> str:
    """A parsed (and edited) document as Markdown, without writing it out and parsing it again: the same as
    ``to_markdown(str(soup))`` once neighbouring text pieces are joined, as a new parse would join them."""
    soup.smooth()
    return _converter().convert_soup(soup)


def convert_post(
    content: str,
    site: Site,
    *,
    post_id: str = "",
    excerpt: str = "",
    footnotes_meta: str | None = None,
    link_to: Callable[[str], str | None] | None = None,
    plain: bool = False,
) -> Converted:
    """One post's ``content:encoded`` as Markdown, with its summary (the excerpt, else the text before
    ``<!--more-->``). ``plain``: the slower reference path (the edited HTML written out and parsed again for
    markdownify), which the tests compare the fast one with."""
    result = Converted(markdown="")
    gutenberg = "<!-- wp:" in content
    text, notes = _footnotes(content, footnotes_meta)
    text = BLOCK_COMMENT_RE.sub("", text)
    text = NEXTPAGE_RE.sub("", text)
    more = MORE_RE.search(text)
    before_more = text[: more.start()] if more else ""
    code = CodeBlocks()
    text = code.take_out(text)
    text = MORE_RE.sub("\n\n", text)
    text = _Shortcodes(site, post_id, result).replace(text)
    if "wp-block-embed" in text:
        soup = BeautifulSoup(text, "html.parser")
        _embed_blocks(soup, result)
        text = str(soup)
    text = _bare_video_lines(text, result)
    if not gutenberg:
        text = wpautop(text)
    text = without_active_content(text, result.notes)
    body = _convert_html(text, site, result, link_to, plain)
    if notes:
        definitions = []
        for number, note in enumerate(notes, 1):
            note_md = " ".join(_convert_html(note, site, result, link_to, plain).split())
            definitions.append(f"[^{number}]: {note_md}")
        body = re.sub(r"WPFOOTNOTE(\d+)X", r"[^\1]", body) + "\n\n" + "\n".join(definitions) + "\n"
    result.notes += code.notes
    body = code.put_back(body)
    result.markdown = publishable(scenario_callouts(body).strip(), result.notes) + "\n"
    summary_html = excerpt.strip() or before_more
    if summary_html.strip():
        summary_html = _Shortcodes(site, post_id, Converted("")).replace(BLOCK_COMMENT_RE.sub("", summary_html))
        words = BeautifulSoup(nh3.clean(summary_html, tags=set()), "html.parser").get_text(" ")
        result.summary = " ".join(re.sub(r"WPFOOTNOTE\d+X", "", html.unescape(words)).split())
    return result


def _convert_html(
    text: str, site: Site, result: Converted, link_to: Callable[[str], str | None] | None, plain: bool = False
) -> str:
    # nh3 parses the HTML as a browser does (html5ever); a post with buttons is parsed once more, before, to
    # turn its button blocks into paragraphs of links (most posts have none: parsing twice is slow).
    if "wp-block-button" in html.unescape(text):
        soup = BeautifulSoup(text, "html.parser")
        for element in soup.select("div.wp-block-buttons, div.wp-block-button"):
            element.name = "p" if "wp-block-button" in element.get("class", []) else "div"
        text = str(soup)
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )
    soup = BeautifulSoup(cleaned, "html.parser", element_classes={Tag: _Element})
    if "</em><em" in cleaned or "</strong><strong" in cleaned or "</i><i" in cleaned or "</b><b" in cleaned:
        _join_adjacent_emphasis(soup)
    for image in soup.find_all("img"):
        src = image.get("src") or ""
        if src:
            image["src"] = src = markdown_safe_url(src)
        local = media_path(src, site.hosts)
        if local:
            if local not in result.media:
                result.media.append(local)
            image["src"] = f"{{static}}/images/{local}"
        elif _is_smiley(image, src):
            image.replace_with(NavigableString(image.get("alt") or ""))  # the emoji or ":)" it stands for
            continue
        else:
            _image_as_words(soup, image, src, site, result)
            continue
        parent = image.parent
        if parent is not None and parent.name == "a" and len(parent.find_all(True)) == 1:
            href = parent.get("href") or ""
            if media_path(href, site.hosts) or is_attachment_page(href, site):
                parent.unwrap()  # a link to the image itself or its attachment page: the image is enough
                result.gallery_links += 1
    for link in soup.find_all("a"):
        href = link.get("href") or ""
        if href:
            link["href"] = href = markdown_safe_url(href)
        local = media_path(href, site.hosts)
        if local:
            if local not in result.media:
                result.media.append(local)
            link["href"] = f"{{static}}/images/{local}"
            continue
        target = internal_link(href, site)
        if target is None and link_to is not None:
            target = link_to(href)
        if target:
            link["href"] = target
    if "<h1" in cleaned:  # the page's title is its one h1: the post's own headings go one level down
        for heading in soup.find_all(["h1", "h2", "h3", "h4", "h5"])[::-1]:
            heading.name = f"h{int(heading.name[1]) + 1}"
    if plain or "blocks-gallery-grid" in cleaned:
        for grid in soup.select("ul.blocks-gallery-grid"):  # a Gutenberg gallery: its images, one per paragraph
            for entry in grid.find_all("li", recursive=False):
                entry.name = "div"
            grid.name = "div"
    # A search is skipped when nh3's output cannot hold what it looks for (a tree walk per post adds up).
    # Markdown tables have no footer: a <tfoot>'s rows go last, as body rows.
    for table in soup.find_all("tfoot") if "<tfoot" in cleaned else ():
        if table.parent is not None:
            table.parent.append(table.extract())
    for figure in soup.find_all("figure") if "<figure" in cleaned else ():
        image = figure.find("img")
        caption = figure.find("figcaption")
        if image is not None and caption is not None and len(figure.find_all("img")) == 1:
            if caption.find("a") is not None or (image.parent is not None and image.parent.name == "a"):
                _keep_figure(figure, image, caption)
                continue
            image["title"] = " ".join(caption.get_text(" ").split())
            caption.decompose()
        figure.name = "div"
    if plain:
        for element in soup.find_all(["p", "div"]):
            _isolate_images(element)
        markdown = to_markdown(str(soup))
    else:
        for image in soup.find_all("img", title=True):
            if image.parent is not None and image.parent.name == "p":
                _isolate_images(image.parent, image)
        markdown = soup_to_markdown(soup)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown)
    return markdown.strip()


def markdown_safe_url(url: str) -> str:
    """An address that stays one address in a Markdown link: spaces, quotes, angle brackets, parentheses and
    backslashes percent-encoded (``"><img`` in an address never becomes a tag)."""
    return URL_UNSAFE_RE.sub(lambda match: f"%{ord(match.group(0)):02X}", url.strip())


URL_UNSAFE_RE = re.compile(r"[\s\"'<>()\\`]")


def _join_adjacent_emphasis(soup: BeautifulSoup) -> None:
    """``<em>a</em><em>b</em>`` as one ``<em>ab</em>``: written as ``*a**b*``, Markdown would read a strong."""
    for element in soup.find_all(["em", "strong", "i", "b"]):
        following = element.next_sibling
        while isinstance(following, Tag) and following.name == element.name and element.parent is not None:
            for child in list(following.contents):
                element.append(child.extract())
            following.decompose()
            following = element.next_sibling


class _Element(Tag):
    """A tag whose ``find_parent(name)`` walks up comparing names: markdownify asks it of every tag, and
    BeautifulSoup's general search builds a filter for each call (a quarter of markdownify's time)."""

    def find_parent(self, name=None, attrs=None, **kwargs):
        if type(name) is not str or attrs or kwargs:
            return super().find_parent(name, attrs, **kwargs)
        node = self.parent
        while node is not None:
            if node.name == name:
                return node
            node = node.parent
        return None


def _is_smiley(image: Tag, src: str) -> bool:
    """WordPress's picture of an emoji or a text smiley (``wp-smiley``, ``emoji``), whose alt text is the
    character or the smiley itself."""
    classes = image.get("class") or []
    return "wp-smiley" in classes or "emoji" in classes or SMILEY_SRC_RE.search(src) is not None


def _image_as_words(soup: BeautifulSoup, image: Tag, src: str, site: Site, result: Converted) -> None:
    """An image that is not one of the blog's uploads (another host's, or a theme file of the old site):
    showing it would be a request the site never makes, so readers get its words (``missing_media``); its
    address goes to the report."""
    url = urljoin(site.base_url.rstrip("/") + "/", src) if site.base_url and src else src
    url = "https:" + url if url.startswith("//") else url  # protocol-relative
    if url and not url.startswith("data:"):
        result.not_requested.append(url)
    words = missing_image_words(str(image.get("alt") or ""), str(image.get("title") or ""))
    in_link = image.parent is not None and image.parent.name == "a"
    if words or in_link:
        image.replace_with(NavigableString(words or "[Image]"))
    else:
        image.decompose()


KEPT_FIGURE = "data-kept-figure"


def _keep_figure(figure: Tag, image: Tag, caption: Tag) -> None:
    """A captioned image whose caption holds a link, or which is itself a link: Markdown's figure syntax (a
    titled image) cannot say it, so the figure stays HTML, as the figures plugin writes one (lazy image)."""
    link = image.parent if image.parent is not None and image.parent.name == "a" else None
    image.attrs.pop("title", None)  # the caption says it
    picture = _img_html(image).replace("<img", '<img decoding="async" loading="lazy"', 1)
    if link is not None:
        picture = f'<a href="{html.escape(link.get("href") or "", quote=True)}">{picture}</a>'
    for element in caption.find_all(True):
        for name in ("class", "id"):
            element.attrs.pop(name, None)
    words = "".join(str(child) for child in caption.contents).strip()
    figure.clear()
    figure.attrs = {KEPT_FIGURE: f"<figure>{picture}<figcaption>{words}</figcaption></figure>"}


def _isolate_images(element: Tag, only: Tag | None = None) -> None:
    """An image with a caption (a title) gets a paragraph of its own, so it becomes a captioned figure
    (``only``: just this image, a child of ``element``)."""
    for image in [only] if only is not None else element.find_all("img", recursive=False):
        if not image.get("title"):
            continue
        siblings = [s for s in element.contents if not (isinstance(s, NavigableString) and not s.strip())]
        if len(siblings) > 1 and element.name == "p":
            image.insert_before(NavigableString("\n\n"))
            image.insert_after(NavigableString("\n\n"))


def scenario_callouts(markdown: str) -> str:
    """Headings "Best case", "Worst case", "Most likely (case)" (any level and capitalisation, optionally
    "scenario") as ``> [!best-case]`` callouts holding everything up to the next heading of the same or a
    higher level. The heading's own words become the callout's title."""
    lines = markdown.split("\n")
    out: list[str] = []
    index, in_fence = 0, False
    while index < len(lines):
        line = lines[index]
        if FENCE_RE.match(line):
            in_fence = not in_fence
        match = None if in_fence else SCENARIO_RE.match(line)
        if match is None:
            out.append(line)
            index += 1
            continue
        level = len(match.group(1))
        words = match.group(2).lower().replace("-", " ")
        kind = "best-case" if words.startswith("best") else "worst-case" if words.startswith("worst") else "most-likely"
        title = line[level:].strip().strip("#").strip().strip("*").strip().rstrip(":")
        body: list[str] = []
        index += 1
        fence = False
        while index < len(lines):
            current = lines[index]
            if FENCE_RE.match(current):
                fence = not fence
            heading = None if fence else HEADING_RE.match(current)
            if heading and len(heading.group(1)) <= level:
                break
            body.append(current)
            index += 1
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        if out and out[-1].strip():
            out.append("")
        out.append(f"> [!{kind}] {title}")
        out.extend(f"> {text}" if text.strip() else ">" for text in body)
        out.append("")
    return "\n".join(out)
