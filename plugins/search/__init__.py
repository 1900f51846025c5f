"""Full-text search with Pagefind, built into every Pelican run.

- Adds the ``search`` direct template (``search/``) unless ``SEARCH_SAVE_AS`` is empty.
- On ``finalized`` (after Pelican has written every page, so also for plain ``pelican content``
  and each ``make devserver`` rebuild) runs Pagefind over the marked pages into ``output/pagefind/``,
  each cut after its indexed element, or reuses the cached bundle of the same input.
- With ``SEARCH_PAGEFIND_EARLY`` (default on), Pagefind starts as soon as the last post it indexes is
  written, and runs while Pelican writes the listings (``early.py``); ``finalized`` then only waits for it,
  after checking that the finished site gives Pagefind exactly the same input.
- Only elements marked ``data-pagefind-body`` are indexed: published articles and pages (see the theme).
- A missing or failing Pagefind binary stops the build with a clear message (non-zero exit).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from ..pelican_compat import write_pages_first
from ..shared import PluginSettings
from .early import EarlyIndex, indexed_paths
from .pagefind import BUNDLE_DIR, IndexResult, SearchIndexError, find_pagefind, run_pagefind

__all__ = ["IndexResult", "SearchIndexError", "register"]

logger = logging.getLogger(__name__)

CACHE_DIR = "search-pagefind"
# Where one build's EarlyIndex waits: in the generators' shared context (each page's context, read at
# ``content_written``) and on the Pelican object (``pelican.search_early``, read at ``finalized``); never in
# the settings. Each build replaces both.
EARLY_KEY = "search_early_index"


@dataclass
class EarlyRun:
    """One build's early Pagefind run, kept on the Pelican object for ``finalized``."""

    index: EarlyIndex | None = None


class EarlyRunSlot:
    """Not a generator (it has nothing to generate): made once per build, by ``get_generators``, it carries
    that build's ``EarlyRun`` into the list of generators, the only thing ``all_generators_finalized`` sees."""

    early_run: EarlyRun  # on the class made for each build

    def __init__(self, **kwargs) -> None:
        pass

    def generate_context(self) -> None:
        """Nothing to read."""

    def generate_output(self, writer) -> None:
        """Nothing to write."""


def prepare_early_run(pelican) -> type[EarlyRunSlot]:
    """``get_generators``, at the start of every build: a fresh ``EarlyRun`` on the Pelican object.

    A run left by a build that stopped half-way is stopped first.
    """
    previous = getattr(pelican, "search_early", None)
    if previous is not None and previous.index is not None and (run := previous.index.take_run()) is not None:
        run.stop()
    early_run = pelican.search_early = EarlyRun()
    return type("EarlyRunSlot", (EarlyRunSlot,), {"early_run": early_run})


SETTINGS = PluginSettings(
    "SEARCH_",
    {
        "SEARCH_PAGEFIND": True,
        "SEARCH_PAGEFIND_BINARY": None,
        "SEARCH_PAGEFIND_EARLY": True,
        # Page furniture inside the indexed article: date line, tags, footer (series links, category).
        "SEARCH_PAGEFIND_EXCLUDE": [".post-meta", ".post-tags", ".post-footer", ".post-updated"],
        "SEARCH_URL": "search/",
        "SEARCH_SAVE_AS": "search/index.html",
    },
    fill=True,
)


def add_search_page(pelican) -> None:
    """Fill in the defaults, add the ``search`` direct template, and keep ``pagefind/`` for ``index_site``.

    The bundle folder goes into ``OUTPUT_RETENTION``: neither Pelican's emptying of the output folder nor
    the essentials plugin's pruning removes it, because ``index_site`` makes it exactly the new bundle (or
    removes it) on every build and rewrites only the files that changed.
    """
    settings = pelican.settings
    SETTINGS.initialize(pelican)
    templates = list(settings.get("DIRECT_TEMPLATES", []))
    if settings["SEARCH_SAVE_AS"] and "search" not in templates:
        settings["DIRECT_TEMPLATES"] = [*templates, "search"]
    retention = list(settings.get("OUTPUT_RETENTION") or [])
    if settings["SEARCH_PAGEFIND"] and BUNDLE_DIR not in retention:
        settings["OUTPUT_RETENTION"] = pelican.output_retention = [*retention, BUNDLE_DIR]


def _cache_options(settings: dict) -> tuple[Path | None, bool]:
    cache = Path(settings["CACHE_PATH"]) / CACHE_DIR if settings.get("CACHE_CONTENT") else None
    return cache, bool(settings.get("LOAD_CONTENT_CACHE"))


def start_early_index(generators) -> None:
    """``all_generators_finalized``: set up this build's ``EarlyIndex`` and write pages before posts."""
    slot = next((generator for generator in generators if isinstance(generator, EarlyRunSlot)), None)
    if slot is None:
        return
    settings, context = generators[0].settings, generators[0].context
    if not (settings.get("SEARCH_PAGEFIND", True) and settings.get("SEARCH_PAGEFIND_EARLY", True)):
        return
    try:
        binary = find_pagefind(settings.get("SEARCH_PAGEFIND_BINARY"))
    except SearchIndexError:
        return  # ``index_site`` stops the build with the message
    cache, reuse = _cache_options(settings)
    exclude = settings.get("SEARCH_PAGEFIND_EXCLUDE") or []
    early = EarlyIndex(Path(generators[0].output_path), indexed_paths(generators), binary, exclude, cache, reuse)
    slot.early_run.index = context[EARLY_KEY] = early
    write_pages_first(generators)  # so that the posts are the last pages indexed


def page_written(path: str, context: dict) -> None:
    """``content_written``: hand the page to this build's ``EarlyIndex``, if there is one."""
    early = context.get(EARLY_KEY)
    if early is not None:
        early.page_written(path)


def index_site(pelican) -> None:
    """Build the Pagefind index of the site Pelican has just written (or finish the early run).

    With Pelican's content cache on (``CACHE_CONTENT``), the bundle is also kept in
    ``CACHE_PATH/search-pagefind/``, and with ``LOAD_CONTENT_CACHE`` reused when Pagefind's input is
    byte-identical to the last run's.
    """
    settings = pelican.settings
    early_run = getattr(pelican, "search_early", None)
    early = early_run.index if early_run is not None else None
    started = early.take_run() if early is not None else None
    if early_run is not None:
        early_run.index = None
    if not settings.get("SEARCH_PAGEFIND", True):
        logger.debug("search: SEARCH_PAGEFIND is off, no index built")
        return
    binary = find_pagefind(settings.get("SEARCH_PAGEFIND_BINARY"))  # an unused early run stops when dropped
    exclude = settings.get("SEARCH_PAGEFIND_EXCLUDE") or []
    cache, reuse = _cache_options(settings)
    result = run_pagefind(Path(pelican.output_path), binary, exclude, cache=cache, reuse=reuse, started=started)
    if not result.pages:
        logger.info("search: no published post or page to index; the search page will say search is unavailable")
        return
    how = "reused the cached index of" if result.reused else "Pagefind indexed"
    when = " (started while the listings were written)" if result.early else ""
    logger.info("search: %s %d pages%s in %.2f s into %s", how, result.pages, when, result.seconds, result.bundle)
    if result.whole_pages:
        logger.info("search: %d pages went to Pagefind whole (not cut after their body)", result.whole_pages)


def register() -> None:
    signals.initialized.connect(add_search_page)
    signals.get_generators.connect(prepare_early_run)
    signals.all_generators_finalized.connect(start_early_index)
    signals.content_written.connect(page_written)
    signals.finalized.connect(index_site)
