"""The real exports in ``../shared/fixtures`` (beside the repository; ``SHARED_FIXTURES`` points a worktree
elsewhere at them). CI has them; a run without them skips the tests that read them, and tests/conftest.py says
which in one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.sitebuild import ROOT

SHARED_FIXTURES = Path(os.environ.get("SHARED_FIXTURES") or ROOT.parent / "shared" / "fixtures")
WORDPRESS = SHARED_FIXTURES / "wordpress"
UNIT_TEST_DATA = WORDPRESS / "themeunittestdata.wordpress.xml"
SKIP_PREFIX = "needs ../shared: "


def absent(path: Path) -> str:
    """The reason a test that reads ``path`` is skipped."""
    return f"{SKIP_PREFIX}{path} is absent (CI has it)"


def require(path: Path) -> None:
    """Skip the calling test (or fixture) when ``path`` is absent."""
    if not path.exists():
        pytest.skip(absent(path))
