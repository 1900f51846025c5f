"""The one stylesheet stays well formed as every plugin appends its section."""

from __future__ import annotations

import re

from tests.sitebuild import ROOT

CSS = (ROOT / "theme" / "static" / "css" / "main.css").read_text(encoding="utf-8")


def depth_at(text: str, offset: int) -> int:
    """Brace depth at ``offset``, ignoring comments."""
    code = re.sub(r"/\*.*?\*/", lambda m: " " * len(m.group()), text[:offset], flags=re.DOTALL)
    return code.count("{") - code.count("}")


def test_braces_balance():
    assert depth_at(CSS, len(CSS)) == 0


def test_every_plugin_section_starts_at_the_top_level():
    banners = [match.start() for match in re.finditer(r"/\* === ", CSS)]
    assert banners, "plugin sections are marked with /* === name === */"
    for offset in banners:
        line = CSS.count("\n", 0, offset) + 1
        assert depth_at(CSS, offset) == 0, f"main.css:{line}: a section starts inside an unclosed block"
