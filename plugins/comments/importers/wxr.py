"""WordPress WXR exports (1.0, 1.1, 1.2; ``http://`` or ``https://wordpress.org/export/1.x/``).

Only reader comments on published posts come in: every other comment is skipped with its reason (kept in
:attr:`ImportResult.skipped` and listed in :attr:`ImportResult.skipped_items`). A malformed field or a parent
cycle is an error naming the file and line (:attr:`ImportResult.errors`); the caller then writes nothing of
that file.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path
from xml.etree.ElementTree import Element

from ...shared.wxr import DC_CREATOR, XmlDocument, item_slug, wordpress_namespace
from ..targets import target_of
from .common import (
    ImportFailedError,
    ImportResult,
    read_xml_document,
    record,
    text_to_html,
    utc_from_naive,
    wordpress_skip_reason,
)

DIGITS_RE = re.compile(r"[0-9]{1,20}")
# Post types whose comments readers see here: a page's go into its own namespace (``page:SLUG``, see targets).
COMMENTED_TYPES = frozenset({"post", "page"})


def looks_like_wxr(root: Element) -> bool:
    return root.tag == "rss" and wordpress_namespace(root) is not None


def item_skip_reason(item: Element, wp: str) -> str | None:
    """Why no comment of this item is imported (not a published post, private...), or None."""
    post_type = (item.findtext(f"{wp}post_type") or "post").strip()
    status = (item.findtext(f"{wp}status") or "publish").strip()
    if post_type not in COMMENTED_TYPES:
        return f"on a {post_type!r} item, not a post or page"
    if status == "private":
        return "on a private post"
    if (item.findtext(f"{wp}post_password") or "").strip():
        return "on a password-protected post"
    if status != "publish":
        return f"on a post that is not published ({status})"
    return None


@dataclass
class _Author:
    login: str
    email: str
    names: frozenset[str]
    user_id: str


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _authors(channel: Element, wp: str) -> dict[str, _Author]:
    authors = {}
    for author in channel.findall(f"{wp}author"):
        login = (author.findtext(f"{wp}author_login") or "").strip()
        names = {_norm(login), _norm(author.findtext(f"{wp}author_display_name"))} - {""}
        email = _norm(author.findtext(f"{wp}author_email"))
        authors[login] = _Author(login, email, frozenset(names), (author.findtext(f"{wp}author_id") or "").strip())
    return authors


def _tied_user_ids(channel: Element, wp: str, authors: dict[str, _Author]) -> dict[str, set[str]]:
    """For each author login, the ``comment_user_id``s that the author's e-mail (or ``author_id``) proves are
    theirs. E-mail addresses are compared in memory only; they are never written."""
    tied: dict[str, set[str]] = defaultdict(set)
    for login, author in authors.items():
        if author.user_id and author.user_id != "0":
            tied[login].add(author.user_id)
    for item in channel.findall("item"):
        author = authors.get((item.findtext(DC_CREATOR) or "").strip())
        if author is None or not author.email:
            continue
        for comment in item.findall(f"{wp}comment"):
            user_id = (comment.findtext(f"{wp}comment_user_id") or "").strip()
            if user_id and user_id != "0" and _norm(comment.findtext(f"{wp}comment_author_email")) == author.email:
                tied[author.login].add(user_id)
    return tied


def import_wxr(
    path: Path,
    author_names: set[str] | None = None,
    root: Element | None = None,
    *,
    document: XmlDocument | None = None,
    slugs: dict[str, str] | None = None,
) -> ImportResult:
    """Approved reader comments of every published post and page, mapped to the post's safe slug (or, by post
    id, to the slug in ``slugs``: the one the post importer gave it); a page's as ``page:SLUG``."""
    if document is None:
        document = read_xml_document(path) if root is None else XmlDocument(path, root)
    root = document.root
    wp = wordpress_namespace(root)
    channel = root.find("channel")
    if wp is None or channel is None:
        raise ImportFailedError(path, 1, "not a WordPress WXR export (no wordpress.org/export namespace)")
    authors = _authors(channel, wp)
    tied = _tied_user_ids(channel, wp, authors)
    marks = {name.casefold() for name in author_names or ()}
    result = ImportResult(notes=list(document.notes))
    for item in channel.findall("item"):
        comments = item.findall(f"{wp}comment")
        if not comments:
            continue
        slug = (slugs or {}).get((item.findtext(f"{wp}post_id") or "").strip()) or item_slug(item, wp)
        title = (item.findtext("title") or "").strip() or slug
        where = f"{title!r} ({slug})"
        reason = item_skip_reason(item, wp)
        if reason:
            for comment in comments:
                result.skip(reason, f"comment {_text(comment, wp, 'comment_id') or '?'} {where}")
            continue
        author = authors.get((item.findtext(DC_CREATOR) or "").strip())
        post_zone = _post_zone(item, wp)
        kept: list[tuple[dict, int]] = []
        for comment in comments:
            entry = _comment(document, comment, wp, where, result, post_zone)
            if entry is None:
                continue
            _mark_author(entry, comment, wp, author, tied, marks, where, result)
            kept.append((entry, document.line(comment)))
        for error in _cycle_errors(path, kept):
            result.errors.append(error)
        post_type = (item.findtext(f"{wp}post_type") or "post").strip()
        for entry, _line in kept:
            result.keep(target_of(post_type, slug), entry)
    return result


