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
import re
from collections.abc import Callable
from urllib.parse import urljoin

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

from .active import without_active_content
from .code_blocks import CodeBlocks
from .footnotes import footnotes
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
from .markdown_writer import KEPT_FIGURE, soup_to_markdown, to_markdown
from .missing_media import missing_image_words
from .nesting import MAX_DEPTH, flattened
from .paragraphs import wpautop
from .shortcodes import Shortcodes, img_html, link_html
from .site import Attachment, Converted, Site
from .text import markdown_text

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
    "shortcodes.py",
    "paragraphs.py",
    "footnotes.py",
    "markdown_writer.py",
)

BLOCK_COMMENT_RE = re.compile(r"<!--\s*/?wp:[\s\S]*?-->")
MORE_RE = re.compile(r"<!--more(?:\s[^>]*)?-->", re.IGNORECASE)
NEXTPAGE_RE = re.compile(r"<!--nextpage-->", re.IGNORECASE)
BARE_URL_LINE_RE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)
SMILEY_SRC_RE = re.compile(r"/smilies/|wpcom-smileys|/images/core/emoji/", re.IGNORECASE)
SCENARIO_RE = re.compile(
    r"^(#{1,6})[ \t]+\**(best[ -]case|worst[ -]case|most[ -]likely(?:[ -]case)?)"
    r"(?:[ -]scenarios?)?\**[ \t]*:?[ \t]*#*[ \t]*$",
    re.IGNORECASE,
)
HEADING_RE = re.compile(r"^(#{1,6})[ \t]")
FENCE_RE = re.compile(r"^[ \t]*(```|~~~)")

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


def _bare_video_lines(text: str, result: Converted) -> str:
    """A URL alone on its line (WordPress's oEmbed): a plain link to it, titled by its site."""

    def replace(match: re.Match) -> str:
        url = match.group(1)
        provider = video_provider(url)
        if provider is None:
            return match.group(0)
        result.embeds += 1
        kind = "Video" if provider in VIDEO_SITES else "Post"
        return f"<p>{link_html(url, f'{kind} on {provider}')}</p>"

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
        paragraph = BeautifulSoup(f"<p>{link_html(url, title or f'Embedded from {provider}')}</p>", "html.parser")
        figure.replace_with(paragraph)
        result.embeds += 1


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
    markdownify), which the tests compare the fast one with. HTML nested too deep to walk (hundreds of
    levels) is converted again with its tags below depth :data:`MAX_DEPTH` unwrapped (text kept), else it
    becomes its text, paragraph by paragraph; a note says which."""
    try:
        return _convert_post(content, site, post_id, excerpt, footnotes_meta, link_to, plain)
    except RecursionError:
        pass
    flat, depth = flattened(content)
    try:
        converted = _convert_post(flat, site, post_id, flattened(excerpt)[0], footnotes_meta, link_to, plain)
    except RecursionError:
        return _as_text(content)
    converted.notes.append(
        f"its HTML nests {depth} tags deep, too deep to convert: tags deeper than {MAX_DEPTH} were unwrapped "
        "(their text is kept, their formatting is not)"
    )
    return converted


def _as_text(content: str) -> Converted:
    """A post's words only: nh3 (which has no depth limit of its own to fear) keeps the text, each line a
    paragraph of escaped Markdown."""
    words = html.unescape(nh3.clean(BLOCK_BREAK_RE.sub("\n", content), tags=set()))
    paragraphs = [markdown_text(" ".join(line.split())) for line in words.split("\n") if line.strip()]
    note = "nested too deep to convert (hundreds of levels): written as its text, paragraph by paragraph"
    return Converted(markdown="\n\n".join(paragraphs) + "\n", notes=[note])


BLOCK_BREAK_RE = re.compile(r"<(?:/?(?:p|div|li|h[1-6]|blockquote|pre|tr)\b[^>]*|br\s*/?)>", re.IGNORECASE)


def _convert_post(
    content: str,
    site: Site,
    post_id: str,
    excerpt: str,
    footnotes_meta: str | None,
    link_to: Callable[[str], str | None] | None,
    plain: bool,
) -> Converted:
    result = Converted(markdown="")
    gutenberg = "<!-- wp:" in content
    text, notes = footnotes(content, footnotes_meta)
    text = BLOCK_COMMENT_RE.sub("", text)
    text = NEXTPAGE_RE.sub("", text)
    more = MORE_RE.search(text)
    before_more = text[: more.start()] if more else ""
    code = CodeBlocks()
    text = code.take_out(text)
    text = MORE_RE.sub("\n\n", text)
    text = Shortcodes(site, post_id, result).replace(text)
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
        summary_html = Shortcodes(site, post_id, Converted("")).replace(BLOCK_COMMENT_RE.sub("", summary_html))
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


def _keep_figure(figure: Tag, image: Tag, caption: Tag) -> None:
    """A captioned image whose caption holds a link, or which is itself a link: Markdown's figure syntax (a
    titled image) cannot say it, so the figure stays HTML, as the figures plugin writes one (lazy image)."""
    link = image.parent if image.parent is not None and image.parent.name == "a" else None
    image.attrs.pop("title", None)  # the caption says it
    picture = img_html(image).replace("<img", '<img decoding="async" loading="lazy"', 1)
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
