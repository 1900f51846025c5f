"""Glossary definitions in a real browser: hover, focus, tap, Escape, screen readers, narrow screens."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.local_only import guarded_context

POST = "2019/01/ivig-approved/"
TERM = "immunoglobulin"
DEFINITION_START = "Another word for antibodies."

pytestmark = pytest.mark.browser


def term_link(page):
    return page.locator(f'.post-body a.glossary-link[href$="#{TERM}"]')


def tooltip(page):
    return page.locator(f"#glossary-tip-{TERM}")


@pytest.fixture
def touch_page(browser, base_url):
    context = guarded_context(browser, base_url, viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()
    assert not context.foreign_requests


@pytest.fixture
def no_script_page(browser, base_url):
    context = guarded_context(browser, base_url, viewport={"width": 1024, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()
    assert not context.foreign_requests


def test_definition_is_hidden_until_asked_for_and_is_the_links_accessible_description(page, base_url):
    page.goto(f"{base_url}/{POST}")
    expect(tooltip(page)).to_be_hidden()
    expect(term_link(page)).to_have_accessible_description(
        "Another word for antibodies. As a medicine, immunoglobulin means antibodies collected from the donated "
        "plasma of many healthy people, purified and pooled."
    )
    assert term_link(page).get_attribute("title") is None


def test_hover_shows_the_definition_which_stays_while_hovered_and_escape_dismisses_it(page, base_url):
    page.goto(f"{base_url}/{POST}")
    term_link(page).hover()
    expect(tooltip(page)).to_be_visible()
    expect(tooltip(page)).to_contain_text(DEFINITION_START)
    box = tooltip(page).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)  # onto the definition
    expect(tooltip(page)).to_be_visible()
    page.keyboard.press("Escape")
    expect(tooltip(page)).to_be_hidden()
    page.mouse.move(5, 5)
    term_link(page).hover()
    expect(tooltip(page)).to_be_visible()


def test_keyboard_focus_shows_the_definition_and_escape_dismisses_it(page, base_url):
    page.goto(f"{base_url}/{POST}")
    links = page.locator(".post-body a.glossary-link:visible")  # terms in a folded callout are hidden
    links.nth(0).focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # keyboard focus moves along the terms, each showing its definition
    focused_id = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert focused_id and focused_id.startswith("glossary-tip-")
    expect(page.locator(f"#{focused_id}")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(f"#{focused_id}")).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == focused_id
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(page.locator(f"#{focused_id}")).to_be_visible()


def test_tap_shows_the_definition_and_a_second_tap_follows_the_link(touch_page, base_url):
    touch_page.goto(f"{base_url}/{POST}")
    term_link(touch_page).tap()
    expect(tooltip(touch_page)).to_be_visible()
    assert touch_page.url.endswith(POST)
    touch_page.keyboard.press("Escape")
    expect(tooltip(touch_page)).to_be_hidden()
    term_link(touch_page).tap()
    expect(tooltip(touch_page)).to_be_visible()
    term_link(touch_page).tap()
    touch_page.wait_for_url(f"**/glossary/#{TERM}")
    expect(touch_page.locator(f"#{TERM}")).to_be_in_viewport()


def test_tap_elsewhere_closes_the_definition(touch_page, base_url):
    touch_page.goto(f"{base_url}/{POST}")
    term_link(touch_page).tap()
    expect(tooltip(touch_page)).to_be_visible()
    touch_page.locator(".post-body h2").first.tap()
    expect(tooltip(touch_page)).to_be_hidden()


def test_definitions_show_on_hover_and_focus_without_javascript(no_script_page, base_url):
    no_script_page.goto(f"{base_url}/{POST}")
    term_link(no_script_page).hover()
    expect(tooltip(no_script_page)).to_be_visible()
    no_script_page.mouse.move(5, 5)
    expect(tooltip(no_script_page)).to_be_hidden()
    term_link(no_script_page).focus()
    expect(tooltip(no_script_page)).to_be_visible()


def test_no_definition_scrolls_sideways_at_320_px(page, base_url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{base_url}/{POST}")
    links = page.locator(".post-body a.glossary-link:visible")
    assert links.count() > 10
    for index in range(links.count()):
        links.nth(index).hover()
        tip = page.locator(f"#{links.nth(index).get_attribute('aria-describedby')}")
        expect(tip).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"definition {index} scrolls sideways by {overflow}px"
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320


def test_glossary_page_fits_320_px(page, base_url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{base_url}/glossary/")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_glossary_page_or_an_open_definition(page, base_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{base_url}/glossary/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.goto(f"{base_url}/{POST}")
    term_link(page).focus()
    expect(tooltip(page)).to_be_visible()
    results = Axe().run(page, context=".post-body")
    assert results.violations_count == 0, results.generate_report()
