"""Moving in from WordPress: the importer (``python -m plugins.wordpress``) and what the build does for it.

At build time, for every post and page:

- each ``Redirect-from`` path (front matter, a list; the importer writes the old WordPress address, the
  author may add more) gets a small static redirect page, listed in ``_redirects`` (301, for hosts that do
  real redirects) and in an nginx ``map`` kept outside the published folder. Redirect pages are plain files:
  no sitemap, search, feed or listing knows them. A path that is also a real page is an error naming both;
- ``Wordpress-guid`` becomes the post's Atom entry id, so feed readers do not see old posts as new;
- when any post came from WordPress, the main feed is also written at WordPress's old ``feed/`` path.

Settings: ``WORDPRESS_NGINX_MAP`` (the nginx snippet's path; default ``redirects.nginx.conf`` beside the
output folder; empty: not written) and ``WORDPRESS_FEED_PATH`` (default ``feed/index.html``; empty: none).
"""

from __future__ import annotations

import logging
import os
import shutil
from urllib.parse import urlsplit

from pelican import signals

from plugins.shared import line_of_key
from plugins.shared.settings import PluginSettings

from .redirects import (
    REDIRECTS_FILE,
    QueryRedirect,
    Redirect,
    RedirectError,
    direct_template_files,
    looks_like_redirect_page,
    nginx_map,
    normalized,
    owner_of,
    path_problem,
    previous_redirects,
    query_redirects,
    redirect_page,
    redirects_file,
)
from .site_file import use_site_file
from .site_pages import own_pages

logger = logging.getLogger(__name__)

STATE_KEY = "WORDPRESS_GUIDS"  # context key: URL of a post -> its WordPress GUID (read when feeds are made)


def _path_or_empty(value: object) -> str | None:
    return None if value is None or isinstance(value, str) else 'write a path (text), or "" for none'


def _feed_path(value: object) -> str | None:
    if not isinstance(value, str):
        return 'write a path inside the output folder, such as "feed/index.html", or "" for none'
    if os.path.isabs(value) or ".." in value.replace("\\", "/").split("/"):
        return 'write a path inside the output folder, such as "feed/index.html"'
    return None


SETTINGS = PluginSettings(
    "WORDPRESS_",
    {"WORDPRESS_FEED_PATH": "feed/index.html", "WORDPRESS_NGINX_MAP": None},
    checks={"WORDPRESS_FEED_PATH": _feed_path, "WORDPRESS_NGINX_MAP": _path_or_empty},
    fill=True,  # the feed hooks read WORDPRESS_FEED_PATH from the context
)


def _contents(generators) -> list:
    found = []
    for generator in generators:
        found.extend(getattr(generator, "articles", ()))
        found.extend(getattr(generator, "translations", ()))
        found.extend(getattr(generator, "pages", ()))
        found.extend(getattr(generator, "hidden_pages", ()))
    return found


def _real_outputs(generators, settings: dict) -> dict[str, str]:
    """Every file the build writes that a redirect could collide with: save_as -> what it is."""
    owners: dict[str, str] = {}
    for content in _contents(generators):
        owners[content.save_as] = str(content.source_path)
    for generator in generators:
        for draft in [*getattr(generator, "drafts", ()), *getattr(generator, "draft_pages", ())]:
            if getattr(draft, "save_as", None):
                owners[draft.save_as] = f"{draft.source_path} (a draft)"
        for static in getattr(generator, "staticfiles", ()):
            owners[static.save_as] = f"{static.source_path} (a static file)"
        for group in ("categories", "tags", "authors"):
            for entry in getattr(generator, group, ()) or ():
                named = entry[0] if isinstance(entry, tuple) else entry
                if getattr(named, "save_as", None):
                    owners[named.save_as] = f"the {group[:-1] if group != 'categories' else 'category'} page {named}"
    owners.update(direct_template_files(settings))
    for save_as, owner in own_pages(settings, [], {}).items():  # feeds, theme files, search index, robots.txt...
        owners.setdefault(save_as, owner)
    for articles in [getattr(generator, "articles", ()) for generator in generators]:
        for article in articles:
            for key in ("YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS"):
                pattern = settings.get(key)
                if pattern:
                    owners.setdefault(pattern.format(date=article.date), f"the archive page {key[:-8].lower()}")
    return owners


def collect_redirects(generators, settings: dict) -> list[Redirect]:
    """The redirects the posts and pages ask for; a bad path, or one taken by a file the build writes, is
    an error naming the ``Redirect-from`` line and what owns the path."""
    owners = _real_outputs(generators, settings)
    wanted: dict[str, Redirect] = {}
    for content in _contents(generators):
        asked = content.metadata.get("redirect-from")
        if asked is None:
            continue
        paths = asked if isinstance(asked, list) else list(str(asked).split(","))
        for path in paths:
            problem = path_problem(path)
            old = normalized(path)
            if problem is not None or old is None:
                _refuse(
                    content,
                    f"Redirect-from {_shown(path)} is not a path of this site ({problem}); write a path such as "
                    "/2019/01/14/slug/, or remove it",
                )
                continue
            if old == content.url:
                continue
            redirect = Redirect(old, content.url, str(getattr(content, "title", "")), str(content.source_path))
            owner = owner_of(redirect.save_as, owners)
            if owner is not None:
                _refuse(
                    content,
                    f"Redirect-from {_shown(path)} would write {redirect.save_as}, which is taken by {owner}; remove "
                    "or change one of the two",
                )
                continue
            other = wanted.get(redirect.save_as)
            if other is not None and other.url != redirect.url:
                _refuse(content, f"Redirect-from {_shown(path)} is also asked for by {other.source}; keep it in one")
                continue
            wanted[redirect.save_as] = redirect
    return sorted(wanted.values(), key=lambda redirect: redirect.old)


