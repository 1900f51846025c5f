"""Related posts under each post, chosen by shared glossary terms, tags and series.

Runs on ``all_generators_finalized``: every post has been read and every other plugin (glossary terms,
series) has had its say, and nothing has been written yet. Recomputed on every build, never cached.
Sets ``article.related_posts`` (a list of ``Related``) on published posts, drafts and hidden posts;
only published posts are ever suggested.
"""

from __future__ import annotations

import logging
import time

from pelican import signals
from pelican.generators import ArticlesGenerator

from .scoring import DEFAULT_WEIGHTS, Related, RelatedIndex, related_posts

__all__ = ["Related", "RelatedIndex", "register", "related_posts"]

logger = logging.getLogger(__name__)


def _settings(settings) -> tuple[int, dict[str, int]]:
    limit = settings.get("RELATED_MAX", 3)
    weights = {**DEFAULT_WEIGHTS, **(settings.get("RELATED_WEIGHTS") or {})}
    if not isinstance(limit, int) or limit < 0:
        logger.error("RELATED_MAX: expected a whole number of posts (0 or more), got %r; using 3", limit)
        limit = 3
    for key, value in list(weights.items()):
        if key not in DEFAULT_WEIGHTS or not isinstance(value, int) or value < 0:
            logger.error(
                "RELATED_WEIGHTS: %r: %r: keys are %s, weights whole numbers >= 0", key, value, [*DEFAULT_WEIGHTS]
            )
            del weights[key]
    return limit, {**DEFAULT_WEIGHTS, **weights}


def attach_related(generators) -> None:
    """Give every post of the build its ``related_posts``."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        started = time.perf_counter()
        limit, weights = _settings(generator.settings)
        index = RelatedIndex(generator.articles, weights)
        posts = [*generator.articles, *generator.drafts, *generator.hidden_articles]
        for article in posts:
            article.related_posts = index.related(article, limit)
        logger.info("related: related posts for %d posts in %.2f s", len(posts), time.perf_counter() - started)


def register() -> None:
    signals.all_generators_finalized.connect(attach_related)
