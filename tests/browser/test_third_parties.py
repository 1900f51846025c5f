"""No request leaves the local server while a reader loads any page type."""

from __future__ import annotations

import pytest

from tests.sitepages import page_types


@pytest.mark.browser
def test_no_page_type_requests_another_host(page, base_url, site):
    problems = []
    for kind in page_types(site.output):
        page.foreign_requests.clear()
        page.goto(f"{base_url}/{kind.url}", wait_until="load")
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")  # lazy images load
        page.wait_for_load_state("networkidle")
        problems += [f"{kind} requested {url}" for url in page.foreign_requests]
    page.foreign_requests.clear()
    assert not problems, "requests to other hosts:\n" + "\n".join(problems)


@pytest.mark.browser
def test_the_guard_catches_a_request_to_another_host(page, base_url):
    """The check above can fail: a page that asks another host is caught and named."""
    page.goto(f"{base_url}/")
    page.evaluate("fetch('https://fonts.example.com/font.woff2').catch(() => null)")
    page.wait_for_load_state("networkidle")
    assert page.foreign_requests == ["https://fonts.example.com/font.woff2"]
    page.foreign_requests.clear()
