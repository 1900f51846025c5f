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

from ..shared import PluginSettings
from ..shared.contracts import PREVIEW_DOCUMENT_REFRESHED
from .scoring import DEFAULT_WEIGHTS, Related, RelatedIndex, related_posts

__all__ = ["Related", "RelatedIndex", "register", "related_posts"]

logger = logging.getLogger(__name__)


def _check_max(value) -> str | None:
    if isinstance(value, int) and value >= 0:
        return None
    return "expected a whole number of posts (0 or more); using 3"


def _check_weights(value) -> str | None:
    weights = value or {}
    if isinstance(weights, dict) and all(
        key in DEFAULT_WEIGHTS and isinstance(weight, int) and weight >= 0 for key, weight in weights.items()
    ):
        return None
    return f"keys are {[*DEFAULT_WEIGHTS]}, weights whole numbers >= 0; using the defaults"


SETTINGS = PluginSettings(
    "RELATED_",
    {"RELATED_MAX": 3, "RELATED_WEIGHTS": {}},
    checks={"RELATED_MAX": _check_max, "RELATED_WEIGHTS": _check_weights},
)


def _settings(settings) -> tuple[int, dict[str, int]]:
    weights = SETTINGS.get(settings, "RELATED_WEIGHTS") or {}
    return SETTINGS.get(settings, "RELATED_MAX"), {**DEFAULT_WEIGHTS, **weights}


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


def carry_related(sender, old, new, generators: list) -> None:
    """``preview_document_refreshed`` (make devserver): a post read again keeps its related posts until the catch-up."""
    if "related_posts" in vars(old):
        new.related_posts = old.related_posts


def register() -> None:
    signals.initialized.connect(SETTINGS.initialize)
    signals.all_generators_finalized.connect(attach_related)
    PREVIEW_DOCUMENT_REFRESHED.connect(carry_related)
