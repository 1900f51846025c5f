"""Glossary links: medical terms linked to their definitions, with an accessible tooltip.

- ``content/glossary.yaml`` holds the terms (see README.md for the format);
  errors name the file and line and make the build exit non-zero.
- While Markdown converts a post, a treeprocessor finds the terms on the element
  tree with one compiled pattern (extension.py; the front_matter reader adds it to
  its converters for each build, never through ``MARKDOWN``); after reading, on every build,
  the marks become links: by default the first occurrence of each term, or every
  occurrence (``Glossary: every``), or none (``Glossary: off``).
- ``article.glossary_terms`` lists the slugs of the terms a post uses, in order.
- The glossary page ``glossary/`` lists every term, with the posts that use it.
"""

from pelican import signals

from ..shared.contracts import PREVIEW_DATA_CHANGED, PREVIEW_DOCUMENT_REFRESHED
from .data import Glossary, GlossaryError, Term, load_glossary, parse_glossary
from .extension import GlossaryExtension, take_marks
from .generator import SETTINGS, GlossaryGenerator, glossary_changed, link_refreshed, offer_extension, prepare_build
from .linker import link_terms, strip_tooltips
from .matcher import TermMatcher

__all__ = [
    "Glossary",
    "GlossaryError",
    "GlossaryExtension",
    "GlossaryGenerator",
    "Term",
    "TermMatcher",
    "link_terms",
    "load_glossary",
    "parse_glossary",
    "register",
    "strip_tooltips",
]


def strip_feed_tooltips(context, feed) -> None:
    """Feeds keep the links but not the tooltips: feed readers show no CSS, so the text would change."""
    for item in feed.items:
        for key in ("content", "description"):
            if item.get(key):
                item[key] = strip_tooltips(item[key])


def register() -> None:
    signals.initialized.connect(SETTINGS.initialize)
    signals.get_generators.connect(prepare_build)
    signals.generator_init.connect(offer_extension)
    signals.content_object_init.connect(take_marks)
    signals.feed_generated.connect(strip_feed_tooltips)
    # make devserver's fast path (plugins/preview/hooks.py): a glossary edit, an edited post read again.
    PREVIEW_DATA_CHANGED.connect(glossary_changed)
    PREVIEW_DOCUMENT_REFRESHED.connect(link_refreshed)
