"""Printing, in Chromium's print media: a chart's figure may start on the page it comes to (page 1 of the series
page is not left half empty), a folded update prints open without a "closed" marker, and links to the site's own
pages print their address in the text (not in navigation, not on glossary terms)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.phones import phone, served

pytestmark = pytest.mark.browser

# A4 with 10 mm margins, in CSS px: the printable width and the height of one page.
PAGE_WIDTH, PAGE_HEIGHT = 718, 1047
SERIES = "series/ivig-updates/"
SITEURL = "https://slowmending.example.org"  # publishconf.py's: its pages link one another, and the stylesheet,
# by absolute addresses, served here from the built folder
POST = "2019/01/ivig-approved/"
# The first chart's figure: where it starts, where its caption and drawing (which keep together) end, in px
# from the top of the document, and whether the figure must keep whole.
FIRST_CHART = """() => {
  const figure = document.querySelector('.chart-figure');
  const bottom = element => element.getBoundingClientRect().bottom + scrollY;
  return {top: figure.getBoundingClientRect().top + scrollY, drawing: bottom(figure.querySelector('svg.chart')),
          whole: getComputedStyle(figure).breakInside,
          tableWhole: getComputedStyle(figure.querySelector('table')).breakInside};
}"""
AFTER = "link => getComputedStyle(link, '::after').content"


def local_file(output: Path, route) -> Path:
    """The built file an address of the published site (its stylesheet) stands for."""
    path = output / urlsplit(route.request.url).path.lstrip("/")
    return path / "index.html" if path.is_dir() else path


@pytest.fixture(scope="module")
def published_url(published_site):
    with served(published_site.output) as url:
        yield url


def printed(page, url: str) -> None:
    page.set_viewport_size({"width": PAGE_WIDTH, "height": PAGE_HEIGHT})
    page.emulate_media(media="print")
    page.goto(url)


def test_the_first_chart_starts_on_page_one_of_the_series_page(page, base_url):
    printed(page, f"{base_url}/{SERIES}")
    chart = page.evaluate(FIRST_CHART)
    assert chart["top"] < PAGE_HEIGHT * 0.6, f"the series page's first chart no longer comes on page 1: {chart}"
    # Only the caption and the drawing keep together: they fit in what is left of page 1, so they start there
    # and page 1 is filled at least to the end of the drawing, then on with the table.
    assert chart["whole"] != "avoid" and chart["tableWhole"] != "avoid", f"the figure is kept whole: {chart}"
    assert chart["drawing"] <= PAGE_HEIGHT and chart["drawing"] / PAGE_HEIGHT >= 0.5, chart
    assert len(page.pdf(format="A4", margin=dict.fromkeys(("top", "bottom", "left", "right"), "10mm"))) > 0


def test_a_folded_update_prints_open_without_a_closed_marker(page, base_url):
    printed(page, f"{base_url}/{POST}")
    summary = page.locator(".callout-update summary.callout-title")
    assert summary.evaluate("s => s.parentElement.open") is False
    assert summary.evaluate("s => getComputedStyle(s).listStyleType") == "none"
    body = page.locator(".callout-update .callout-body")
    assert body.evaluate("b => b.getBoundingClientRect().height") > 20, "the folded text is printed"


def go_printed(page, url: str) -> None:
    """``url`` in print media (set after the page loads: the phone's text-size session resets it)."""
    page.goto(url)
    page.emulate_media(media="print")
    assert page.evaluate("matchMedia('print').matches")


def print_no_address(links) -> bool:
    return set(links.evaluate_all("ls => ls.map(l => getComputedStyle(l, '::after').content)")) <= {"none", "normal"}


def test_links_to_the_sites_own_pages_print_their_address(browser, published_url, published_site):
    with phone(browser, published_url, PAGE_WIDTH, height=PAGE_HEIGHT) as page:
        page.route(f"{SITEURL}/**", lambda route: route.fulfill(path=local_file(published_site.output, route)))
        go_printed(page, f"{published_url}/{POST}")
        internal = page.locator('.post-body a[href$="/2019/03/ivig-month-1/"]').first
        internal.evaluate("link => { link.closest('details').open = true; }")  # it is in the folded update
        href = internal.get_attribute("href")
        assert href.startswith(SITEURL) and href in internal.evaluate(AFTER)
        for selector in (".site-nav a", ".post-tags a", ".post-body a.glossary-link", ".post-footer a"):
            links = page.locator(selector)
            assert links.count(), selector
            assert print_no_address(links), f"{selector} prints its address"
        go_printed(page, f"{published_url}/about/")
        terms = page.locator("article.page a.glossary-link")
        assert terms.count() and print_no_address(terms), "a glossary term on a page prints its address"
        go_printed(page, f"{published_url}/{SERIES}")
        timeline = page.locator(".timeline a").first
        assert timeline.get_attribute("href") in timeline.evaluate(AFTER), "a series' timeline prints where it leads"
