"""A wrapped term's other lines never cover its definition (WCAG 1.4.13): on a 320 px phone, with the pointer on
each line, with keyboard focus and with a tap, the definition is placed against the line, clear of every other
line of the term, and wholly inside the screen. In a callout, in a comment and at the right edge."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.phones import phone

pytestmark = pytest.mark.browser

POST = "2019/01/ivig-approved/"
POTS = "2018/11/pots-explained/"
LINES = "link => [...link.getClientRects()].map(r => ({x: r.x, y: r.y, width: r.width, height: r.height}))"
# Comments get no glossary links of their own: this puts a copy of the post's Sjogren's syndrome term (with its
# definition, under a new id) into a reply's text, after the first word that makes it wrap.
TERM_IN_COMMENT = """() => {
  const original = document.querySelector('.callout a.glossary-link[href$="#sjogrens-syndrome"]')
    .closest('.glossary-term');
  const paragraph = document.querySelector('#comment-c103 .comment-content p');
  const words = paragraph.textContent.split(' ');
  const term = original.cloneNode(true);
  term.querySelector('.glossary-tip').id = 'tip-in-comment';
  term.querySelector('.glossary-link').setAttribute('aria-describedby', 'tip-in-comment');
  for (let cut = 1; cut < words.length; cut++) {
    paragraph.textContent = words.slice(0, cut).join(' ') + ' ';
    paragraph.append(term, ' ' + words.slice(cut).join(' '));
    if (term.querySelector('.glossary-link').getClientRects().length > 1) return cut;
  }
  return 0;
}"""


def overlap(a: dict, b: dict) -> float:
    """The area two boxes share, in px²."""
    width = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    height = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(0.0, width) * max(0.0, height)


def check_clear(page, link, line: int, how: str) -> None:
    """The definition of ``link`` shows, inside the screen, touching none of the term's lines but ``line``."""
    tip = page.locator(f"#{link.get_attribute('aria-describedby')}")
    expect(tip).to_be_visible()
    box = tip.bounding_box()
    viewport = page.viewport_size
    where = f"{link.text_content()!r}, {how} on line {line + 1}"
    assert box["x"] >= 0 and box["y"] >= 0, f"{where}: past the top or left edge: {box}"
    assert box["x"] + box["width"] <= viewport["width"], f"{where}: past the right edge: {box}"
    assert box["y"] + box["height"] <= viewport["height"], f"{where}: past the bottom edge: {box}"
    lines = link.evaluate(LINES)
    for number, other in enumerate(lines):
        if number != line:
            assert overlap(box, other) < 1, f"{where}: line {number + 1} {other} is drawn over the definition {box}"
    here = lines[line]
    gap = min(abs(box["y"] - (here["y"] + here["height"])), abs(here["y"] - (box["y"] + box["height"])))
    assert gap <= 12, f"{where}: the definition is not against its line {here}: {box}"


def check_term(page, link) -> None:
    """Pointer on each line, then keyboard focus, with the term in the middle of the screen."""
    link.evaluate("l => window.scrollBy(0, l.getClientRects()[0].top - window.innerHeight / 2 + 40)")
    lines = link.evaluate(LINES)
    assert len(lines) >= 2, f"{link.text_content()!r} does not wrap: {lines}"
    for number, line in enumerate(lines):
        page.mouse.move(2, 2)
        page.mouse.move(line["x"] + line["width"] / 2, line["y"] + line["height"] / 2)
        check_clear(page, link, number, "the pointer")
    page.mouse.move(2, 2)
    link.focus()
    check_clear(page, link, 0, "keyboard focus")
    link.blur()


def test_a_wrapped_term_in_a_callout(browser, base_url):
    with phone(browser, base_url, 320) as page:
        page.goto(f"{base_url}/{POST}")
        check_term(page, page.locator('.callout a.glossary-link[href$="#sjogrens-syndrome"]'))


def test_a_wrapped_term_in_a_comment(browser, base_url):
    with phone(browser, base_url, 320) as page:
        page.goto(f"{base_url}/{POST}")
        assert page.evaluate(TERM_IN_COMMENT), "the term never wraps in the comment"
        check_term(page, page.locator("#comment-c103 a.glossary-link"))


def test_a_wrapped_term_at_the_right_edge(browser, base_url):
    with phone(browser, base_url, 320) as page:
        page.goto(f"{base_url}/{POTS}")
        link = page.locator('.post-body a.glossary-link[href$="#autonomic-nervous-system"]')
        right = link.evaluate("l => l.getClientRects()[0].right")
        assert right > 320 - 40, f"the term's first line does not reach the right edge: {right}"
        check_term(page, link)


@pytest.mark.parametrize(("path", "selector"), [(POST, ".callout"), (POTS, ".post-body")])
def test_a_tap_on_each_line_of_a_wrapped_term(browser, base_url, path, selector):
    with phone(browser, base_url, 320, has_touch=True, is_mobile=True) as page:
        page.goto(f"{base_url}/{path}")
        links = page.locator(f"{selector} a.glossary-link:visible")
        wrapped = [index for index in range(links.count()) if len(links.nth(index).evaluate(LINES)) > 1]
        assert wrapped, f"no wrapped term in {selector}"
        link = links.nth(wrapped[0])
        link.evaluate("l => window.scrollBy(0, l.getClientRects()[0].top - window.innerHeight / 2 + 40)")
        for number, line in enumerate(link.evaluate(LINES)):
            page.touchscreen.tap(2, 600)  # elsewhere: closes the open definition
            page.touchscreen.tap(line["x"] + line["width"] / 2, line["y"] + line["height"] / 2)
            check_clear(page, link, number, "a tap")
