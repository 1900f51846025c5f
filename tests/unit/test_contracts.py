"""The contracts between plugins (plugins/shared/contracts.py) against the code and the templates, both ways.

Context keys: every key a plugin puts into Pelican's shared context (``context[KEY] = ...``) must be declared
with that plugin as provider, every declared plugin key must really be provided, and every declared reader
must read it (a plugin in its code, ``theme`` in the templates). A plugin that reads another plugin's key must
be declared as its reader. Keys are found as string literals or module constants
(``EARLY_KEY = "search_early_index"``). Attributes on documents, generators and the Pelican object: the same,
found with ``ast`` (``article.x = ...``, ``getattr(article, "x")``). The preview's signals: objects, never
spelled as strings outside the contracts module. plugins/README.md shows the same tables.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections import defaultdict
from pathlib import Path

from plugins.shared import contracts

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
TEMPLATES = ROOT / "theme" / "templates"

KEY = r"""(?:"([^"]+)"|'([^']+)'|\b([A-Z][A-Z0-9_]*)\b)"""
PROVIDE_RE = re.compile(r"\bcontext\[\s*" + KEY + r"\s*\]\s*=(?!=)|\bcontext\.setdefault\(\s*" + KEY)
READ_RE = re.compile(r"\bcontext(?:\.get\(\s*|\[\s*)" + KEY + r"(?!\s*\]\s*=(?!=))")
CONSTANT_RE = re.compile(r"^([A-Z][A-Z0-9_]*)\s*(?::\s*\w+\s*)?=\s*\"([^\"]+)\"", re.MULTILINE)


def declared() -> list[tuple[list[str], str, list[str]]]:
    """(keys, provider, readers) for each context key contract."""
    return [(list(row.names), row.provider, list(row.readers)) for row in contracts.CONTEXT_KEYS]


def documented(title: str = "**Context keys**") -> list[tuple[list[str], str, list[str]]]:
    """(names, provider, readers) for each row of the README's table under ``title``."""
    text = (PLUGINS / "README.md").read_text(encoding="utf-8")
    section = text[text.index(title) :]
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
    listed = {(key, provider) for keys, provider, _ in declared() for key in keys if provider != "Pelican"}
    in_code = {(key, plugin) for key, plugins in provided.items() for plugin in plugins}
    assert not in_code - listed, (
        f"put in by plugins, not declared in plugins/shared/contracts.py: {sorted(in_code - listed)}"
    )
    assert not listed - in_code, f"declared in contracts.py, put in by no plugin: {sorted(listed - in_code)}"


def test_every_listed_reader_reads_the_key():
    _, read = scan()
    templates = template_text()
    missing = []
    for keys, _, readers in declared():
        for key in keys:
            for reader in readers:
                if reader == "theme":
                    if not re.search(rf"\b{re.escape(key)}\b", templates):
                        missing.append((key, "theme"))
                elif reader not in read.get(key, set()):
                    missing.append((key, reader))
    assert not missing, f"contracts.py declares readers that do not read the key: {missing}"


def test_a_plugin_reading_a_key_is_listed_as_its_reader():
    _, read = scan()
    rows = declared()
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
    assert not unlisted, f"read by plugins or templates, not declared so in contracts.py: {unlisted}"


def test_the_scan_finds_what_it_looks_for():
    provided, read = scan()
    assert provided["search_early_index"] == {"search"}  # a module constant (EARLY_KEY)
    assert provided["all_series"] == {"series"}  # a string literal
    assert "measures" in read["all_series"]
    assert "FEED_ALL_ATOM" not in read, "a setting read from the context is not a context key"


def test_the_readme_tables_show_the_declared_contracts():
    assert documented() == declared(), "plugins/README.md's context key table differs from contracts.CONTEXT_KEYS"
    for title, table in ATTRIBUTE_TABLES.items():
        rows = [(list(row.names), row.provider, list(row.readers)) for row in table]
        assert documented(f"**{title}**") == rows, f"plugins/README.md's table {title!r} differs from contracts.py"


# --- attributes on documents, generators and the Pelican object --------------------------------------------

ATTRIBUTE_TABLES = {
    "Attributes on Pelican's documents": contracts.DOCUMENT_ATTRIBUTES,
    "Attributes on Pelican's generators": contracts.GENERATOR_ATTRIBUTES,
    "Attributes on the Pelican object": contracts.PELICAN_ATTRIBUTES,
}
# The names plugin code gives these objects (``self.pelican`` included: the preview's worker).
RECEIVERS = {
    "document": {"article", "post", "page", "new", "old", "document", "content", "translation", "candidate", "other"},
    "generator": {"generator", "owner"},
    "pelican": {"pelican"},
}
KINDS = dict(zip(("document", "generator", "pelican"), ATTRIBUTE_TABLES.values(), strict=True))
# Attributes of Pelican's own that a plugin sets: a document's template (essentials' template fallback), the
# names kept at the top of the output folder (search adds Pagefind's bundle). Checked below to be Pelican's.
PELICANS_OWN = {"document": {"template"}, "pelican": {"output_retention"}}


