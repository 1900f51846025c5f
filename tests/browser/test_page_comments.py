"""Comments on a page in a real browser: the About page with its own archive (``comments/pages/about.json``),
one comment holding a heading, a list, a table, code and a bare address; the reply link answers the page."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import QuietHandler
from tests.browser.local_only import guarded_context
from tests.sitebuild import ROOT, build_site

ADDRESS = "comments@slowmending.example.org"
STRUCTURED = (
    "<h2>What I track</h2><ul><li>heart rate</li><li>salt, in grams per day</li></ul>"
    "<table><tr><th>Day</th><th>Resting heart rate</th><th>Standing heart rate</th><th>Notes</th></tr>"
    "<tr><td>Monday</td><td>72</td><td>118</td><td>after compression stockings and two litres of water</td></tr>"
    "</table><pre><code>standing - resting = 46</code></pre><p>The chart I use: https://pots.example.org/diary</p>"
)


def comment(comment_id: str, body: str, parent: str | None = None, minutes: int = 0) -> dict:
    return {
        "id": comment_id,
        "parent": parent,
        "author": f"Reader {comment_id}",
        "date": f"2020-03-01T10:{minutes:02d}:00-06:00",
        "body": body,
        "source": "manual",
    }


@pytest.fixture(scope="module")
def page_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("page-comments-browser")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    archive = {
        "schema_version": 2,
        "comments": [
            comment("p1", STRUCTURED),
            comment("p2", "<p>Thank you for this page.</p>", minutes=5),
            comment("p3", "<p>Same here!</p>", "p2", minutes=9),
        ],
    }
    (content / "comments" / "pages").mkdir()
    (content / "comments" / "pages" / "about.json").write_text(json.dumps(archive), encoding="utf-8")
    build = build_site(root / "output", content, extra={"COMMENTS_EMAIL": ADDRESS})
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def page_site_url(page_site) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(page_site.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def tab(browser, page_site_url):
    context = guarded_context(browser, page_site_url, viewport={"width": 1024, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()
    assert not context.foreign_requests, f"requests to other hosts: {context.foreign_requests}"


@pytest.mark.browser
def test_the_about_page_shows_its_comments_with_their_structure(tab, page_site_url):
    tab.goto(f"{page_site_url}/about/")
    assert tab.locator("#comments-title").inner_text() == "3 thoughts on “About”"
    assert tab.locator("#comments article.comment-body").count() == 3
    first = tab.locator("#comment-p1 .comment-content")
    assert first.locator("h4").inner_text() == "What I track"
    assert first.locator("ul > li").all_inner_texts() == ["heart rate", "salt, in grams per day"]
    assert first.locator("table td").first.inner_text() == "Monday"
    assert first.locator("pre code").inner_text() == "standing - resting = 46"
    link = first.locator("a[href='https://pots.example.org/diary']")
    assert link.inner_text() == "https://pots.example.org/diary"
    assert {"nofollow", "ugc"} <= set(link.get_attribute("rel").split())
    assert tab.locator("#comment-p3").locator("xpath=ancestor::li[contains(@class,'depth-2')]").count() == 1


@pytest.mark.browser
def test_the_reply_links_on_the_page_name_the_page(tab, page_site_url):
    tab.goto(f"{page_site_url}/about/")
    page_link = tab.locator("a.comments-reply-link").get_attribute("href")
    assert page_link.startswith(f"mailto:{ADDRESS}?")
    assert parse_qs(urlsplit(page_link).query)["subject"] == ["Re: About [comment page:about]"]
    reply = tab.locator("#comment-p2 a.comment-reply-link").get_attribute("href")
    assert parse_qs(urlsplit(reply).query)["subject"][0] == "Re: About [comment page:about#p2]"


@pytest.mark.browser
def test_a_comment_table_fits_a_320_px_screen(tab, page_site_url):
    tab.set_viewport_size({"width": 320, "height": 640})
    tab.goto(f"{page_site_url}/about/#comment-p1")
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pages_comment_section_has_no_axe_violations(tab, page_site_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    tab.emulate_media(color_scheme=scheme)
    tab.goto(f"{page_site_url}/about/")
    results = Axe().run(
        tab,
        context={"include": [["#comments"]]},
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}},
    )
    violations = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
    ]
    assert violations == []
