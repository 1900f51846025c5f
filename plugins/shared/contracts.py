"""Names two plugins agree on without importing each other."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

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
