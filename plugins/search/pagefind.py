"""Run the Pagefind binary over what the built site has to index, and report what it indexed.

Pagefind's cost follows the bytes it parses, so it does not get the output folder itself: each page that
marks a ``data-pagefind-body`` element is cut to what Pagefind reads from it (see ``search_source``) and
written with the same relative path into a temporary folder; Pagefind writes the bundle there too, and it
is copied into the site's ``pagefind/`` folder. With a cache folder, a bundle is reused when Pagefind would
get exactly the same input again (``IndexInput.digest``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"
BODY_MARKER = b"data-pagefind-body"
INSTALL_HINT = "install it with `pip install 'pagefind[bin]'` (make html does) or set SEARCH_PAGEFIND = False"
# Bump when what goes into the digest, or how the input pages are cut, changes.
CACHE_FORMAT = b"search-pagefind-cache-1"
MANIFEST = "manifest.json"
IN_MEMORY = "/dev/shm"
# Pagefind's bundled jemalloc (tikv-jemallocator reads this variable): hand freed pages back at once.
# About 14% less peak memory for the same index; the binary ignores it if it does not know it.
PAGEFIND_ENVIRONMENT = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}

_TAG_NAME = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)")
# Where a byte search cannot tell markup from text ("<p>" in a comment or a script is not a tag).
# Both patterns run on lowercased bytes.
_OPAQUE = re.compile(
    rb"<(?:!--|!\[cdata\[|script|style|textarea|template|title|xmp|noscript|noembed|noframes|iframe|plaintext)"
)
# What Pagefind reads from anywhere on a page, outside the body elements too: a title from the
# first <h1>, an image from an <img>, and meta, filters and sorts from data-pagefind-* attributes.
_READ_ANYWHERE = re.compile(rb"<(?:h1|img)")
_ATTRIBUTE = b"data-pagefind-"
_IGNORED = b"data-pagefind-ignore"


class SearchIndexError(RuntimeError):
    """The search index could not be built; the site would ship a broken search page."""


@dataclass(frozen=True)
class IndexResult:
    """What one indexing step produced; ``reused`` when the bundle came from the cache."""

    pages: int
    seconds: float
    bundle: Path
    reused: bool = False
    whole_pages: int = 0
    early: bool = False  # Pagefind was started before the site was finished, on the same input


@dataclass(frozen=True)
class IndexInput:
    """The pages Pagefind indexes, by path relative to the site, each cut by ``search_source``.

    ``whole_pages``: how many of them could not be cut and go to Pagefind whole (slower, same index).
    """

    pages: dict[str, bytes]
    whole_pages: int = 0

    def digest(self, binary: Path, exclude: Sequence[str]) -> str:
        """A key for exactly this index: the pages, the binary (path, size, mtime) and the options."""
        stat = binary.stat()
        digest = hashlib.sha256(CACHE_FORMAT)
        header = [str(binary), stat.st_size, stat.st_mtime_ns, BUNDLE_DIR, list(exclude), len(self.pages)]
        digest.update(json.dumps(header).encode())
        for relative in sorted(self.pages):
            source = self.pages[relative]
            digest.update(b"\0%s\0%d\0" % (relative.encode(), len(source)))
            digest.update(source)
        return digest.hexdigest()

    def write(self, folder: Path) -> None:
        """Write every page under ``folder`` with its relative path (Pagefind makes the URLs from it).

        Pagefind numbers pages in the order it finds them, i.e. the folder's listing order; writing in
        sorted order makes that order the same on every machine for an in-memory folder.
        """
        made = set()
        for relative, source in sorted(self.pages.items()):
            path = os.path.join(folder, relative)
            parent = os.path.dirname(path)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            with open(path, "wb") as file:
                file.write(source)


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


def search_source(page: bytes) -> bytes | None:
    """What Pagefind needs of one output page, or None if the page marks no ``data-pagefind-body``.

    The page up to the end of its body element, i.e. without what follows (related posts, comments,
    footer), when that is safe: the element holds no nested element of its own name and nothing a byte
    search could misread (comments, scripts...), and the tail holds nothing Pagefind reads (an ``<h1>``,
    an ``<img>``, a ``data-pagefind-`` attribute other than ``-ignore``). Otherwise the whole page: the
    result is always the index Pagefind would build from the page itself.
    """
    marker = page.find(BODY_MARKER)
    if marker < 0:
        return None
    start = page.rfind(b"<", 0, marker)
    tag = _TAG_NAME.match(page, start) if start >= 0 and b">" not in page[start:marker] else None
    if tag is None:
        return page  # the marker as text, not as an attribute: Pagefind decides
    end = _element_end(page, start, tag.group(1).lower())
    if end is None:
        return page
    if _OPAQUE.search(page[start:end].lower()):
        return page
    tail = page[end:].lower()
    if _READ_ANYWHERE.search(tail) or tail.count(_ATTRIBUTE) != tail.count(_IGNORED):
        return page
    return page[:end] + b"\n</body></html>\n"


def _element_end(page: bytes, start: int, name: bytes) -> int | None:
    """Where the element opened at ``start`` ends (after its closing tag), or None when unsure.

    Unsure: another tag of the same name opens before the first closing one, or that closing tag sits
    inside another tag (an attribute value), or it has no ``>``.
    """
    pattern = re.compile(rb"<(/?)" + re.escape(name) + rb"[\s/>]", re.I)
    first = pattern.search(page, start + 1)
    if first is None or not first.group(1):
        return None
    if page.rfind(b"<", start, first.start()) > page.rfind(b">", start, first.start()):
        return None
    close = page.find(b">", first.end() - 1)
    return None if close < 0 else close + 1


def collect_index_input(site: Path) -> IndexInput:
    """Every page of ``site`` that marks a ``data-pagefind-body`` element, cut by ``search_source``.

    Without any such page, Pagefind would fall back to indexing every ``<body>``, drafts and listings
    included: the result is then empty and no index is built.
    """
    root = os.path.join(str(site), "")
    bundle = root + BUNDLE_DIR
    pages = {}
    whole_pages = 0
    for folder, subfolders, files in os.walk(root):
        if folder == bundle:
            subfolders.clear()
            continue
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as file:
                page = file.read()
            source = search_source(page)
            if source is not None:
                pages[path[len(root) :].replace(os.sep, "/")] = source
                whole_pages += source is page
    return IndexInput(pages, whole_pages)


def run_pagefind(
    site: Path,
    binary: Path,
    exclude: Sequence[str] = (),
    cache: Path | None = None,
    reuse: bool = True,
    started: PagefindRun | None = None,
) -> IndexResult:
    """Index ``site`` into ``site/pagefind/``, making that folder exactly the new bundle (no stale fragments).

    ``exclude``: CSS selectors of elements inside ``data-pagefind-body`` to leave out of the index.
    ``cache``: a folder keeping the last bundle under the digest of its input; with ``reuse``, a bundle
    there for the same digest is linked (or copied) instead of running Pagefind, whose output is
    deterministic. ``started``: a run begun before the site was finished (``PagefindRun``); it is used
    only if its input is exactly what the finished site gives, and stopped otherwise.
    """
    began = time.perf_counter()
    bundle = site / BUNDLE_DIR
    index_input = collect_index_input(site)
    key = index_input.digest(binary, exclude) if cache is not None or started is not None else ""
    if started is not None and (started.key != key or not index_input.pages):
        started.stop()
        started = None
    if not index_input.pages:
        if bundle.is_dir():
            shutil.rmtree(bundle)
        return IndexResult(0, 0.0, bundle)
    reused = started is None and cache is not None and reuse and _reuse(cache / key, bundle)
    if not reused:
        run = started or PagefindRun(binary, index_input, exclude, site)
        run.finish(bundle)
        if cache is not None:
            _store(bundle, cache, key)
    seconds = time.perf_counter() - began
    pages = indexed_page_count(bundle)
    return IndexResult(pages, seconds, bundle, reused, index_input.whole_pages, started is not None)


def cached_bundle_exists(cache: Path, key: str) -> bool:
    """True when ``cache`` holds a complete entry for ``key`` (``run_pagefind`` checks it in full)."""
    return (cache / key / MANIFEST).is_file()


class PagefindRun:
    """Pagefind started on ``index_input`` in a scratch folder; ``finish`` waits and puts the bundle in place.

    The scratch folder is in memory (``/dev/shm``) when it has room: Pagefind writes its thousand small
    files faster there than into the site, and creating and removing them on a disk costs seconds. A run
    never finished (the build failed) is stopped when it is dropped, or when the interpreter exits.
    """

    def __init__(
        self, binary: Path, index_input: IndexInput, exclude: Sequence[str], site: Path, key: str = ""
    ) -> None:
        self.site = site
        self.key = key  # ``index_input.digest`` of a run started early, compared with the finished site's
        size = sum(map(len, index_input.pages.values()))
        scratch = tempfile.TemporaryDirectory(prefix="search-pagefind-", dir=_scratch_parent(size))
        folder = Path(scratch.name)
        self._bundle = folder / BUNDLE_DIR
        self._log = folder / "pagefind.log"
        try:
            index_input.write(folder / "site")
            command = [str(binary), "--site", str(folder / "site"), "--output-path", str(self._bundle), "--quiet"]
            for selector in exclude:
                command += ["--exclude-selectors", selector]
            with open(self._log, "wb") as log:
                process = subprocess.Popen(
                    command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **PAGEFIND_ENVIRONMENT}
                )
        except OSError as error:
            scratch.cleanup()
            raise SearchIndexError(f"Pagefind could not start ({binary}): {error}; {INSTALL_HINT}") from error
        self._process = process
        self._finalizer = weakref.finalize(self, _stop, process, scratch)

    def finish(self, bundle: Path) -> None:
        """Wait for Pagefind and make ``bundle`` hold what it wrote; a failure names the site."""
        try:
            code = self._process.wait()
            if code != 0:
                output = self._log.read_text(encoding="utf-8", errors="replace").strip()
                raise SearchIndexError(f"Pagefind failed with exit code {code} on {self.site}: {output}")
            sync_folder(self._bundle, bundle, shutil.copyfile)
        finally:
            self._finalizer()

    def stop(self) -> None:
        """Stop Pagefind if it still runs, and remove the scratch folder."""
        self._finalizer()


def _stop(process: subprocess.Popen, scratch: tempfile.TemporaryDirectory) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
    scratch.cleanup()


def _scratch_parent(size: int) -> str | None:
    """``/dev/shm`` when it is writable and has room for ``size`` bytes of input and the bundle, else None."""
    try:
        memory = os.statvfs(IN_MEMORY)
        if os.access(IN_MEMORY, os.W_OK) and memory.f_bavail * memory.f_frsize > 3 * size + 64 * 2**20:
            return IN_MEMORY
    except OSError:
        pass
    return None


def sync_folder(source: Path, target: Path, put: Callable[[str, str], object]) -> None:
    """Make ``target`` hold exactly the files of ``source``, touching only those that differ.

    A file already there with the same bytes (or the same inode) stays; any other is put there by
    ``put(source_file, target_file)`` after the old one is unlinked, never written in place, since it
    may be a hard link to a cached bundle; files ``source`` lacks are removed, and folders left empty.
    After a one-post edit Pagefind's bundle differs in a handful of its thousand files (fragment and
    index files are named by their content), so this replaces emptying ``target`` and copying all.
    """
    wanted: set[str] = set()
    for folder, _, files in os.walk(source):
        relative_folder = os.path.relpath(folder, source)
        os.makedirs(os.path.join(target, relative_folder), exist_ok=True)
        for name in files:
            relative = os.path.normpath(os.path.join(relative_folder, name))
            wanted.add(relative)
            new, old = os.path.join(source, relative), os.path.join(target, relative)
            if _same_file(new, old):
                continue
            if os.path.lexists(old):
                os.unlink(old)
            put(new, old)
    for folder, _, files in os.walk(target, topdown=False):
        relative_folder = os.path.relpath(folder, target)
        for name in files:
            if os.path.normpath(os.path.join(relative_folder, name)) not in wanted:
                os.unlink(os.path.join(folder, name))
        if relative_folder != "." and not os.listdir(folder):
            os.rmdir(folder)


def _same_file(new: str, old: str) -> bool:
    """True when ``old`` is a regular file with the bytes of ``new`` (or the same inode)."""
    try:
        old_stat = os.lstat(old)
    except FileNotFoundError:
        return False
    new_stat = os.stat(new)
    if (old_stat.st_dev, old_stat.st_ino) == (new_stat.st_dev, new_stat.st_ino):
        return True
    if not stat.S_ISREG(old_stat.st_mode) or old_stat.st_size != new_stat.st_size:
        return False
    with open(new, "rb") as first, open(old, "rb") as second:
        return first.read() == second.read()


def _link_or_copy(source: str, destination: str) -> None:
    """Hard-link a file (no bytes copied), or copy it when the two folders are on different devices."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _manifest(folder: Path) -> dict[str, list[int]]:
    """Each file under ``folder``: size and modification time, to notice a file changed in place."""
    files = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            files[path.relative_to(folder).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return files


def _reuse(entry: Path, bundle: Path) -> bool:
    """Put the cached bundle ``entry`` in place as ``bundle``, if it is there and untouched since stored."""
    try:
        stored = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    try:
        if stored != _manifest(entry / BUNDLE_DIR):
            shutil.rmtree(entry)
            return False
        sync_folder(entry / BUNDLE_DIR, bundle, _link_or_copy)
    except OSError:
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def _store(bundle: Path, cache: Path, key: str) -> None:
    """Keep ``bundle`` as the entry ``cache/key``, the only one: older entries are removed.

    The previous entry, if any, becomes the new one, and only the files that differ are linked again. Its
    manifest goes first and comes back last: an entry interrupted half-way has none and is never reused.
    """
    cache.mkdir(parents=True, exist_ok=True)
    entries = [path for path in cache.iterdir() if path.is_dir()]
    entry = cache / key
    if not entry.is_dir():
        if entries:
            entries[0].rename(entry)
        else:
            entry.mkdir()
    (entry / MANIFEST).unlink(missing_ok=True)
    sync_folder(bundle, entry / BUNDLE_DIR, _link_or_copy)
    (entry / MANIFEST).write_text(json.dumps(_manifest(entry / BUNDLE_DIR)), encoding="utf-8")
    for old in cache.iterdir():
        if old != entry:
            shutil.rmtree(old) if old.is_dir() else old.unlink()


def indexed_page_count(bundle: Path) -> int:
    """Pages in the index, read from Pagefind's own ``pagefind-entry.json``."""
    entry = bundle / "pagefind-entry.json"
    if not entry.is_file():
        return 0
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    return sum(language.get("page_count", 0) for language in languages.values())
