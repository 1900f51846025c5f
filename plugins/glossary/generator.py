"""The glossary generator: loads the glossary, links every document, writes the glossary page.

It runs after the articles and pages generators, on every build, on the HTML
Pelican read (or took from its content cache), so editing the glossary file
updates every page even when the posts themselves come from the cache.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from html import escape
from pathlib import Path

from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import (
    posixize_path,
    strip_toc_elements_from_html,
    truncate_html_paragraphs,
    truncate_html_words,
)

from .data import Glossary, Term, load_glossary
from .linker import MODES, link_terms
from .matcher import TermMatcher

logger = logging.getLogger(__name__)

DEFAULTS = {
    "GLOSSARY_FILE": "glossary.yaml",
    "GLOSSARY_DEFAULT_MODE": "first",
    "GLOSSARY_URL": "glossary/",
    "GLOSSARY_SAVE_AS": "glossary/index.html",
    "GLOSSARY_TEMPLATE": "glossary",
    "GLOSSARY_MENTIONS_SHOWN": 10,
}


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


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULTS[name])


class GlossaryGenerator(Generator):
    """Per build: load the glossary, link all documents, then write ``glossary/``."""

    def generate_context(self) -> None:
        self.glossary: Glossary | None = None
        self.entries: list[GlossaryEntry] = []
        path = Path(self.path) / setting(self.settings, "GLOSSARY_FILE")
        if not path.is_file():
            logger.info("No glossary file at %s: glossary links are off", path)
            return
        relative = posixize_path(str(path.relative_to(self.path)))
        glossary = load_glossary(path, display_path=str(path))
        for error in glossary.errors:
            logger.error("%s:%d: %s", error.path, error.line, error.message)
        self.glossary = glossary
        page = GlossaryPage(setting(self.settings, "GLOSSARY_URL"), setting(self.settings, "GLOSSARY_SAVE_AS"))
        self.context["generated_content"][relative] = page

        matcher = TermMatcher(glossary.terms)
        default_mode = self._default_mode()
        make_link = partial(render_link, href=f"{{filename}}/{relative}")
        documents = sorted(
            (item for item in self.context["generated_content"].values() if isinstance(item, Content)),
            key=lambda item: item.source_path,
        )
        changed = []
        for document in documents:
            # With CONTENT_CACHING_LAYER = "generator", a cached document carries the context of the build that
            # cached it; point it at this build's, so its links (ours and Pelican's) resolve against this build.
            document._context = self.context
            if link_document(document, matcher, self._mode_of(document, default_mode), make_link):
                changed.append(document)
        forget_rendered(changed)

        self.entries = self._entries(glossary)
        self.context["glossary"] = self.entries
        self.context["glossary_url"] = page.url
        self._report_unused(glossary)

    def generate_output(self, writer) -> None:
        save_as = setting(self.settings, "GLOSSARY_SAVE_AS")
        if self.glossary is None or not save_as:
            return
        letters: dict[str, list[GlossaryEntry]] = {}
        for entry in self.entries:
            letters.setdefault(entry.term.letter, []).append(entry)
        writer.write_file(
            save_as,
            self.get_template(setting(self.settings, "GLOSSARY_TEMPLATE")),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=setting(self.settings, "GLOSSARY_URL"),
            page_name="glossary",
            glossary_letters=sorted(letters.items(), key=lambda item: (item[0] == "#", item[0])),
            glossary_mentions_shown=setting(self.settings, "GLOSSARY_MENTIONS_SHOWN"),
        )

    def _default_mode(self) -> str:
        mode = str(setting(self.settings, "GLOSSARY_DEFAULT_MODE")).strip().lower()
        if mode not in MODES:
            logger.error("settings: GLOSSARY_DEFAULT_MODE is %r; use one of %s", mode, ", ".join(MODES))
            return "first"
        return mode

    def _mode_of(self, document: Content, default: str) -> str:
        value = document.metadata.get("glossary")
        if value is None:
            return default
        mode = str(value).strip().lower()
        if mode not in MODES:
            logger.error(
                "%s:%d: Glossary: %r is not a glossary mode; use one of %s",
                document.source_path,
                metadata_line(document.source_path, "glossary"),
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


def link_document(document: Content, matcher: TermMatcher, mode: str, make_link) -> bool:
    """Link one document's HTML; returns whether its HTML changed.

    Sets ``document.glossary_terms`` (slugs in order of first use) and
    ``document.glossary_links`` (how many links were added). A summary that
    Pelican would cut from the content is fixed first, from the unlinked HTML,
    so listings and feeds never show a cut-off link or tooltip.
    """
    if getattr(document, "_glossary_done", False):
        return False
    document._glossary_done = True
    original = document._content or ""
    result = link_terms(original, matcher, mode, make_link)
    document.glossary_terms = result.used
    document.glossary_links = result.linked
    if result.html == original:
        return False
    if "summary" not in document.metadata:
        summary = summary_of(original, document.settings)
        document.metadata["summary"] = summary
        document._summary = summary
    document._content = result.html
    return True


def summary_of(content: str, settings: dict) -> str:
    """The summary Pelican would cut from ``content`` (same settings, same functions)."""
    max_paragraphs = settings.get("SUMMARY_MAX_PARAGRAPHS")
    if max_paragraphs is not None:
        content = truncate_html_paragraphs(content, max_paragraphs)
    if settings.get("SUMMARY_MAX_LENGTH") is not None:
        content = truncate_html_words(content, settings["SUMMARY_MAX_LENGTH"], settings.get("SUMMARY_END_SUFFIX", "…"))
    return strip_toc_elements_from_html(content)


def forget_rendered(documents: list[Content]) -> None:
    """Drop Pelican's memoized content and summary of documents whose HTML just changed."""
    if not documents:
        return
    ids = {id(document) for document in documents}
    for name in ("get_content", "get_summary"):
        cache = Content.__dict__[name].cache
        for key in [key for key in cache if key and id(key[0]) in ids]:
            del cache[key]


def render_link(term: Term, text: str, tooltip_id: str, href: str) -> str:
    """The markup around one linked term: the link, then its tooltip (described-by)."""
    expansion = ""
    if term.expansion:
        expansion = f'<b class="glossary-tip-expansion">{escape(term.expansion[:1].upper() + term.expansion[1:])}:</b> '
    return (
        f'<span class="glossary-term"><a class="glossary-link" href="{escape(href)}#{term.slug}"'
        f' aria-describedby="{tooltip_id}">{text}</a>'
        f'<span class="glossary-tip" id="{tooltip_id}" role="tooltip" hidden data-pagefind-ignore>'
        f"{expansion}{term.tooltip_html}</span></span>"
    )


def metadata_line(source_path: str, field_name: str) -> int:
    """The line of ``Field:`` in a source file's front matter (1 when it cannot be found)."""
    pattern = re.compile(rf"^\s*{re.escape(field_name)}\s*:", re.IGNORECASE)
    try:
        with open(source_path, encoding="utf-8") as source:
            for number, line in enumerate(source, start=1):
                if pattern.match(line):
                    return number
    except OSError:
        pass
    return 1
