"""Names two plugins agree on without importing each other, and who provides and reads each shared name.

The tables below are the contracts between plugins, as data: the keys each plugin puts into Pelican's shared
build context, and the attributes each sets on documents, generators and the Pelican object, each with the
plugins (and ``theme``, the templates) that read it. ``tests/unit/test_contracts.py`` checks the code and the
templates against them in both directions. The live preview's two hooks are the signal objects at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from blinker import signal

# The callouts plugin writes it on each callout's title; the glossary never links inside it.
CALLOUT_TITLE_CLASS = "callout-title"
# An author's way to keep words unlinked: <span class="no-glossary">POTS</span>.
NO_GLOSSARY_CLASS = "no-glossary"
# The glossary's own link and tooltip.
GLOSSARY_TERM_CLASS = "glossary-term"
GLOSSARY_TIP_CLASS = "glossary-tip"
# The classes the glossary never links inside (an element with any of them, and everything in it).
GLOSSARY_NEVER_INSIDE = frozenset({CALLOUT_TITLE_CLASS, NO_GLOSSARY_CLASS, GLOSSARY_TERM_CLASS, GLOSSARY_TIP_CLASS})


@runtime_checkable
class SeriesMembership(Protocol):
    """``article.series`` as the series plugin sets it (its ``SeriesPosition``), the one shape others read.

    The series plugin sets it on every post that names a series it knows, and ``None`` on a post whose
    ``Series:`` it could not resolve (an unknown or broken series: one error, naming the file and line).
    Any other value, such as the raw ``Series:`` text Pelican leaves when the series plugin is off, is no
    series.
    """

    @property
    def slug(self) -> str:
        """The series' slug, the name of its file in ``content/series/``."""


@dataclass(frozen=True)
class Shared:
    """Names one plugin (or ``Pelican``) provides and the others read; ``theme``: the templates read them."""

    names: tuple[str, ...]
    provider: str
    readers: tuple[str, ...] = ()


# Keys of Pelican's shared build context (one dict for all the generators of a build, made afresh for each
# build; it also holds a copy of every setting, not listed here). No reader: offered to templates.
CONTEXT_KEYS: tuple[Shared, ...] = (
    Shared(("articles",), "Pelican", ("glossary", "series", "measures")),
    Shared(("drafts", "hidden_articles"), "Pelican", ("series", "measures")),
    Shared(("pages",), "Pelican", ("glossary",)),
    Shared(("generated_content",), "Pelican", ("glossary", "series", "speed", "preview")),
    Shared(("static_content",), "Pelican", ("preview",)),
    Shared(("localsiteurl",), "Pelican", ("speed",)),
    Shared(("glossary_marking",), "glossary", ("glossary",)),  # this build's terms, for the Markdown extension
    Shared(("glossary", "glossary_url"), "glossary", ("theme",)),
    Shared(("all_series",), "series", ("measures", "theme")),
    Shared(("series_by_slug",), "series"),
    Shared(("search_early_index",), "search", ("search",)),  # this build's early Pagefind run
    Shared(("WORDPRESS_GUIDS",), "wordpress", ("wordpress",)),  # post URL to WordPress GUID
)

# Attributes set on Pelican's documents (articles and pages). Read by none: offered to templates.
DOCUMENT_ATTRIBUTES: tuple[Shared, ...] = (
    Shared(("reading_time",), "essentials", ("theme",)),
    Shared(("word_count",), "essentials"),
    Shared(("glossary_terms",), "glossary", ("related",)),  # slugs, in order of first use
    Shared(("glossary_links",), "glossary", ("theme",)),
    Shared(("series",), "series", ("related", "measures", "theme")),  # SeriesPosition (SeriesMembership), or None
    Shared(("series_month",), "series"),
    Shared(("series_origin_of",), "series", ("theme",)),
    Shared(("series_failed",), "series", ("measures",)),  # the slug of a series whose one error was reported
    Shared(("measure_readings",), "measures", ("theme",)),
    Shared(("comments", "comment_count", "comments_enabled", "comments_reply"), "comments", ("theme",)),
    Shared(("related_posts",), "related", ("theme",)),
)

# Attributes set on Pelican's generators.
GENERATOR_ATTRIBUTES: tuple[Shared, ...] = (
    Shared(
        ("comments_writer", "comments_cache", "comments_pages"), "comments"
    ),  # for the live preview's fast path, and pruning
)

# Attributes set on the Pelican object: one build's state, never in the settings.
PELICAN_ATTRIBUTES: tuple[Shared, ...] = (
    Shared(("build_guard",), "essentials", ("preview",)),
    Shared(("glossary_converters",), "glossary"),
    Shared(("search_early",), "search"),
)

# The live preview's hooks (``make devserver``, plugins/preview/hooks.py says what they carry). Blinker signals,
# as Pelican's are: a plugin connects to them in its ``register()``; outside the preview they are never sent.
PREVIEW_DATA_CHANGED = signal("preview_data_changed")
PREVIEW_DOCUMENT_REFRESHED = signal("preview_document_refreshed")
