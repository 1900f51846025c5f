"""Module boundaries, read from the source with ``ast``: the commands reach the comment archive only through
its public module (``plugins.comments.store``), and no module takes another module's ``_private`` name."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
PUBLIC = "plugins.comments.store"
# Command modules outside the comments package: they may import nothing of plugins.comments but PUBLIC.
OUTSIDE_COMMANDS = ("wordpress", "preview")
# The comments package's own commands: the archive only through PUBLIC; the mail side and the importers
# (which produce what the store merges) are theirs to use.
INSIDE_COMMANDS = ("__main__.py", "moderation.py")
INSIDE_ALLOWED = {
    PUBLIC,
    "plugins.comments.moderation",
    "plugins.comments.mail",
    "plugins.comments.importers",
    "plugins.comments.sanitize",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, name: str | None = None) -> list[tuple[int, str, list[str]]]:
    """(line, absolute module, names) of every import in ``path`` (module ``name``), relative ones resolved."""
    package = (name or module_name(path)).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names = [alias.name for alias in node.names]
            if node.module is None:  # ``from . import store``: each name is a module
                found.extend((node.lineno, f"{module}.{name}", []) for name in names)
            else:
                found.append((node.lineno, module, names))
    return found


def reaches(module: str, names: list[str]) -> list[str]:
    """The plugins.comments modules an import reaches (``from plugins.comments import store`` reaches store)."""
    if module == "plugins.comments":
        return [f"plugins.comments.{name}" for name in names] or [module]
    return [module] if module.startswith("plugins.comments.") else []


def within(module: str, allowed: set[str]) -> bool:
    return any(module == ok or module.startswith(ok + ".") for ok in allowed)


def test_commands_use_only_the_archive_s_public_module():
    outside = [path for folder in OUTSIDE_COMMANDS for path in sorted((PLUGINS / folder).rglob("*.py"))]
    inside = [PLUGINS / "comments" / name for name in INSIDE_COMMANDS]
    assert outside and all(path.is_file() for path in inside)
    wrong = []
    for paths, allowed in ((outside, {PUBLIC}), (inside, INSIDE_ALLOWED)):
        for path in paths:
            for line, module, names in imports(path):
                wrong += [
                    f"{path.relative_to(ROOT)}:{line}: imports {reached}; use {PUBLIC}"
                    for reached in reaches(module, names)
                    if not within(reached, allowed)
                ]
    assert wrong == []


def test_the_wordpress_import_does_use_the_public_module():
    modules = {module for path in (PLUGINS / "wordpress").rglob("*.py") for _, module, _ in imports(path)}
    assert PUBLIC in modules or any(module == "plugins.comments" for module in modules)


def test_no_module_imports_another_module_s_private_name():
    wrong = []
    for path in sorted(PLUGINS.rglob("*.py")):
        for line, module, names in imports(path):
            taken = [name for name in names if name.startswith("_") and not name.startswith("__")]
            private_module = [part for part in module.split(".") if part.startswith("_") and not part.startswith("__")]
            if taken or private_module:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: from {module} import {', '.join(names)}")
    assert wrong == []


def test_the_checks_see_a_violation(tmp_path):
    """The checks above find what they look for: a private name, and a reach past the public module."""
    sample = tmp_path / "probe.py"
    sample.write_text(
        "from plugins.comments.merge import _date_key\nfrom ..comments.archive import load_archive\n"
        "from ..comments import store\n",
        encoding="utf-8",
    )
    found = imports(sample, "plugins.wordpress.probe")
    assert found == [
        (1, "plugins.comments.merge", ["_date_key"]),
        (2, "plugins.comments.archive", ["load_archive"]),
        (3, "plugins.comments", ["store"]),
    ]
    assert reaches("plugins.comments", ["store"]) == [PUBLIC]
    assert not within("plugins.comments.archive", {PUBLIC}) and within(PUBLIC, {PUBLIC})
