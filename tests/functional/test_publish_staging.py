"""``make publish`` builds into a staging folder and swaps it in only on success: the last good site stays."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, _environment


def publish(content: Path, output: Path) -> subprocess.CompletedProcess:
    command = ["make", "--no-print-directory", "publish", f"CONTENT={content}", f"OUTPUT={output}"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=_environment())


def write(content: Path, name: str, text: str) -> None:
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("publish")
    content, output = root / "content", root / "output"
    write(content, "posts/good.md", "Title: Good\nDate: 2019-01-05\n\nThe first words.\n")
    write(content, "pages/about.md", "Title: About\n\nAbout me.\n")
    first = publish(content, output)
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"Published into {output}/" in first.stdout
    return content, output, tree(output)


def test_a_failed_publish_keeps_the_last_good_site(published):
    content, output, before = published
    write(content, "posts/good.md", "Title: Good\nDate: 2019-01-05\n\nNew words, never published.\n")
    write(content, "posts/bad.md", "Title: Bad\nDate: 2019-13-45\n\nBody.\n")
    result = publish(content, output)
    log = result.stdout + result.stderr
    (content / "posts" / "bad.md").unlink()
    write(content, "posts/good.md", "Title: Good\nDate: 2019-01-05\n\nThe first words.\n")
    assert result.returncode != 0
    assert "bad.md:2: Date '2019-13-45' is not a valid date (month 13)" in log
    assert "Build failed: 1 error above" in log
    assert f"Nothing published: {output}/ still holds the last good site." in log
    assert "Traceback" not in log
    assert tree(output) == before
    assert not Path(f"{output}.staging").exists() and not Path(f"{output}.previous").exists()


def test_a_crashed_publish_keeps_the_last_good_site(published):
    content, output, before = published
    write(content, "posts/odd.md", "Title: Odd\nDate: 2019-02-01\nTemplate: no-such-template\n\nBody.\n")
    result = publish(content, output)
    (content / "posts" / "odd.md").unlink()
    assert result.returncode != 0
    assert "Nothing published" in result.stdout + result.stderr
    assert tree(output) == before
    assert not Path(f"{output}.staging").exists()


def test_a_good_publish_replaces_the_whole_site(published):
    content, output, before = published
    write(content, "posts/new.md", "Title: New\nDate: 2019-03-01\n\nFresh.\n")
    result = publish(content, output)
    (content / "posts" / "new.md").unlink()
    assert result.returncode == 0, result.stdout + result.stderr
    after = tree(output)
    assert "2019/03/new/index.html" in after
    assert "2019/01/good/index.html" in after and "about/index.html" in after
    assert b"/2019/03/new/" in after["index.html"] and after["index.html"] != before["index.html"]
    assert not Path(f"{output}.staging").exists() and not Path(f"{output}.previous").exists()
