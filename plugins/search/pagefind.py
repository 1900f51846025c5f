"""Run the Pagefind binary over the built site and report what it indexed."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"
BODY_MARKER = b"data-pagefind-body"
INSTALL_HINT = "install it with `pip install 'pagefind[bin]'` (make html does) or set SEARCH_PAGEFIND = False"


class SearchIndexError(RuntimeError):
    """The search index could not be built; the site would ship a broken search page."""


@dataclass(frozen=True)
class IndexResult:
    """What one Pagefind run produced."""

    pages: int
    seconds: float
    bundle: Path


def find_pagefind(configured: str | None = None) -> Path:
    """The Pagefind executable: ``configured`` if given, else the one shipped in ``pagefind_bin``, else PATH."""
    if configured:
        path = Path(configured)
        if path.is_file():
            return path
        found = shutil.which(configured)
        if found:
            return Path(found)
        raise SearchIndexError(f"SEARCH_PAGEFIND_BINARY: Pagefind binary not found at {configured}; {INSTALL_HINT}")
    try:
        from pagefind_bin import get_executable
    except ImportError:
        get_executable = None
    if get_executable is not None:
        try:
            return Path(get_executable())
        except (FileNotFoundError, OSError):
            pass
    found = shutil.which("pagefind")
    if found:
        return Path(found)
    raise SearchIndexError(f"Pagefind binary not found (package pagefind_bin missing, none on PATH); {INSTALL_HINT}")


def has_searchable_pages(site: Path) -> bool:
    """Whether any page is marked ``data-pagefind-body``.

    Without one, Pagefind would fall back to indexing every ``<body>``, drafts and listings included.
    """
    return any(BODY_MARKER in page.read_bytes() for page in site.rglob("*.html"))


def run_pagefind(site: Path, binary: Path, exclude: Sequence[str] = ()) -> IndexResult:
    """Index ``site`` into ``site/pagefind/``, replacing any previous bundle (no stale fragments).

    ``exclude``: CSS selectors of elements inside ``data-pagefind-body`` to leave out of the index.
    """
    bundle = site / BUNDLE_DIR
    if bundle.is_dir():
        shutil.rmtree(bundle)
    if not has_searchable_pages(site):
        return IndexResult(0, 0.0, bundle)
    started = time.perf_counter()
    command = [str(binary), "--site", str(site), "--output-subdir", BUNDLE_DIR, "--quiet"]
    for selector in exclude:
        command += ["--exclude-selectors", selector]
    try:
        process = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise SearchIndexError(f"Pagefind could not start ({binary}): {error}; {INSTALL_HINT}") from error
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        output = (process.stderr or process.stdout).strip()
        raise SearchIndexError(f"Pagefind failed with exit code {process.returncode} on {site}: {output}")
    return IndexResult(indexed_page_count(bundle), seconds, bundle)


def indexed_page_count(bundle: Path) -> int:
    """Pages in the index, read from Pagefind's own ``pagefind-entry.json``."""
    entry = bundle / "pagefind-entry.json"
    if not entry.is_file():
        return 0
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    return sum(language.get("page_count", 0) for language in languages.values())
