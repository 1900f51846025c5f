"""The README's contract: two commands, the same ones CI and the Makefile use."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.sitebuild import ROOT


def readme_commands() -> list[str]:
    """The commands in the README's first fenced shell block, comments stripped."""
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_readme_gives_make_html_and_make_test_first():
    assert readme_commands() == ["make html", "make test"]


def test_ci_runs_the_readme_test_command_and_nothing_private():
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [line for line in commands if line and not line.startswith("#")]
    assert "make test CI=true" in commands  # the README's command, with the fresh-venv check CI alone runs
    assert all(line.startswith(("set ", "cd ", "make test")) for line in commands), commands


def test_makefile_targets_build_and_test_after_setting_up():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^html: \$\(STAMP\)\n\t\$\(PELICAN\) content -s pelicanconf.py", makefile, re.M)
    assert re.search(r"^test: \$\(STAMP\)[^\n]*\n(\t.*\n)*\t\$\(BIN\)/python -m pytest tests", makefile, re.M)
    devserver = re.search(r"^devserver: \$\(STAMP\)\n((?:\t.*\n)+)", makefile, re.M).group(1)
    # The live preview (plugins/preview, tested in test_preview.py) turns Pelican's content cache on itself.
    assert "$(BIN)/python -m plugins.preview -s pelicanconf.py --bind $(HOST) --port $(PORT)" in devserver
    assert re.search(r"^\$\(STAMP\): requirements.txt\n\ttest -x .* \$\(PYTHON\) -m venv", makefile, re.M)


def test_make_test_leaves_the_fresh_venv_check_to_ci():
    def pytest_line(*variables: str) -> str:
        # Not CI, nor the variables of a `make test CI=true` this run may be inside (make hands them down).
        env = {key: value for key, value in os.environ.items() if key not in ("CI", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        printed = subprocess.run(["make", "-n", "test", *variables], cwd=ROOT, capture_output=True, text=True, env=env)
        return next(line for line in printed.stdout.splitlines() if " -m pytest tests" in line)

    assert pytest_line().endswith('-m "not fresh_venv"')
    assert "fresh_venv" not in pytest_line("CI=true")
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider", "-m", "not fresh_venv", __file__],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    assert "test_readme_gives_make_html_and_make_test_first" in collected
    assert "test_make_html_works_in_a_fresh_copy" not in collected


def test_every_requirement_is_pinned():
    lines = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line and not line.startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line) for line in lines), lines
    assert "pelican==4.12.0" in lines


@pytest.mark.slow
@pytest.mark.fresh_venv  # CI only: `make test` leaves it out unless CI=true (test below)
@pytest.mark.timeout(660)  # a new virtual environment: every pinned package installed (21-69 s), then a build
def test_make_html_works_in_a_fresh_copy(tmp_path):
    """A new user's first command, on a copy of the work tree without .venv or output/."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    copy = tmp_path / "blog"
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    result = subprocess.run(["make", "html"], cwd=copy, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (copy / ".venv" / "bin" / "pelican").exists()
    assert (copy / "output" / "index.html").exists()
    assert (copy / "output" / "2019" / "01" / "ivig-approved" / "index.html").exists()
