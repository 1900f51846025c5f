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
