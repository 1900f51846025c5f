"""Reader comments from a static JSON archive, threaded under each post.

``content/comments/<post-slug>.json`` holds one post's comments (``schema.json``), and
``content/comments/pages/<page-slug>.json`` one page's (their own namespace: a post and a page may share a slug;
attached at ``page_generator_finalized`` by the same code, :func:`attach_documents`). After the articles are
read (``article_generator_finalized``, every build: the archive is another file than the post, so Pelican's
content cache must never serve its comments), every archive is validated (errors are logged then) and each
article gets:

- ``article.comment_count``: every shown comment, replies included;
- ``article.comments_enabled``: False when the post says ``Comments: off``;
- ``article.comments``: an :class:`ArticleComments`. The comments themselves are not held for the build:
  ``article.comments.html()`` (the list as HTML, what the theme uses) and iterating (top-level
  :class:`~.thread.ThreadItem` objects, each with ``.replies``) read the archive again when the page is written.

With ``CACHE_CONTENT`` on, each clean archive's count and rendered list are kept under
``CACHE_PATH/comments/`` (:mod:`.cache`), keyed on the archive's bytes, the render settings and the plugin's
code; with ``LOAD_CONTENT_CACHE`` on, an archive found there is neither validated nor rendered again.

Settings (``SETTINGS``, checked at ``initialized``): ``COMMENTS_PATH`` (folder under the content path, default
``comments``), ``COMMENTS_MAX_DEPTH`` (default 5), ``COMMENTS_CONTACT_NOTE`` (default: ``CONTACT_NOTE``, none
with ``COMMENTS_EMAIL``), ``COMMENTS_EMAIL`` (unset: no reply links; set: ``article.comments_reply``, a
:class:`~.replylinks.ReplyLinks`, and a "Reply by e-mail" link on each comment).

``python -m plugins.comments import`` brings comments over from WordPress (WXR, REST API JSON) and Disqus;
``inbox``, ``pending``, ``approve`` and ``reject`` moderate replies by e-mail (:mod:`.moderation`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import Markup
from pelican import signals
from pelican.utils import slugify

from ..pelican_compat import unread_sources
from ..shared import PluginSettings
from ..shared.contracts import PREVIEW_DATA_CHANGED, PREVIEW_DOCUMENT_REFRESHED
from ..shared.frontmatter import front_matter_value
from .archive import (
    CheckedArchive,
    CommentArchiveError,
    StoredComment,
    archive_files,
    check_archive,
    comments_again,
    fingerprint,
    id_line,
)
from .cache import CommentCache, comment_cache
from .render import CommentListWriter
from .replylinks import ReplyLinks, check_address
from .targets import PAGES_FOLDER, page_target
from .thread import ThreadItem, build_threads

__all__ = ["ArticleComments", "CommentArchiveError", "register"]

logger = logging.getLogger(__name__)


def _check_path(value) -> str | None:
    if isinstance(value, str) and value.strip() and not Path(value).is_absolute() and ".." not in Path(value).parts:
        return None
    return "write a folder inside the content folder, such as 'comments'; using 'comments'"


def _check_depth(value) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return None
    return "expected a whole number of levels (1 or more); using 5"


def _check_email(value) -> str | None:
    problem = None if value is None else check_address(value)
    return None if problem is None else f"{problem}; no reply links are written"


def _contact_note(settings) -> str | None:
    """With ``COMMENTS_EMAIL`` set, the contact note ("comments are closed") is not shown: the reply links and
    the moderation note take its place, unless ``COMMENTS_CONTACT_NOTE`` says otherwise."""
    return None if settings.get("COMMENTS_EMAIL") else settings.get("CONTACT_NOTE")


# Filled in at ``initialized``, so the templates see them too; a bad value is one error naming it, and the default.
SETTINGS = PluginSettings(
    "COMMENTS_",
    {"COMMENTS_PATH": "comments", "COMMENTS_MAX_DEPTH": 5, "COMMENTS_EMAIL": None, "COMMENTS_CONTACT_NOTE": None},
    checks={"COMMENTS_PATH": _check_path, "COMMENTS_MAX_DEPTH": _check_depth, "COMMENTS_EMAIL": _check_email},
    fill=True,
    derived={"COMMENTS_CONTACT_NOTE": _contact_note},
)
OFF_VALUES = {"off", "no", "false", "0", "closed", "hidden", "none"}
ON_VALUES = {"on", "yes", "true", "1", "open", "shown"}


def comments_opened(document) -> bool:
    """True when the front matter says ``Comments: on`` (or yes, true, open): a page shows the section then."""
    value = document.metadata.get("comments")
    return value is not None and str(value).strip().lower() in ON_VALUES


def comments_enabled(article) -> bool:
    """False when the post's front matter says ``Comments: off`` (or no, false, closed, hidden)."""
    value = article.metadata.get("comments")
    return value is None or str(value).strip().lower() not in OFF_VALUES


