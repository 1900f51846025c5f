"""Every touch of Pelican's and Python-Markdown's internals, in one place (not a plugin).

The plugins use Pelican's and Markdown's documented APIs (signals, generators, readers, the Markdown
extension API) directly; whatever they need beyond that is here, under a name that says what it does, and
``tests/unit/test_pelican_compat.py`` checks each touch against the installed Pelican and Markdown, failing
with a message naming what changed. After upgrading Pelican (4.12 today) or Markdown (3.x), run that test
first. ``tests/unit/test_pelican_compat.py::test_private_names_only_here`` keeps these names out of the
plugins.

The touches, by name:

- ``document_html``, ``replace_html``, ``replace_formatted_field``: a document's HTML lives in
  ``Content._content`` and a formatted summary in ``Content._summary``;
- ``default_summary``: the summary Pelican cuts from a document's HTML (``Content.get_summary``);
- ``forget_rendered``, ``forget_rendered_content``: Pelican memoizes ``get_content``/``get_summary`` in one
  dict per method, on the class (``pelican.utils.memoized.cache``);
- ``use_context``: a document resolves ``{filename}`` links against ``Content._context``;
- ``freeze_url``, ``has_frozen_url``, ``skip_writing``: ``override_url`` and ``override_save_as``, which
  Pelican's ``get_url_setting`` returns first;
- ``keep_output_dir``: ``Pelican.delete_outputdir``, read by ``Pelican.run`` to empty the output folder;
- ``drop_content_cache``: the files in ``CACHE_PATH`` that Pelican's caching generators and their readers
  load (named after the generator's class, ``ArticlesGenerator`` and ``ArticlesGenerator-Readers``);
  ``drop_unfinished_content_cache``: those a stopped build left half-written (Pelican 4.12 stops on them);
- ``write_pages_first``: Pelican writes in the order of its list of generators;
- ``parse_markdown_metadata``: ``MarkdownReader._parse_metadata`` (Pelican's rules for metadata values);
- ``FOOTNOTE_NBSP``: the footnotes extension's placeholder for a no-break space;
- ``reset_log_limits``: the state of Pelican's ``LimitFilter`` (each warning text logged once a process);
- ``is_duplicate_slug_warning``: the text of Pelican's warnings about several documents with one slug
  (``pelican.utils.get_original_items``), which the front_matter plugin reports as one error naming both files;
- ``unread_sources``: Pelican records a file it failed to read as ``None`` in ``context["generated_content"]``;
- ``AtomicWriter``: Pelican's ``Writer`` opens each page and feed with ``Writer._open_w`` (which also keeps
  ``_written_files`` and ``_overridden_files``, to refuse a second write), truncating the file in place.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import re
import secrets
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.preprocessors import Preprocessor
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, CachingGenerator, PagesGenerator
from pelican.log import LimitFilter
from pelican.readers import MarkdownReader
from pelican.utils import strip_toc_elements_from_html, truncate_html_paragraphs, truncate_html_words
from pelican.writers import FileOverwriteFailedError, Writer

__all__ = [
    "FOOTNOTE_NBSP",
    "AtomicWriter",
    "content_cache_files",
    "default_summary",
    "document_html",
    "drop_content_cache",
    "drop_unfinished_content_cache",
    "forget_rendered",
    "forget_rendered_content",
    "freeze_url",
    "has_frozen_url",
    "is_duplicate_slug_warning",
    "keep_output_dir",
    "parse_markdown_metadata",
    "replace_formatted_field",
    "replace_html",
    "reset_log_limits",
    "skip_writing",
    "unread_sources",
    "use_context",
    "write_pages_first",
]

# markdown.extensions.footnotes: stands for a no-break space in the tree until the postprocessors run.
FOOTNOTE_NBSP: str = NBSP_PLACEHOLDER

# pelican.utils.memoized objects: ``.cache`` maps ``(document, siteurl)`` to the HTML, for every document.
_CONTENT_MEMO = Content.__dict__["get_content"]
_SUMMARY_MEMO = Content.__dict__["get_summary"]


# --- a document's HTML and summary ------------------------------------------------------------------------


def document_html(document: Any) -> str:
    """The HTML the reader gave ``document`` (before Pelican's ``{filename}`` links are resolved); "" if none."""
    return getattr(document, "_content", None) or ""


def replace_html(document: Any, html: str, summary_from: str | None = None) -> None:
    """Give ``document`` new HTML, which ``document.content`` then renders from.

    With ``summary_from`` (the HTML before the change), a summary that Pelican would cut from the content is
    cut from that HTML now, and kept, so listings and feeds do not show the change cut in half.
    Call :func:`forget_rendered` afterwards if the document may have been rendered already.
    """
    if summary_from is not None and "summary" not in document.metadata:
        summary = default_summary(summary_from, document.settings)
        document.metadata["summary"] = summary
        document._summary = summary
    document._content = html


def replace_formatted_field(document: Any, key: str, old: str, new: str) -> None:
    """Replace a formatted field's HTML (``Summary`` and the other ``FORMATTED_FIELDS``) in ``document``.

    Pelican keeps the field in ``metadata``, and again in ``_summary`` (the summary) or in an attribute of
    the field's name (the others): each copy that still holds ``old`` gets ``new``.
    """
    document.metadata[key] = new
    if key == "summary":
        if getattr(document, "_summary", None) == old:
            document._summary = new
    elif getattr(document, key, None) == old:
        setattr(document, key, new)


def default_summary(html: str, settings: dict) -> str:
    """The summary Pelican would cut from ``html`` (``Content.get_summary``: same settings, same functions)."""
    max_paragraphs = settings.get("SUMMARY_MAX_PARAGRAPHS")
    if max_paragraphs is not None:
        html = truncate_html_paragraphs(html, max_paragraphs)
    if settings.get("SUMMARY_MAX_LENGTH") is not None:
        html = truncate_html_words(html, settings["SUMMARY_MAX_LENGTH"], settings.get("SUMMARY_END_SUFFIX", "…"))
    return strip_toc_elements_from_html(html)


def use_context(document: Any, context: dict) -> None:
    """Resolve ``document``'s ``{filename}`` links against ``context`` (e.g. this build's, for a cached post)."""
    document._context = context


# --- Pelican's memo of rendered HTML ----------------------------------------------------------------------


def forget_rendered(documents: Iterable[Any]) -> None:
    """Drop Pelican's memoized content and summary of ``documents`` (for every site URL): their HTML changed."""
    ids = {id(document) for document in documents}
    if not ids:
        return
    for memo in (_CONTENT_MEMO, _SUMMARY_MEMO):
        cache = memo.cache
        for key in [key for key in cache if key and id(key[0]) in ids]:
            del cache[key]


def forget_rendered_content(document: Any, site_urls: Iterable[str | None]) -> None:
    """Drop Pelican's memoized content of ``document`` rendered for each of ``site_urls`` (cheap: no scan)."""
    cache = _CONTENT_MEMO.cache
    for site_url in site_urls:
        cache.pop((document, site_url), None)


# --- URLs, the output folder, the order of writing ---------------------------------------------------------


def freeze_url(document: Any, url: str | None = None) -> None:
    """Make ``document.url`` return ``url`` (by default its URL now), without computing it again on each use.

    Pelican's ``get_url_setting`` returns ``override_url`` first (it is how a ``URL:`` field works).
    ``save_as`` is left alone: Pelican takes ``override_save_as`` as leave to overwrite another file.
    """
    document.override_url = document.url if url is None else url


def skip_writing(document: Any) -> None:
    """Pelican writes no page for ``document`` (an empty ``override_save_as``, as ``Save_as:`` with no value)."""
    document.override_save_as = ""


def may_overwrite(document: Any) -> bool:
    """Whether Pelican writes ``document``'s page with leave to overwrite (it has ``override_save_as``), as its
    generators pass ``override_output`` (the live preview renders one page the same way)."""
    return hasattr(document, "override_save_as")


def has_frozen_url(document: Any) -> bool:
    """True when ``document``'s URL was set by :func:`freeze_url` or by a ``URL:`` field."""
    return hasattr(document, "override_url")


def keep_output_dir(pelican: Any) -> None:
    """Stop ``pelican`` from emptying its output folder before this build writes (``DELETE_OUTPUT_DIRECTORY``)."""
    pelican.delete_outputdir = False


def content_cache_files(settings: dict) -> list[Path]:
    """The files Pelican's content cache may hold in ``CACHE_PATH``, whether they exist or not.

    Each caching generator (``ArticlesGenerator``, ``PagesGenerator``, and any plugin's subclass of
    ``CachingGenerator``) keeps its cache in a file named after its class, and its readers in
    ``<class>-Readers`` (``CONTENT_CACHING_LAYER`` says which of the two is used).
    """
    classes, pending = [], list(CachingGenerator.__subclasses__())
    while pending:
        cls = pending.pop(0)
        classes.append(cls)
        pending.extend(cls.__subclasses__())
    folder = Path(settings["CACHE_PATH"])
    return [folder / name for cls in classes for name in (cls.__name__, f"{cls.__name__}-Readers")]


def drop_content_cache(settings: dict) -> None:
    """Delete Pelican's content cache, so that the next generators made read every file again.

    Call it before the build makes its generators (``get_generators``): each loads its cache file when it is
    made. The build then writes a new cache, as with ``LOAD_CONTENT_CACHE = False``, without changing the
    setting.
    """
    for path in content_cache_files(settings):
        path.unlink(missing_ok=True)


def drop_unfinished_content_cache(settings: dict) -> list[Path]:
    """Delete the content cache files that a build stopped while writing them (returns them).

    Pelican writes each cache file in place (``pickle.dump`` into ``open`` or, with ``GZIP_CACHE``, the
    default, ``gzip.open``). A build killed meanwhile (the live preview stops a catch-up build when a newer
    edit comes) leaves an empty or cut file; Pelican 4.12 loads it with ``pickle.load`` and handles
    ``OSError`` and ``PickleError`` only, so the ``EOFError`` of such a file stops every later build. A
    finished file ends with pickle's STOP opcode (``.``), inside a complete gzip stream when gzipped.
    """
    dropped = []
    for path in content_cache_files(settings):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        try:
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error):
            data = b""
        if not data.endswith(b"."):
            path.unlink(missing_ok=True)
            dropped.append(path)
    return dropped


