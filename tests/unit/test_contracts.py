"""The list of context keys in plugins/README.md against the code: who provides each key, who reads it.

Every key a plugin puts into Pelican's shared context (``context[KEY] = ...``) must be listed with that
plugin as provider, every listed plugin key must really be provided, and every listed reader must read it
(a plugin in its code, ``theme`` in the templates). A plugin that reads another plugin's key must be listed
as its reader. Keys are found as string literals or module constants (``EARLY_KEY = "search_early_index"``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
TEMPLATES = ROOT / "theme" / "templates"

KEY = r"""(?:"([^"]+)"|'([^']+)'|\b([A-Z][A-Z0-9_]*)\b)"""
PROVIDE_RE = re.compile(r"\bcontext\[\s*" + KEY + r"\s*\]\s*=(?!=)|\bcontext\.setdefault\(\s*" + KEY)
READ_RE = re.compile(r"\bcontext(?:\.get\(\s*|\[\s*)" + KEY + r"(?!\s*\]\s*=(?!=))")
CONSTANT_RE = re.compile(r"^([A-Z][A-Z0-9_]*)\s*(?::\s*\w+\s*)?=\s*\"([^\"]+)\"", re.MULTILINE)


def documented() -> list[tuple[list[str], str, list[str]]]:
    """(keys, provider, readers) for each row of the README's context key table."""
    text = (PLUGINS / "README.md").read_text(encoding="utf-8")
    section = text[text.index("**Context keys**") :]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            if rows:
                break
            continue
        keys_cell, provider, readers = (cell.strip() for cell in line.strip().strip("|").split("|"))
        keys = re.findall(r"`([^`]+)`", re.sub(r"\(.*?\)", "", keys_cell))
        names = [] if readers == "—" else [re.sub(r"\(.*?\)", "", name).strip() for name in readers.split(",")]
        rows.append((keys, provider, names))
    return rows


def scan() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Keys provided and keys read in the code, each with the plugins (package names) that do it."""
    provided: dict[str, set[str]] = defaultdict(set)
    read: dict[str, set[str]] = defaultdict(set)
    for package in sorted(path for path in PLUGINS.iterdir() if path.is_dir() and any(path.glob("*.py"))):
        sources = [path.read_text(encoding="utf-8") for path in sorted(package.rglob("*.py"))]
        constants = {name: value for source in sources for name, value in CONSTANT_RE.findall(source)}
        for source in sources:
            for found, into in ((PROVIDE_RE, provided), (READ_RE, read)):
                for match in found.finditer(source):
                    literal = next((group for group in match.groups() if group), None)
                    key = constants.get(literal, literal) if literal and literal.isupper() else literal
                    if key is not None and not (key.isupper() and key == literal and literal not in constants):
                        into[key].add(package.name)
    return provided, read


def template_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in TEMPLATES.rglob("*.html"))


def test_every_key_a_plugin_provides_is_listed_with_its_provider():
    provided, _ = scan()
    listed = {(key, provider) for keys, provider, _ in documented() for key in keys if provider != "Pelican"}
    in_code = {(key, plugin) for key, plugins in provided.items() for plugin in plugins}
    assert not in_code - listed, f"put in by plugins, missing from plugins/README.md: {sorted(in_code - listed)}"
    assert not listed - in_code, f"listed in plugins/README.md, put in by no plugin: {sorted(listed - in_code)}"


def test_every_listed_reader_reads_the_key():
    _, read = scan()
    templates = template_text()
    missing = []
    for keys, _, readers in documented():
        for key in keys:
            for reader in readers:
                if reader == "theme":
                    if not re.search(rf"\b{re.escape(key)}\b", templates):
                        missing.append((key, "theme"))
                elif reader not in read.get(key, set()):
                    missing.append((key, reader))
    assert not missing, f"plugins/README.md lists readers that do not read the key: {missing}"


def test_a_plugin_reading_a_key_is_listed_as_its_reader():
    _, read = scan()
    rows = documented()
    listed = {key: (provider, set(readers)) for keys, provider, readers in rows for key in keys}
    templates = template_text()
    unlisted = []
    for key, plugins in read.items():
        provider, readers = listed.get(key, (None, set()))
        for plugin in plugins:
            if plugin not in readers and plugin != provider:
                unlisted.append((key, plugin))
    for key, (provider, readers) in listed.items():
        if provider != "Pelican" and "theme" not in readers and re.search(rf"\b{re.escape(key)}\b", templates):
            unlisted.append((key, "theme"))
    assert not unlisted, f"read by plugins or templates, not listed so in plugins/README.md: {unlisted}"


def test_the_scan_finds_what_it_looks_for():
    provided, read = scan()
    assert provided["search_early_index"] == {"search"}  # a module constant (EARLY_KEY)
    assert provided["all_series"] == {"series"}  # a string literal
    assert "measures" in read["all_series"]
    assert "FEED_ALL_ATOM" not in read, "a setting read from the context is not a context key"
