"""Browser contexts that may only talk to the local test server."""

from __future__ import annotations

from urllib.parse import urlparse


def guarded_context(browser, base_url: str, **options):
    """A context whose requests to any other host are aborted and recorded in ``foreign_requests``."""
    context = browser.new_context(**options)
    local_host = urlparse(base_url).netloc
    foreign: list[str] = []

    def guard(route):
        url = route.request.url
        if urlparse(url).netloc == local_host or url.startswith(("data:", "about:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    context.foreign_requests = foreign
    return context
