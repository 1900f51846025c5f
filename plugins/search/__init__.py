"""Full-text search with Pagefind, built into every Pelican run.

- Adds the ``search`` direct template (``search/``) unless ``SEARCH_SAVE_AS`` is empty.
- On ``finalized`` (after Pelican has written every page, so also for plain ``pelican content``
  and each ``make devserver`` rebuild) runs Pagefind over the output folder into ``output/pagefind/``.
- Only elements marked ``data-pagefind-body`` are indexed: published articles and pages (see the theme).
- A missing or failing Pagefind binary stops the build with a clear message (non-zero exit).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from .pagefind import IndexResult, SearchIndexError, find_pagefind, run_pagefind

__all__ = ["IndexResult", "SearchIndexError", "register"]

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SEARCH_PAGEFIND": True,
    "SEARCH_PAGEFIND_BINARY": None,
    # Page furniture inside the indexed article: date line, tags, footer (series links, category).
    "SEARCH_PAGEFIND_EXCLUDE": [".post-meta", ".post-tags", ".post-footer", ".post-updated"],
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
}


def add_search_page(pelican) -> None:
    """Fill in the defaults and add the ``search`` direct template."""
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    templates = list(settings.get("DIRECT_TEMPLATES", []))
    if settings["SEARCH_SAVE_AS"] and "search" not in templates:
        settings["DIRECT_TEMPLATES"] = [*templates, "search"]


def index_site(pelican) -> None:
    """Build the Pagefind index of the site Pelican has just written."""
    if not pelican.settings.get("SEARCH_PAGEFIND", True):
        logger.debug("search: SEARCH_PAGEFIND is off, no index built")
        return
    binary = find_pagefind(pelican.settings.get("SEARCH_PAGEFIND_BINARY"))
    exclude = pelican.settings.get("SEARCH_PAGEFIND_EXCLUDE") or []
    result = run_pagefind(Path(pelican.output_path), binary, exclude)
    if not result.pages:
        logger.info("search: no published post or page to index; the search page will say search is unavailable")
        return
    logger.info("search: Pagefind indexed %d pages in %.2f s into %s", result.pages, result.seconds, result.bundle)


def register() -> None:
    signals.initialized.connect(add_search_page)
    signals.finalized.connect(index_site)