def receiver_name(node: ast.expr) -> str | None:
    """``article`` for ``article.x``, ``pelican`` for ``self.pelican.x``; None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return node.attr
    return None


def attribute_uses() -> tuple[dict[tuple[str, str], set[str]], dict[tuple[str, str], set[str]]]:
    """The plugins that set, and those that read, each (kind, attribute) on an object of that kind."""
    kinds = {name: kind for kind, names in RECEIVERS.items() for name in names}
    assigned: dict[tuple[str, str], set[str]] = defaultdict(set)
    read: dict[tuple[str, str], set[str]] = defaultdict(set)
    for package in sorted(path for path in PLUGINS.iterdir() if path.is_dir() and any(path.glob("*.py"))):
        for path in sorted(package.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and not node.attr.startswith("_"):
                    kind, name, setting = (
                        kinds.get(receiver_name(node.value) or ""),
                        node.attr,
                        isinstance(node.ctx, ast.Store),
                    )
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ("getattr", "hasattr", "setattr")
                    and len(node.args) > 1
                    and isinstance(node.args[1], ast.Constant)
                    and isinstance(node.args[1].value, str)
                ):
                    kind, name = kinds.get(receiver_name(node.args[0]) or ""), node.args[1].value
                    setting = node.func.id == "setattr"
                else:
                    continue
                if kind:
                    (assigned if setting else read)[(kind, name)].add(package.name)
    return assigned, read


def test_every_attribute_a_plugin_sets_is_declared_with_its_provider():
    assigned, _ = attribute_uses()
    declared_pairs = {
        (kind, name, row.provider) for kind, table in KINDS.items() for row in table for name in row.names
    }
    in_code = {
        (kind, name, plugin)
        for (kind, name), plugins in assigned.items()
        for plugin in plugins
        if name not in PELICANS_OWN.get(kind, ())
    }
    assert not in_code - declared_pairs, (
        f"set by plugins, not declared in contracts.py: {sorted(in_code - declared_pairs)}"
    )
    assert not declared_pairs - in_code, (
        f"declared in contracts.py, set by no plugin: {sorted(declared_pairs - in_code)}"
    )


def test_every_declared_reader_of_an_attribute_reads_it_and_every_reader_is_declared():
    _, read = attribute_uses()
    templates = template_text()
    missing, unlisted = [], []
    for kind, table in KINDS.items():
        for row in table:
            for name in row.names:
                in_templates = re.search(rf"\.{re.escape(name)}\b", templates) is not None
                for reader in row.readers:
                    if not (in_templates if reader == "theme" else reader in read.get((kind, name), set())):
                        missing.append((name, reader))
                readers = read.get((kind, name), set()) - {row.provider} | ({"theme"} if in_templates else set())
                unlisted += [(name, reader) for reader in sorted(readers - set(row.readers))]
    assert not missing, f"contracts.py declares readers that do not read the attribute: {missing}"
    assert not unlisted, f"read by plugins or templates, not declared so in contracts.py: {unlisted}"


def test_the_attributes_plugins_set_that_are_pelicans_own_are_pelicans():
    from pelican import Pelican
    from pelican.contents import Article

    assert "template" in vars(Article("x", metadata={"title": "T"}))
    assert "self.output_retention =" in ast.unparse(ast.parse(inspect.getsource(Pelican.__init__).strip()))


def test_the_attribute_scan_finds_what_it_looks_for():
    assigned, read = attribute_uses()
    assert assigned[("pelican", "build_guard")] == {"essentials"}
    assert assigned[("generator", "comments_writer")] == {"comments"}
    assert "series" in assigned[("document", "series_failed")]
    assert "preview" in read[("pelican", "build_guard")]  # getattr(self.pelican, "build_guard", None)
    assert "measures" in read[("document", "series_failed")]


# --- the preview's signals ---------------------------------------------------------------------------------


def test_the_preview_signals_are_objects_defined_once_and_used_by_the_plugins():
    from blinker import signal

    from plugins.preview import hooks

    assert hooks.PREVIEW_DATA_CHANGED is contracts.PREVIEW_DATA_CHANGED is signal("preview_data_changed")
    assert hooks.PREVIEW_DOCUMENT_REFRESHED is contracts.PREVIEW_DOCUMENT_REFRESHED
    spelled = []
    for path in sorted(PLUGINS.rglob("*.py")):
        if path == PLUGINS / "shared" / "contracts.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"""["']preview_(data_changed|document_refreshed)["']""", line):
                spelled.append(f"{path.relative_to(ROOT)}:{number}")
    assert not spelled, f"a preview signal spelled as a string instead of the contracts.py object: {spelled}"
    connected = {
        name: {path.parent.name for path in PLUGINS.glob("*/__init__.py") if f"{name}.connect(" in path.read_text()}
        for name in ("PREVIEW_DATA_CHANGED", "PREVIEW_DOCUMENT_REFRESHED")
    }
    assert connected["PREVIEW_DATA_CHANGED"] == {"glossary", "comments"}
    assert connected["PREVIEW_DOCUMENT_REFRESHED"] == {"glossary", "comments", "series", "measures", "related"}