class ArticleComments:
    """The comments under one post, read from its archive each time a page asks for them.

    ``html()`` is the list as HTML (``<ol class="comment-list comment-thread">``, see ``comment_list.html``);
    iterating gives the top-level :class:`~.thread.ThreadItem` objects, for a theme with its own markup.
    Neither is kept, so a build never holds the comments of every post at once. With a ``cache`` and a
    ``key`` (a clean archive, the content cache on), ``html()`` is read from the cache when it is there and
    written to it when it is not.
    """

    def __init__(
        self,
        archive: CheckedArchive | None,
        writer: CommentListWriter,
        cache: CommentCache | None = None,
        key: str | None = None,
        reply: ReplyLinks | None = None,
        timezone: tzinfo | None = None,
    ) -> None:
        self.archive = archive
        self.writer = writer
        self.cache = cache
        self.key = key
        self.reply = reply  # the "Reply by e-mail" links, with COMMENTS_EMAIL set
        self.timezone = timezone  # the post's own zone when it is not TIMEZONE (see post_zone)

    def __bool__(self) -> bool:
        return self.archive is not None and self.archive.count > 0

    def __iter__(self) -> Iterator[ThreadItem]:
        zone = self.timezone or self.writer.timezone
        return iter(build_threads(self.load(), zone, self.writer.max_depth, self.writer.commenters))

    def html(self) -> Markup:
        """The comment list, replies nested, every value escaped and every body sanitized."""
        cache, key = self.cache, self.key
        if cache is None or key is None or self.archive is None:
            return self.writer.html(self.load(), self.reply, self.timezone)
        cached = cache.html(key)
        if cached is not None:
            return Markup(cached)
        comments, unchanged = self.read()
        html = self.writer.html(comments, self.reply, self.timezone)
        if unchanged and len(comments) == self.archive.count:  # still the clean file the key was made of
            cache.store(key, self.archive.count, html)
        return html

    def load(self) -> list[StoredComment]:
        """The comments shown, read again from the archive file."""
        return self.read()[0]

    def read(self) -> tuple[list[StoredComment], bool]:
        """The comments shown, read again, and whether the file is still the one checked for this build."""
        if self.archive is None:
            return [], False
        path = self.archive.path
        try:
            comments, errors, unchanged = comments_again(self.archive)
        except OSError as error:
            logger.error("%s:1: cannot read the comment archive again: %s", path, error.strerror)
            return [], False
        if errors or len(comments) != self.archive.count:
            logger.warning("%s: changed during the build; build again to update the comment counts", path)
        for error in errors:
            logger.error("%s:%d: %s", error.path, error.line, error.message)
        return comments, unchanged


def attach_comments(generator) -> None:
    """Validate every post's archive file and give each article its comment count and its (lazy) comments.

    With the content cache loaded, an archive whose entry is in the cache is not validated: its count comes
    from there (only clean archives are cached, so one with errors logs them on every build).
    """
    articles = [
        *generator.articles,
        *generator.translations,
        *generator.drafts,
        *generator.drafts_translations,
        *getattr(generator, "hidden_articles", []),
        *getattr(generator, "hidden_translations", []),
    ]
    attach_documents(generator, articles, pages=False)


def attach_page_comments(generator) -> None:
    """``page_generator_finalized``: the same for pages, from their own namespace (``pages/<slug>.json``,
    reply tag ``[comment page:SLUG]``). A page shows the comments section when it has comments, or when its
    front matter says ``Comments: on``; ``Comments: off`` hides it, as on posts."""
    pages = [
        *generator.pages,
        *generator.translations,
        *getattr(generator, "hidden_pages", []),
        *getattr(generator, "hidden_translations", []),
        *getattr(generator, "draft_pages", []),
        *getattr(generator, "draft_translations", []),
    ]
    attach_documents(generator, pages, pages=True)
    for page in pages:
        if not page.comment_count and not comments_opened(page):
            page.comments_enabled = False  # a page without comments (About...) keeps its look


