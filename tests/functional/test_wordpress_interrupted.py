"""An import killed at any moment (``kill -9``) leaves every file whole, and running it again finishes the job.

Posts, pages, comment archives and the import's own notes are written to a temp file and renamed, so a kill
leaves the old file or the new one. A file at an imported post's path that an older, in-place write left
empty or cut short is recognised as damaged, not as the author's own, and written anew with a report line;
an empty comment archive, likewise.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml

from plugins.comments.archive import load_archive
from plugins.wordpress.__main__ import main
from tests.bench.comments_corpus import write_corpus
from tests.bench.wordpress_import import enrich

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
SETTLED = ("wordpress/import-report.txt", "wordpress/imported.json")  # these say what each run did


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    """A synthetic export: 60 posts with 600 comments (threads, pending, spam, pingbacks), bodies with images."""
    path, _ = write_corpus(tmp_path_factory.mktemp("export"), 60, 600)
    enrich(path)
    return path


def command(export: Path, content: Path) -> list[str]:
    return [sys.executable, "-m", "plugins.wordpress", "import", str(export), "--content", str(content)]


def import_in_process(export: Path, content: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["import", str(export), "--content", str(content)])
    return code, out.getvalue() + err.getvalue()


def files(content: Path) -> dict[str, bytes]:
    return {
        path.relative_to(content).as_posix(): path.read_bytes()
        for path in sorted(content.rglob("*"))
        if path.is_file() and path.name != ".comments.lock"
    }


def temp_files(content: Path) -> list[str]:
    """What a kill leaves besides the files: temp files (hidden, never read by a build), cleared by the next write."""
    return [name for name in files(content) if name.rsplit("/", 1)[-1].startswith(".") and name.endswith(".tmp")]


def check_every_file_parses(content: Path) -> None:
    temps = temp_files(content)
    for relative, data in files(content).items():
        if relative in temps:
            continue
        assert data.strip(), f"{relative} is empty"
        if relative.endswith(".md"):
            text = data.decode("utf-8")
            assert text.startswith("---\n") and "\n---\n" in text[4:], f"{relative}: front matter cut short"
            meta = yaml.safe_load(text[4 : text.index("\n---\n", 4)])
            assert isinstance(meta, dict) and meta.get("Title"), relative
        elif relative.startswith("comments/"):
            assert not load_archive(content / relative).errors, relative
        elif relative.endswith(".json"):
            json.loads(data)


def test_twenty_kills_during_an_import_lose_nothing(tmp_path, export):
    clean = tmp_path / "clean" / "content"
    assert import_in_process(export, clean)[0] == 0
    expected = {name: data for name, data in files(clean).items() if name not in SETTLED}
    assert sum(name.startswith("comments/") for name in expected) > 40

    content = tmp_path / "killed" / "content"
    rng = random.Random(30)
    took = []
    for _ in range(2):  # the first import, then one with nothing new (the quicker): kills land within both
        started = time.monotonic()
        finished = subprocess.run(command(export, content), cwd=ROOT, capture_output=True, timeout=300)
        assert finished.returncode == 0, finished.stderr
        took.append(time.monotonic() - started)
    shortest = min(took)
    killed = 0
    for _ in range(KILLS):
        for path in content.glob("*/*"):  # a fresh start half the time: the kill then lands in first writes
            if rng.random() < 0.5 and path.is_file() and not path.name.startswith("."):
                path.unlink()
        run = subprocess.Popen(command(export, content), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.1, 0.9 * shortest))
        if run.poll() is None:
            os.kill(run.pid, signal.SIGKILL)
            killed += 1
        run.wait(timeout=60)
        check_every_file_parses(content)
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} runs were still going when killed"

    code, out = import_in_process(export, content)
    assert code == 0, out
    check_every_file_parses(content)
    assert temp_files(content) == []
    after = {name: data for name, data in files(content).items() if name not in SETTLED}
    assert sorted(after) == sorted(expected)
    assert [name for name in expected if after[name] != expected[name]] == []


def test_an_empty_or_cut_short_post_is_damaged_not_the_author_s_and_is_written_anew(tmp_path, export):
    content = tmp_path / "content"
    assert import_in_process(export, content)[0] == 0
    whole = files(content)
    posts = sorted(name for name in whole if name.startswith("posts/"))
    empty, cut = content / posts[0], content / posts[1]
    empty.write_bytes(b"")
    cut.write_bytes(whole[posts[1]][:100])
    archive = next(name for name in whole if name.startswith("comments/"))
    (content / archive).write_bytes(b"")

    code, out = import_in_process(export, content)
    assert code == 0, out
    assert f"{posts[0]}: the file was empty (damaged, most likely by an import that was stopped): written anew" in out
    assert f"{posts[1]}: the file was cut short (100 of {len(whole[posts[1]])} bytes)" in out
    assert f"{content / archive}: the file was empty (damaged" in out
    assert "yours (not written by this importer)" not in out
    assert not (content / "wordpress" / "set-aside").exists()
    now = files(content)
    assert [now[name] == whole[name] for name in (posts[0], posts[1], archive)] == [True, True, True]


def test_the_author_s_own_file_is_still_hers(tmp_path, export):
    """A file the author wrote at an imported post's path is not mistaken for a damaged one."""
    content = tmp_path / "content"
    assert import_in_process(export, content)[0] == 0
    post = sorted((content / "posts").glob("*.md"))[2]
    post.write_text("---\nTitle: My own words\n---\n\nI wrote this myself.\n", encoding="utf-8")
    (content / "wordpress" / "imported.json").unlink()
    code, out = import_in_process(export, content)
    assert code == 0
    assert "yours (not written by this importer)" in out and "damaged" not in out
    assert "I wrote this myself." in post.read_text(encoding="utf-8")
