"""No page of the sample site scrolls sideways on a 320 px phone at 200% text, and its labels and dates wrap or
shorten inside the screen instead of being cut at its edge (WCAG 1.4.4, 1.4.10)."""

from __future__ import annotations

import pytest

from tests.browser.phones import PAGE_OVERFLOW, SIZES, phone

pytestmark = pytest.mark.browser

# Visible elements with text of their own whose box reaches past the right edge of the screen (ignoring what sits
# in a box that scrolls by itself, such as a wide table).
PAST_THE_EDGE = """() => {
  const edge = document.documentElement.clientWidth;
  const scrolls = element => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (['auto', 'scroll', 'hidden'].includes(style.overflowX) && up.scrollWidth > up.clientWidth) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll('*')].filter(element => {
    const box = element.getBoundingClientRect();
    const own = [...element.childNodes].some(node => node.nodeType === 3 && node.textContent.trim());
    return own && box.width > 0 && box.right > edge + 0.5 && !element.closest('.visually-hidden, [hidden]')
      && !scrolls(element);
  }).map(element => element.tagName.toLowerCase() + ': ' + element.textContent.trim().slice(0, 40));
}"""
# The label's box and whether all of its text is shown.
WHOLE = """selector => [...document.querySelectorAll(selector)].map(element => {
  const box = element.getBoundingClientRect();
  return {text: element.textContent.trim(), left: box.left, right: box.right,
          edge: document.documentElement.clientWidth};
})"""


def site_pages(site) -> list[str]:
    """Every page of the built site, as a URL path."""
    pages = []
    for path in site.html_files():
        relative = path.relative_to(site.output).as_posix()
        if relative.startswith(("pagefind/", "theme/")):
            continue
        pages.append(relative.removesuffix("index.html"))
    return pages


@pytest.mark.parametrize(("width", "text"), SIZES)
def test_no_page_scrolls_sideways_at_200_percent_text(browser, base_url, site, width, text):
    pages = site_pages(site)
    assert len(pages) > 40 and "glossary/" in pages and "2019/03/ivig-month-1/" in pages
    problems = []
    with phone(browser, base_url, width, text) as page:
        for path in pages:
            page.goto(f"{base_url}/{path}")
            overflow = page.evaluate(PAGE_OVERFLOW)
            past = page.evaluate(PAST_THE_EDGE)
            if overflow > 0 or past:
                problems.append(f"{path}: {overflow} px too wide; past the edge: {past[:3]}")
    assert not problems, f"at {width} px and {text}% text:\n" + "\n".join(problems)


@pytest.mark.parametrize(("width", "text"), SIZES)
@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("2019/03/ivig-month-1/", ".series-header .scenario"),
        ("2019/09/ivig-month-8/", ".series-header .series-part"),
        ("glossary/", ".glossary-facts time"),
    ],
)
def test_labels_and_dates_are_shown_whole(browser, base_url, width, text, path, selector):
    with phone(browser, base_url, width, text) as page:
        page.goto(f"{base_url}/{path}")
        labels = page.evaluate(WHOLE, selector)
        assert labels, f"{path}: no {selector}"
        for label in labels:
            assert label["left"] >= 0 and label["right"] <= label["edge"], f"{path}: {label} is cut at the edge"
        if selector.endswith("scenario"):
            assert labels[0]["text"] == "Check-in: Most likely case"
