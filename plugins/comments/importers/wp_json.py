"""WordPress REST API comments (``GET /wp-json/wp/v2/comments``): one saved list, or several page files."""

from __future__ import annotations

import json
import re
from datetime import UTC
from pathlib import Path

from .common import ImportFailedError, ImportResult, record, slug_from_link, utc_from_naive, wordpress_skip_reason

TEXT_FIELDS = ("author_name", "author_url", "date", "date_gmt", "link", "status", "type")


def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ImportFailedError(path, error.lineno, f"invalid JSON: {error.msg}") from None
    except RecursionError:
        raise ImportFailedError(path, 1, "invalid JSON: lists or objects nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportFailedError(path, 1, f"cannot read as UTF-8 JSON: {error}") from None


def _line_of_id(text: str, comment_id: object) -> int:
    """The line of ``"id": <comment_id>`` in the file, for messages; 1 when it cannot be found."""
    match = re.search(rf'"id"\s*:\s*"?{re.escape(str(comment_id))}\b', text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _malformed(path: Path, data: list) -> list[ImportFailedError]:
    """Fields that hold a list or an object where text belongs, and dates that are not dates."""
    errors, text = [], None
    for item in data:
        for name in TEXT_FIELDS:
            value = item.get(name)
            problem = None
            if isinstance(value, (list, dict)):
                problem = f"a {'list' if isinstance(value, list) else 'object'} where text belongs"
            elif name in ("date", "date_gmt") and value:
                try:
                    utc_from_naive(str(value))
                except ValueError:
                    problem = f"{value!r} is not a date"
            if problem:
                text = path.read_text(encoding="utf-8") if text is None else text
                line = _line_of_id(text, item["id"])
                errors.append(ImportFailedError(path, line, f"comment {item['id']}, field {name!r}: {problem}"))
    return errors


def import_wp_json(path: Path, author_names: set[str] | None = None, data=None) -> ImportResult:
    """Approved comments of a REST response, mapped to posts by the path of each comment's ``link``."""
    data = read_json(path) if data is None else data
    if isinstance(data, dict) and isinstance(data.get("comments"), list):
        data = data["comments"]
    if not isinstance(data, list) or not all(isinstance(item, dict) and "id" in item for item in data):
        raise ImportFailedError(path, 1, "not a WordPress REST API comment list (expected a JSON list of comments)")
    marks = {name.casefold() for name in author_names or ()}
    result = ImportResult()
    result.errors.extend(_malformed(path, data))
    if result.errors:
        return result
    for item in data:
        kind = str(item.get("type") or "comment")
        status = str(item.get("status") or "approved")
        reason = wordpress_skip_reason(kind, status)
        if reason:
            result.skip(reason, f"comment {item['id']}")
            continue
        slug = slug_from_link(item.get("link"))
        if not slug:
            result.skip("link without a post slug", f"comment {item['id']}")
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
