"""Choose related posts: shared glossary terms, tags and series, deterministic order."""

from __future__ import annotations

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


def tag_names(article) -> dict[str, str]:
    """Tag slug -> tag name, in the order the author wrote them."""
    return {getattr(tag, "slug", str(tag)): str(tag) for tag in getattr(article, "tags", None) or []}


def glossary_terms(article) -> list[str]:
    """The glossary term slugs of a post (set by the glossary plugin; none without it)."""
    return list(getattr(article, "glossary_terms", None) or [])


def score(article, candidate, weights: Mapping[str, int] = DEFAULT_WEIGHTS) -> Related:
    """How related ``candidate`` is to ``article``."""
    candidate_tags = tag_names(candidate)
    shared_tags = [candidate_tags[slug] for slug in tag_names(article) if slug in candidate_tags]
    candidate_terms = set(glossary_terms(candidate))
    shared_terms = [term for term in dict.fromkeys(glossary_terms(article)) if term in candidate_terms]
    own_series = series_key(article)
    same_series = own_series is not None and own_series == series_key(candidate)
    total = (
        weights.get("tags", 0) * len(shared_tags)
        + weights.get("glossary_terms", 0) * len(shared_terms)
        + weights.get("series", 0) * int(same_series)
    )
    return Related(candidate, total, shared_tags, shared_terms, same_series)


def related_posts(
    article, candidates: Iterable, limit: int = 3, weights: Mapping[str, int] = DEFAULT_WEIGHTS
) -> list[Related]:
    """Up to ``limit`` candidates sharing something with ``article``.

    Highest score first; ties go to the newer post, then to the slug in alphabetical order.
    The article itself is never its own related post.
    """
    scored = [score(article, candidate, weights) for candidate in candidates if candidate is not article]
    scored = [item for item in scored if item.score > 0 and not _same_source(article, item.article)]
    scored.sort(key=lambda item: getattr(item.article, "slug", ""))
    scored.sort(key=lambda item: item.article.date, reverse=True)
    scored.sort(key=lambda item: item.score, reverse=True)
    return scored[: max(0, limit)]


def _same_source(article, candidate) -> bool:
    source = getattr(article, "source_path", None)
    return source is not None and source == getattr(candidate, "source_path", None)
