"""Search in a real browser: Pagefind's own index and JS, the search page, the header box, axe."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# A phrase that appears only in the body of "IVIG Month 2: Fewer Fevers?".
PHRASE = "premedication schedule"
PHRASE_URL = "/2019/03/ivig-month-2/"


def results(page) -> list[dict]:
    """The rendered results: title, link, date and excerpt text of each."""
    return page.eval_on_selector_all(
        "#search-results > li",
        """items => items.map(item => ({
            title: item.querySelector('h2 a').textContent,
            href: new URL(item.querySelector('h2 a').href).pathname,
            date: item.querySelector('time') ? item.querySelector('time').textContent : null,
            datetime: item.querySelector('time') ? item.querySelector('time').getAttribute('datetime') : null,
            excerpt: item.querySelector('.search-excerpt').textContent,
            marks: [...item.querySelectorAll('.search-excerpt mark')].map(mark => mark.textContent),
        }))""",
    )


def search(page, base_url, query: str) -> None:
    page.goto(f"{base_url}/search/?q={query}")
    page.wait_for_function("document.querySelector('#search-status').textContent.includes('found')")


def test_pagefind_api_finds_a_phrase_from_a_post_body(page, base_url):
    page.goto(f"{base_url}/search/")
    urls = page.evaluate(
        """async (phrase) => {
            const pagefind = await import('/pagefind/pagefind.js');
            const search = await pagefind.search(phrase);
            return Promise.all(search.results.map(async result => (await result.data()).url));
        }""",
        f'"{PHRASE}"',
    )
    assert urls == [PHRASE_URL]


def test_search_page_runs_the_query_from_the_address(page, base_url):
    search(page, base_url, PHRASE.replace(" ", "+"))
    found = results(page)
    assert [result["href"] for result in found] == [PHRASE_URL]
    assert found[0]["title"] == "IVIG Month 2: Fewer Fevers?"
    assert found[0]["date"] == "March 30, 2019"
    assert found[0]["datetime"] == "2019-03-30"
    assert "premedication" in found[0]["marks"]
    assert "schedule in writing" in found[0]["excerpt"]
    assert page.input_value("#search-query") == PHRASE
    assert page.text_content("#search-status") == f"1 post found for “{PHRASE}”."


def test_listings_drafts_and_furniture_are_not_indexed(page, base_url):
    search(page, base_url, "IVIG")
    hrefs = [result["href"] for result in results(page)]
    assert hrefs, "IVIG is in most posts"
    assert all(href.count("/") == 4 for href in hrefs), hrefs  # only /YYYY/MM/slug/ posts
    assert not any("drafts" in href or "month-9" in href for href in hrefs)
    # "min read" is on every post's date line, which is left out of the index.
    page.fill("#search-query", "min read")
    page.press("#search-query", "Enter")
    page.wait_for_function("document.querySelector('#search-status').textContent.startsWith('No posts found')")
    assert results(page) == []


def test_a_word_only_in_the_draft_is_not_found(page, base_url, site):
    draft = (site.output / "drafts" / "ivig-month-9" / "index.html").read_text(encoding="utf-8")
    assert "October" in draft
    page.goto(f"{base_url}/search/?q=october")
    page.wait_for_function("document.querySelector('#search-status').textContent.startsWith('No posts found')")


def test_submitting_the_form_updates_the_address_and_shows_results(page, base_url):
    page.goto(f"{base_url}/search/")
    assert page.text_content("#search-status") == ""
    page.fill("#search-query", "tachycardia")
    page.click(".search-form button[type=submit]")
    page.wait_for_function("document.querySelector('#search-status').textContent.includes('found')")
    assert page.evaluate("location.search") == "?q=tachycardia"
    assert "/2018/11/pots-explained/" in [result["href"] for result in results(page)]


def test_show_more_moves_focus_to_the_next_results(page, base_url):
    search(page, base_url, "the")
    assert len(results(page)) == 10
    assert page.text_content("#search-status").endswith(", showing the first 10.")
    page.click("#search-more")
    page.wait_for_function("document.activeElement.closest('#search-results > li') !== null")
    found = results(page)
    assert len(found) > 10
    assert page.evaluate("document.activeElement.textContent") == found[10]["title"]
    assert page.is_hidden("#search-more") == (len(found) < 20)


def test_header_link_becomes_a_search_box_that_opens_the_search_page(page, base_url):
    page.goto(f"{base_url}/2019/01/ivig-approved/")
    page.fill("#site-search-query", "fever")
    page.press("#site-search-query", "Enter")
    page.wait_for_url("**/search/?q=fever")
    page.wait_for_function("document.querySelector('#search-status').textContent.includes('found')")
    assert results(page)


def test_without_javascript_the_header_links_the_archives_and_the_page_explains(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/2019/01/ivig-approved/")
        link = page.locator(".site-search a")
        assert link.text_content() == "Search & archives"
        assert link.get_attribute("href") == "../../../archives/"
        page.goto(f"{base_url}/search/?q=fever")
        assert page.is_visible("[data-search-nojs]")
        assert page.is_hidden(".search-form")
        assert page.locator(".search-browse a").evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
            "../archives/",
            "../tags/",
        ]
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_page_with_results_passes_axe(page, base_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    search(page, base_url, "fever")
    outcome = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert outcome.violations_count == 0, outcome.generate_report()


@pytest.mark.parametrize("path", ["search/?q=fever", "archives/", "2019/04/ivig-month-3/"])
def test_no_horizontal_scrolling_at_320_px(page, base_url, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{base_url}/{path}")
    if path.startswith("search"):
        page.wait_for_function("document.querySelector('#search-status').textContent.includes('found')")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory):
    """The published build for a site living under /blog/, served from its parent folder."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from tests.browser.conftest import QuietHandler
    from tests.sitebuild import build_site

    root = tmp_path_factory.mktemp("sub-path")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"http://127.0.0.1:{server.server_address[1]}"
    build = build_site(root / "blog", settings="publishconf.py", extra={"SITEURL": f"{host}/blog"})
    assert build.returncode == 0, build.log
    yield host
    server.shutdown()
    server.server_close()


def test_results_link_inside_the_sub_path_of_a_published_site(browser, sub_path_site):
    context = browser.new_context()
    foreign = []

    def only_this_server(route):
        if route.request.url.startswith(sub_path_site):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_server)
    try:
        page = context.new_page()
        search(page, f"{sub_path_site}/blog", PHRASE.replace(" ", "+"))
        assert [result["href"] for result in results(page)] == [f"/blog{PHRASE_URL}"]
        assert not foreign, foreign
    finally:
        context.close()