def _text(comment: Element, wp: str, name: str) -> str:
    return (comment.findtext(f"{wp}{name}") or "").strip()


def _post_zone(item: Element, wp: str) -> timezone | None:
    """The post's own UTC offset (``wp:post_date`` minus ``wp:post_date_gmt``, to the quarter hour), the zone
    its comments' ``comment_date`` is written in; None when the export does not say."""
    try:
        local = utc_from_naive(item.findtext(f"{wp}post_date") or "")
        gmt = utc_from_naive(item.findtext(f"{wp}post_date_gmt") or "")
    except ValueError:
        return None
    if local is None or gmt is None:
        return None
    minutes = round((local - gmt).total_seconds() / 900) * 15
    return timezone(timedelta(minutes=minutes)) if abs(minutes) <= 14 * 60 else None


def _comment(
    document: XmlDocument,
    comment: Element,
    wp: str,
    where: str,
    result: ImportResult,
    post_zone: timezone | None = None,
) -> dict | None:
    """One comment as an archive record, or None when it is skipped (with its reason) or broken (an error).

    Its time is ``comment_date_gmt``; an export that leaves that empty has only ``comment_date``, the blog's
    wall clock, read in the post's own offset (``post_zone``), else as UTC."""
    path = document.path
    field = lambda name: _text(comment, wp, name)  # noqa: E731
    raw_id = field("comment_id")
    label = f"comment {raw_id or '(no id)'} {where}"
    for name in ("comment_id", "comment_parent", "comment_date", "comment_date_gmt", "comment_content"):
        element = comment.find(f"{wp}{name}")
        if element is not None and len(element):
            result.errors.append(
                ImportFailedError(
                    path,
                    document.line(element),
                    f"comment {raw_id or '(no id)'}, field 'wp:{name}': holds elements "
                    f"(<{element[0].tag.rpartition('}')[2]}>) where text belongs",
                )
            )
            return None
    kind = (field("comment_type") or "comment").casefold()
    approved = comment.find(f"{wp}comment_approved")
    if approved is None:
        result.skip("no comment_approved (never approved)", label)
        return None
    reason = wordpress_skip_reason(kind, (approved.text or "").strip())
    if reason:
        result.skip(reason, label)
        return None
    if raw_id and not DIGITS_RE.fullmatch(raw_id):
        result.errors.append(
            ImportFailedError(path, document.line(comment), f"comment {raw_id!r}: wp:comment_id is not a number")
        )
        return None
    parent = field("comment_parent")
    if parent and not DIGITS_RE.fullmatch(parent):
        result.errors.append(
            ImportFailedError(
                path, document.line(comment), f"comment {raw_id}, field 'wp:comment_parent': {parent!r} is not a number"
            )
        )
        return None
    dates = {}
    for name in ("comment_date_gmt", "comment_date"):
        try:
            dates[name] = utc_from_naive(field(name))
        except ValueError:
            element = comment.find(f"{wp}{name}")
            result.errors.append(
                ImportFailedError(
                    path,
                    document.line(element),
                    f"comment {raw_id or '(no id)'}, field 'wp:{name}': {field(name)!r} is not a date "
                    "(YYYY-MM-DD HH:MM:SS)",
                )
            )
            return None
    local = dates["comment_date"]
    if dates["comment_date_gmt"] is None and local is not None and post_zone is not None:
        local = local.replace(tzinfo=post_zone)  # the blog's wall clock, not UTC
    date = dates["comment_date_gmt"] or local
    if date is None:
        result.skip("no date", label)
        return None
    body = text_to_html(comment.findtext(f"{wp}comment_content") or "")
    if raw_id and raw_id != "0":
        comment_id, wp_id = f"wp-{raw_id}", raw_id
    else:
        digest = hashlib.blake2b(f"{date.isoformat()}\0{field('comment_author')}\0{body}".encode(), digest_size=6)
        comment_id, wp_id = f"wpx-{digest.hexdigest()}", None
        result.notes.append(f"{path}:{document.line(comment)}: {label} has no wp:comment_id: kept as {comment_id}")
    return record(
        comment_id=comment_id,
        parent=f"wp-{parent}" if parent and parent != "0" else None,
        author=field("comment_author"),
        author_url=field("comment_author_url"),
        is_author=False,
        date=date,
        body_html=body,
        source="wxr",
        wp_id=wp_id,
    )


