"""The theme in a real browser: narrow screens, dark mode, the skip link."""

from __future__ import annotations

import pytest

PAGES = ["", "2019/01/ivig-approved/", "about/", "archives/", "tags/", "tag/ivig/", "404.html"]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scrolling_at_320_px(page, base_url, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{base_url}/{path}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path or 'index'} scrolls sideways by {overflow}px at 320px"


@pytest.mark.browser
def test_dark_mode_changes_the_colours(page, base_url):
    colours = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{base_url}/2019/01/ivig-approved/")
        colours[scheme] = page.evaluate(
            "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
        )
    assert colours["light"] != colours["dark"]
    assert colours["dark"][0] == "rgb(23, 24, 28)"


@pytest.mark.browser
def test_skip_link_is_first_and_moves_focus_to_main(page, base_url):
    page.goto(f"{base_url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "-160px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.browser
def test_body_text_is_at_least_18px(page, base_url):
    page.goto(f"{base_url}/2019/01/ivig-approved/")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.post-body p')).fontSize)")
    assert size >= 18