def write_pages_first(generators: list) -> None:
    """Move the pages generator before the articles generator: Pelican writes in this list's order.

    Pages do not depend on posts being written. The list is the one ``all_generators_finalized`` receives.
    """
    articles = next((index for index, item in enumerate(generators) if isinstance(item, ArticlesGenerator)), None)
    if articles is None:
        return
    pages = [item for item in generators[articles:] if isinstance(item, PagesGenerator)]
    for item in pages:
        generators.remove(item)
    generators[articles:articles] = pages


# --- writing the output folder -----------------------------------------------------------------------------


_WRITER_LOG = logging.getLogger("pelican.writers")  # the messages Pelican's writer logs, under its name


class AtomicWriter(Writer):
    """Pelican's ``Writer``, except that each page and feed goes to a temporary file beside its path and is
    renamed into place once complete: a reader of the output folder during a build (the live preview's server)
    gets the old file or the new one, never one cut half-way. The same checks as Pelican's against writing a
    file twice, the same bytes, the same permissions (the temporary file is created as ``open`` creates one)."""

    def _open_w(self, filename, encoding, override=False):
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            _WRITER_LOG.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)"
                )
            _WRITER_LOG.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _ReplacedOnClose(filename, encoding)


class _ReplacedOnClose(io.TextIOWrapper):
    """A text file (as ``open(path, "w")`` gives) written under a temporary name in the folder of ``path``,
    renamed to ``path`` when its ``with`` block ends without an error, and deleted when it ends with one."""

    def __init__(self, path: str, encoding: str) -> None:
        folder, name = os.path.split(path)
        self.path = path
        self.temporary = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
        descriptor = os.open(self.temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        super().__init__(io.BufferedWriter(io.FileIO(descriptor, "w")), encoding=encoding)

    def __exit__(self, kind, value, traceback) -> None:
        self.close()
        if kind is None:
            os.replace(self.temporary, self.path)
        else:
            os.unlink(self.temporary)


# --- Pelican's Markdown reader -----------------------------------------------------------------------------


class _MetaStandIn(Preprocessor):
    """Registered as ``meta`` for the length of one call: Pelican's ``_parse_metadata`` deregisters ``meta``."""

    def run(self, lines: list[str]) -> list[str]:
        return lines


def parse_markdown_metadata(reader: MarkdownReader, meta: dict[str, list[str]], converter: Markdown) -> dict:
    """Pelican's own ``MarkdownReader._parse_metadata`` (its rules for each field), run by ``reader``.

    Formatted fields (``Summary``) are converted by ``converter``, which must have no ``meta`` preprocessor
    (so a summary's first line is never taken for metadata): Pelican deregisters ``meta`` from the reader's
    converter on every call, which would break a converter reused for the next file, so Pelican gets
    ``converter`` instead, with a stand-in ``meta`` for it to remove. ``reader._source_path`` names the file
    in Pelican's warning about a field given twice.
    """
    converter.preprocessors.register(_MetaStandIn(converter), "meta", 27)
    before = reader.__dict__.get("_md")
    reader._md = converter
    try:
        return MarkdownReader._parse_metadata(reader, meta)
    finally:
        if "meta" in converter.preprocessors:
            converter.preprocessors.deregister("meta")
        if before is None:
            reader.__dict__.pop("_md", None)
        else:
            reader._md = before


# --- Pelican's log filter ----------------------------------------------------------------------------------


def reset_log_limits() -> None:
    """Forget which warnings Pelican's ``LimitFilter`` has logged (it logs each text once per process)."""
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


# pelican.utils.get_original_items: "There are 2 items "with slug "x"" with lang en: ..." and "There are 2 original
# (not translated) items with slug "x": ...", logged by the ``pelican.utils`` logger with the count, the
# ``with slug "x"`` part (when the translation id is the slug) and the files as arguments.
_DUPLICATE_SLUG_TEXTS = ('There are %s items "%s" with lang %s', "There are %s original (not translated) items %s")


def is_duplicate_slug_warning(record: logging.LogRecord) -> bool:
    """Whether ``record`` is one of Pelican's warnings about several documents of one kind with one slug."""
    return (
        record.name == "pelican.utils"
        and isinstance(record.msg, str)
        and record.msg.startswith(_DUPLICATE_SLUG_TEXTS)
        and isinstance(record.args, tuple)
        and len(record.args) > 1
        and re.fullmatch(r'with slug "[^"]*"', str(record.args[1])) is not None
    )


# --- documents Pelican failed to read ----------------------------------------------------------------------


def unread_sources(context: dict) -> list[str]:
    """The source files (relative to the content folder) that Pelican's generators failed to read this build."""
    return [path for path, item in context.get("generated_content", {}).items() if item is None]
