"""The glossary build: loads the glossary, links every document, writes the glossary page.

- Before the generators are made (``get_generators``), the glossary is loaded into
  this build's ``GlossaryBuild``, carried by the generator class made for the build;
  the generator puts its ``TermMarking`` into the generators' context, where the
  Markdown extension (given to each generator's readers at ``generator_init``) finds
  it while each post is converted. If the matcher changed since the content cache
  was written, the cache files are deleted before any generator loads them (their
  marks would be stale); the settings are never changed.
- After the articles and pages generators, on every build, the generator turns the
  marks into links (mode, tooltip and href come from this build's glossary), so
  editing a definition updates every page even when the posts come from the cache.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from html import escape
from pathlib import Path

from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import posixize_path

from ..pelican_compat import document_html, drop_content_cache, forget_rendered, replace_html, use_context
from ..shared import PluginSettings, line_of_key, one_of
from .data import Converters, Glossary, Term, load_glossary
from .extension import MARKING_KEY, MARKS_FORMAT, GlossaryExtension, TermMarking
from .linker import MODES, NO_LINK_CLASSES, NO_LINK_ELEMENTS, apply_marks, find_marks
from .matcher import TermMatcher

logger = logging.getLogger(__name__)

SETTINGS = PluginSettings(
    "GLOSSARY_",
    {
        "GLOSSARY_FILE": "glossary.yaml",
        "GLOSSARY_DEFAULT_MODE": "first",
        "GLOSSARY_URL": "glossary/",
        "GLOSSARY_SAVE_AS": "glossary/index.html",
        "GLOSSARY_TEMPLATE": "glossary",
        "GLOSSARY_MENTIONS_SHOWN": 10,
    },
    checks={"GLOSSARY_DEFAULT_MODE": one_of(*MODES)},
)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
CACHE_STAMP = "glossary-matcher.txt"  # in CACHE_PATH: the matcher digest the content cache was written with


@dataclass(frozen=True)
class GlossaryPage:
    """Stands for the glossary file in Pelican's ``generated_content``, so ``{filename}`` links resolve."""

    url: str
    save_as: str


@dataclass(frozen=True)
class Mention:
    """A post that uses a term, as the glossary page lists it (computed once per post, not per term)."""

    title: str
    url: str
    date: datetime
    locale_date: str


@dataclass
class GlossaryEntry:
    """What the glossary page shows for one term."""

    term: Term
    related: list[Term] = field(default_factory=list)
    mentioned_in: list[Mention] = field(default_factory=list)  # newest first


@dataclass(frozen=True)
class GlossaryBuild:
    """One build's glossary (None without a glossary file) and the terms the Markdown extension finds."""

    glossary: Glossary | None
    marking: TermMarking


NO_GLOSSARY = GlossaryBuild(None, TermMarking(None, "none"))


