"""Smoke run of the comment benchmark's corpus generator: small, deterministic, importable."""

from __future__ import annotations

import contextlib
import io
import re

from plugins.comments.__main__ import main
from plugins.comments.archive import load_archive
from tests.bench.comments_corpus import write_corpus


def test_the_generated_export_imports_with_threads_up_to_five_deep(tmp_path):
    export, content = write_corpus(tmp_path / "corpus", posts=4, comments=200)
    assert export.read_bytes() == write_corpus(tmp_path / "again", posts=4, comments=200)[0].read_bytes()
    assert len(list((content / "posts").glob("*.md"))) == 4
    summary = io.StringIO()
    with contextlib.redirect_stdout(summary):
        assert main(["import", str(export), "--output", str(content / "comments")]) == 0
    kept = [comment for path in (content / "comments").glob("*.json") for comment in load_archive(path).comments]
    skipped = sum(int(n) for n in re.findall(r"(\d+) \w+", summary.getvalue().split("Skipped:")[1]))
    assert len(kept) + skipped == 200
    assert any(comment.is_author for comment in kept)
    parents = {comment.id: comment.parent for comment in kept}
    depths = []
    for comment_id in parents:
        depth, current = 1, parents[comment_id]
        while current in parents:
            depth, current = depth + 1, parents[current]
        depths.append(depth)
    assert 3 <= max(depths) <= 5
