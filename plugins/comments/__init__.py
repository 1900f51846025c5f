"""Reader comments from a static JSON archive, threaded under each post.

``content/comments/<post-slug>.json`` holds one post's comments (``schema.json``). After the articles are
read (``article_generator_finalized``, every build: the archive is another file than the post, so Pelican's
content cache must never serve its comments), each article gets:

- ``article.comments``: top-level :class:`~.thread.ThreadItem` list, each with ``.replies``;
- ``article.comment_count``: every shown comment, replies included;
- ``article.comments_enabled``: False when the post says ``Comments: off``.

Settings: ``COMMENTS_PATH`` (folder under the content path, default ``comments``), ``COMMENTS_MAX_DEPTH``
(default 5), ``COMMENTS_CONTACT_NOTE`` (default: ``CONTACT_NOTE``). ``python -m plugins.comments import``
brings comments over from WordPress (WXR, REST API JSON) and Disqus.
"""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals

from .archive import CommentArchiveError, archive_files, load_archive
from .thread import build_threads

__all__ = ["CommentArchiveError", "register"]

logger = logging.getLogger(__name__)

DEFAULT_SETTINGS = {"COMMENTS_PATH": "comments", "COMMENTS_MAX_DEPTH": 5}
OFF_VALUES = {"off", "no", "false", "0", "closed", "hidden", "none"}


def set_defaults(pelican) -> None:
    """Settings defaults, visible to templates too."""
    for key, value in DEFAULT_SETTINGS.items():
        pelican.settings.setdefault(key, value)
    pelican.settings.setdefault("COMMENTS_CONTACT_NOTE", pelican.settings.get("CONTACT_NOTE"))


def comments_enabled(article) -> bool:
    """False when the post's front matter says ``Comments: off`` (or no, false, closed, hidden)."""
    value = article.metadata.get("comments")
    return value is None or str(value).strip().lower() not in OFF_VALUES


def attach_comments(generator) -> None:
    """Load every archive file, validate it, and give each article its threads and count."""
    settings = generator.settings
    folder = Path(generator.path) / settings.get("COMMENTS_PATH", DEFAULT_SETTINGS["COMMENTS_PATH"])
    max_depth = int(settings.get("COMMENTS_MAX_DEPTH", DEFAULT_SETTINGS["COMMENTS_MAX_DEPTH"]))
    timezone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    articles = [
        *generator.articles,
        *generator.translations,
        *generator.drafts,
        *generator.drafts_translations,
        *getattr(generator, "hidden_articles", []),
        *getattr(generator, "hidden_translations", []),
    ]
    by_slug: dict[str, list] = {}
    for article in articles:
        by_slug.setdefault(article.slug, []).append(article)
        article.comments_enabled = comments_enabled(article)
        article.comments = []
        article.comment_count = 0
    commenters: dict = {}  # per build: name and URL -> link, initials, avatar colour
    for path in archive_files(folder):
        archive = load_archive(path)
        for error in archive.errors:
            logger.error("%s:%d: %s", error.path, error.line, error.message)
        targets = by_slug.get(archive.slug)
        if not targets:
            logger.warning(
                "%s: comment archive for slug %r, but no post has that slug; rename the file to the post's slug",
                path,
                archive.slug,
            )
            continue
        threads = build_threads(archive.comments, timezone, max_depth, commenters)
        count = len(archive.comments)  # every comment is shown: build_threads drops none
        for article in targets:
            if not article.comments_enabled:
                logger.info("%s: %d archived comment(s) hidden by 'Comments: off'", path, count)
                continue
            article.comments = threads
            article.comment_count = count


def register() -> None:
    signals.initialized.connect(set_defaults)
    signals.article_generator_finalized.connect(attach_comments)