class GlossaryGenerator(Generator):
    """Per build: link all documents with the build's glossary, then write ``glossary/``.

    ``prepare_build`` makes a subclass for each build, whose ``build`` is that build's glossary.
    """

    build: GlossaryBuild = NO_GLOSSARY

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Made with the other generators, before any of them reads a file: the extension finds it there.
        self.context[MARKING_KEY] = self.build.marking

    def generate_context(self) -> None:
        self.glossary: Glossary | None = self.build.glossary
        self.entries: list[GlossaryEntry] = []
        marking = self.build.marking
        path = Path(self.path) / SETTINGS.get(self.settings, "GLOSSARY_FILE")
        if self.glossary is None:
            logger.info("No glossary file at %s: glossary links are off", path)
            self._stamp_cache(marking.digest, 0)  # the cache holds no marks: usable next time
            return
        relative = posixize_path(str(path.relative_to(self.path)))
        page = GlossaryPage(
            SETTINGS.get(self.settings, "GLOSSARY_URL"), SETTINGS.get(self.settings, "GLOSSARY_SAVE_AS")
        )
        self.context["generated_content"][relative] = page

        matcher = marking.matcher
        default_mode = self._default_mode()
        make_link = self._make_link()
        documents = sorted(
            (item for item in self.context["generated_content"].values() if isinstance(item, Content)),
            key=lambda item: item.source_path,
        )
        changed = []
        stale = 0
        for document in documents:
            # With CONTENT_CACHING_LAYER = "generator", a cached document carries the context of the build that
            # cached it; point it at this build's, so its links (ours and Pelican's) resolve against this build.
            use_context(document, self.context)
            linked, found_again = link_document(
                document, matcher, marking.digest, self._mode_of(document, default_mode), make_link
            )
            if linked:
                changed.append(document)
            stale += found_again
        forget_rendered(changed)
        self._stamp_cache(marking.digest, stale)

        self.entries = self._entries(self.glossary)
        self.context["glossary"] = self.entries
        self.context["glossary_url"] = page.url
        self._report_unused(self.glossary)

    def _make_link(self):
        relative = posixize_path(str(Path(SETTINGS.get(self.settings, "GLOSSARY_FILE"))))
        return partial(render_link, href=f"{{filename}}/{relative}")

    def link_one(self, document: Content) -> None:
        """Link one document read again (the preview's fast path), with this build's glossary."""
        if self.glossary is None:
            return
        marking = self.build.marking
        use_context(document, self.context)
        mode = self._mode_of(document, self._default_mode())
        linked, _found_again = link_document(document, marking.matcher, marking.digest, mode, self._make_link())
        if linked:
            forget_rendered([document])

    def reload(self, build: GlossaryBuild, writer) -> None:
        """The glossary file changed (the preview's fast path): take the new terms, write the glossary page.

        The documents keep their links until they are read again; the content cache stamp is left alone, so
        the catch-up build reads every post again when the terms changed.
        """
        self.build = build
        self.context[MARKING_KEY] = build.marking
        self.glossary = build.glossary
        self.entries = self._entries(self.glossary) if self.glossary is not None else []
        self.context["glossary"] = self.entries
        self.generate_output(writer)

    def _stamp_cache(self, digest: str, stale: int) -> None:
        """Record the matcher the content cache now matches (or forget it, if stale marks were found)."""
        if not self.settings.get("CACHE_CONTENT"):
            return
        stamp = Path(self.settings["CACHE_PATH"]) / CACHE_STAMP
        try:
            if stale:
                logger.debug("glossary: %d documents had stale or no term marks; the cache is re-read next time", stale)
                stamp.unlink(missing_ok=True)
            else:
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.write_text(digest, encoding="utf-8")
        except OSError as error:
            logger.warning("glossary: cannot write %s: %s", stamp, error)

    def generate_output(self, writer) -> None:
        save_as = SETTINGS.get(self.settings, "GLOSSARY_SAVE_AS")
        if self.glossary is None or not save_as:
            return
        letters: dict[str, list[GlossaryEntry]] = {}
        for entry in self.entries:
            letters.setdefault(entry.term.letter, []).append(entry)
        writer.write_file(
            save_as,
            self.get_template(SETTINGS.get(self.settings, "GLOSSARY_TEMPLATE")),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=SETTINGS.get(self.settings, "GLOSSARY_URL"),
            page_name="glossary",
            glossary_letters=sorted(letters.items(), key=lambda item: (item[0] == "#", item[0])),
            glossary_mentions_shown=SETTINGS.get(self.settings, "GLOSSARY_MENTIONS_SHOWN"),
        )

    def _default_mode(self) -> str:
        mode = str(SETTINGS.get(self.settings, "GLOSSARY_DEFAULT_MODE")).strip().lower()
        return mode if mode in MODES else "first"  # a bad value was reported at ``initialized``

    def _mode_of(self, document: Content, default: str) -> str:
        value = document.metadata.get("glossary")
        if value is None:
            return default
        mode = str(value).strip().lower()
        if mode not in MODES:
            logger.error(
                "%s:%d: Glossary: %r is not a glossary mode; use one of %s",
                document.source_path,
                line_of_key(document.source_path, "glossary"),
                value,
                ", ".join(MODES),
            )
            return default
        return mode

    def _entries(self, glossary: Glossary) -> list[GlossaryEntry]:
        by_slug = glossary.by_slug()
        entries = {term.slug: GlossaryEntry(term, [by_slug[slug] for slug in term.related]) for term in glossary.terms}
        for article in self.context.get("articles", []):  # published posts only: never drafts or hidden ones
            slugs = getattr(article, "glossary_terms", [])
            if slugs:
                mention = Mention(article.title, article.url, article.date, article.locale_date)
                for slug in slugs:
                    entries[slug].mentioned_in.append(mention)
        for entry in entries.values():
            entry.mentioned_in.sort(key=lambda mention: mention.date, reverse=True)
        return list(entries.values())

    def _report_unused(self, glossary: Glossary) -> None:
        used = set()
        for document in [*self.context.get("articles", []), *self.context.get("pages", [])]:
            used.update(getattr(document, "glossary_terms", []))
        for term in glossary.terms:
            if term.slug not in used:
                logger.info(
                    "%s:%d: glossary term '%s' is not used in any published post or page",
                    glossary.path,
                    term.line,
                    term.name,
                )


