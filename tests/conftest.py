"""Shared fixtures: the sample site, built once per test session."""

from __future__ import annotations

import pytest

from tests.sitebuild import Build, build_site


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The sample site built with pelicanconf.py and ``--fatal warnings``."""
    result = build_site(tmp_path_factory.mktemp("site") / "output")
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Build:
    """The sample site built with publishconf.py (absolute URLs, no drafts)."""
    result = build_site(tmp_path_factory.mktemp("published") / "output", settings="publishconf.py")
    assert result.returncode == 0, result.log
    return result
