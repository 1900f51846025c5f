"""The Pagefind index a build leaves in output/pagefind/, the search page, and the plugin's failure modes."""

from __future__ import annotations

import filecmp
import gzip
import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from plugins.search.pagefind import find_pagefind, run_pagefind
from tests.sitebuild import Build, build_site, source_documents

POSTS = source_documents("posts")
PAGES = source_documents("pages")
PUBLISHED_URLS = {
    "/{:%Y/%m}/{}/".format(post.metadata["date"], post.slug) for post in POSTS if post.status == "published"
}
PAGE_URLS = {f"/{page.slug}/" for page in PAGES if page.status == "published"}
FRAGMENT_PREFIX = b"pagefind_dcd"


def indexed_pages(output: Path) -> dict[str, dict]:
    """Every page in the index, by URL: Pagefind's own fragment files, decompressed."""
    pages = {}
    for fragment in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(FRAGMENT_PREFIX)
        page = json.loads(data[len(FRAGMENT_PREFIX) :])
        pages[page["url"]] = page
    return pages


def write(content: Path, relative: str, text: str) -> None:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def small_site(content: Path, status: str = "published") -> Path:
    write(
        content,
        "posts/one.md",
        f"""
        Title: One Post
        Date: 2021-02-03 10:00
        Status: {status}

        A body with the word marmalade in it.
        """,
    )
    (content / "pages").mkdir(exist_ok=True)
    return content


