"""What readers meet beyond what axe checks: the search box's label, the footer's line, print, the favicon,
search excerpts, the series line on a phone, and images in dark mode."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SERIES_PAGE = "series/ivig-updates/"
UPDATE = "2019/09/ivig-month-8/"
ILLUSTRATED = "2019/01/ivig-approved/"  # the infusion-chair illustration


def test_the_header_search_box_has_a_visible_label(page, base_url):
    page.goto(f"{base_url}/")
    field = page.locator("#site-search-query")
    expect(field).to_be_visible()
    expect(field).to_have_accessible_name("Search the posts")
    assert field.get_attribute("placeholder") is None
    label = page.locator('label[for="site-search-query"]')
    expect(label).to_be_visible()
    box = label.bounding_box()
    assert box["width"] > 40 and box["height"] > 10  # really shown, not clipped to a pixel
    assert page.locator(".site-search-form").bounding_box()["x"] <= box["x"]


@pytest.mark.parametrize("width", [700, 1024, 1440])
def test_the_footer_lines_up_with_the_main_column(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{base_url}/{ILLUSTRATED}")
    main, footer = (page.locator(selector).bounding_box() for selector in ("main", ".site-footer .wrap"))
    main, footer = (main["x"], main["x"] + main["width"]), (footer["x"], footer["x"] + footer["width"])
    assert footer == pytest.approx(main, abs=0.5), f"footer {footer} vs main {main} at {width}px"


def test_printed_series_page_shows_each_chart_table_open(page, base_url):
    page.goto(f"{base_url}/{SERIES_PAGE}")
    tables = page.locator(".chart-data table")
    assert tables.count() >= 2
    expect(tables.first).to_be_hidden()  # on screen the tables start folded
    page.emulate_media(media="print")
    for index in range(tables.count()):
        expect(tables.nth(index)).to_be_visible()
        assert tables.nth(index).bounding_box()["height"] > 100
        expect(page.locator(".chart-data > summary").nth(index)).to_be_hidden()  # no dead "(table)" control
    page.emulate_media(media="screen")
    expect(tables.first).to_be_hidden()


@pytest.mark.parametrize("path", ["", ILLUSTRATED, SERIES_PAGE, "404.html"])
def test_every_page_links_a_local_favicon_which_is_also_at_the_root(page, base_url, path):
    page.goto(f"{base_url}/{path}")
    icons = page.locator('link[rel="icon"]')
    assert icons.count() >= 1
    for href in icons.evaluate_all("links => links.map(link => link.href)"):
        assert href.startswith(base_url)
        response = page.request.get(href)
        assert response.ok and response.body()[:4] in (b"\x00\x00\x01\x00", b"<svg"), href
    root = page.request.get(f"{base_url}/favicon.ico")
    assert root.ok and root.body()[:4] == b"\x00\x00\x01\x00"  # an icon file, not a 404 page


def test_search_excerpts_start_with_the_posts_own_text(page, base_url):
    page.goto(f"{base_url}/search/?q=fevers")
    page.wait_for_function("document.querySelector('#search-status').textContent.includes('found')")
    excerpts = page.locator(".search-excerpt").all_inner_texts()
    assert excerpts
    for excerpt in excerpts:
        assert "IVIG updates ·" not in excerpt and "update 1 of" not in excerpt and "Previous update" not in excerpt
        assert "min read" not in excerpt and "Filed under" not in excerpt


def test_the_series_line_has_its_spaces_and_keeps_its_phrases_whole_on_a_phone(page, base_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/{UPDATE}")
    line = page.locator(".series-header")
    text = " ".join(line.inner_text().split())
    assert "update 7 of 7 · Check-in" in text, text
    for part in line.locator(".series-part").all():
        tops = part.evaluate("p => new Set([...p.getClientRects()].map(r => Math.round(r.top))).size")
        assert tops == 1, f"{part.inner_text()!r} breaks across lines at 390 px"
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_images_are_dimmed_in_dark_mode_but_charts_keep_their_colours(page, base_url):
    filters = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{base_url}/{ILLUSTRATED}")
        image = page.locator(".post-body img").first
        image.scroll_into_view_if_needed()
        filters[scheme] = image.evaluate("img => getComputedStyle(img).filter")
        page.goto(f"{base_url}/{SERIES_PAGE}")
        chart = page.locator("svg.chart").first
        assert chart.evaluate("svg => getComputedStyle(svg).filter") == "none"
        assert chart.evaluate("svg => getComputedStyle(svg.parentElement).filter") == "none"
    assert filters["light"] == "none"
    assert "brightness(0.75)" in filters["dark"]


def test_comments_spell_out_abbreviations_and_isolate_names(page, base_url):
    page.goto(f"{base_url}/{ILLUSTRATED}")
    comments = page.locator("#comments")
    expect(comments).to_contain_text("SCIG (subcutaneous immunoglobulin) at home")
    assert comments.locator("abbr[title]").count() == 0  # a title no touch or keyboard reader can reach
    names = comments.locator(".comment-author")
    assert names.count() >= 3
    assert names.locator("bdi").count() == names.count()
    assert names.first.locator("bdi").evaluate("bdi => getComputedStyle(bdi).unicodeBidi") == "isolate"


# Every pair of shown chart labels whose boxes overlap, for each chart of the page.
LABEL_OVERLAPS = """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
  const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && r.height > 0);
  const out = [];
  boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
    const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
    const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
    if (x > 1 && y > 1) out.push(`${svg.id}: '${a}' and '${b}'`);
  }));
  return out;
})"""


# Where each chart says "Start of treatment": its label beside the dashed line, or the legend under the chart.
START_LABELS = """() => [...document.querySelectorAll('.chart-figure')].map(figure => ({
  shown: [...figure.querySelectorAll('.chart-start-label, .chart-start-legend')]
    .map(element => [element.getAttribute('class').split(' ')[0], element.getBoundingClientRect()])
    .filter(([, box]) => box.width > 0 && box.height > 0).map(([kind, box]) => [kind, box.left, box.right]),
  chartRight: figure.querySelector('svg.chart').getBoundingClientRect().right,
  width: document.documentElement.clientWidth,
}))"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_chart_labels_grow_with_text_size_and_never_overlap(browser, base_url, width):
    from tests.browser.local_only import guarded_context

    sizes = {}
    for text_size in (16, 32):  # the browser's default text size, as set in its preferences: 100% and 200%
        context = guarded_context(browser, base_url, viewport={"width": width, "height": 900})
        page = context.new_page()
        context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": text_size}})
        page.goto(f"{base_url}/{SERIES_PAGE}")
        chart = page.locator("svg.chart").first
        sizes[text_size] = (
            chart.locator("text.chart-month").first.evaluate("t => parseFloat(getComputedStyle(t).fontSize)"),
            chart.bounding_box()["height"],
        )
        assert page.evaluate(LABEL_OVERLAPS) == [], f"overlapping labels at {width}px, {text_size}px text"
        for figure in page.evaluate(START_LABELS):  # said once, and never running off the chart or the screen
            [(kind, left, right)] = figure["shown"]
            assert left >= 0 and right <= figure["width"], (width, text_size, figure)
            if kind == "chart-start-label":
                assert right <= figure["chartRight"] + 1, (width, text_size, figure)
        shown = chart.locator("text.chart-month").evaluate_all("ts => ts.filter(t => t.getBBox().width > 0).length")
        assert shown >= (1 if (width, text_size) == (320, 32) else 2)  # a 7.5 rem column at 320 px and 200% text
        context.close()
        assert not context.foreign_requests
    assert sizes[32][0] == pytest.approx(2 * sizes[16][0])  # the labels scale with the text
    assert sizes[32][1] >= 1.9 * sizes[16][1]  # and the chart grows taller to keep their room


