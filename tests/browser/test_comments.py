"""Comments in a real browser: permalinks scroll to their comment; the thread fits and passes axe."""

from __future__ import annotations

import pytest

IVIG = "2019/01/ivig-approved/"
IN_VIEW = """id => {
  const box = document.getElementById(id).getBoundingClientRect();
  return [box.top, box.bottom, window.innerHeight, window.scrollY];
}"""


@pytest.mark.browser
def test_opening_a_comment_permalink_scrolls_to_that_comment(page, base_url):
    page.goto(f"{base_url}/{IVIG}#comment-c110")
    top, bottom, height, scrolled = page.evaluate(IN_VIEW, "comment-c110")
    assert scrolled > 0, "the page did not scroll"
    assert 0 <= top < height / 2 and bottom > 0, (top, bottom, height)
    outline = page.evaluate("getComputedStyle(document.getElementById('comment-c110')).outlineStyle")
    assert outline == "solid", "the targeted comment is highlighted"


@pytest.mark.browser
def test_clicking_a_comment_date_moves_to_its_permalink(page, base_url):
    page.goto(f"{base_url}/{IVIG}")
    assert page.evaluate("window.scrollY") == 0
    page.click("#comment-c106 a.comment-permalink")
    assert page.evaluate("location.hash") == "#comment-c106"
    top, _, height, _ = page.evaluate(IN_VIEW, "comment-c106")
    assert 0 <= top < height / 2


@pytest.mark.browser
def test_the_thread_fits_a_320_px_screen(page, base_url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{base_url}/{IVIG}#comment-c103")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    box = page.evaluate("document.getElementById('comment-c103').getBoundingClientRect().width")
    assert box >= 200, "the deepest comment keeps a readable width"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_comment_section_has_no_axe_violations(page, base_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    page.goto(f"{base_url}/{IVIG}")
    results = Axe().run(
        page,
        context={"include": [["#comments"]]},
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}},
    )
    violations = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
    ]
    assert violations == []
    assert any(rule["id"] == "color-contrast" for rule in results.response["passes"]), "axe checked the colours"
