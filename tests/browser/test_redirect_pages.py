"""The page at an old address, as a reader sees it until the new page comes: in their colour scheme (no white flash
in dark mode), a ``main`` with an h1 and the visible link on. With JavaScript it lands on the post's comment."""

from __future__ import annotations

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.phones import phone, served
from tests.sitebuild import ROOT, build_site

pytestmark = pytest.mark.browser

OLD = "2019/01/14/insurance-finally-approved-ivig/"
NEW = "2019/01/ivig-approved/"
BACKGROUND = "getComputedStyle(document.body).backgroundColor"


def staying(route) -> None:
    """The redirect page as written, but with its meta refresh and its script (both checked to be there) turned
    off, so that it stays on screen: what a reader sees while the new page loads."""
    text = route.fetch().text()
    assert '<meta http-equiv="refresh"' in text and "<script>location.replace(" in text
    text = text.replace('http-equiv="refresh"', 'http-equiv="x-refresh-off"')
    route.fulfill(body=text.replace("<script>location.replace(", "<script>void ("), content_type="text/html")


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    """The sample site whose IVIG post also answers at its old WordPress address."""
    content = tmp_path_factory.mktemp("moved") / "content"
    shutil.copytree(ROOT / "content", content)
    post = content / "posts" / "2019-01-14-ivig-approved.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("\nSlug:", f"\nRedirect-from: /{OLD}\nSlug:", 1), encoding="utf-8")
    build = build_site(content.parent / "output", content=content)
    assert build.returncode == 0, build.log
    assert (build.output / OLD / "index.html").is_file()
    with served(build.output) as url:
        yield url


@pytest.mark.parametrize(("scheme", "dark"), [("light", False), ("dark", True)])
def test_the_page_is_in_the_readers_scheme_with_a_heading_and_the_link(moved_site, browser, scheme, dark):
    with phone(browser, moved_site, 320, 200, color_scheme=scheme) as page:
        page.route(f"{moved_site}/{OLD}", staying)
        page.goto(f"{moved_site}/{OLD}#comment-c103")
        assert page.url.endswith(OLD + "#comment-c103")
        red, green, blue = (int(part) for part in page.evaluate(BACKGROUND).strip("rgba()").split(",")[:3])
        assert (max(red, green, blue) < 60) if dark else (min(red, green, blue) > 200), page.evaluate(BACKGROUND)
        assert page.locator("main h1").text_content() == "This page has moved"
        link = page.locator("main a")
        assert link.is_visible() and link.text_content() == "The Appeal Worked: IVIG Is Finally Approved"
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        violations = Axe().run(page).response["violations"]
        assert [violation["id"] for violation in violations] == []
        link.click()
        page.wait_for_url(f"{moved_site}/{NEW}", timeout=10_000)


def test_with_javascript_the_comment_anchor_is_kept(moved_site, browser):
    with phone(browser, moved_site, 375) as page:
        page.goto(f"{moved_site}/{OLD}#comment-c103")
        page.wait_for_url(f"{moved_site}/{NEW}#comment-c103", timeout=10_000)