def test_the_index_holds_exactly_the_published_posts_and_pages(site):
    entry = json.loads((site.output / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(PUBLISHED_URLS | PAGE_URLS)
    assert set(indexed_pages(site.output)) == PUBLISHED_URLS | PAGE_URLS


def test_post_fragments_carry_title_date_and_body_but_not_the_furniture(site):
    page = indexed_pages(site.output)["/2019/03/ivig-month-2/"]
    assert page["meta"]["title"] == "IVIG Month 2: Fewer Fevers?"
    assert page["meta"]["date"] == "2019-03-30"
    assert "ask for the premedication schedule in writing" in page["content"]
    assert "min read" not in page["content"]
    assert "Filed under" not in page["content"]
    assert "Related posts" not in page["content"]
    assert "Skip to content" not in page["content"]


def test_only_published_article_and_page_templates_mark_the_body(site):
    marked = {
        "/" + str(path.parent.relative_to(site.output)) + "/"
        for path in site.html_files()
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    }
    assert marked == PUBLISHED_URLS | PAGE_URLS
    assert (site.output / "drafts" / "ivig-month-9" / "index.html").exists()


def test_the_search_page_explains_itself_without_javascript(site):
    soup = site.html("search/")
    assert soup.find("h1").get_text(strip=True) == "Search"
    assert "needs JavaScript" in soup.select_one("[data-search-nojs]").get_text()
    assert soup.select_one("form.search-form").has_attr("hidden")
    assert soup.select_one("#search-status")["role"] == "status"
    assert [a["href"] for a in soup.select(".search-browse a")] == ["../archives/", "../tags/"]
    assert soup.select_one("#search")["data-pagefind"] == "../pagefind/pagefind.js"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.select_one(".site-search") is None, "no second search box on the search page"
    assert (site.output / "theme" / "js" / "search.js").is_file()


def test_every_other_page_has_the_header_link_to_the_archives(site):
    for relative in ["", "2019/01/ivig-approved/", "about/", "tags/", "archives/"]:
        box = site.html(relative).select_one(".site-search")
        assert box is not None, relative
        assert box.a.get_text() == "Search & archives"
        assert box.a["href"].endswith("archives/")
        assert box["data-search-url"].endswith("search/")


def test_published_build_indexes_no_draft_and_uses_absolute_urls(published_site):
    assert set(indexed_pages(published_site.output)) == PUBLISHED_URLS | PAGE_URLS
    assert not (published_site.output / "drafts").exists()
    soup = published_site.html("search/")
    assert soup.select_one("#search")["data-pagefind"] == "https://slowmending.example.org/pagefind/pagefind.js"


def test_two_pagefind_runs_over_the_same_site_give_identical_files(site, tmp_path):
    binary = find_pagefind()
    copies = []
    for name in ("a", "b"):
        copy = tmp_path / name
        shutil.copytree(site.output, copy)
        run_pagefind(copy, binary)
        copies.append(copy / "pagefind")
    comparison = filecmp.dircmp(*copies)
    assert not comparison.left_only and not comparison.right_only
    names = sorted(str(p.relative_to(copies[0])) for p in copies[0].rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(*copies, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_a_rebuild_into_the_same_folder_leaves_no_stale_index_files(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site.output, copy)
    stale = copy / "pagefind" / "fragment" / "en_stale.pf_fragment"
    stale.write_bytes(b"old")
    run_pagefind(copy, find_pagefind())
    assert not stale.exists()
    assert set(indexed_pages(copy)) == PUBLISHED_URLS | PAGE_URLS


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Build]:
    """Small sites built once for the failure-mode tests below."""
    root = tmp_path_factory.mktemp("search-builds")
    content = small_site(root / "content")
    drafts_only = small_site(root / "drafts-only", status="draft")
    return {
        "off": build_site(root / "off", content=content, extra={"SEARCH_PAGEFIND": False}),
        "missing": build_site(root / "missing", content=content, extra={"SEARCH_PAGEFIND_BINARY": "/nowhere/pagefind"}),
        "drafts-only": build_site(root / "drafts-out", content=drafts_only),
        "no-page": build_site(root / "no-page", content=content, extra={"SEARCH_SAVE_AS": ""}),
    }


def test_search_pagefind_off_builds_no_index_and_no_search_box(builds):
    build = builds["off"]
    assert build.returncode == 0, build.log
    assert not (build.output / "pagefind").exists()
    assert build.html("").select_one(".site-search") is None
    assert "Search the posts" not in build.html("archives/").get_text()


def test_a_missing_pagefind_binary_fails_the_build_saying_what_to_do(builds):
    build = builds["missing"]
    assert build.returncode != 0
    assert "Pagefind binary not found at /nowhere/pagefind" in build.log
    assert "pip install 'pagefind[bin]'" in build.log
    assert "SEARCH_PAGEFIND = False" in build.log


def test_a_site_with_only_drafts_indexes_nothing(builds):
    """Without any data-pagefind-body, Pagefind would index every <body>, drafts included."""
    build = builds["drafts-only"]
    assert build.returncode == 0, build.log
    assert (build.output / "drafts" / "one-post" / "index.html").exists()
    assert not (build.output / "pagefind").exists()


def test_an_empty_search_save_as_removes_the_page_and_the_box(builds):
    build = builds["no-page"]
    assert build.returncode == 0, build.log
    assert not (build.output / "search").exists()
    assert build.html("").select_one(".site-search") is None
    assert set(indexed_pages(build.output)) == {"/2021/02/one-post/"}


def test_the_index_is_the_one_pagefind_builds_from_the_whole_pages(site, tmp_path):
    """Pagefind gets each page cut after its indexed element: every page's record is unchanged."""
    from plugins.search import SETTINGS

    command = [str(find_pagefind()), "--site", str(site.output), "--output-path", str(tmp_path), "--quiet"]
    for selector in SETTINGS.defaults["SEARCH_PAGEFIND_EXCLUDE"]:
        command += ["--exclude-selectors", selector]
    subprocess.run(command, check=True, capture_output=True)
    ours = site.output / "pagefind"
    fragments = sorted(path.name for path in (ours / "fragment").iterdir())
    assert fragments == sorted(path.name for path in (tmp_path / "fragment").iterdir())
    for name in fragments:
        assert (ours / "fragment" / name).read_bytes() == (tmp_path / "fragment" / name).read_bytes()
    assert json.loads((ours / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"] == len(fragments)
    assert json.loads((tmp_path / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"] == len(fragments)


def cached_build(root: Path, content: Path) -> Build:
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(root / "cache")}
    build = build_site(root / "output", content=content, extra=cache)
    assert build.returncode == 0, build.log
    return build


def test_with_the_cache_on_an_unchanged_site_reuses_the_index_and_an_edited_post_is_reindexed(tmp_path):
    content = small_site(tmp_path / "content")
    first = cached_build(tmp_path, content)
    entry = first.output / "pagefind" / "pagefind-entry.json"
    first_entry = (entry.stat().st_ino, entry.read_bytes())
    assert "marmalade" in indexed_pages(first.output)["/2021/02/one-post/"]["content"]

    second = cached_build(tmp_path, content)  # nothing changed: Pagefind does not run, the bundle is linked back
    assert (entry.stat().st_ino, entry.read_bytes()) == first_entry
    assert "marmalade" in indexed_pages(second.output)["/2021/02/one-post/"]["content"]

    post = content / "posts" / "one.md"
    post.write_text(post.read_text(encoding="utf-8").replace("marmalade", "quince"), encoding="utf-8")
    third = cached_build(tmp_path, content)
    assert entry.stat().st_ino != first_entry[0]
    text = indexed_pages(third.output)["/2021/02/one-post/"]["content"]
    assert "quince" in text and "marmalade" not in text
    assert len(list((tmp_path / "cache" / "search-pagefind").iterdir())) == 1, "only the newest index is kept"


def test_a_cached_index_changed_in_place_is_not_reused(tmp_path):
    content = small_site(tmp_path / "content")
    first = cached_build(tmp_path, content)
    fragment = next((first.output / "pagefind" / "fragment").iterdir())
    fragment.write_bytes(b"broken")  # the output file is a hard link to the cached one
    second = cached_build(tmp_path, content)
    assert "marmalade" in indexed_pages(second.output)["/2021/02/one-post/"]["content"]


def test_a_rebuild_over_the_output_rewrites_only_the_index_files_that_changed(tmp_path):
    """output/pagefind/ is kept between builds and made equal to the new bundle; search off removes it."""
    content = small_site(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(output, content=content).returncode == 0
    write(content, "posts/two.md", "Title: Two Post\nDate: 2021-03-04 10:00\n\nA body about quince.\n")
    bundle, held = output / "pagefind", tmp_path / "held"
    held.mkdir()
    for name in ("pagefind.js", "pagefind-entry.json"):  # a second link keeps each old file (and inode) alive
        os.link(bundle / name, held / name)
    old_entry = (held / "pagefind-entry.json").read_text()
    stale = bundle / "fragment" / "en_stale.pf_fragment"
    stale.write_bytes(b"old")

    second = build_site(output, content=content)
    assert second.returncode == 0, second.log
    assert set(indexed_pages(output)) == {"/2021/02/one-post/", "/2021/03/two-post/"}
    assert not stale.exists()
    assert (bundle / "pagefind.js").samefile(held / "pagefind.js")  # the same script: left alone
    assert not (bundle / "pagefind-entry.json").samefile(held / "pagefind-entry.json")  # counts pages: replaced
    assert '"page_count":2' in (bundle / "pagefind-entry.json").read_text()
    assert (held / "pagefind-entry.json").read_text() == old_entry  # replaced, not written in place

    third = build_site(output, content=content, extra={"SEARCH_PAGEFIND": False})
    assert third.returncode == 0, third.log
    assert not bundle.exists()


SEARCH_LOG_AT_INFO = "import logging\nlogging.getLogger('plugins.search').setLevel(logging.INFO)"


def bundle_files(output: Path) -> dict[str, bytes]:
    bundle = output / "pagefind"
    return {str(path.relative_to(bundle)): path.read_bytes() for path in sorted(bundle.rglob("*")) if path.is_file()}


def test_pagefind_started_while_the_listings_are_written_gives_the_same_index(tmp_path):
    """SEARCH_PAGEFIND_EARLY: Pagefind runs beside Pelican from the last post on; the files are identical."""
    early = build_site(tmp_path / "early", prelude=SEARCH_LOG_AT_INFO)
    late = build_site(tmp_path / "late", extra={"SEARCH_PAGEFIND_EARLY": False}, prelude=SEARCH_LOG_AT_INFO)
    assert early.returncode == 0, early.log
    assert late.returncode == 0, late.log
    assert "(started while the listings were written)" in early.log
    assert "Pagefind indexed" in late.log and "started while" not in late.log
    assert bundle_files(early.output) == bundle_files(late.output)
    assert set(indexed_pages(early.output)) == PUBLISHED_URLS | PAGE_URLS


def test_a_page_marked_elsewhere_is_indexed_too_when_pagefind_started_early(tmp_path):
    """A file the early run did not wait for marks data-pagefind-body: the finished site is indexed."""
    content = small_site(tmp_path / "content")
    write(
        content,
        "extra/recipe/index.html",
        '<!DOCTYPE html><html lang="en"><head><title>Recipe</title></head>'
        "<body><main data-pagefind-body><h1>Recipe</h1><p>Candied quince.</p></main></body></html>",
    )
    build = build_site(
        tmp_path / "output", content=content, extra={"STATIC_PATHS": ["extra"]}, prelude=SEARCH_LOG_AT_INFO
    )
    assert build.returncode == 0, build.log
    assert set(indexed_pages(build.output)) == {"/2021/02/one-post/", "/extra/recipe/"}
    assert "Pagefind indexed 2 pages in" in build.log


def test_a_failing_pagefind_fails_the_build_naming_the_site(tmp_path):
    content = small_site(tmp_path / "content")
    binary = tmp_path / "pagefind"
    binary.write_text("#!/bin/sh\necho 'out of quince' >&2\nexit 3\n")
    binary.chmod(0o755)
    for early in (True, False):
        output = tmp_path / f"output-{early}"
        build = build_site(
            output, content=content, extra={"SEARCH_PAGEFIND_BINARY": str(binary), "SEARCH_PAGEFIND_EARLY": early}
        )
        assert build.returncode != 0, early
        assert f"Pagefind failed with exit code 3 on {output}: out of quince" in build.log, build.log
