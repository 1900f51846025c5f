"""In Chromium: no payload in a title, summary or name runs on any page type of the hostile site.

Each payload sets ``window.__xss``. The control site (the same content built without autoescape) shows that
the flag is set when a payload does run, so the check can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.local_only import guarded_context
from tests.browser.phones import served
from tests.hostilesite import PAGES, build_hostile_site

FLAG = "() => window.__xss === undefined ? null : window.__xss"


def flags(browser, folder: Path, names: list[str]) -> dict[str, object]:
    """``window.__xss`` on each named page once it has loaded (images included), in a fresh page each."""
    found = {}
    with served(folder) as base_url:
        context = guarded_context(browser, base_url)
        try:
            for name in names:
                page = context.new_page()
                page.goto(f"{base_url}/{PAGES[name]}", wait_until="load", timeout=15_000)
                found[name] = page.evaluate(FLAG)
                page.close()
        finally:
            context.close()
        assert not context.foreign_requests, context.foreign_requests
    return found


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory) -> Path:
    return build_hostile_site(tmp_path_factory.mktemp("hostile")).output


@pytest.fixture(scope="module")
def control_output(tmp_path_factory) -> Path:
    return build_hostile_site(tmp_path_factory.mktemp("control"), autoescape=False).output


def test_the_control_pages_run_the_payloads(browser, control_output):
    """Without autoescape the same titles, names and descriptions run their script: the flag is set."""
    assert flags(browser, control_output, ["post", "page", "category", "tag", "index"]) == {
        "post": 1,
        "page": 1,
        "category": 1,
        "tag": 1,
        "index": 1,
    }


def test_no_payload_runs_on_any_page_type(browser, hostile_output):
    # The redirect page leaves for the post at once (its script); its HTML is checked in tests/functional.
    names = [name for name in PAGES if name != "redirect"]
    assert flags(browser, hostile_output, names) == dict.fromkeys(names)
