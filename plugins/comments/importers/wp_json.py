"""WordPress REST API comments (``GET /wp-json/wp/v2/comments``): one saved list, or several page files."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

from .common import ImportFailedError, ImportResult, record, slug_from_link, utc_from_naive, wordpress_skip_reason


def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ImportFailedError(path, error.lineno, f"invalid JSON: {error.msg}") from None


def import_wp_json(path: Path, author_names: set[str] | None = None, data=None) -> ImportResult:
    """Approved comments of a REST response, mapped to posts by the path of each comment's ``link``."""
    data = read_json(path) if data is None else data
    if isinstance(data, dict) and isinstance(data.get("comments"), list):
        data = data["comments"]
    if not isinstance(data, list) or not all(isinstance(item, dict) and "id" in item for item in data):
        raise ImportFailedError(path, 1, "not a WordPress REST API comment list (expected a JSON list of comments)")
    marks = {name.casefold() for name in author_names or ()}
    result = ImportResult()
    for item in data:
        kind = str(item.get("type") or "comment")
        status = str(item.get("status") or "approved")
        reason = wordpress_skip_reason(kind, status)
        if reason:
            result.skipped[reason] += 1
            continue
        slug = slug_from_link(item.get("link"))
        if not slug:
            result.skipped["link without a post slug"] += 1
            continue
        date = utc_from_naive(str(item.get("date_gmt") or ""))
        if date is None:
            local = utc_from_naive(str(item.get("date") or ""))
            if local is None:
                result.skipped["no date"] += 1
                continue
            date = local.replace(tzinfo=UTC)
        author = str(item.get("author_name") or "")
        user_id = str(item.get("author") or "0")
        content = item.get("content")
        body = content.get("rendered", "") if isinstance(content, dict) else str(content or "")
        parent = str(item.get("parent") or "0")
        result.keep(
            slug,
            record(
                comment_id=f"wp-{item['id']}",
                parent=f"wp-{parent}" if parent != "0" else None,
                author=author,
                author_url=str(item.get("author_url") or ""),
                is_author=bool(marks & {author.casefold(), user_id.casefold()}),
                date=date,
                body_html=body,
                source="wp-json",
                wp_id=str(item["id"]),
            ),
        )
    return result
