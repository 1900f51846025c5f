"""An author's own file where the importer would write a WordPress item: kept, and linked to that item.

The site already has ``pages/about.md`` and WordPress has a page "about": hers stays. So that WordPress's
addresses of that page (``/?page_id=2``, an old path) lead to it, its front matter gets the fields that
link it (``Wordpress-id``, ``Redirect-from``), each on a line of its own at the end of the front matter,
in the file's own form (a YAML block or Pelican's ``Key: value`` lines). Nothing else in it changes, and
a field it already has is never replaced.
"""

from __future__ import annotations

import json
from pathlib import Path

from plugins.shared.files import write_atomically
from plugins.shared.frontmatter import front_matter_lines, front_matter_value

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mkd", ".mdown"})


def link_kept_file(path: Path, fields: dict[str, str | list[str]], dry_run: bool) -> str:
    """Add the missing ``fields`` to the front matter of ``path``; a sentence saying what was done, or what
    the author should do."""
    if not fields:
        return "The WordPress item has no id: nothing links it to your file."
    wanted = _describe(fields)
    try:
        text = path.read_bytes().decode("utf-8")  # its own line endings, kept
    except (OSError, UnicodeDecodeError):
        text = None
    if text is None or path.suffix.lower() not in MARKDOWN_SUFFIXES or not front_matter_lines(text):
        return f"Add {wanted} to its front matter yourself, so WordPress's addresses of it lead to it."
    present = front_matter_lines(text)
    missing = {key: value for key, value in fields.items() if key.lower() not in present}
    other = [
        f"it has {key}: {front_matter_value(text, key)}, not {_plain(value)}"
        for key, value in fields.items()
        if key == "Wordpress-id" and key.lower() in present and front_matter_value(text, key) != value
    ]
    if other:
        return f"Its front matter disagrees ({'; '.join(other)}): WordPress's /?p= address leads elsewhere."
    if not missing:
        return f"Its front matter already has {wanted}, so WordPress's addresses of it lead to it."
    if not dry_run:
        write_atomically(path, _with_fields(text, missing))
    done = "Would add" if dry_run else "Added"
    return f"{done} {_describe(missing)} to its front matter, so WordPress's addresses of it lead to it."


def _with_fields(text: str, fields: dict[str, str | list[str]]) -> str:
    """``text`` with ``fields`` added as the last lines of its front matter."""
    newline = "\r\n" if "\r\n" in text else "\n"
    rows = text.splitlines(keepends=True)
    yaml_block = rows[0].strip() == "---"
    end = len(rows)
    for number, row in enumerate(rows):
        if yaml_block and number > 0 and row.strip() in ("---", "..."):
            end = number
            break
        if not yaml_block and not row.strip():
            end = number
            break
    if end > 0 and not rows[end - 1].endswith(("\n", "\r")):
        rows[end - 1] += newline
    added = [f"{key}: {_yaml(value) if yaml_block else _pelican(value)}{newline}" for key, value in fields.items()]
    return "".join(rows[:end] + added + rows[end:])


def _yaml(value: str | list[str]) -> str:
    """A YAML value: JSON is YAML (a quoted string, a list of quoted strings)."""
    return json.dumps(value, ensure_ascii=False)


def _pelican(value: str | list[str]) -> str:
    """A value of Pelican's ``Key: value`` metadata (a list as ``a, b``)."""
    return ", ".join(value) if isinstance(value, list) else value


def _plain(value: str | list[str]) -> str:
    return ", ".join(value) if isinstance(value, list) else value


def _describe(fields: dict[str, str | list[str]]) -> str:
    return " and ".join(f"{key}: {_plain(value)}" for key, value in fields.items())
