"""A comment deleted by hand comes back on re-import: the report says so, and how to keep it out (reject)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from plugins.comments.__main__ import main
from tests.unit.test_comments_import_safety import comment, comments_of, export, item, run

THREE = (
    comment("1", author="Ana", date="2019-01-14 12:00:00")
    + comment("2", author="Bo", date="2019-01-15 12:00:00", content="Rude words")
    + comment("3", author="Cy", date="2019-01-16 12:00:00")
)


def delete_by_hand(tmp_path: Path, comment_id: str) -> None:
    path = tmp_path / "content" / "comments" / "a-post.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["comments"] = [entry for entry in data["comments"] if entry["id"] != comment_id]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def reject(tmp_path: Path, comment_id: str) -> int:
    folder = tmp_path / "content"
    with contextlib.redirect_stdout(io.StringIO()):
        return main(["reject", comment_id, "--comments", str(folder / "comments"), "--posts", str(folder / "posts")])


def test_a_comment_deleted_by_hand_that_comes_back_is_reported_with_how_to_keep_it_out(tmp_path):
    path = export(tmp_path, item(THREE))
    code, out, _ = run(tmp_path, path)
    assert code == 0 and "added 3" in out and "Back:" not in out
    delete_by_hand(tmp_path, "wp-2")

    code, out, _ = run(tmp_path, path, extra=("--dry-run",))
    assert code == 0 and "would add 1" in out
    assert "Back: " in out and "wp-2 (Bo, 2019-01-15T12:00:00Z) would come back" in out
    assert 'To keep it out for good: add {"id": "wp-2", "reason": "deleted"} to its "removed" list' in out

    code, out, _ = run(tmp_path, path)
    assert code == 0 and "added 1, 2 already in" in out
    archive = tmp_path / "content" / "comments" / "a-post.json"
    assert (
        f"Back: {archive}: wp-2 (Bo, 2019-01-15T12:00:00Z) came back: it was not in the archive, though later"
        " comments of the export are, so it was most likely deleted by hand since the last import"
    ) in out
    assert "To keep it out for good: python -m plugins.comments reject wp-2" in out

    assert reject(tmp_path, "wp-2") == 0  # what the report says to do keeps it out
    code, out, _ = run(tmp_path, path)
    assert code == 0 and "added 0" in out and "Back:" not in out
    assert [entry["id"] for entry in comments_of(tmp_path)] == ["wp-1", "wp-3"]


def test_a_new_comment_since_the_last_export_is_not_called_back(tmp_path):
    code, out, _ = run(tmp_path, export(tmp_path, item(THREE)))
    assert code == 0
    newer = THREE + comment("4", author="Di", date="2019-02-01 12:00:00")
    code, out, _ = run(tmp_path, export(tmp_path, item(newer), name="later.xml"))
    assert code == 0 and "added 1, 3 already in" in out and "Back:" not in out


def test_the_wordpress_import_report_says_so_too(tmp_path):
    from plugins.wordpress.__main__ import main as wordpress
    from tests.functional.test_wordpress import own_export

    (tmp_path / "export").mkdir()
    path = own_export(tmp_path / "export")
    content = tmp_path / "content"
    with contextlib.redirect_stdout(io.StringIO()):
        assert wordpress(["import", str(path), "--content", str(content)]) == 0
    archive = content / "comments" / "insurance-finally-approved-ivig.json"
    data = json.loads(archive.read_text(encoding="utf-8"))
    data["comments"] = [entry for entry in data["comments"] if entry["id"] != "wp-5"]  # the older of two
    archive.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        assert wordpress(["import", str(path), "--content", str(content)]) == 0
    report = (content / "wordpress" / "import-report.txt").read_text(encoding="utf-8")
    assert f"Back: {archive}: wp-5 (Marisol Vega, " in report
    assert "To keep it out for good: python -m plugins.comments reject wp-5" in report
