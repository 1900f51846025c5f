"""The live preview in a real browser: an open tab shows each save by itself (plugins/preview).

One preview (``python -m plugins.preview``, what ``make devserver`` runs) serves a copy of the sample site for
the module; each test opens a page in Chromium, edits the copy as the author would, and waits for the page to
change, never calling reload.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.local_only import guarded_context
from tests.previewrun import copy_site, start_preview

pytestmark = pytest.mark.browser

POST = "posts/2018-12-10-insurance-appeal-diary.md"
POST_URL = "/2018/12/insurance-appeal-diary/"
TIMEOUT = 30_000  # ms; the edits show in well under a second, the margin is for a loaded machine


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    running = start_preview(folder, copy_site(folder, theme=True))
    yield running
    running.stop()


@pytest.fixture
def tab(browser, preview):
    context = guarded_context(browser, preview.url(), viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()
    assert not context.foreign_requests


def open_live(tab, preview, path: str) -> None:
    """Open ``path`` and wait until its event stream is connected."""
    with tab.expect_response(lambda response: "/__preview/events" in response.url):
        tab.goto(preview.url(path))


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_post_edit_shows_in_the_open_tab(tab, preview):
    open_live(tab, preview, POST_URL)
    expect(tab.locator("h1")).to_have_text("Notes From Appeal Number Twelve")
    edit(preview.content / POST, "Title: Notes From Appeal Number Twelve", "Title: Notes From Appeal Number 12")
    expect(tab.locator("h1")).to_have_text("Notes From Appeal Number 12", timeout=TIMEOUT)


def test_a_comment_archive_edit_shows_in_the_open_tab(tab, preview):
    open_live(tab, preview, POST_URL)
    comment = tab.locator(".comment-list").first
    expect(comment).to_contain_text("is gold")
    edit(preview.content / "comments" / "insurance-appeal-diary.json", "is gold", "is solid gold")
    expect(comment).to_contain_text("is solid gold", timeout=TIMEOUT)


def test_a_glossary_edit_shows_in_the_open_tab(tab, preview):
    open_live(tab, preview, "/glossary/")
    entry = tab.locator("#antibody").locator("xpath=..")
    expect(entry).to_contain_text("A Y-shaped protein made")
    edit(preview.content / "glossary.yaml", "A Y-shaped protein made", "A Y-shaped protein (live) made")
    expect(tab.locator("main")).to_contain_text("A Y-shaped protein (live) made", timeout=TIMEOUT)


def test_a_stylesheet_edit_is_swapped_in_without_reloading(tab, preview):
    open_live(tab, preview, "/about/")
    tab.evaluate("window.stillTheSamePage = true")
    stylesheet = preview.folder / "theme" / "static" / "css" / "main.css"
    stylesheet.write_text(
        stylesheet.read_text(encoding="utf-8") + "\nbody { outline: 3px solid rgb(1, 2, 3); }\n", encoding="utf-8"
    )
    tab.wait_for_function("getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'", timeout=TIMEOUT)
    assert tab.evaluate("window.stillTheSamePage === true")


def test_a_build_error_shows_in_the_page_and_goes_when_fixed(tab, preview):
    open_live(tab, preview, POST_URL)
    edit(preview.content / POST, "Date: 2018-12-10 21:15", "Date: 2018-12-99 21:15")
    overlay = tab.locator("#preview-build-error")
    expect(overlay).to_be_visible(timeout=TIMEOUT)
    expect(overlay).to_contain_text("Build failed: 1 error")
    expect(overlay).to_contain_text("2018-12-10-insurance-appeal-diary.md")
    expect(tab.locator("h1")).to_contain_text("Notes From Appeal Number")  # the last good page stays
    edit(preview.content / POST, "Date: 2018-12-99 21:15", "Date: 2018-12-10 21:15")
    expect(overlay).to_have_count(0, timeout=TIMEOUT)
