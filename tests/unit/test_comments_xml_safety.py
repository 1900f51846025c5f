"""What the comments README says of XML is what the importer does: a plain DOCTYPE is read, entities are refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.sitebuild import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "comments"


def run_import(tmp_path: Path, export: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "plugins.comments", "import", "--output", str(tmp_path / "comments"), str(export)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_an_export_with_a_plain_doctype_is_imported(tmp_path):
    text = (FIXTURES / "wxr-1.2-https.xml").read_text(encoding="utf-8")
    export = tmp_path / "doctype.xml"
    export.write_text(text.replace("<rss ", "<!DOCTYPE rss>\n<rss ", 1), encoding="utf-8")
    result = run_import(tmp_path, export)
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "comments").glob("*.json"))


def test_an_entity_bomb_is_refused_with_one_line_naming_the_file(tmp_path):
    readme = (ROOT / "plugins" / "comments" / "README.md").read_text(encoding="utf-8")
    assert "refused unsafe XML\n(EntitiesForbidden)" in readme or "refused unsafe XML (EntitiesForbidden)" in readme
    result = run_import(tmp_path, FIXTURES / "billion-laughs.xml")
    assert result.returncode == 1
    assert "billion-laughs.xml:1: refused unsafe XML (EntitiesForbidden)" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "comments").exists()
