"""Choose related posts: shared glossary terms, tags and series, deterministic order.

An inverted index (tag, term, series -> bitmask of posts) and bit-sliced score counters mean each post
costs a few big-integer operations per feature it has, so a build with thousands of posts stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..shared.contracts import SeriesMembership

DEFAULT_WEIGHTS = {"tags": 2, "glossary_terms": 1, "series": 2}


@dataclass(frozen=True)
class Related:
    """One related post and why it was chosen."""

    article: object
    score: int
    shared_tags: list[str] = field(default_factory=list)
    shared_terms: list[str] = field(default_factory=list)
    same_series: bool = False


@dataclass(frozen=True)
class Features:
    """What a post can share with another: tags (slug -> name), glossary term slugs, series key."""

    tags: dict[str, str]
    terms: tuple[str, ...]
    series: str | None


def series_key(article) -> str | None:
    """The slug of the series a post belongs to, as the series plugin set it (``SeriesMembership``); else None.

    A raw ``Series:`` text the series plugin did not resolve (or with the series plugin off) is no series.
    """
    series = getattr(article, "series", None)
    return series.slug if isinstance(series, SeriesMembership) else None


def features(article) -> Features:
    """The features of a post; glossary terms are set by the glossary plugin (none without it)."""
    tags = {getattr(tag, "slug", str(tag)): str(tag) for tag in getattr(article, "tags", None) or []}
    terms = tuple(dict.fromkeys(getattr(article, "glossary_terms", None) or []))
    return Features(tags, terms, series_key(article))


class RelatedIndex:
    """The candidate posts, indexed by what they can share.

    Candidates are kept in tie-break order (newer first, then slug), so among equal scores the lower
    position wins. Each tag, term and series maps to a bitmask of candidate positions; a post's scores
    for all candidates are summed at once in bit-sliced counters (``slices[j]`` holds bit ``j`` of every
    candidate's score), so the cost per post grows with its own features, not with pairs of posts.
    """

    def __init__(self, candidates: Iterable, weights: Mapping[str, int] = DEFAULT_WEIGHTS) -> None:
        ordered = sorted(candidates, key=lambda candidate: getattr(candidate, "slug", ""))
        ordered.sort(key=lambda candidate: candidate.date, reverse=True)
        self.candidates = ordered
        self.features = [features(candidate) for candidate in ordered]
        self.weights = {key: max(0, int(weights.get(key, 0))) for key in DEFAULT_WEIGHTS}
        self.positions_of: dict[int, int] = {id(candidate): n for n, candidate in enumerate(ordered)}
        self.by_source: dict[str, int] = defaultdict(int)
        self.by_tag: dict[str, int] = defaultdict(int)
        self.by_term: dict[str, int] = defaultdict(int)
        self.by_series: dict[str, int] = defaultdict(int)
        for position, (candidate, feature) in enumerate(zip(ordered, self.features, strict=True)):
            bit = 1 << position
            source = getattr(candidate, "source_path", None)
            if source:
                self.by_source[source] |= bit
            for slug in feature.tags:
                self.by_tag[slug] |= bit
            for term in feature.terms:
                self.by_term[term] |= bit
            if feature.series:
                self.by_series[feature.series] |= bit

    def related(self, article, limit: int = 3) -> list[Related]:
        """Up to ``limit`` candidates sharing something with ``article``.

        Highest score first; ties go to the newer post, then to the slug in alphabetical order.
        The article itself (same object or same source file) is never its own related post.
        """
        position = self.positions_of.get(id(article))
        own = self.features[position] if position is not None else features(article)
        slices: list[int] = []
        postings = [
            (self.by_tag, own.tags, self.weights["tags"]),
            (self.by_term, own.terms, self.weights["glossary_terms"]),
            (self.by_series, [own.series] if own.series else [], self.weights["series"]),
        ]
        for index, keys, weight in postings:
            if not weight:
                continue
            for key in keys:
                mask = index.get(key, 0)
                if mask:
                    _add_weighted(slices, mask, weight)
        excluded = self.by_source.get(getattr(article, "source_path", None), 0)
        if position is not None:
            excluded |= 1 << position
        if excluded:
            slices = [bits & ~excluded for bits in slices]
        return [self._explain(own, chosen, total) for chosen, total in _best(slices, limit)]

    def _explain(self, own: Features, position: int, total: int) -> Related:
        theirs = self.features[position]
        return Related(
            self.candidates[position],
            total,
            [name for slug, name in own.tags.items() if slug in theirs.tags],
            [term for term in own.terms if term in theirs.terms],
            own.series is not None and own.series == theirs.series,
        )


def _add_weighted(slices: list[int], mask: int, weight: int) -> None:
    """Add ``weight`` to the score of every candidate in ``mask`` (bit-sliced addition with carries)."""
    shift = 0
    while weight:
        if weight & 1:
            carry, level = mask, shift
            while carry:
                while level >= len(slices):
                    slices.append(0)
                bits = slices[level]
                slices[level] = bits ^ carry
                carry &= bits
                level += 1
        weight >>= 1
        shift += 1


def _best(slices: list[int], limit: int) -> list[tuple[int, int]]:
    """The ``limit`` best (position, score) pairs: highest score, then lowest position."""
    chosen: list[tuple[int, int]] = []
    remaining = 0
    for bits in slices:
        remaining |= bits  # every candidate with a score above zero
    while remaining and len(chosen) < limit:
        level, top = remaining, 0
        for bit in range(len(slices) - 1, -1, -1):
            narrowed = level & slices[bit]
            if narrowed:
                level, top = narrowed, top | (1 << bit)
        remaining &= ~level
        while level and len(chosen) < limit:
            lowest = level & -level
            chosen.append((lowest.bit_length() - 1, top))
            level ^= lowest
    return chosen


def related_posts(
    article, candidates: Iterable, limit: int = 3, weights: Mapping[str, int] = DEFAULT_WEIGHTS
) -> list[Related]:
    """Up to ``limit`` related posts of ``article`` among ``candidates`` (see ``RelatedIndex.related``)."""
    return RelatedIndex(candidates, weights).related(article, limit)


def score(article, candidate, weights: Mapping[str, int] = DEFAULT_WEIGHTS) -> Related:
    """How related ``candidate`` is to ``article``, with the reasons."""
    found = RelatedIndex([candidate], weights).related(article, 1)
    return found[0] if found else Related(candidate, 0)
