"""Disqus XML exports: ``<thread>`` elements with their links, ``<post>`` elements with ``<parent>``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from .common import ImportFailedError, ImportResult, read_xml, record, slug_from_link

DISQUS = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def looks_like_disqus(root: Element) -> bool:
    return root.tag in (f"{DISQUS}disqus", "disqus")


def _flag(element: Element, name: str) -> bool:
    return (element.findtext(f"{DISQUS}{name}") or "").strip().lower() == "true"


def import_disqus(path: Path, author_names: set[str] | None = None, root: Element | None = None) -> ImportResult:
    """Approved posts (not deleted, not spam), mapped to posts by the path of their thread's ``link``."""
    root = read_xml(path) if root is None else root
    if not looks_like_disqus(root):
        raise ImportFailedError(path, 1, "not a Disqus export (the root element is not <disqus>)")
    threads = {
        thread.get(DSQ_ID): slug_from_link(thread.findtext(f"{DISQUS}link"))
        for thread in root.findall(f"{DISQUS}thread")
    }
    marks = {name.casefold() for name in author_names or ()}
    result = ImportResult()
    for post in root.findall(f"{DISQUS}post"):
        if _flag(post, "isDeleted"):
            result.skipped["deleted"] += 1
            continue
        if _flag(post, "isSpam"):
            result.skipped["spam"] += 1
            continue
        if (post.findtext(f"{DISQUS}isApproved") or "true").strip().lower() == "false":
            result.skipped["pending"] += 1
            continue
        thread = post.find(f"{DISQUS}thread")
        slug = threads.get(thread.get(DSQ_ID)) if thread is not None else None
        if not slug:
            result.skipped["thread without a post link"] += 1
            continue
        try:
            date = datetime.fromisoformat((post.findtext(f"{DISQUS}createdAt") or "").strip())
        except ValueError:
            result.skipped["no date"] += 1
            continue
        author = post.find(f"{DISQUS}author")
        name = (author.findtext(f"{DISQUS}name") if author is not None else "") or ""
        username = (author.findtext(f"{DISQUS}username") if author is not None else "") or ""
        parent = post.find(f"{DISQUS}parent")
        parent_id = parent.get(DSQ_ID) if parent is not None else None
        result.keep(
            slug,
            record(
                comment_id=f"disqus-{post.get(DSQ_ID)}",
                parent=f"disqus-{parent_id}" if parent_id else None,
                author=name,
                author_url=(author.findtext(f"{DISQUS}link") if author is not None else "") or "",
                is_author=bool(marks & {name.strip().casefold(), username.strip().casefold()}),
                date=date if date.tzinfo else date.replace(tzinfo=UTC),
                body_html=post.findtext(f"{DISQUS}message") or "",
                source="disqus",
            ),
        )
    return result
