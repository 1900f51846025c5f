"""Callouts in Chromium: folded callouts work from the keyboard, scenarios side by side or stacked, print, axe."""

from __future__ import annotations

import pytest

ANNOUNCEMENT = "2019/01/ivig-approved/"
FOLDED = "aside.callout details:not([open])"


def focus_first_folded_summary(page) -> None:
    """Tab from the top of the page until a folded callout's summary has the focus."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('aside.callout details > summary.callout-title')"):
            return
    raise AssertionError("Tab never reached a folded callout's summary")


def is_open(page) -> bool:
    return page.evaluate("document.activeElement.parentElement.open")


def body_is_visible(page) -> bool:
    return page.locator("aside.callout-update .callout-body").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_a_folded_callout_opens_and_closes_with_the_keyboard(page, base_url, key):
    page.goto(f"{base_url}/{ANNOUNCEMENT}")
    assert page.locator(FOLDED).count() >= 1
    focus_first_folded_summary(page)
    assert page.evaluate("document.activeElement.textContent") == "Update, March 2019"
    assert not is_open(page) and not body_is_visible(page)
    page.keyboard.press(key)
    assert is_open(page) and body_is_visible(page)
    page.keyboard.press(key)
    assert not is_open(page) and not body_is_visible(page)


def boxes(page) -> list[dict]:
    return page.locator(".callout-group > aside.callout").evaluate_all(
        "els => els.map(el => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width}; })"
    )


@pytest.mark.browser
def test_scenarios_sit_side_by_side_in_written_order_on_a_wide_screen(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base_url}/{ANNOUNCEMENT}")
    best, worst, likely = boxes(page)
    assert best["y"] == worst["y"] == likely["y"]
    assert best["x"] < worst["x"] < likely["x"]
    assert min(box["w"] for box in (best, worst, likely)) > 250
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.browser
def test_scenarios_stack_in_written_order_on_a_narrow_screen(page, base_url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{base_url}/{ANNOUNCEMENT}")
    best, worst, likely = boxes(page)
    assert best["x"] == worst["x"] == likely["x"]
    assert best["y"] < worst["y"] < likely["y"]
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.browser
def test_print_shows_the_body_of_a_folded_callout(page, base_url):
    page.goto(f"{base_url}/{ANNOUNCEMENT}")
    assert not body_is_visible(page)
    page.emulate_media(media="print")
    assert body_is_visible(page)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_callouts_pass_axe_with_contrast_in_both_schemes(page, base_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    page.goto(f"{base_url}/{ANNOUNCEMENT}")
    page.locator("aside.callout-update summary").click()
    results = Axe().run(page, context=".post-body")
    violations = [(v["id"], [node["target"] for node in v["nodes"]]) for v in results.response["violations"]]
    assert violations == []
    assert results.response["passes"], "axe ran no check"
    assert any(rule["id"] == "color-contrast" for rule in results.response["passes"])


@pytest.mark.browser
def test_the_icon_is_decoration_and_the_title_is_text(page, base_url):
    page.goto(f"{base_url}/{ANNOUNCEMENT}")
    names = page.locator(".callout-group > aside").evaluate_all(
        "els => els.map(el => el.querySelector('.callout-title').textContent)"
    )
    assert names == ["Best case", "Worst case", "Most likely case"]
    before = page.evaluate("getComputedStyle(document.querySelector('.callout-title'), '::before').content")
    assert before in ('""', "none", "normal"), before