def test_chart_axes_fit_the_data_unless_the_author_keeps_zero(page, base_url):
    page.goto(f"{base_url}/{SERIES_PAGE}")
    hours = page.locator("#measure-hours_upright")
    expect(hours.locator(".chart-title")).to_have_text("Hours upright per day")  # no "(hours)" after it
    ticks = [float(t) for t in hours.locator("text.chart-tick").all_text_contents()]
    assert 0 < min(ticks) <= 2.0 and 3.6 <= max(ticks) < 24  # the trend is visible, not a flat line at 0-24
    expect(hours.locator(".chart-axis-break")).to_have_count(1)  # and the cut axis is marked
    points = [p["y"] for p in (c.bounding_box() for c in hours.locator("circle.chart-point").all())]
    plot = hours.locator("svg.chart").bounding_box()
    assert max(points) - min(points) > 0.3 * plot["height"]  # on a 0-24 axis it was 0.04
    fever = page.locator("#measure-fever_days")
    assert fever.locator("text.chart-tick").first.text_content() == "0"  # axis=zero in the series file
    expect(fever.locator(".chart-axis-break")).to_have_count(0)


def test_each_chart_has_at_most_one_tab_stop_and_the_table_is_the_keyboard_path(page, base_url):
    page.goto(f"{base_url}/{SERIES_PAGE}")
    figures = page.locator(".chart-figure")
    assert figures.count() >= 3
    page.locator("#measures-heading").evaluate("h => { h.tabIndex = -1; h.focus(); }")
    stops = []
    for _ in range(40):  # walk the page with Tab, noting which chart each stop is in
        page.keyboard.press("Tab")
        stop = page.evaluate(
            "(() => { const f = document.activeElement.closest('.chart-figure'); return f && f.id; })()"
        )
        if stop is None and any(stops):
            break  # past the charts
        stops.append(stop)
    for index in range(figures.count()):
        figure_id = figures.nth(index).get_attribute("id")
        assert stops.count(figure_id) == 1, f"{figure_id}: {stops.count(figure_id)} tab stops"
        assert figures.nth(index).locator("svg a").evaluate_all("as => as.every(a => a.tabIndex === -1)")
    summary = figures.first.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(figures.first.locator("table a").first).to_be_visible()
