"""The comment archive's public module: an empty archive is damaged (and mended), writes are whole and checked."""

from __future__ import annotations

import json
import os

import pytest

from tests.unit.test_comments_import_safety import comment, comments_of, export, item, run


def test_an_empty_archive_is_damaged_and_the_import_writes_it_anew(tmp_path):
    archive = tmp_path / "content" / "comments" / "a-post.json"
    archive.parent.mkdir(parents=True)
    archive.write_bytes(b"")  # what an in-place write killed at the wrong moment left
    code, out, err = run(tmp_path, export(tmp_path, item(comment("1") + comment("2", date="2019-01-15 12:00:00"))))
    assert code == 0, err
    assert f"Note: {archive}: the file was empty (damaged, most likely by an interrupted write)" in out
    assert [entry["id"] for entry in comments_of(tmp_path)] == ["wp-1", "wp-2"]


def test_an_archive_that_is_not_json_is_never_written_over(tmp_path):
    archive = tmp_path / "content" / "comments" / "a-post.json"
    archive.parent.mkdir(parents=True)
    archive.write_text('{"comments": [', encoding="utf-8")
    code, _, err = run(tmp_path, export(tmp_path, item(comment("1"))))
    assert code == 1 and f"error: {archive}:1: invalid JSON, not touched" in err and "restore it from git" in err
    assert archive.read_text(encoding="utf-8") == '{"comments": ['


def test_write_checks_like_the_build_and_leaves_no_temp_file(tmp_path):
    from plugins.comments import store

    path = tmp_path / "post.json"
    good = json.loads(json.dumps({"schema_version": 1, "comments": []}))
    record = {
        "id": "c1",
        "parent": None,
        "author": "Ana",
        "date": "2019-01-14T12:00:00Z",
        "body": "<p>Hi</p>",
        "source": "manual",
    }
    store.write(path, good, [record, {**record, "id": "c0", "date": "2019-01-13T12:00:00Z"}])
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["schema_version"] == store.FORMAT_VERSION
    assert [entry["id"] for entry in written["comments"]] == ["c0", "c1"]  # added ones in date order
    before = path.read_bytes()
    with pytest.raises(store.ArchiveError, match="more than a day in the future"):
        store.write(path, written, [{**record, "id": "c2", "date": "2100-01-01T00:00:00Z"}])
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["post.json"]


def test_the_lock_file_is_never_a_symlink(tmp_path):
    from plugins.comments import store

    (tmp_path / ".comments.lock").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(store.ArchiveError, match="the lock file is a symlink: refused"), store.lock(tmp_path):
        pass
    assert not (tmp_path / "elsewhere").exists()


def test_a_file_written_whole_keeps_the_permissions_a_plain_write_gives(tmp_path):
    """A temp file starts as 0600; an imported image or post must stay readable by the web server."""
    from plugins.shared.files import write_atomically

    plain, whole = tmp_path / "plain.jpg", tmp_path / "whole.jpg"
    plain.write_bytes(b"x")
    write_atomically(whole, b"x")
    assert whole.stat().st_mode == plain.stat().st_mode
    whole.chmod(0o640)
    write_atomically(whole, b"y")
    assert oct(whole.stat().st_mode & 0o777) == oct(0o640)
