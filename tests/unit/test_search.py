"""Finding the Pagefind binary and reading its entry file, without a site build."""

from __future__ import annotations

import json
import os
import stat

import pytest

from plugins.search.pagefind import SearchIndexError, find_pagefind, has_searchable_pages, indexed_page_count


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
    assert not has_searchable_pages(tmp_path)
    (tmp_path / "post.html").write_text("<article data-pagefind-body>post</article>")
    assert has_searchable_pages(tmp_path)


def render_search_link(call: str, **context) -> str:
    from jinja2 import Environment, FileSystemLoader

    from tests.sitebuild import ROOT

    # Pelican's default Jinja settings: no autoescape, so the macro escapes what it prints.
    loader = FileSystemLoader(ROOT / "theme" / "templates")
    environment = Environment(loader=loader, trim_blocks=True, lstrip_blocks=True)
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
