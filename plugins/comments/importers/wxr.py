"""WordPress WXR exports (1.0, 1.1, 1.2; ``http://`` or ``https://wordpress.org/export/1.x/``)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .common import (
    ImportFailedError,
    ImportResult,
    read_xml,
    record,
    text_to_html,
    utc_from_naive,
    wordpress_skip_reason,
)

WP_NAMESPACE_RE = re.compile(r"^\{(https?://wordpress\.org/export/1\.[0-2]/)\}")
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def wordpress_namespace(root: Element) -> str | None:
    """The ``{namespace}`` prefix of the ``wp:`` elements, whichever WXR version and scheme."""
    for element in root.iter():
        match = WP_NAMESPACE_RE.match(element.tag) if isinstance(element.tag, str) else None
        if match:
            return "{" + match.group(1) + "}"
    return None


def title_slug(title: str) -> str:
    """The slug Pelican gives a post imported without ``wp:post_name`` (a draft): from its title."""
    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]) if title else ""


def looks_like_wxr(root: Element) -> bool:
    return root.tag == "rss" and wordpress_namespace(root) is not None


def import_wxr(path: Path, author_names: set[str] | None = None, root: Element | None = None) -> ImportResult:
    """Approved reader comments of every item, mapped to the item's ``wp:post_name``."""
    root = read_xml(path) if root is None else root
    wp = wordpress_namespace(root)
    if wp is None or root.find("channel") is None:
        raise ImportFailedError(path, 1, "not a WordPress WXR export (no wordpress.org/export namespace)")
    channel = root.find("channel")
    author_ids = {
        (author.findtext(f"{wp}author_login") or "").strip(): (author.findtext(f"{wp}author_id") or "").strip()
        for author in channel.findall(f"{wp}author")
    }
    marks = {name.casefold() for name in author_names or ()}
    result = ImportResult()
    for item in channel.findall("item"):
        comments = item.findall(f"{wp}comment")
        if not comments:
            continue
        title = (item.findtext("title") or "").strip()
        slug = (item.findtext(f"{wp}post_name") or "").strip() or title_slug(title)
        post_author_id = author_ids.get((item.findtext(DC_CREATOR) or "").strip())
        for comment in comments:
            field = lambda name, c=comment: (c.findtext(f"{wp}{name}") or "").strip()  # noqa: E731
            kind = field("comment_type") or "comment"
            status = field("comment_approved") or "1"
            reason = wordpress_skip_reason(kind, status)
            if reason:
                result.skipped[reason] += 1
                continue
            if not slug:
                result.skipped["post without a slug or title"] += 1
                continue
            date = utc_from_naive(field("comment_date_gmt")) or utc_from_naive(field("comment_date"))
            if date is None:
                result.skipped["no date"] += 1
                continue
            author = field("comment_author")
            user_id = field("comment_user_id")
            is_author = bool(user_id and user_id != "0" and user_id == post_author_id) or bool(
                marks & {author.casefold(), user_id.casefold()}
            )
            parent = field("comment_parent")
            result.keep(
                slug,
                record(
                    comment_id=f"wp-{field('comment_id')}",
                    parent=f"wp-{parent}" if parent and parent != "0" else None,
                    author=author,
                    author_url=field("comment_author_url"),
                    is_author=is_author,
                    date=date,
                    body_html=text_to_html(comment.findtext(f"{wp}comment_content") or ""),
                    source="wxr",
                    wp_id=field("comment_id"),
                ),
            )
    return result
