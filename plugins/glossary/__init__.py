"""Glossary links: medical terms linked to their definitions, with an accessible tooltip.

- ``content/glossary.yaml`` holds the terms (see README.md for the format);
  errors name the file and line and make the build exit non-zero.
- After reading, on every build, each post and page is linked in one pass with
  one compiled pattern: by default the first occurrence of each term, or every
  occurrence (``Glossary: every``), or none (``Glossary: off``).
- ``article.glossary_terms`` lists the slugs of the terms a post uses, in order.
- The glossary page ``glossary/`` lists every term, with the posts that use it.
"""

from pelican import signals

from .data import Glossary, GlossaryError, Term, load_glossary, parse_glossary
from .generator import GlossaryGenerator
from .linker import link_terms, strip_tooltips
from .matcher import TermMatcher

__all__ = [
    "Glossary",
    "GlossaryError",
    "GlossaryGenerator",
    "Term",
    "TermMatcher",
    "link_terms",
    "load_glossary",
    "parse_glossary",
    "register",
    "strip_tooltips",
]


def add_generator(pelican):
    return GlossaryGenerator


def strip_feed_tooltips(context, feed) -> None:
    """Feeds keep the links but not the tooltips: feed readers show no CSS, so the text would change."""
    for item in feed.items:
        for key in ("content", "description"):
            if item.get(key):
                item[key] = strip_tooltips(item[key])


def register() -> None:
    signals.get_generators.connect(add_generator)
    signals.feed_generated.connect(strip_feed_tooltips)
