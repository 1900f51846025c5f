"""Start Pagefind while Pelican is still writing the listings, on a machine with a core to spare.

Pelican writes each post's page early, then the index pages, archives, tags, categories and feeds, which
take about as long as Pagefind. ``EarlyIndex`` collects each page Pagefind will index as soon as it is
written (the published posts and pages), and starts Pagefind once the last one is there, so that both run
at once. Pages are written before posts for that (``write_pages_first``). At the end, ``run_pagefind`` compares
what Pagefind was given with what the finished site gives and uses the early run only if they are
identical; otherwise (a template that marks another page for indexing, a page written twice) it stops it
and indexes the finished site. The index is the same either way.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator

from .pagefind import IndexInput, PagefindRun, SearchIndexError, cached_bundle_exists, search_source

logger = logging.getLogger(__name__)


class EarlyIndex:
    """One build's early Pagefind run: waits for the pages in ``expected`` (paths relative to ``site``)."""

    def __init__(
        self,
        site: Path,
        expected: Iterable[str],
        binary: Path,
        exclude: Sequence[str],
        cache: Path | None,
        reuse: bool,
    ) -> None:
        self.site, self.binary, self.exclude, self.cache, self.reuse = site, binary, list(exclude), cache, reuse
        self.waiting = {os.path.normpath(path) for path in expected}
        self.pages: dict[str, bytes] = {}
        self.whole_pages = 0
        self.run: PagefindRun | None = None

    def page_written(self, path: str) -> None:
        """``content_written``: keep the page if Pagefind will index it; start Pagefind after the last one."""
        relative = os.path.normpath(os.path.relpath(path, self.site))
        if relative not in self.waiting:
            return
        self.waiting.discard(relative)
        with open(path, "rb") as file:
            page = file.read()
        source = search_source(page)
        if source is not None:
            self.pages[relative.replace(os.sep, "/")] = source
            self.whole_pages += source is page
        if not self.waiting:
            self._start()

    def _start(self) -> None:
        index_input = IndexInput(self.pages, self.whole_pages)
        self.pages = {}  # Pagefind gets them in its scratch folder; the end of the build compares digests
        if not index_input.pages:
            return
        key = index_input.digest(self.binary, self.exclude)
        if self.cache is not None and self.reuse and cached_bundle_exists(self.cache, key):
            return  # nothing changed: the end of the build links the cached bundle instead
        try:
            self.run = PagefindRun(self.binary, index_input, self.exclude, self.site, key)
        except SearchIndexError as error:
            logger.debug("search: Pagefind not started early (%s); the end of the build will say why", error)

    def take_run(self) -> PagefindRun | None:
        """The started run, handed over once (``run_pagefind`` finishes or stops it)."""
        run, self.run = self.run, None
        return run

    def __getstate__(self) -> dict:
        """Pelican's content cache may pickle the build context this object sits in: no process or pages there."""
        return {**self.__dict__, "waiting": set(), "pages": {}, "whole_pages": 0, "run": None}


def indexed_paths(generators: Iterable) -> set[str]:
    """Output paths of the published posts and pages (and their translations): what the theme marks."""
    paths = set()
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            documents = [*generator.articles, *generator.translations]
        elif isinstance(generator, PagesGenerator):
            documents = [*generator.pages, *generator.translations]
        else:
            continue
        for document in documents:
            if getattr(document, "status", None) == "published" and document.save_as.endswith(".html"):
                paths.add(os.path.normpath(document.save_as))
    return paths
