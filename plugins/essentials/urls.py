"""Each post's and page's URL, computed once per build.

Pelican recomputes ``content.url`` on every use (a copy of the metadata and two date formats through its
slow ``strftime``); a build uses each post's URL dozens of times (listings, feeds, related posts, links).
Once every generator has read its content, the URL is final, so it is stored in ``override_url``, which
Pelican's ``get_url_setting`` already returns first (it is how a ``URL:`` field in front matter works).
``save_as`` is left alone: Pelican treats ``override_save_as`` as leave to overwrite another file.
"""

from __future__ import annotations

from collections.abc import Iterable

from pelican.contents import Article, Page


def remember_urls(generators: Iterable) -> None:
    """Store the URL of every article and page (drafts, hidden ones and translations too)."""
    contexts = {id(generator.context): generator.context for generator in generators if hasattr(generator, "context")}
    for context in contexts.values():  # Pelican's generators share one context
        for document in context.get("generated_content", {}).values():
            if isinstance(document, Article | Page) and not hasattr(document, "override_url"):
                document.override_url = document.url
