"""The W3C Nu HTML Checker over every HTML file of the sample site (local and published builds): zero errors.

The checker is ``vnu.jar`` from the npm package ``vnu-jar``, pinned in
tests/vnu/package-lock.json and fetched by ``make test`` into .venv/vnu/.
It runs once, in one JVM, over all the files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.sitebuild import ROOT

VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
INVALID_PAGE = "<!DOCTYPE html><html lang=en><title>x</title><p><div>a block inside a paragraph</p></div>"


def require(found: bool, message: str) -> None:
    """Under CI a missing tool fails the run; on a developer's machine the test is skipped."""
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def run_checker(files: list[Path]) -> list[dict]:
    """vnu's messages for ``files`` (one JVM run), each with the local ``path``."""
    java = shutil.which("java")
    install = "sudo apt-get install -y default-jre-headless"
    require(java is not None, f"Java is missing: {install} (make test does it when run as root)")
    require(VNU_JAR.exists(), f"{VNU_JAR} is missing: `make test` fetches it with npm (sudo apt-get install -y npm)")
    command = [java, "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR), "--format", "json", "--stdout"]
    process = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(process.stdout)["messages"]
    for message in messages:
        message["path"] = Path(unquote(urlparse(message.get("url", "")).path))
    return messages


def describe(message: dict, roots: dict[str, Path]) -> str:
    """``build/file:line: message [extract]``, the file named inside its build's output."""
    path = message["path"]
    for name, root in roots.items():
        if path.is_relative_to(root):
            path = f"{name}: {path.relative_to(root)}"
            break
    extract = " ".join(message.get("extract", "").split())
    return f"{path}:{message.get('lastLine', '?')}: {message['message']}  [{extract}]"


def is_error(message: dict) -> bool:
    return message["type"] in {"error", "non-document-error"}


def test_every_html_file_of_both_builds_is_valid(site, published_site, tmp_path):
    roots = {"local build": site.output, "published build": published_site.output}
    files = [path for root in roots.values() for path in sorted(root.rglob("*.html"))]
    assert len(files) > 40, "the sample site has fewer pages than expected"
    canary = tmp_path / "invalid.html"
    canary.write_text(INVALID_PAGE, encoding="utf-8")
    messages = run_checker([*files, canary])
    assert any(is_error(message) and message["path"] == canary for message in messages), (
        "the checker did not report the deliberately invalid page: is it working?"
    )
    errors = [describe(message, roots) for message in messages if is_error(message) and message["path"] != canary]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
