"""The new site's own pages, known from the settings before any build: an old WordPress address there is left out.

A WordPress post may have lived at an address the new site uses for one of its own pages (a post at
``/tags/`` on a blog with flat permalinks, ``/feed/``, ``/category/news/``, another post's new address).
A redirect page there would replace that page, so the build refuses it; the importer leaves such an
address out of ``Redirect-from`` and lists it in its report, and ``verify`` names it rather than miss it.
"""

from __future__ import annotations

import importlib
import posixpath
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG, read_settings
from pelican.urlwrappers import Author, Category, Tag

from plugins.shared import PluginSettings

from .redirects import REDIRECTS_FILE, Redirect, direct_template_files, normalized, owner_of

PERIOD_ARCHIVES = ("YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS")


def site_settings(config: Path = Path("pelicanconf.py")) -> dict:
    """The site's settings (``pelicanconf.py`` in the current folder), else Pelican's defaults."""
    return read_settings(str(config)) if config.is_file() else dict(DEFAULT_CONFIG)


@dataclass(frozen=True)
class Listed:
    """What an imported post brings to the site's listings: its category, tags and date."""

    category: str | None
    tags: tuple[str, ...]
    date: datetime | None


def own_pages(settings: dict, posts: list[Listed], new_paths: dict[str, str]) -> dict[str, str]:
    """Every file the site will write for itself that an old address could land on: file -> what it is.

    ``new_paths`` are the imported posts' and pages' own files (file -> the item); the rest comes from the
    settings (our plugins' defaults included): fixed pages (tags, categories, archives, feeds, ``robots.txt``,
    the glossary, the favicon), the listing pages of the imported posts' categories, tags and author, their
    period archives, and the folders the build fills as a whole (keys ending in ``/``: ``theme/``, ``pagefind/``).
    """
    owners: dict[str, str] = {}
    declared = plugin_defaults(settings)
    settings = {**declared, **settings}
    feed = settings.get("WORDPRESS_FEED_PATH", "feed/index.html")
    if isinstance(feed, str) and feed:
        owners.setdefault(feed, "the main feed at WordPress's old feed/ address")
    for key, value in settings.items():
        if _fixed_file(key, value):
            owners.setdefault(value, f"the site's own page {key} ({value})")
    owners.update(own_folders(settings, declared))
    owners.setdefault(REDIRECTS_FILE, f"the redirects file for hosts ({REDIRECTS_FILE})")
    for source, extra in (settings.get("EXTRA_PATH_METADATA") or {}).items():
        if isinstance(extra, dict) and isinstance(extra.get("path"), str) and extra["path"]:
            owners.setdefault(extra["path"], f"the static file {source} ({extra['path']})")
    for save_as, page in direct_template_files(settings).items():
        owners.setdefault(save_as, f"the site's own {page.removeprefix('the ')}")
    wrappers: dict[str, list] = {}
    author = settings.get("AUTHOR")
    if isinstance(author, str) and author:
        wrappers["AUTHOR"] = [Author(author, settings)]
    wrappers["CATEGORY"] = [
        Category(name, settings)
        for name in dict.fromkeys(post.category or settings.get("DEFAULT_CATEGORY", "misc") for post in posts)
    ]
    wrappers["TAG"] = [Tag(name, settings) for name in dict.fromkeys(tag for post in posts for tag in post.tags)]
    for prefix, named in wrappers.items():
        for key, pattern in settings.items():
            if not key.startswith(f"{prefix}_") or not isinstance(pattern, str) or "{slug}" not in pattern:
                continue
            if not (key.endswith("_SAVE_AS") or "_FEED_" in key):
                continue
            for wrapper in named:
                owners.setdefault(pattern.format(slug=wrapper.slug), f"the site's {prefix.lower()} page {wrapper}")
    for key in PERIOD_ARCHIVES:
        pattern = settings.get(key)
        if isinstance(pattern, str) and pattern:
            for post in posts:
                if post.date is not None:
                    owners.setdefault(pattern.format(date=post.date), f"the site's archive page {pattern}")
    owners.update(new_paths)
    return owners


