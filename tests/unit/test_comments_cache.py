"""The cache of comment counts and lists: its key, its entries, and an archive edited during a cached build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from plugins.comments import attach_comments, prune_cache
from plugins.comments.cache import PACKAGE, CommentCache, settings_digest, source_digest
from plugins.comments.render import CommentListWriter

CHICAGO = ZoneInfo("America/Chicago")


def entry(comment_id: str, parent: str | None = None, body: str | None = None) -> dict:
    return {
        "id": comment_id,
        "parent": parent,
        "author": f"Reader {comment_id}",
        "date": "2020-05-02T10:00:00+00:00",
        "body": body or f"<p>Comment {comment_id}</p>",
        "source": "manual",
    }


def write(path: Path, comments: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": 2, "comments": comments}, indent=2), encoding="utf-8")
    return path


# --- the key ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("edited", ["render.py", "thread.py", "sanitize.py", "archive.py", "schema.json"])
def test_editing_any_source_file_of_the_plugin_changes_the_code_digest(tmp_path, edited):
    package = tmp_path / "comments"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = source_digest(package)
    assert source_digest(package) == before
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "render.cpython.pyc").write_bytes(b"compiled")
    assert source_digest(package) == before, "compiled files are not sources"
    path = package / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert source_digest(package) != before


def test_another_nh3_version_changes_the_code_digest(monkeypatch):
    before = source_digest(PACKAGE)
    monkeypatch.setattr("importlib.metadata.version", lambda name: "99.0" if name == "nh3" else "1")
    assert source_digest(PACKAGE) != before


def test_the_render_settings_and_the_locale_names_change_the_settings_digest():
    base = settings_digest(CommentListWriter(CHICAGO, 5))
    assert settings_digest(CommentListWriter(CHICAGO, 5)) == base
    assert settings_digest(CommentListWriter(ZoneInfo("UTC"), 5)) != base
    assert settings_digest(CommentListWriter(CHICAGO, 4)) != base
    french = CommentListWriter(CHICAGO, 5)
    french.dates.months = ["", "janvier", *french.dates.months[2:]]
    assert settings_digest(french) != base
    other_halves = CommentListWriter(CHICAGO, 5)
    other_halves.dates.halves = ("am", "pm")
    assert settings_digest(other_halves) != base


# --- entries ----------------------------------------------------------------------------------------------


def test_an_entry_gives_back_its_count_and_list_and_nothing_for_another_key(tmp_path):
    cache = CommentCache(tmp_path / "comments", CommentListWriter(CHICAGO), load=True)
    key, other = cache.key(b"a" * 16), cache.key(b"b" * 16)
    assert key != other and cache.count(key) is None and cache.html(key) is None
    html = '<ol class="comment-list comment-thread">\n  <li>Zoë “quoted”</li>\n</ol>\n'
    cache.store(key, 3, html)
    assert cache.count(key) == 3 and cache.html(key) == html
    shutil.copy(cache.path(key), cache.path(other))  # an entry is only valid under its own name
    assert cache.count(other) is None and cache.html(other) is None
    assert sorted(path.name for path in cache.folder.iterdir()) == sorted(
        [cache.path(key).name, cache.path(other).name]
    )
    assert CommentCache(cache.folder, CommentListWriter(CHICAGO), load=False).count(key) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data.replace(b"Comment", b"Cxmment"),  # body changed
        lambda data: data.replace(b" 2 ", b" 3 ", 1),  # count changed
        lambda data: b"",
        lambda data: b"\xff\xfe" * 200,
        lambda data: data.replace(b"\n", b"", 1),  # no header line
    ],
)
def test_a_damaged_entry_is_a_miss(tmp_path, damage):
    cache = CommentCache(tmp_path, CommentListWriter(CHICAGO), load=True)
    key = cache.key(b"x" * 16)
    cache.store(key, 2, "<ol>\n<li>Comment a</li><li>Comment b</li>\n</ol>\n")
    path = cache.path(key)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.html(key) is None
    if b" 2 " not in path.read_bytes().split(b"\n", 1)[0]:
        assert cache.count(key) is None


def test_an_unwritable_cache_folder_only_means_no_entry(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    cache = CommentCache(blocker / "comments", CommentListWriter(CHICAGO), load=True)
    cache.store(cache.key(b"k" * 16), 1, "<ol></ol>\n")
    assert cache.count(cache.key(b"k" * 16)) is None


def test_pruning_keeps_the_entries_a_build_used_and_deletes_the_rest(tmp_path):
    cache = CommentCache(tmp_path, CommentListWriter(CHICAGO), load=True)
    kept, dropped = cache.key(b"1" * 16), cache.key(b"2" * 16)
    cache.store(kept, 1, "<ol>kept</ol>\n")
    cache.store(dropped, 1, "<ol>dropped</ol>\n")
    (tmp_path / f".{kept}.abc.tmp").write_bytes(b"left over by a killed build")
    (tmp_path / "README").write_text("not ours", encoding="utf-8")
    cache.used.add(kept)
    cache.prune()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["README", cache.path(kept).name])


# --- through attach_comments ------------------------------------------------------------------------------


def generator(content: Path, cache: Path, *slugs: str) -> SimpleNamespace:
    return SimpleNamespace(
        settings={
            "TIMEZONE": "America/Chicago",
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "CACHE_PATH": cache,
        },
        path=str(content),
        articles=[SimpleNamespace(slug=slug, metadata={}) for slug in slugs],
        translations=[],
        drafts=[],
        drafts_translations=[],
        context={"generated_content": {}},
    )


def test_an_archive_edited_during_a_cached_build_is_rendered_afresh_and_not_cached(tmp_path, caplog):
    path = write(tmp_path / "comments" / "post.json", [entry("a")])
    built = generator(tmp_path, tmp_path / "cache", "post")
    attach_comments(built)
    (article,) = built.articles
    assert article.comment_count == 1
    write(path, [entry("a"), entry("b", "a", "<p>Written during the build</p>")])
    assert "Written during the build" in article.comments.html()
    assert "changed during the build" in caplog.text
    prune_cache(built)
    assert not list((tmp_path / "cache" / "comments").glob("*.html")), "what was rendered is not the checked file"
    again = generator(tmp_path, tmp_path / "cache", "post")
    attach_comments(again)
    (article,) = again.articles
    assert article.comment_count == 2 and "Written during the build" in article.comments.html()
    prune_cache(again)
    assert len(list((tmp_path / "cache" / "comments").glob("*.html"))) == 1


def test_iterating_still_reads_the_archive_when_the_list_is_cached(tmp_path):
    write(tmp_path / "comments" / "post.json", [entry("a"), entry("b", "a")])
    for _ in range(2):
        built = generator(tmp_path, tmp_path / "cache", "post")
        attach_comments(built)
        (article,) = built.articles
        html = article.comments.html()
        prune_cache(built)
    threads = list(article.comments)
    assert [item.comment.id for item in threads] == ["a"] and [item.comment.id for item in threads[0].replies] == ["b"]
    assert 'id="comment-b"' in html
