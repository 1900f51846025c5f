"""Small screens and large text in Chromium: a page at a width and a browser text size, and a second site served."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

from tests.browser.conftest import QuietHandler
from tests.browser.local_only import guarded_context

SIZES = [(320, 200), (375, 200)]  # (viewport width in px, text size in % of the default 16 px)
PAGE_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@contextlib.contextmanager
def phone(browser, base_url: str, width: int, text: int = 100, height: int = 700, **options) -> Iterator:
    """A page ``width`` px wide whose default text size is ``text`` % (the browser's setting, as a reader sets it).

    Requests to hosts other than ``base_url``'s fail the test when the page closes."""
    context = guarded_context(browser, base_url, viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": round(16 * text / 100)}})
    try:
        yield page
    finally:
        context.close()
    assert not context.foreign_requests, f"requests to other hosts: {context.foreign_requests}"


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on a free loopback port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