def own_folders(settings: dict, declared: dict) -> dict[str, str]:
    """Folders the build fills as a whole (``folder/`` -> what): the theme's files, the search index and the
    folders kept between builds (``OUTPUT_RETENTION``), and a plugin's own folder for pages it names by a
    pattern (``series/{slug}/index.html``: ``series/``)."""
    folders: dict[str, str] = {}
    theme = settings.get("THEME_STATIC_DIR", DEFAULT_CONFIG["THEME_STATIC_DIR"])
    if isinstance(theme, str) and theme.strip("/"):
        folders[theme.strip("/") + "/"] = f"the theme's files ({theme.strip('/')}/, such as its stylesheet)"
    retained = list(settings.get("OUTPUT_RETENTION") or [])
    if "plugins.search" in settings.get("PLUGINS", ()) and settings.get("SEARCH_PAGEFIND", True):
        from plugins.search.pagefind import BUNDLE_DIR

        retained.append(BUNDLE_DIR)
    for name in retained:
        if isinstance(name, str) and name.strip("/"):
            folders.setdefault(name.strip("/") + "/", f"the search index or a folder kept by the build ({name}/)")
    index = settings.get("INDEX_SAVE_AS", "index.html")
    if settings.get("DEFAULT_PAGINATION") and isinstance(index, str) and "{" not in index:
        folder = pagination_folder(settings.get("PAGINATION_PATTERNS") or (), index)
        if folder:
            folders.setdefault(folder, f"the home page's later pages ({folder})")
    for key in declared:
        pattern = settings.get(key)
        if not (key.endswith("_SAVE_AS") or "_FEED_" in key) or not isinstance(pattern, str) or "{" not in pattern:
            continue
        folder = pattern.split("{", 1)[0]
        if folder.endswith("/") and folder.strip("/"):
            folders.setdefault(folder, f"the site's own pages {key} ({pattern})")
    return folders


def pagination_folder(patterns, save_as: str) -> str | None:
    """The folder of a listing's later pages (``page/`` for ``{base_name}/page/{number}/index.html`` and the
    home page), or None when its pages are not in a folder of their own."""
    for pattern in patterns:
        try:
            number, _url, file_pattern = pattern
        except (TypeError, ValueError):
            continue
        if not isinstance(file_pattern, str) or number == 1 or "{number}" not in file_pattern:
            continue
        base = posixpath.dirname(save_as)
        folder = file_pattern.split("{number}", 1)[0].replace("{base_name}", base).lstrip("/")
        if "{" not in folder and folder.endswith("/") and folder.strip("/"):
            return folder
    return None


def plugin_defaults(settings: dict) -> dict:
    """The defaults our plugins declare (``PluginSettings``) for the settings the site does not set itself:
    ``GLOSSARY_SAVE_AS``, ``SERIES_INDEX_SAVE_AS``... (the importer runs without a build to fill them in)."""
    defaults: dict = {}
    for name in settings.get("PLUGINS", ()) or ():
        if not isinstance(name, str) or not name.startswith("plugins."):
            continue
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        modules = [module for key, module in list(sys.modules.items()) if key == name or key.startswith(name + ".")]
        for module in modules:
            for value in list(vars(module).values()):
                if isinstance(value, PluginSettings):
                    for key in value.defaults:
                        defaults.setdefault(key, value.get(settings, key))
    return defaults


def _fixed_file(key: str, value: object) -> bool:
    """A setting naming one output file with no placeholder (``TAGS_SAVE_AS``, ``FEED_ALL_ATOM``...)."""
    if not isinstance(value, str) or not value or "{" in value or key == "FEED_DOMAIN":
        return False
    return key.endswith("_SAVE_AS") or key.startswith("FEED_") or "_FEED_" in key


def taken_by(old: str, owners: dict[str, str]) -> str | None:
    """What of the site's own is at the old address (a path such as ``tags/``), or None."""
    path = normalized(old)
    if path is None:
        return None
    return owner_of(Redirect(path, "", "", "").save_as, owners)
