"""The output folder is kept between builds, and what a build no longer writes is removed afterwards.

A build into the folder of an earlier build must give exactly the tree a build into an empty folder gives:
a removed post, a post turned draft, a deleted image, a tag no longer used leave nothing behind (nothing
stale on the deployed site, nothing in the search index), and unchanged files are not lost.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, build_site

REMOVED_POST = "posts/2020-05-01-a-passing-thought.md"
DRAFTED_POST = "posts/2018-12-10-insurance-appeal-diary.md"


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path, with a digest of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def indexed_pages(output: Path) -> int:
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def folders(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_dir()}


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    (folder / REMOVED_POST).write_text(
        "Title: A passing thought\nDate: 2020-05-01 09:00\nTags: ephemeral\n\nThis post will be removed.\n",
        encoding="utf-8",
    )
    (folder / "images" / "spare.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n', encoding="utf-8"
    )
    return folder


def test_a_build_over_an_older_output_equals_a_clean_build(tmp_path, content):
    output = tmp_path / "output"
    first = build_site(output, content=content)
    assert first.returncode == 0, first.log
    removed_page = output / "2020" / "05" / "a-passing-thought" / "index.html"
    tag_page = output / "tag" / "ephemeral" / "index.html"
    drafted_page = output / "2018" / "12" / "insurance-appeal-diary" / "index.html"
    assert (
        removed_page.is_file()
        and tag_page.is_file()
        and drafted_page.is_file()
        and (output / "images" / "spare.svg").is_file()
    )
    (output / "stray.txt").write_text("left by hand\n", encoding="utf-8")

    (content / REMOVED_POST).unlink()
    drafted = content / DRAFTED_POST
    drafted.write_text(drafted.read_text(encoding="utf-8").replace("\n\n", "\nStatus: draft\n\n", 1), encoding="utf-8")
    (content / "images" / "spare.svg").unlink()

    second = build_site(output, content=content)
    assert second.returncode == 0, second.log
    clean = build_site(tmp_path / "clean", content=content)
    assert clean.returncode == 0, clean.log

    assert tree(output) == tree(clean.output)
    assert folders(output) == folders(clean.output)
    assert not removed_page.exists() and not removed_page.parent.exists()
    assert not drafted_page.exists()
    assert not tag_page.exists()
    assert not (output / "images" / "spare.svg").exists()
    assert (output / "images" / "infusion-chair.svg").is_file()
    assert not (output / "stray.txt").exists()
    assert not (output / ".build-in-progress").exists()


def test_the_search_index_drops_a_post_turned_draft(tmp_path, content):
    output = tmp_path / "output"
    assert build_site(output, content=content).returncode == 0
    before = indexed_pages(output)
    drafted = content / DRAFTED_POST
    drafted.write_text(drafted.read_text(encoding="utf-8").replace("\n\n", "\nStatus: draft\n\n", 1), encoding="utf-8")
    second = build_site(output, content=content)
    assert second.returncode == 0, second.log
    assert indexed_pages(output) == before - 1


def test_retained_names_and_a_kept_output_folder_are_respected(tmp_path, content):
    output = tmp_path / "output"
    (output / ".git").mkdir(parents=True)
    (output / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    built = build_site(output, content=content, extra={"OUTPUT_RETENTION": [".git"]})
    assert built.returncode == 0, built.log
    assert (output / ".git" / "HEAD").is_file()

    (output / "stray.txt").write_text("left by hand\n", encoding="utf-8")
    kept = build_site(output, content=content, extra={"DELETE_OUTPUT_DIRECTORY": False})
    assert kept.returncode == 0, kept.log
    assert (output / "stray.txt").is_file(), "DELETE_OUTPUT_DIRECTORY = False keeps what is in the folder"
    assert not (output / ".build-in-progress").exists()


def test_without_pruning_pelican_empties_the_folder_first(tmp_path, content):
    output = tmp_path / "output"
    output.mkdir()
    (output / "stray.txt").write_text("left by hand\n", encoding="utf-8")
    built = build_site(output, content=content, extra={"PRUNE_STALE_OUTPUT": False})
    assert built.returncode == 0, built.log
    assert not (output / "stray.txt").exists()


def test_publishing_over_a_preview_leaves_no_draft(tmp_path, content):
    output = tmp_path / "output"
    preview = build_site(output, content=content)
    assert preview.returncode == 0, preview.log
    assert list((output / "drafts").rglob("index.html")), "the preview writes drafts under drafts/"

    published = build_site(output, content=content, settings="publishconf.py")
    assert published.returncode == 0, published.log
    clean = build_site(tmp_path / "clean", content=content, settings="publishconf.py")
    assert clean.returncode == 0, clean.log
    assert not (output / "drafts").exists()
    assert tree(output) == tree(clean.output)