def attach_documents(generator, documents: list, pages: bool) -> None:
    """Give each document (posts, or pages) its count and its lazy comments from its namespace's archives."""
    settings = generator.settings
    folder = Path(generator.path) / SETTINGS.get(settings, "COMMENTS_PATH")
    if pages:
        folder = folder / PAGES_FOLDER
    max_depth = SETTINGS.get(settings, "COMMENTS_MAX_DEPTH")
    site_zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    writer = CommentListWriter(site_zone, max_depth)  # per build: what is known of each commenter
    cache = comment_cache(settings, writer, PAGES_FOLDER if pages else None)
    generator.comments_cache = cache  # pruned once the pages are written (prune_cache)
    by_slug: dict[str, list] = {}
    no_comments = ArticleComments(None, writer)
    address = SETTINGS.get(settings, "COMMENTS_EMAIL")
    for document in documents:
        by_slug.setdefault(document.slug, []).append(document)
        document.comments_enabled = comments_enabled(document)
        document.comments = no_comments
        document.comment_count = 0
        target = page_target(document.slug) if pages else document.slug
        document.comments_reply = ReplyLinks(address, str(document.title), target) if address else None
    unread = unread_slugs(generator)
    for path in archive_files(folder):
        attach_archive(path, by_slug.get(path.stem) or [], writer, cache, path.stem in unread)
    generator.comments_writer = writer  # for the live preview's fast path (archive_changed)
    generator.comments_pages = pages


def unread_slugs(generator) -> set[str]:
    """The slugs the posts and pages that failed to read this build may have (their file's name, their
    ``Slug:``, their title's slug): their archives are not orphans, their post's error is already logged."""
    settings = generator.settings
    slugs: set[str] = set()
    for relative in unread_sources(generator.context):
        path = Path(generator.path) / relative
        slugs.add(path.stem)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        slug, title = front_matter_value(text, "slug"), front_matter_value(text, "title")
        if slug:
            slugs.add(slug)
        if title:
            slugs.add(slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])))
    return slugs


def attach_archive(
    path: Path, targets: list, writer: CommentListWriter, cache: CommentCache | None, post_unread: bool = False
) -> None:
    """Check one archive (or take its count from the cache) and give its posts their comments.

    With no post for it, a warning, unless the archive could not be read at all (its error says what to do
    first) or ``post_unread`` (its post failed to read: that error is logged already).
    """
    raw = path.read_bytes()
    digest = fingerprint(raw)
    key = count = None
    if cache is not None:
        key = cache.key(links_digest(digest, targets[0] if targets else None, writer.timezone))
        count = cache.count(key)
    if count is not None:
        checked, errors = CheckedArchive(path, digest, True, count), []
    else:
        checked, errors = check_archive(path, raw, digest)
    for error in errors:
        logger.error("%s:%d: %s", error.path, error.line, error.message)
    for warning in checked.warnings:
        logger.warning("%s:%d: %s", warning.path, warning.line, warning.message)
    if cache is not None and key is not None and checked.clean:
        cache.used.add(key)  # kept by this build's pruning, written at page write if it is not there
    else:
        key = None  # nothing cached for an archive with errors
    if not targets:
        if post_unread or (errors and not checked.count):
            return
        kind = "page" if path.parent.name == PAGES_FOLDER else "post"
        logger.warning(
            "%s: comment archive for slug %r, but no %s has that slug; rename the file to the %s's slug",
            path,
            path.stem,
            kind,
            kind,
        )
        return
    zone = post_zone(targets[0], writer.timezone)
    shared = ArticleComments(checked, writer, cache, key, targets[0].comments_reply, zone)
    warn_comments_before_post(checked, targets)
    for article in targets:
        if not article.comments_enabled:
            logger.info("%s: %d archived comment(s) hidden by 'Comments: off'", path, checked.count)
            continue
        comments = shared
        own_zone = post_zone(article, writer.timezone)
        if article.comments_reply != shared.reply or own_zone != zone:  # a translation with its own title or date
            own_key = None if key is None else cache.key(links_digest(digest, article, writer.timezone))
            if own_key is not None:
                cache.used.add(own_key)
            comments = ArticleComments(checked, writer, cache, own_key, article.comments_reply, own_zone)
        article.comments = comments
        article.comment_count = checked.count  # every comment is shown: the threads drop none


def links_digest(fingerprint: bytes, article, site_zone: tzinfo | None = None) -> bytes:
    """An archive's fingerprint, with what its post's reply links show (the title, the slug, the address)
    when they are on, and the post's own zone when it has one: the cached list holds the links and the
    times, so a renamed or re-dated post never serves a stale one."""
    reply = getattr(article, "comments_reply", None)
    zone = post_zone(article, site_zone) if article is not None else None
    if zone is not None:
        fingerprint += f"\0zone={zone}".encode()
    return fingerprint if reply is None else fingerprint + reply.fingerprint()


