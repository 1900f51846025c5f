"""Walking the IVIG update series in a browser, and the series pages under axe."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.sitebuild import source_documents

UPDATE_TITLES = [
    post.title
    for post in sorted(source_documents("posts"), key=lambda p: p.metadata["date"])
    if post.metadata.get("series") == "ivig-updates" and post.status == "published"
]


@pytest.mark.browser
def test_next_and_previous_walk_the_whole_series(page, base_url):
    page.goto(f"{base_url}/series/ivig-updates/")
    page.get_by_role("link", name=UPDATE_TITLES[0], exact=True).click()
    seen = [page.locator("h1").inner_text()]
    while page.locator(".series-nav a[rel=next]").count():
        page.locator(".series-nav a[rel=next]").click()
        seen.append(page.locator("h1").inner_text())
    assert seen == UPDATE_TITLES
    back = [seen[-1]]
    while page.locator(".series-nav a[rel=prev]").count():
        page.locator(".series-nav a[rel=prev]").click()
        back.append(page.locator("h1").inner_text())
    assert back == list(reversed(UPDATE_TITLES))
    page.locator(".series-nav .series-all a").click()
    assert page.locator("h1").inner_text() == "IVIG updates"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["series/", "series/ivig-updates/", "2019/04/ivig-month-3/", "2019/01/ivig-approved/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_series_pages_pass_axe(page, base_url, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{base_url}/{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["series/ivig-updates/", "2019/04/ivig-month-3/"])
def test_series_pages_fit_320_px(page, base_url, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{base_url}/{path}")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


@pytest.mark.browser
def test_a_chart_point_opens_its_update(page, base_url):
    page.goto(f"{base_url}/series/ivig-updates/")
    # for the pointer only (the table is the keyboard and screen-reader path): found by its tooltip
    page.locator("#measure-fever_days a.chart-link").filter(has_text="Fever days, June 2019: 12").click()
    assert page.locator("h1").inner_text() == UPDATE_TITLES[3]
    assert page.locator(".treatment-line li").first.inner_text() == "Fever days: 12 (up from 7 in April)"
