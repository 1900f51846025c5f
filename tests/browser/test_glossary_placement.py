"""Where a glossary definition shows (WCAG 2.2 SC 1.4.13, hoverable): next to the line of the term the pointer is
on, inside the screen on every side, and reachable from any point of the term without the pointer leaving the term
or the definition. Also: a folded callout does not use up a term's first link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.local_only import guarded_context

POST = "2019/01/ivig-approved/"
GROUP_TERMS = {"best-case": "tachycardia", "worst-case": "aseptic-meningitis", "most-likely": "neurologist"}
WRAPPED = "medically-necessary"
NEAR = 12  # px: most a definition may sit from the line of its term

pytestmark = pytest.mark.browser

# The points on the straight segment from (x, y) to (tx, ty), one a pixel, that are outside the term of tip `id`.
OFF_PATH = """([x, y, tx, ty, id]) => {
  const term = document.getElementById(id).closest('.glossary-term');
  const steps = Math.max(1, Math.ceil(Math.hypot(tx - x, ty - y)));
  const off = [];
  for (let i = 0; i <= steps; i++) {
    const px = x + (tx - x) * i / steps, py = y + (ty - y) * i / steps;
    const hit = document.elementFromPoint(px, py);
    if (!hit || !term.contains(hit)) off.push([Math.round(px), Math.round(py), hit && hit.outerHTML.slice(0, 60)]);
  }
  return off;
}"""
LINES = "link => [...link.getClientRects()].map(r => ({x: r.x, y: r.y, width: r.width, height: r.height}))"


def viewport_context(browser, base_url, width: int, height: int, **options):
    return guarded_context(browser, base_url, viewport={"width": width, "height": height}, **options)


@pytest.fixture
def wide_page(browser, base_url):
    context = viewport_context(browser, base_url, 1280, 900)
    page = context.new_page()
    yield page
    context.close()
    assert not context.foreign_requests


@pytest.fixture
def phone_page(browser, base_url):
    context = viewport_context(browser, base_url, 390, 844)
    page = context.new_page()
    yield page
    context.close()
    assert not context.foreign_requests


def link_of(page, slug: str, within: str = ".post-body"):
    return page.locator(f'{within} a.glossary-link[href$="#{slug}"]').first


def check_hoverable(page, link, fractions=(0.03, 0.5, 0.97), lines: int = 99) -> list[dict]:
    """Point at several places of each line (the first `lines`) of `link`; return the definition's boxes."""
    tip = page.locator(f"#{link.get_attribute('aria-describedby')}")
    tip_id = link.get_attribute("aria-describedby")
    viewport = page.viewport_size
    boxes = []
    for number, line in enumerate(link.evaluate(LINES)[:lines]):
        for fraction in fractions:
            x, y = line["x"] + line["width"] * fraction, line["y"] + line["height"] / 2
            where = f"{tip_id}, line {number + 1} at {fraction:.0%}"
            page.mouse.move(2, 2)
            expect(tip).to_be_hidden()
            page.mouse.move(x, y)
            expect(tip).to_be_visible()
            box = tip.bounding_box()
            boxes.append(box)
            right, bottom = box["x"] + box["width"], box["y"] + box["height"]
            assert box["x"] >= 0 and box["y"] >= 0, f"{where}: definition past the top or left edge: {box}"
            assert right <= viewport["width"] and bottom <= viewport["height"], f"{where}: past the edge: {box}"
            assert box["x"] <= x <= right, f"{where}: the definition is not under or over the pointer: {box}"
            below, above = box["y"] - (line["y"] + line["height"]), line["y"] - bottom
            assert -2 <= below <= NEAR or -2 <= above <= NEAR, f"{where}: not next to the line {line}: {box}"
            target = (min(max(x, box["x"] + 2), right - 2), min(max(y, box["y"] + 2), bottom - 2))
            off = page.evaluate(OFF_PATH, [x, y, *target, tip_id])
            assert not off, f"{where}: the way to the definition leaves the term at {off[:3]}"
            page.mouse.move(*target, steps=6)
            expect(tip).to_be_visible()
    return boxes


@pytest.mark.parametrize("kind", GROUP_TERMS)
def test_a_term_in_each_column_of_a_wide_scenario_group(wide_page, base_url, kind):
    wide_page.goto(f"{base_url}/{POST}")
    group = wide_page.locator(".callout-group")
    columns = group.evaluate("g => [...g.children].map(c => Math.round(c.getBoundingClientRect().x))")
    assert len(set(columns)) == 3, f"the scenarios are not side by side at 1280 px: {columns}"
    link = link_of(wide_page, GROUP_TERMS[kind], f".callout-group .callout-{kind}")
    link.scroll_into_view_if_needed()
    column = wide_page.locator(f".callout-group .callout-{kind}").bounding_box()
    for box in check_hoverable(wide_page, link):
        assert box["x"] < column["x"] + column["width"] and box["x"] + box["width"] > column["x"]