def post_zone(document, site_zone: tzinfo | None) -> tzinfo | None:
    """The zone a post's comment times are shown in, the zone its own date is shown in; None for the site's
    ``TIMEZONE``. Pelican gives a date typed without an offset the ``TIMEZONE``; a date with its own offset
    (an imported post: ``2019-01-14 20:00:00+01:00``) keeps it, so its comments get that offset too, unless
    ``TIMEZONE`` has the same offset on that day (then ``TIMEZONE``, which follows daylight saving time)."""
    date = getattr(document, "date", None)
    zone = getattr(date, "tzinfo", None)
    if zone is None or isinstance(zone, ZoneInfo):
        return None if zone is None or zone == site_zone else zone
    offset = date.utcoffset()
    if offset is None or (site_zone is not None and offset == date.astimezone(site_zone).utcoffset()):
        return None
    return timezone(offset)  # Pelican's dates carry dateutil's tzoffset, which cannot be a dict key


def warn_comments_before_post(checked: CheckedArchive, articles: list) -> None:
    """A comment older than its post: a warning naming the archive, line and id (a wrong date, or the wrong file)."""
    if checked.earliest is None:
        return
    date, comment_id = checked.earliest
    for article in articles:
        if getattr(article, "date", None) is not None and date < article.date:
            logger.warning(
                "%s:%d: comment %r is dated %s, before its post %r (%s); check the comment's date, or that the"
                " file is named after the right post",
                checked.path,
                id_line(checked.path, comment_id),
                comment_id,
                date.isoformat(),
                article.title,
                article.date.isoformat(),
            )
            return


def archive_changed(pelican, path: str, generators: list, writer) -> list[str] | None:
    """``preview_data_changed`` (make devserver): a comment archive was saved; check it again, alone.

    Returns the source files of the posts that show it, for the preview to render first.
    """
    settings = pelican.settings
    folder = Path(settings["PATH"]) / SETTINGS.get(settings, "COMMENTS_PATH")
    changed = Path(path)
    if changed.suffix != ".json" or not changed.resolve().is_relative_to(folder.resolve()):
        return None
    parent = changed.resolve().parent
    if parent not in (folder.resolve(), (folder / PAGES_FOLDER).resolve()):
        return []  # the moderation queue (pending/): never built, nothing to show; approve writes the archive
    pages = parent == (folder / PAGES_FOLDER).resolve()
    for generator in generators:
        comments_writer = getattr(generator, "comments_writer", None)
        if comments_writer is None or getattr(generator, "comments_pages", False) != pages:
            continue
        if pages:
            posts = [*generator.pages, *getattr(generator, "hidden_pages", []), *getattr(generator, "draft_pages", [])]
        else:
            posts = [*generator.articles, *generator.drafts, *getattr(generator, "hidden_articles", [])]
        targets = [post for post in posts if post.slug == changed.stem]
        for post in targets:
            post.comments_enabled = comments_enabled(post)
            post.comments, post.comment_count = ArticleComments(None, comments_writer), 0
        attach_archive(changed, targets, comments_writer, getattr(generator, "comments_cache", None))
        return [post.relative_source_path for post in targets]
    return None


def carry_comments(sender, old, new, generators: list) -> None:
    """``preview_document_refreshed``: a post read again keeps the comments of its archive."""
    if "comments" not in vars(old):
        return
    new.comments_enabled = comments_enabled(new)
    new.comments_reply = getattr(old, "comments_reply", None)
    if new.comments_enabled:
        new.comments, new.comment_count = old.comments, old.comment_count
    else:
        new.comments, new.comment_count = ArticleComments(None, old.comments.writer), 0


def prune_cache(generator, writer=None) -> None:
    """Once the articles' pages are written, delete the cached entries this build did not use."""
    cache = getattr(generator, "comments_cache", None)
    if cache is not None:
        cache.prune()


def register() -> None:
    signals.initialized.connect(SETTINGS.initialize)
    signals.article_generator_finalized.connect(attach_comments)
    signals.article_writer_finalized.connect(prune_cache)
    signals.page_generator_finalized.connect(attach_page_comments)  # the same path, pages/<slug>.json
    signals.page_writer_finalized.connect(prune_cache)
    # make devserver's fast path (plugins/preview/hooks.py): an archive saved, a post read again.
    PREVIEW_DATA_CHANGED.connect(archive_changed)
    PREVIEW_DOCUMENT_REFRESHED.connect(carry_comments)
