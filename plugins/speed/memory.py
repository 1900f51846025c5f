"""Let go of each post's rendered HTML once its page is written.

Pelican memoizes ``Content.get_content(siteurl)`` for the whole build (and beyond: the memo lives on the
class, so ``make devserver`` rebuilds add to it): more copies of every post's HTML, one per site URL it was
rendered with (its page's, the feeds'), which after glossary linking or ``{filename}`` links are distinct
strings; about 14 MB at 1,000 posts. The feeds are written before the posts, and a post's own page is the
last page that shows its whole HTML, so the copies are dropped right after that page is written; any later
use renders it again (same result).
"""

from __future__ import annotations

from pelican.contents import Content

from ..pelican_compat import forget_rendered_content


def forget_written_content(path: str, context: dict) -> None:
    """``content_written`` receiver: drop the memoized HTML of the post or page this file showed."""
    for key in ("article", "page"):
        document = context.get(key)
        if isinstance(document, Content):
            site_urls = {context.get("localsiteurl"), context.get("SITEURL"), document.settings.get("SITEURL")}
            site_urls.add(document.settings.get("FEED_DOMAIN"))
            forget_rendered_content(document, site_urls)