def test_a_wrapped_term_shows_its_definition_at_the_line_pointed_at(wide_page, base_url):
    wide_page.goto(f"{base_url}/{POST}")
    link = link_of(wide_page, WRAPPED)
    link.scroll_into_view_if_needed()
    lines = link.evaluate(LINES)
    assert len(lines) == 2, f"'medically necessary' no longer wraps at 1280 px: {lines}"
    boxes = check_hoverable(wide_page, link)
    first, second = boxes[0], boxes[-1]
    assert first["y"] < second["y"]  # under the first line, then under the second


def test_terms_at_the_bottom_and_right_edges_of_a_phone(phone_page, base_url):
    phone_page.goto(f"{base_url}/{POST}")
    links = phone_page.locator(".post-body a.glossary-link:visible")
    ends = links.evaluate_all("ls => ls.map(l => Math.max(...[...l.getClientRects()].map(r => r.right)))")
    rightmost = links.nth(ends.index(max(ends)))
    assert max(ends) > 390 - 80, f"no term near the right edge: {max(ends)}"
    rightmost.scroll_into_view_if_needed()
    check_hoverable(phone_page, rightmost)
    for index in (0, links.count() // 2, links.count() - 1):  # each scrolled to the bottom edge
        link = links.nth(index)
        link.evaluate("l => window.scrollBy(0, l.getClientRects()[0].bottom - window.innerHeight + 4)")
        assert link.evaluate("l => window.innerHeight - l.getClientRects()[0].bottom") < 10
        boxes = check_hoverable(phone_page, link, fractions=(0.5,))
        assert all(box["y"] + box["height"] <= link.evaluate("l => l.getClientRects()[0].top") for box in boxes)


def test_a_tap_near_the_bottom_of_a_phone_shows_the_whole_definition(browser, base_url):
    context = viewport_context(browser, base_url, 390, 844, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{base_url}/{POST}")
    link = page.locator(".post-body a.glossary-link:visible").last
    link.evaluate("l => window.scrollBy(0, l.getClientRects()[0].bottom - window.innerHeight + 4)")
    link.tap()
    tip = page.locator(f"#{link.get_attribute('aria-describedby')}")
    expect(tip).to_be_visible()
    box = tip.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()
    assert not context.foreign_requests


def test_without_javascript_the_first_line_of_a_wrapped_term_leads_to_its_definition(browser, base_url):
    context = viewport_context(browser, base_url, 1280, 900, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/{POST}")
    link = link_of(page, WRAPPED)
    link.scroll_into_view_if_needed()
    boxes = check_hoverable(page, link, fractions=(0.03, 0.5, 0.97), lines=1)  # under the first line
    second_line = link.evaluate(LINES)[1]
    page.mouse.move(second_line["x"] + 4, second_line["y"] + 10)  # the second line: under the definition, on the term
    expect(page.locator(f"#{link.get_attribute('aria-describedby')}")).to_be_visible()
    assert boxes[0]["y"] <= second_line["y"]
    group_link = link_of(page, "tachycardia", ".callout-best-case")
    group_link.scroll_into_view_if_needed()
    column = page.locator(".callout-group .callout-best-case").bounding_box()
    for box in check_hoverable(page, group_link):  # as wide as the term's own column
        assert column["x"] <= box["x"] and box["x"] + box["width"] <= column["x"] + column["width"]
    context.close()
    assert not context.foreign_requests


def test_a_folded_update_does_not_use_up_the_first_links(page, base_url):
    page.goto(f"{base_url}/{POST}")
    for slug in ("infusion", "aseptic-meningitis"):
        in_sight = page.locator(f'.post-body a.glossary-link[href$="#{slug}"]:visible')
        expect(in_sight).to_have_count(1)
        expect(in_sight).to_have_accessible_description(re.compile(r"\w{4}"))
    expect(page.locator(".callout-update details:not([open]) a.glossary-link")).to_have_count(2)
    folded = page.locator(".callout-update details a.glossary-link")
    expect(folded.first).to_be_hidden()
    page.locator(".callout-update summary").click()
    expect(folded.first).to_be_visible()
