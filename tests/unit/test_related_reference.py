"""The indexed related-post choice equals a brute-force pairwise reference on generated posts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from plugins.related.scoring import DEFAULT_WEIGHTS, RelatedIndex, features
from tests.unit.test_related import post

TAGS = [f"Tag {n}" for n in range(12)]
TERMS = [f"term-{n}" for n in range(30)]
SERIES = [None, None, "ivig-updates", "pots-diary", "Insurance"]


def generated_posts(seed: int, count: int) -> list:
    """Posts with skewed tags and terms (a few very common ones), same-day dates and shared sources."""
    rng = random.Random(seed)
    start = datetime(2020, 1, 1)
    posts = []
    for n in range(count):
        tags = {rng.choice(TAGS[: rng.choice([2, 12])]) for _ in range(rng.randint(0, 4))}
        terms = [rng.choice(TERMS[: rng.choice([3, 30])]) for _ in range(rng.randint(0, 8))]
        date = start + timedelta(days=rng.randint(0, count // 3))
        source = f"/content/shared-{n % 7}.md" if n % 23 == 0 else None
        posts.append(
            post(f"p{rng.randint(0, 10**6):07d}-{n}", date.isoformat(), sorted(tags), terms, rng.choice(SERIES), source)
        )
    return posts


def reference(article, candidates, limit: int, weights) -> list[tuple[str, int]]:
    """Score every candidate against ``article`` pairwise, sort by score, newer date, slug."""
    own = features(article)
    scored = []
    for candidate in candidates:
        if candidate is article or candidate.source_path == article.source_path:
            continue
        theirs = features(candidate)
        total = weights["tags"] * len(own.tags.keys() & theirs.tags.keys())
        total += weights["glossary_terms"] * len(set(own.terms) & set(theirs.terms))
        total += weights["series"] * (own.series is not None and own.series == theirs.series)
        if total > 0:
            scored.append((-total, -candidate.date.timestamp(), candidate.slug, candidate))
    scored.sort(key=lambda row: row[:3])
    return [(row[3].slug, -row[0]) for row in scored[:limit]]


@pytest.mark.parametrize(
    ("seed", "limit", "weights"),
    [
        (1, 3, DEFAULT_WEIGHTS),
        (2, 5, DEFAULT_WEIGHTS),
        (3, 3, {"tags": 3, "glossary_terms": 0, "series": 7}),
        (4, 1, {"tags": 0, "glossary_terms": 5, "series": 0}),
    ],
)
def test_index_matches_brute_force_reference(seed, limit, weights):
    posts = generated_posts(seed, 300)
    published, outsiders = posts[:280], posts[280:]  # drafts: related to published posts, never chosen
    index = RelatedIndex(published, weights)
    for article in posts:
        chosen = [(related.article.slug, related.score) for related in index.related(article, limit)]
        assert chosen == reference(article, published, limit, weights), article.slug
    assert any(index.related(article, limit) for article in outsiders)
