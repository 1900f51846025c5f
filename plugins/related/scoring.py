"""Choose related posts: shared glossary terms, tags and series, deterministic order.

An inverted index (tag, term, series -> posts) means each post only looks at the posts it shares
something with, so a build with thousands of posts stays fast.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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
    """The series a post belongs to: the series plugin's object (slug or name) or the raw ``Series:`` string."""
    series = getattr(article, "series", None)
    if not series:
        return None
    if isinstance(series, str):
        return series.strip().lower() or None
    for attribute in ("slug", "name"):
        value = getattr(series, attribute, None)
        if value:
            return str(value).strip().lower()
    return None


def features(article) -> Features:
    """The features of a post; glossary terms are set by the glossary plugin (none without it)."""
    tags = {getattr(tag, "slug", str(tag)): str(tag) for tag in getattr(article, "tags", None) or []}
    terms = tuple(dict.fromkeys(getattr(article, "glossary_terms", None) or []))
    return Features(tags, terms, series_key(article))


class RelatedIndex:
    """The candidate posts, indexed by what they can share.

    Candidates are kept in tie-break order (newer first, then slug), so among equal scores the lower
    position wins; scores are summed with ``Counter.update`` over the posting lists.
    """

    def __init__(self, candidates: Iterable, weights: Mapping[str, int] = DEFAULT_WEIGHTS) -> None:
        ordered = sorted(candidates, key=lambda candidate: getattr(candidate, "slug", ""))
        ordered.sort(key=lambda candidate: candidate.date, reverse=True)
        self.candidates = ordered
        self.features = [features(candidate) for candidate in ordered]
        self.weights = {key: max(0, int(weights.get(key, 0))) for key in DEFAULT_WEIGHTS}
        self.positions_of: dict[int, int] = {id(candidate): n for n, candidate in enumerate(ordered)}
        self.by_source: dict[str, list[int]] = defaultdict(list)
        self.by_tag: dict[str, list[int]] = defaultdict(list)
        self.by_term: dict[str, list[int]] = defaultdict(list)
        self.by_series: dict[str, list[int]] = defaultdict(list)
        for position, (candidate, feature) in enumerate(zip(ordered, self.features, strict=True)):
            source = getattr(candidate, "source_path", None)
            if source:
                self.by_source[source].append(position)
            for slug in feature.tags:
                self.by_tag[slug].append(position)
            for term in feature.terms:
                self.by_term[term].append(position)
            if feature.series:
                self.by_series[feature.series].append(position)

    def related(self, article, limit: int = 3) -> list[Related]:
        """Up to ``limit`` candidates sharing something with ``article``.

        Highest score first; ties go to the newer post, then to the slug in alphabetical order.
        The article itself (same object or same source file) is never its own related post.
        """
        position = self.positions_of.get(id(article))
        own = self.features[position] if position is not None else features(article)
        scores: Counter[int] = Counter()
        postings = [
            (self.by_tag, own.tags, self.weights["tags"]),
            (self.by_term, own.terms, self.weights["glossary_terms"]),
            (self.by_series, [own.series] if own.series else [], self.weights["series"]),
        ]
        for index, keys, weight in postings:
            for key in keys:
                for _ in range(weight):
                    scores.update(index.get(key, ()))
        for itself in [position, *self.by_source.get(getattr(article, "source_path", None), ())]:
            scores.pop(itself, None)
        return [self._explain(own, chosen, total) for chosen, total in _best(scores, limit)]

    def _explain(self, own: Features, position: int, total: int) -> Related:
        theirs = self.features[position]
        return Related(
            self.candidates[position],
            total,
            [name for slug, name in own.tags.items() if slug in theirs.tags],
            [term for term in own.terms if term in theirs.terms],
            own.series is not None and own.series == theirs.series,
        )


def _best(scores: dict[int, int], limit: int) -> list[tuple[int, int]]:
    """The ``limit`` best (position, score) pairs: highest score, then lowest position. Empties ``scores``."""
    chosen: list[tuple[int, int]] = []
    while scores and len(chosen) < limit:
        top = max(scores.values())
        if top <= 0:
            break
        level = sorted(position for position, total in scores.items() if total == top)
        chosen += [(position, top) for position in level[: limit - len(chosen)]]
        for position in level:
            del scores[position]
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
