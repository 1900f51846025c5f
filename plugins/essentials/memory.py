"""Let go of each post's rendered HTML once its page is written.

Pelican memoizes ``Content.get_content(siteurl)`` for the whole build (and beyond: the memo lives on the
class, so ``make devserver`` rebuilds add to it): one more copy of every post's HTML, with its glossary
tooltips, about 14 MB at 1,000 posts. A post's own page is the only page that shows its whole HTML with that
page's ``siteurl``, so the copy is dropped right after the page is written; any later use recomputes it.
"""

from __future__ import annotations

from pelican.contents import Content

CONTENT_MEMO = Content.__dict__["get_content"]  # pelican.utils.memoized: .cache maps (content, siteurl) -> HTML


def forget_written_content(path: str, context: dict) -> None:
    """``content_written`` receiver: drop the memoized HTML of the post or page this file showed."""
    for key in ("article", "page"):
        document = context.get(key)
        if isinstance(document, Content):
            CONTENT_MEMO.cache.pop((document, context.get("localsiteurl")), None)
