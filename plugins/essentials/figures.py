"""Figures with captions, lazy images, and a warning for images without alt text."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..pelican_compat import document_html

logger = logging.getLogger(__name__)

IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_RE = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


class FigureTreeprocessor(Treeprocessor):
    """Turn a paragraph holding only a titled image into a figure; make images lazy."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and self._is_lone_image(child):
                    parent[index] = self._figure(child[0])
        for image in root.iter("img"):
            image.set("loading", "lazy")
            image.set("decoding", "async")

    @staticmethod
    def _is_lone_image(paragraph: etree.Element) -> bool:
        return (
            len(paragraph) == 1
            and paragraph[0].tag == "img"
            and bool(paragraph[0].get("title"))
            and not (paragraph.text or "").strip()
            and not (paragraph[0].tail or "").strip()
        )

    @staticmethod
    def _figure(image: etree.Element) -> etree.Element:
        figure = etree.Element("figure")
        caption_text = image.attrib.pop("title")
        image.tail = None
        figure.append(image)
        caption = etree.SubElement(figure, "figcaption")
        caption.text = caption_text
        return figure


class FiguresExtension(Extension):
    """``![alt](src "Caption")`` alone in a paragraph becomes a captioned figure."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.treeprocessors.register(FigureTreeprocessor(md), "figures", 5)


def images_missing_alt(html: str) -> list[str]:
    """The ``<img>`` tags in ``html`` that have no alt text."""
    missing = []
    for tag in IMG_RE.findall(html):
        match = ALT_RE.search(tag)
        if not match or not (match.group(1) or match.group(2) or "").strip():
            missing.append(tag)
    return missing


def warn_missing_alt(content) -> None:
    """Log one warning per image without alt text, naming the source file."""
    html = document_html(content)
    for tag in images_missing_alt(html):
        src = re.search(r"""\bsrc\s*=\s*["']([^"']*)""", tag)
        logger.warning(
            "%s: image %s has no alt text; describe it for screen-reader users",
            content.source_path,
            src.group(1) if src else tag,
        )


def makeExtension(**kwargs) -> FiguresExtension:  # noqa: N802 - Markdown's API name
    return FiguresExtension(**kwargs)
