"""The line of each field in a post's front matter, for error messages that name ``path:line``.

Both forms of front matter are read: a YAML block between ``---`` lines, and Pelican's own ``Key: value``
lines, which end at the first blank line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

KEY_RE = re.compile(r"^\s{0,3}([^\s:#'\"-][^:]*?)\s*:")  # a key: up to its first colon


def front_matter_lines(text: str) -> dict[str, list[int]]:
    """Line numbers (from 1) of each front-matter key (lower case) in ``text``, in the order they appear."""
    lines: dict[str, list[int]] = {}
    rows = text.splitlines()
    yaml_block = bool(rows) and rows[0].strip() == "---"
    for number, line in enumerate(rows, start=1):
        if yaml_block and number == 1:
            continue
        if (yaml_block and line.strip() in ("---", "...")) or (not yaml_block and not line.strip()):
            break
        match = KEY_RE.match(line)
        if match:
            lines.setdefault(match.group(1).lower(), []).append(number)
    return lines


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