def _refuse(content, message: str) -> None:
    """One build error at the ``Redirect-from`` line of the post or page."""
    source = str(content.source_path)
    logger.error("%s", RedirectError(source, line_of_key(source, "Redirect-from"), message))


def _shown(path: object) -> str:
    """A path as messages show it: quoted, control characters escaped, a long one cut."""
    text = str(path)
    return repr(text if len(text) <= 120 else text[:120] + "...")


def collect_queries(generators) -> list[QueryRedirect]:
    """``/?p=ID`` (and ``/?page_id=ID`` for pages) of every post and page with a ``Wordpress-id``; the first
    of two files with one id keeps it."""
    found: dict[tuple[str, str], QueryRedirect] = {}
    for generator in generators:
        kinds = [(content, False) for content in getattr(generator, "articles", ())]
        kinds += [
            (content, True) for content in [*getattr(generator, "pages", ()), *getattr(generator, "hidden_pages", ())]
        ]
        for content, is_page in kinds:
            for query in query_redirects(content.metadata.get("wordpress-id"), content.url, is_page):
                found.setdefault((query.key, query.id), query)
    return sorted(found.values(), key=lambda query: (query.key, int(query.id)))


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def write_redirects(generators) -> None:
    """``all_generators_finalized``: the redirect pages, ``_redirects`` and the nginx map; the GUID map."""
    if not generators:
        return
    first = generators[0]
    settings, output = first.settings, first.output_path
    guids = {
        content.url: content.metadata["wordpress-guid"]
        for content in _contents(generators)
        if isinstance(content.metadata.get("wordpress-guid"), str)
    }
    first.context[STATE_KEY] = guids
    redirects = collect_redirects(generators, settings)
    site_url = settings.get("SITEURL", "") if not settings.get("RELATIVE_URLS") else ""
    extra = []
    feed_path = SETTINGS.get(settings, "WORDPRESS_FEED_PATH")
    if guids and feed_path and settings.get("FEED_ALL_ATOM"):
        extra.append((feed_path.removesuffix("index.html"), settings["FEED_ALL_ATOM"]))
    queries = collect_queries(generators)
    remove_stale_pages(output, {redirect.save_as for redirect in redirects}, settings.get("SITEURL", ""))
    if not redirects and not extra and not queries:
        return
    for redirect in redirects:
        page = redirect_page(redirect, site_url, settings.get("DEFAULT_LANG") or "en")
        _write(os.path.join(output, redirect.save_as), page)
    absolute = settings.get("SITEURL", "")
    _write(os.path.join(output, REDIRECTS_FILE), redirects_file(redirects, absolute, extra, queries))
    nginx = SETTINGS.get(settings, "WORDPRESS_NGINX_MAP")
    if nginx is None:
        nginx = os.path.join(os.path.dirname(os.path.abspath(output)), "redirects.nginx.conf")
    if nginx:
        _write(nginx, nginx_map(redirects, absolute, extra, queries))
    logger.info("wordpress: %d redirect page(s) for old addresses", len(redirects))


def remove_stale_pages(output: str, wanted: set[str], site_url: str) -> None:
    """Remove the redirect pages the last build wrote (listed in its ``_redirects``) that no post asks for
    now, and the folders they leave empty: a stray one (``robots.txt/index.html``) would otherwise stop every
    later build before the output is pruned, long after the post that made it changed."""
    listed = os.path.join(output, REDIRECTS_FILE)
    try:
        with open(listed, encoding="utf-8") as file:
            lines = file.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return
    for old in previous_redirects(lines, site_url):
        page = Redirect(old, "", "", "").save_as
        if page in wanted or normalized("/" + old) != old:
            continue
        path = os.path.join(output, page)
        if not _is_redirect_page(path):
            continue
        os.unlink(path)
        folder = os.path.dirname(path)
        while os.path.normpath(folder) != os.path.normpath(output):
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                break
            folder = os.path.dirname(folder)


def _is_redirect_page(path: str) -> bool:
    """Whether the file is a redirect page this plugin wrote (never the site's own page or feed)."""
    try:
        with open(path, "rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    return looks_like_redirect_page(head)


def use_wordpress_guids(context, feed) -> None:
    """``feed_generated``: an imported post keeps its WordPress GUID as its Atom entry id."""
    guids = context.get(STATE_KEY) or {}
    if not guids:
        return
    for item in feed.items:
        path = urlsplit(item.get("link") or "").path.lstrip("/")
        segments = path.split("/")
        for start in range(len(segments)):
            guid = guids.get("/".join(segments[start:]))
            if guid:
                item["unique_id"] = guid
                break


def copy_main_feed(path, context, feed) -> None:
    """``feed_written``: the main feed also at WordPress's old ``feed/`` address (when posts came from there)."""
    main_feed, target = context.get("FEED_ALL_ATOM"), context.get("WORDPRESS_FEED_PATH")
    if not (context.get(STATE_KEY) and main_feed and target) or not str(path).endswith(main_feed):
        return
    output = str(path)[: -len(main_feed)]
    destination = os.path.join(output, target)
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    shutil.copyfile(path, destination)


def register() -> None:
    signals.initialized.connect(SETTINGS.initialize)
    signals.initialized.connect(use_site_file)
    signals.all_generators_finalized.connect(write_redirects)
    signals.feed_generated.connect(use_wordpress_guids)
    signals.feed_written.connect(copy_main_feed)
