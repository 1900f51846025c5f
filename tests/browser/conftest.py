"""Playwright + Debian's Chromium against the built sample site on 127.0.0.1.

Under CI=true a missing Chromium is a failure; elsewhere the browser tests are
skipped with a message saying how to install it.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.local_only import guarded_context

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site) -> Iterator[str]:
    """The sample site served over HTTP on a free loopback port."""
    handler = functools.partial(QuietHandler, directory=str(site.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium, shared by the session."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = "Chromium is missing: run `apt-get install -y chromium` (make test does this as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page whose requests may only go to the local server; others fail the test."""
    context = guarded_context(browser, base_url, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.foreign_requests = context.foreign_requests
    yield page
    context.close()
    assert not context.foreign_requests, f"requests to other hosts: {context.foreign_requests}"
