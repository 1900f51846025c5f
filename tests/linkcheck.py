"""Find broken internal links in a built site: HTML pages, Atom feeds, the sitemap.

Pages are resolved the way a browser does, against the page's own URL, with the
site placed under a sub-path so that a link climbing above the site root, or a
root-relative link, is caught too (the site must work at a sub-path). Feeds and
the sitemap name pages by absolute URL (``SITEURL``/``FEED_DOMAIN``); in a local
build without a ``SITEURL`` Pelican writes them relative to the site root.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from bs4 import BeautifulSoup

from tests.sitepages import url_of

ROOT_URL = "https://site.invalid/under/a/sub-path/"
URL_ATTRIBUTES = ("href", "src", "poster", "action", "data", "cite")
NOT_FETCHED = ("mailto:", "tel:", "data:", "javascript:", "about:")


@dataclass
class LinkChecker:
    """Checks every internal reference of the build in ``output``.

    ``origins`` are the absolute addresses of the site root (``SITEURL``, ``FEED_DOMAIN``).
    """

    output: Path
    origins: tuple[str, ...] = ()
    _ids: dict[Path, set[str]] = field(default_factory=dict)

    def check_site(self) -> list[str]:
        """Every problem in the build, one line each, naming the file and the link."""
        problems = []
        for path in sorted(self.output.rglob("*.html")):
            problems += self.check_page(path)
        for path in sorted(self.output.rglob("*.xml")):
            problems += self.check_xml(path)
        robots = self.output / "robots.txt"
        if robots.exists():
            for line in robots.read_text(encoding="utf-8").splitlines():
                if line.lower().startswith("sitemap:"):
                    problems += self._check("robots.txt", line.split(":", 1)[1].strip(), ROOT_URL, from_root=True)
        return problems

    def check_page(self, path: Path) -> list[str]:
        name = path.relative_to(self.output).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        return self._check_markup(name, soup, ROOT_URL + url_of(path, self.output))

    def check_xml(self, path: Path) -> list[str]:
        """An Atom feed's links and the links inside its entries, or a sitemap's locations.

        Relative references here are read against the site root: that is how Pelican writes
        them when ``SITEURL`` is empty (a local build); a published build has only absolute URLs.
        """
        name = path.relative_to(self.output).as_posix()
        document = BeautifulSoup(path.read_text(encoding="utf-8"), "xml")
        problems = []
        for link in document.find_all("link", href=True):
            problems += self._check(f"{name} <link>", link["href"], ROOT_URL, from_root=True)
        for loc in document.find_all("loc"):
            problems += self._check(f"{name} <loc>", loc.get_text(strip=True), ROOT_URL, from_root=True)
        for entry in document.find_all("entry"):
            entry_link = entry.find("link", href=True)
            where = f"{name} entry {entry_link['href'] if entry_link else '?'}"
            for part in entry.find_all(["content", "summary"], type="html"):
                markup = BeautifulSoup(part.get_text(), "lxml")
                problems += self._check_markup(where, markup, ROOT_URL, from_root=True)
        return problems

    def _check_markup(self, name: str, soup: BeautifulSoup, base: str, from_root: bool = False) -> list[str]:
        problems = []
        for element in soup.find_all(True):
            for attribute in URL_ATTRIBUTES:
                value = element.get(attribute)
                if isinstance(value, str) and value.strip():
                    problems += self._check(f"{name} <{element.name} {attribute}>", value.strip(), base, from_root)
            for candidate in (element.get("srcset") or "").split(","):
                if candidate.strip():
                    problems += self._check(f"{name} <{element.name} srcset>", candidate.split()[0], base, from_root)
        return problems

    def _check(self, where: str, url: str, base: str, from_root: bool = False) -> list[str]:
        """An empty list when ``url`` is external or resolves to a file (and id) of the build."""
        if url.lower().startswith(NOT_FETCHED):
            return []
        parsed = urlparse(url)
        if from_root and not parsed.scheme and not parsed.netloc:
            absolute = urljoin(ROOT_URL, url.lstrip("/"))
        else:
            absolute = urljoin(base, url)
        relative = self._site_path(absolute)
        if relative is None:
            return []
        if relative is False:
            return [f"{where}: {url} points outside the site"]
        path_part, fragment = urldefrag(relative)
        file_path = unquote(urlparse(path_part).path)
        target = self.output / (file_path + "index.html" if file_path.endswith("/") or not file_path else file_path)
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return [f"{where}: {url} -> missing {target.relative_to(self.output)}"]
        fragment = unquote(fragment)
        if fragment and fragment != "top" and fragment not in self._ids_of(target):
            return [f"{where}: {url} -> no id '{fragment}' in {target.relative_to(self.output)}"]
        return []

    def _site_path(self, absolute: str) -> str | bool | None:
        """The path inside the output; None for another site, False for outside this site's root."""
        for origin in (ROOT_URL, *(origin.rstrip("/") + "/" for origin in self.origins)):
            if absolute.startswith(origin) or absolute == origin.rstrip("/"):
                return absolute[len(origin) :]
        ours = {urlparse(origin).netloc for origin in (ROOT_URL, *self.origins)}
        return False if urlparse(absolute).netloc in ours else None

    def _ids_of(self, target: Path) -> set[str]:
        if target not in self._ids:
            soup = BeautifulSoup(target.read_text(encoding="utf-8", errors="replace"), "lxml")
            ids = {element["id"] for element in soup.find_all(id=True)}
            self._ids[target] = ids | {element["name"] for element in soup.find_all("a", attrs={"name": True})}
        return self._ids[target]
