"""Each post's and page's URL, computed once per build.

Pelican recomputes ``content.url`` on every use (a copy of the metadata and two date formats through its
slow ``strftime``); a build uses each post's URL dozens of times (listings, feeds, related posts, links).
Once every generator has read its content, the URL is final, so it is stored
(``pelican_compat.freeze_url``: the way a ``URL:`` field in front matter works).
"""

from __future__ import annotations

from collections.abc import Iterable

from pelican.contents import Article, Page

from ..pelican_compat import freeze_url, has_frozen_url


def remember_urls(generators: Iterable) -> None:
    """Store the URL of every article and page (drafts, hidden ones and translations too)."""
    contexts = {id(generator.context): generator.context for generator in generators if hasattr(generator, "context")}
    for context in contexts.values():  # Pelican's generators share one context
        for document in context.get("generated_content", {}).values():
            if isinstance(document, Article | Page) and not has_frozen_url(document):
                freeze_url(document)
