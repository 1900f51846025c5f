"""Two clean builds of the same commit are byte-identical: no timestamps, random ids or unstable order."""

from __future__ import annotations

import difflib
import filecmp

import pytest

from tests.sitebuild import build_site


def files_of(output) -> set[str]:
    return {path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file()}


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(tmp_path, monkeypatch):
    """Different hash seeds shake out any ordering that comes from a set or a dict of sets."""
    builds = []
    for seed in ("1", "2"):
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        build = build_site(tmp_path / f"build-{seed}" / "output", settings="publishconf.py")
        assert build.returncode == 0, build.log
        builds.append(build.output)
    first, second = (files_of(output) for output in builds)
    assert first == second, f"only in one build: {sorted(first ^ second)}"
    differing = [name for name in sorted(first) if not filecmp.cmp(builds[0] / name, builds[1] / name, shallow=False)]
    assert not differing, f"{len(differing)} files differ between two builds: {differing}\n" + "\n".join(
        first_difference(builds[0] / name, builds[1] / name) for name in differing[:3]
    )


def first_difference(first, second) -> str:
    """The first differing lines of two text files, to show what changes between builds."""
    lines = [path.read_bytes().decode("utf-8", "replace").splitlines() for path in (first, second)]
    changed = [line for line in difflib.unified_diff(*lines, lineterm="", n=0) if line[:1] in "+-"][2:4]
    return f"{first.name}: " + " | ".join(line[:200] for line in changed)
