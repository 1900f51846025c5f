"""The line of each field in a post's front matter, for error messages that name ``path:line``.

Both forms of front matter are read: a YAML block between ``---`` lines, and Pelican's own ``Key: value``
lines, which end at the first blank line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

KEY_RE = re.compile(r"^\s{0,3}([^\s:#'\"-][^:]*?)\s*:")  # a key: up to its first colon


def _fields(text: str):
    """``(key in lower case, line number from 1, the line)`` for each front-matter key in ``text``."""
    rows = text.splitlines()
    yaml_block = bool(rows) and rows[0].strip() == "---"
    for number, line in enumerate(rows, start=1):
        if yaml_block and number == 1:
            continue
        if (yaml_block and line.strip() in ("---", "...")) or (not yaml_block and not line.strip()):
            break
        match = KEY_RE.match(line)
        if match:
            yield match.group(1).lower(), number, line[match.end() :]


def front_matter_lines(text: str) -> dict[str, list[int]]:
    """Line numbers (from 1) of each front-matter key (lower case) in ``text``, in the order they appear."""
    lines: dict[str, list[int]] = {}
    for key, number, _ in _fields(text):
        lines.setdefault(key, []).append(number)
    return lines


def front_matter_value(text: str, key: str) -> str | None:
    """The first value given to ``key`` (any case) on its own line, unquoted, read leniently (for a file that
    failed to read, whose fields Pelican never gave); None when there is none."""
    for found, _, value in _fields(text):
        if found == key.lower():
            return value.strip().strip("\"'").strip() or None
    return None


def line_in(lines: dict[str, list[int]], key: str, occurrence: int = 0) -> int:
    """The line of the ``occurrence``-th ``key`` (any case) in ``front_matter_lines``' result; 1 when unknown.

    An ``occurrence`` past the last one gives the last one's line.
    """
    found = lines.get(key.lower(), [])
    return found[min(occurrence, len(found) - 1)] if found else 1


def line_of_key(path: str | os.PathLike, key: str, occurrence: int = 0) -> int:
    """The line of the ``occurrence``-th ``key`` in the front matter of the file ``path``; 1 when unknown."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    return line_in(front_matter_lines(text), key, occurrence)