def _mark_author(
    record_: dict,
    comment: Element,
    wp: str,
    author: _Author | None,
    tied: dict[str, set[str]],
    marks: set[str],
    where: str,
    result: ImportResult,
) -> None:
    """The Author badge: the post author's e-mail or a user id tied to them; ``--author`` names always count.
    A name alone is what any reader can type, so it never gives the badge: a comment named like the author
    without that proof is a near-miss, listed in the notes; a badge given despite another name is noted too."""
    name = _norm(_text(comment, wp, "comment_author"))
    user_id = _text(comment, wp, "comment_user_id")
    user_id = "" if user_id == "0" else user_id
    email = _norm(_text(comment, wp, "comment_author_email"))
    by_mark = bool(marks & {name, user_id.casefold()} - {""})
    by_author = False
    if author is not None:
        strong = []
        if email:
            strong.append(email == author.email)
        if user_id:
            strong.append(user_id in tied.get(author.login, ()))
        by_name = name in author.names
        by_author = any(strong)
        typed = _text(comment, wp, "comment_author")
        if by_name and not by_author and not by_mark:
            result.notes.append(
                f"near-miss: comment {record_['id']} {where} is named {typed!r} like the post author, but no "
                "e-mail or user id of the post author's says it is theirs: no Author badge (a name is what anyone "
                f"can type). If it is the author's, import again with --author {typed!r}"
            )
        elif by_author and not by_name:
            result.notes.append(
                f"comment {record_['id']} {where}: the name {typed!r} does not match the post author, the e-mail "
                "or user id does: Author badge (e-mail and user id preferred)"
            )
    record_["is_author"] = by_author or by_mark


def _cycle_errors(path: Path, kept: list[tuple[dict, int]]) -> list[ImportFailedError]:
    """Parent chains that loop, refused now rather than at the next build."""
    parents = {entry["id"]: entry["parent"] for entry, _ in kept}
    lines = {entry["id"]: line for entry, line in kept}
    errors, done = [], set()
    for start in parents:
        chain, current = [], start
        while current in parents and current not in done and current not in chain:
            chain.append(current)
            current = parents[current]
        if current in chain:
            loop = chain[chain.index(current) :]
            errors.append(
                ImportFailedError(
                    path,
                    lines[loop[0]],
                    f"comment parents form a cycle: {' -> '.join([*loop, loop[0]])}; fix wp:comment_parent",
                )
            )
        done.update(chain)
    return errors
