"""The speed plugin only makes the build faster: the site is byte-identical with and without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.settings import read_settings

from tests.sitebuild import ROOT, build_site


def tree(folder: Path) -> dict[str, bytes]:
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in files}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("speed")
    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    assert "plugins.speed" in plugins
    without = [name for name in plugins if name != "plugins.speed"]
    return build_site(root / "with"), build_site(root / "without", extra={"PLUGINS": without})


def test_the_site_is_byte_identical_without_the_speed_plugin(builds):
    fast, plain = builds
    assert fast.returncode == 0, fast.log
    assert plain.returncode == 0, plain.log
    with_files, without_files = tree(fast.output), tree(plain.output)
    assert sorted(with_files) == sorted(without_files)
    different = [name for name in with_files if with_files[name] != without_files[name]]
    assert different == [], f"files that differ without the speed plugin: {different[:10]}"
