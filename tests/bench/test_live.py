"""Variant F's harness (tests/bench/live.py) on a tiny corpus: every kind of edit is timed and shows."""

from __future__ import annotations

import pytest

from tests.bench import live

pytestmark = pytest.mark.slow


def test_a_quick_live_run_times_every_kind_of_edit(tmp_path):
    result = live.run(posts=24, edits=1, workdir=tmp_path, kinds={"post", "comments", "glossary"})
    for key in ("F-post", "F-comments", "F-glossary", "F-catch-up"):
        assert result["variants"][key]["median"] > 0, key
    assert result["fast_path_log"], "the post edit did not take the fast path"
    assert result["load_average_before"]