def link_document(document: Content, matcher: TermMatcher, digest: str, mode: str, make_link) -> tuple[bool, bool]:
    """Link one document's HTML; returns whether its HTML changed, and whether its marks had to be found again.

    The marks come from the Markdown extension (see extension.py); a document
    without valid ones (another reader, a cache written by another glossary) is
    searched here with ``html.parser``, with the same rules. Sets
    ``document.glossary_terms`` (slugs in order of first use) and
    ``document.glossary_links`` (how many links were added). A summary that
    Pelican would cut from the content is fixed first, from the unlinked HTML,
    so listings and feeds never show a cut-off link or tooltip.
    """
    if getattr(document, "_glossary_done", False):
        return False, False
    document._glossary_done = True
    original = document_html(document)
    found = document.__dict__.pop("_glossary_marks", None)
    if found is not None and found.digest == digest and found.length == len(original):
        marks, found_again = found.decode(), False
    else:
        marks = find_marks(original, matcher)
        # Markdown returns an empty text without running its postprocessors: no marks needed then.
        found_again = found is not None or (bool(original) and str(document.source_path).endswith(MARKDOWN_SUFFIXES))
    result = apply_marks(original, marks, mode, make_link, matcher.terms_by_slug)
    document.glossary_terms = result.used
    document.glossary_links = result.linked
    if result.html == original:
        return False, found_again
    replace_html(document, result.html, summary_from=original)
    return True, found_again


def render_link(term: Term, text: str, tooltip_id: str, href: str) -> str:
    """The markup around one linked term: its tooltip (described-by), then the link.

    The tooltip comes first so that, without JavaScript, its place in the line (CSS ``top: auto``) is the
    start of the term's first line, even when the term wraps.
    """
    expansion = ""
    if term.expansion:
        expansion = f'<b class="glossary-tip-expansion">{escape(term.expansion[:1].upper() + term.expansion[1:])}:</b> '
    return (
        f'<span class="glossary-term"><span class="glossary-tip" id="{tooltip_id}" role="tooltip" hidden'
        f" data-pagefind-ignore>{expansion}{term.tooltip_html}</span>"
        f'<a class="glossary-link" href="{escape(href)}#{term.slug}" aria-describedby="{tooltip_id}">{text}</a></span>'
    )


