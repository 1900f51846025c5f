"""``make publish`` builds into a staging folder and swaps it in only on success: the last good site stays."""

from __future__ import annotations

import json
import re
import runpy
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, _environment, build_site

# A plugin with a bug, for these tests only: it raises once a few pages are written (a crash half-way).
CRASHING_PLUGIN = """
from pelican import signals


def register():
    written = []

    def crash(path, context):
        written.append(path)
        if len(written) == 3:
            raise KeyError("no_such_key")

    signals.content_written.connect(crash, weak=False)
"""
CRASH_LINE = re.compile(
    r"CRITICAL\s+Build crashed: KeyError: 'no_such_key' at \S+crash_midway\.py:11 \(in crash\)\. An unexpected error,"
    r" usually a bug in a plugin, the theme or Pelican rather than a mistake in your posts: run the build again with -D"
)


def publish(content: Path, output: Path, options: str = "") -> subprocess.CompletedProcess:
    command = ["make", "--no-print-directory", "publish", f"CONTENT={content}", f"OUTPUT={output}"]
    if options:
        command.append(f"PELICANOPTS={options}")
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=_environment())


def crashing_settings(folder: Path) -> dict:
    """The site's plugins and one that crashes half-way through writing, for ``-e``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "crash_midway.py").write_text(CRASHING_PLUGIN, encoding="utf-8")
    plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    return {"PLUGIN_PATHS": [str(folder)], "PLUGINS": [*plugins, "crash_midway"]}


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


def test_a_publish_with_a_template_the_theme_lacks_keeps_the_last_good_site(published):
    content, output, before = published
    write(content, "posts/odd.md", "Title: Odd\nDate: 2019-02-01\nTemplate: no-such-template\n\nBody.\n")
    result = publish(content, output)
    (content / "posts" / "odd.md").unlink()
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert "Nothing published" in log
    assert "odd.md:3: Template 'no-such-template' is not a template of the theme" in log
    assert "Build failed: 1 error above" in log and "Build crashed" not in log
    assert "Traceback" not in log, log
    assert tree(output) == before
    assert not Path(f"{output}.staging").exists()


def test_a_publish_crashed_by_a_plugin_keeps_the_last_good_site_with_one_line(published, tmp_path):
    content, output, before = published
    write(content, "posts/good.md", "Title: Good\nDate: 2019-01-05\n\nNew words, never published.\n")
    settings = crashing_settings(tmp_path / "plugins")
    options = "-e " + " ".join(shlex.quote(f"{key}={json.dumps(value)}") for key, value in settings.items())
    result = publish(content, output, options)
    write(content, "posts/good.md", "Title: Good\nDate: 2019-01-05\n\nThe first words.\n")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert CRASH_LINE.search(log), log
    assert "Traceback" not in log and 'File "' not in log, log
    assert f"Nothing published: {output}/ still holds the last good site." in log
    assert tree(output) == before
    assert not Path(f"{output}.staging").exists() and not Path(f"{output}.previous").exists()


def post_page(output: Path, day: int) -> str:
    return (output / "2019" / "01" / f"post-{day}" / "index.html").read_text(encoding="utf-8")


def test_make_html_crashed_by_a_plugin_removes_nothing_and_the_next_build_recovers(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    for day in range(1, 6):
        write(content, f"posts/p{day}.md", f"Title: Post {day}\nDate: 2019-01-0{day}\n\nFirst words {day}.\n")
    write(content, "pages/about.md", "Title: About\n\nAbout me.\n")
    first = build_site(output, content=content, fatal=None)
    assert first.returncode == 0, first.log
    before = tree(output)
    for day in range(1, 6):
        write(content, f"posts/p{day}.md", f"Title: Post {day}\nDate: 2019-01-0{day}\n\nSecond words {day}.\n")
    crashed = build_site(output, content=content, fatal=None, extra=crashing_settings(tmp_path / "plugins"))
    assert crashed.returncode == 1
    assert CRASH_LINE.search(crashed.log), crashed.log
    assert "Traceback" not in crashed.log and 'File "' not in crashed.log, crashed.log
    after = tree(output)
    assert set(before) <= set(after), "a crashed build removed files"  # every last good page is still there
    assert (output / ".build-in-progress").exists()  # marks the folder as half-written
    assert any(
        "First words" in post_page(output, day) for day in range(1, 6)
    )  # not all rewritten: the crash came half-way
    debug = build_site(
        output, content=content, fatal=None, extra=crashing_settings(tmp_path / "plugins"), arguments=("-D",)
    )
    assert debug.returncode == 1 and "Traceback" in debug.log and "no_such_key" in debug.log
    again = build_site(output, content=content, fatal=None)
    assert again.returncode == 0, again.log
    assert not (output / ".build-in-progress").exists()
    for day in range(1, 6):
        assert f"Second words {day}." in (output / "2019" / "01" / f"post-{day}" / "index.html").read_text(
            encoding="utf-8"
        )


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
