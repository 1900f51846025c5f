"""Finding the Pagefind binary and reading its entry file, without a site build."""

from __future__ import annotations

import json
import os
import stat

import pytest

from plugins.search.pagefind import (
    SearchIndexError,
    collect_index_input,
    find_pagefind,
    indexed_page_count,
    search_source,
    sync_folder,
)


def test_the_binary_shipped_in_the_package_is_found():
    binary = find_pagefind()
    assert binary.is_file() and os.access(binary, os.X_OK)


def test_a_configured_binary_is_used_or_named_when_missing(tmp_path):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    assert find_pagefind(str(fake)) == fake
    with pytest.raises(SearchIndexError, match=r"not found at /nowhere/pagefind; install it with"):
        find_pagefind("/nowhere/pagefind")


def test_page_count_comes_from_the_entry_file(tmp_path):
    assert indexed_page_count(tmp_path) == 0
    entry = {"version": "1.5.2", "languages": {"en": {"page_count": 7}, "fr": {"page_count": 2}}}
    (tmp_path / "pagefind-entry.json").write_text(json.dumps(entry))
    assert indexed_page_count(tmp_path) == 9


def test_searchable_pages_are_those_marked_for_pagefind(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "index.html").write_text("<article>draft</article>")
    assert collect_index_input(tmp_path).pages == {}
    (tmp_path / "post.html").write_text("<article data-pagefind-body>post</article>")
    assert list(collect_index_input(tmp_path).pages) == ["post.html"]


HEAD = b'<!DOCTYPE html><html lang="en"><head><title>A post</title></head><body><header>Site</header>'
BODY = b'<article class="post" data-pagefind-body data-pagefind-meta="date:2021-02-03"><h1>A post</h1>'
BODY += b"<p>Text <span data-pagefind-ignore>tip</span></p><blockquote>a quote</blockquote></article>"
TAIL = b'<section class="comments"><article class="comment"><p>A comment</p></article></section></body></html>'


def test_pagefind_gets_the_page_up_to_the_end_of_its_body_element():
    assert search_source(HEAD + BODY + TAIL) == HEAD + BODY + b"\n</body></html>\n"
    assert search_source(HEAD + TAIL) is None


@pytest.mark.parametrize(
    "page",
    [
        HEAD + BODY.replace(b"<blockquote>", b"<article>").replace(b"</blockquote>", b"</article>") + TAIL,
        HEAD + BODY.replace(b"Text", b"<!-- </article> -->") + TAIL,
        HEAD + BODY.replace(b'class="post"', b'title="</article>" class="post"') + TAIL,
        HEAD + BODY + TAIL.replace(b"A comment", b'<img src="me.png" alt="">'),
        HEAD + BODY + TAIL.replace(b"<p>A comment</p>", b"<h1>Comments</h1>"),
        HEAD + BODY + TAIL.replace(b'class="comments"', b'data-pagefind-filter="tag:x"'),
        HEAD + BODY[: BODY.rindex(b"</article>")],
        b"<p>About data-pagefind-body as text</p>",
    ],
    ids=["nested-same-tag", "comment", "attribute", "img-after", "h1-after", "filter-after", "unclosed", "text"],
)
def test_pagefind_gets_the_whole_page_when_a_cut_could_change_the_index(page):
    assert search_source(page) is page


def render_search_link(call: str, **context) -> str:
    from jinja2 import Environment, FileSystemLoader

    from tests.sitebuild import ROOT

    # The site's Jinja settings (pelicanconf.py): autoescape on.
    loader = FileSystemLoader(ROOT / "theme" / "templates")
    environment = Environment(loader=loader, trim_blocks=True, lstrip_blocks=True, autoescape=True)
    source = "{% from 'partials/search_link.html' import search_link with context %}" + call
    return environment.from_string(source).render(**context)


SEARCH_ON = {"SITEURL": "..", "SEARCH_URL": "search/", "SEARCH_SAVE_AS": "search/index.html", "SEARCH_PAGEFIND": True}