def load_build(pelican) -> GlossaryBuild:
    """Load the site's glossary for a build; its errors are logged (file and line)."""
    settings = pelican.settings
    path = Path(settings["PATH"]) / SETTINGS.get(settings, "GLOSSARY_FILE")
    if not path.is_file():
        return NO_GLOSSARY
    # Kept on the Pelican object: a devserver rebuild converts only the definitions that changed.
    converters = getattr(pelican, "glossary_converters", None)
    if converters is None:
        converters = pelican.glossary_converters = Converters()
    glossary = load_glossary(path, display_path=str(path), converters=converters)
    for error in glossary.errors:
        logger.error("%s:%d: %s", error.path, error.line, error.message)
    matcher = TermMatcher(glossary.terms)
    return GlossaryBuild(glossary, TermMarking(matcher, matcher_digest(matcher)))


def prepare_build(pelican) -> type[GlossaryGenerator]:
    """``get_generators``, at the start of every build: load the glossary before any post is read.

    Returns the generator class for this build, which carries its ``GlossaryBuild``.
    """
    build = load_build(pelican)
    drop_stale_cache(pelican.settings, build.marking.digest)
    return type(GlossaryGenerator.__name__, (GlossaryGenerator,), {"build": build})


def offer_extension(generator) -> None:
    """``generator_init``: give the generator's Markdown readers the extension that finds this build's terms.

    Through the front_matter reader's ``build_extensions`` (a reader without it, such as Pelican's own
    ``MarkdownReader``, leaves no marks: the terms are then found in the HTML after reading, same links).
    """
    readers = getattr(generator, "readers", None)
    if readers is None:
        return
    extension = GlossaryExtension(context=generator.context)
    seen: set[int] = set()
    for reader in readers.readers.values():
        hook = getattr(reader, "build_extensions", None)
        if hook is not None and id(reader) not in seen:
            seen.add(id(reader))
            hook.append(extension)


def glossary_changed(pelican, path: str, generators: list, writer) -> list[str] | None:
    """``preview_data_changed``: the glossary file was saved; load it and write the glossary page."""
    glossary_file = Path(pelican.settings["PATH"]) / SETTINGS.get(pelican.settings, "GLOSSARY_FILE")
    if Path(path).resolve() != glossary_file.resolve():
        return None
    build = load_build(pelican)
    for generator in generators:
        if isinstance(generator, GlossaryGenerator):
            generator.reload(build, writer)
    return []  # the pages shown in open tabs are read again by the preview


def link_refreshed(sender, old: Content, new: Content, generators: list) -> None:
    """``preview_document_refreshed``: link the terms of a document read again."""
    for generator in generators:
        if isinstance(generator, GlossaryGenerator):
            generator.link_one(new)


def matcher_digest(matcher: TermMatcher) -> str:
    """Changes whenever the terms found, their slugs, or the rules for where to look could change."""
    rules = " ".join([MARKS_FORMAT, *sorted(NO_LINK_ELEMENTS), *sorted(NO_LINK_CLASSES)])
    return hashlib.sha256(f"{rules}\n{matcher.signature}".encode()).hexdigest()[:20]


def drop_stale_cache(settings: dict, digest: str) -> None:
    """Delete Pelican's content cache when it was written with another matcher: its marks would be stale.

    Runs before the generators are made (each loads its cache then). The stamp is written again by the
    generator once this build's documents carry marks of ``digest``.
    """
    if not settings.get("LOAD_CONTENT_CACHE"):
        return
    stamp = Path(settings["CACHE_PATH"]) / CACHE_STAMP
    try:
        recorded = stamp.read_text(encoding="utf-8").strip()
    except OSError:
        recorded = None
    if recorded != digest:
        logger.info("The glossary's terms changed since the content cache was written: reading every file again")
        try:
            drop_content_cache(settings)
        except OSError as error:  # the marks are checked against the digest anyway: found again, slower
            logger.warning("glossary: cannot delete the stale content cache in %s: %s", settings["CACHE_PATH"], error)
