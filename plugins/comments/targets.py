"""Which archive a comment belongs to: a post's (``SLUG``) or a page's (``page:SLUG``).

A post and a page may share a slug, so pages have their own namespace: a post's archive is
``<archive folder>/<slug>.json`` (where it always was), a page's is ``<archive folder>/pages/<slug>.json``, and
the reply tag of a page is ``[comment page:SLUG]``. Everything that names an archive (importers, the merge,
the inbox and moderation, the reply links, the WordPress ``verify``) speaks in these targets.
"""

from __future__ import annotations

from pathlib import Path

PAGE_PREFIX = "page:"
PAGES_FOLDER = "pages"  # inside the archive folder


def page_target(slug: str) -> str:
    """The target of a page's archive: ``page:SLUG``."""
    return f"{PAGE_PREFIX}{slug}"


def target_of(kind: str, slug: str) -> str:
    """The target of a post (``kind`` ``post``/``article``) or a page (``page``) with this slug."""
    return page_target(slug) if kind == "page" else slug


def split_target(target: str) -> tuple[bool, str]:
    """(is it a page, its slug) of a target."""
    if target.startswith(PAGE_PREFIX):
        return True, target[len(PAGE_PREFIX) :]
    return False, target


def archive_folder(folder: Path, target: str) -> Path:
    """The folder that holds the target's archive: ``folder`` for posts, ``folder/pages`` for pages."""
    return folder / PAGES_FOLDER if split_target(target)[0] else folder


def archive_path(folder: Path, target: str) -> Path:
    """The archive file of a target inside the archive folder ``folder``."""
    return archive_folder(folder, target) / f"{split_target(target)[1]}.json"