def test_the_search_link_macro_quotes_the_query_and_escapes_the_text():
    html = render_search_link("{{ search_link('IVIG & <b>co</b>') }}", **SEARCH_ON)
    assert html == '<a class="search-link" href="../search/?q=IVIG%20%26%20co">Search the posts for “IVIG &amp; co”</a>'
    assert render_search_link("{{ search_link('POTS', 'Find POTS') }}", **SEARCH_ON).endswith(">Find POTS</a>")


def test_the_search_link_macro_is_silent_when_search_is_off():
    assert render_search_link("{{ search_link('POTS') }}", **{**SEARCH_ON, "SEARCH_PAGEFIND": False}) == ""
    assert render_search_link("{{ search_link('POTS') }}", SITEURL="..") == ""


def test_syncing_a_bundle_touches_only_the_files_that_differ(tmp_path):
    """What a one-post edit does to output/pagefind/: new files in, gone files out, the rest left alone."""
    new, site, cache = tmp_path / "new", tmp_path / "site", tmp_path / "cache"
    for folder, files in {
        new: {"entry.json": "2 pages", "fragment/a": "A", "fragment/b2": "B, edited"},
        site: {"entry.json": "1 page", "fragment/a": "A", "fragment/b1": "B", "old/x": "gone"},
    }.items():
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
    cache.mkdir()
    os.link(site / "entry.json", cache / "entry.json")  # the site's file is a hard link to a cached one
    unchanged = (site / "fragment" / "a").stat().st_ino
    copied = []
    sync_folder(new, site, lambda source, target: copied.append(source) or os.link(source, target))

    files = {str(path.relative_to(site)): path.read_text() for path in site.rglob("*") if path.is_file()}
    assert files == {"entry.json": "2 pages", "fragment/a": "A", "fragment/b2": "B, edited"}
    assert not (site / "old").exists()  # a folder left empty goes too
    assert (site / "fragment" / "a").stat().st_ino == unchanged
    assert sorted(copied) == [str(new / "entry.json"), str(new / "fragment" / "b2")]
    assert (cache / "entry.json").read_text() == "1 page"  # replaced by unlinking, not written in place


def test_an_unfinished_pagefind_run_is_stopped_and_leaves_no_scratch_folder(tmp_path):
    from plugins.search.pagefind import IndexInput, PagefindRun

    binary = tmp_path / "slow-pagefind"
    binary.write_text("#!/bin/sh\nexec sleep 60\n")
    binary.chmod(0o755)
    run = PagefindRun(binary, IndexInput({"a/index.html": b"<p data-pagefind-body>x</p>"}), [], tmp_path)
    process, scratch = run._process, run._bundle.parent
    assert process.poll() is None and (scratch / "site" / "a" / "index.html").is_file()
    run.stop()
    assert process.poll() is not None
    assert not scratch.exists()


def test_pages_are_written_before_posts_so_that_posts_are_the_last_pages_indexed():
    from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

    from plugins.pelican_compat import write_pages_first

    articles, pages, static = (object.__new__(kind) for kind in (ArticlesGenerator, PagesGenerator, StaticGenerator))
    other = object()
    generators = [articles, pages, other, static]
    write_pages_first(generators)
    assert generators == [pages, articles, other, static]


def test_an_early_index_in_the_build_context_pickles_without_its_process(tmp_path):
    """Pelican's generator-level content cache pickles documents with their context, where the EarlyIndex is."""
    import pickle

    from plugins.search.early import EarlyIndex

    early = EarlyIndex(tmp_path, ["a/index.html"], tmp_path / "pagefind", [".post-meta"], None, False)
    early.pages["a/index.html"] = b"<p>page</p>"
    early.run = lambda: None  # stands for a running PagefindRun: neither can be pickled
    copy = pickle.loads(pickle.dumps(early))
    assert (copy.run, copy.pages, copy.waiting) == (None, {}, set())
    assert copy.exclude == [".post-meta"]
