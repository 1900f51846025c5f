"""Which page types a built site has, each with one representative URL.

The quality gates (axe, third-party requests) visit one page of every type. Types
that a plugin adds (glossary, series, search) are included as soon as their file
exists in the output, so a new feature is covered the moment it lands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

# Page types every build has, with the file that represents them (a glob, first match wins).
REQUIRED = {
    "index": "index.html",
    "archives": "archives/index.html",
    "tags": "tags/index.html",
    "tag": "tag/*/index.html",
    "categories": "categories/index.html",
    "category": "category/*/index.html",
    "year archive": "[0-9][0-9][0-9][0-9]/index.html",
    "month archive": "[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html",
    "404": "404.html",
}
# Page types a feature adds: present when their file exists.
OPTIONAL = {
    "index page 2": "page/2/index.html",
    "glossary": "glossary/index.html",
    "series list": "series/index.html",
    "series": "series/*/index.html",
    "search": "search/index.html",
}
# What makes an article a good representative: the more of these it has, the better
# (inside <main>: the site's menu may link to the glossary or the series on every page).
ARTICLE_FEATURES = {
    "callout": "main .callout",
    "glossary link": "main a[href*='glossary/']",
    "comment": "main [id^='comment-']",
    "series link": "main a[href*='series/']",
    "figure": "main figure",
}


@dataclass(frozen=True)
class PageType:
    """One kind of page and the output file chosen to represent it."""

    name: str
    file: Path
    url: str  # relative to the site root: "" for the home page, "about/", "404.html"

    def __str__(self) -> str:
        return f"{self.name} (/{self.url})"


def page_types(output: Path) -> list[PageType]:
    """Every page type of the build in ``output``, in a stable order.

    Raises ``LookupError`` when a required type is missing, naming it.
    """
    found: dict[str, Path] = {}
    for name, pattern in REQUIRED.items():
        matches = sorted(output.glob(pattern))
        if not matches:
            raise LookupError(f"the build has no {name} page ({pattern})")
        found[name] = matches[0]
    for name, pattern in OPTIONAL.items():
        matches = sorted(output.glob(pattern))
        if matches:
            found[name] = matches[0]
    articles, pages = _articles_and_pages(output, set(found.values()))
    if not articles or not pages:
        raise LookupError("the build has no article or no page")
    found["article"] = articles[0]
    found["page"] = pages[0]
    return [PageType(name, path, url_of(path, output)) for name, path in found.items()]


def url_of(path: Path, output: Path) -> str:
    """The site-relative URL a reader uses for the output file ``path``."""
    relative = path.relative_to(output).as_posix()
    return re.sub(r"(^|/)index\.html$", r"\1", relative)


def _articles_and_pages(output: Path, taken: set[Path]) -> tuple[list[Path], list[Path]]:
    """Articles, the one with the most features first, and pages; drafts left out."""
    scored: list[tuple[int, Path]] = []
    pages: list[Path] = []
    for path in sorted(output.rglob("*.html")):
        if path in taken or path.relative_to(output).parts[0] == "drafts":
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        kind = soup.find("meta", property="og:type")
        if kind and kind.get("content") == "article":
            scored.append((-sum(1 for selector in ARTICLE_FEATURES.values() if soup.select_one(selector)), path))
        elif soup.select_one("main > article.page"):
            pages.append(path)
    return [path for _, path in sorted(scored)], pages
