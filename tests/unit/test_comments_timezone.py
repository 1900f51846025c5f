"""Comment times in the zone of their post (issue #26, item 5): a French blog's comments were shown 7 hours
early on a site whose ``TIMEZONE`` is Chicago, while its posts kept their own +01:00."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from pelican.utils import get_date

from plugins.comments import attach_comments, attach_page_comments
from plugins.comments.store import read_wxr_comments

CHICAGO = ZoneInfo("America/Chicago")
PARIS_WINTER = timezone(timedelta(hours=1))


def archive(folder: Path, slug: str, *dates: str) -> None:
    comments = [
        {"id": f"c{n}", "parent": None, "author": "Reader", "date": date, "body": "<p>Hi</p>", "source": "manual"}
        for n, date in enumerate(dates)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.json").write_text(json.dumps({"schema_version": 2, "comments": comments}), encoding="utf-8")


def document(slug: str, date: datetime | None) -> SimpleNamespace:
    return SimpleNamespace(slug=slug, metadata={}, title=slug, date=date)


def generator(content: Path, articles: list, **extra) -> SimpleNamespace:
    return SimpleNamespace(
        settings={"TIMEZONE": "America/Chicago"},
        path=str(content),
        articles=articles,
        translations=[],
        drafts=[],
        drafts_translations=[],
        context={"generated_content": {}},
        **extra,
    )


def test_an_imported_french_posts_comments_show_in_the_posts_own_offset_not_seven_hours_early(tmp_path):
    archive(tmp_path / "comments", "french", "2019-01-14T19:30:00Z")
    archive(tmp_path / "comments", "typed", "2019-01-14T19:30:00Z")
    french = document("french", datetime(2019, 1, 14, 20, 0, tzinfo=PARIS_WINTER))  # Date: ...20:00:00+01:00
    typed = document("typed", datetime(2019, 1, 14, 9, 0, tzinfo=CHICAGO))  # Pelican gives a typed date TIMEZONE
    attach_comments(generator(tmp_path, [french, typed]))
    assert "January 14, 2019 at 8:30 PM" in french.comments.html()  # what her French readers saw
    assert "1:30 PM" not in french.comments.html()
    assert "January 14, 2019 at 1:30 PM" in typed.comments.html()  # the site's TIMEZONE, as before
    [thread] = list(french.comments)
    assert thread.comment.date_label == "January 14, 2019 at 8:30 PM"


def test_a_date_as_pelican_reads_it_from_front_matter(tmp_path):
    archive(tmp_path / "comments", "french", "2019-01-14T19:30:00Z")
    french = document("french", get_date("2019-01-14 20:00:00+01:00"))  # dateutil's tzoffset, as in a build
    attach_comments(generator(tmp_path, [french]))
    assert "January 14, 2019 at 8:30 PM" in french.comments.html()


def test_a_post_in_the_sites_own_offset_follows_daylight_saving_time(tmp_path):
    archive(tmp_path / "comments", "winter-post", "2019-07-14T17:00:00Z")
    post = document("winter-post", datetime(2019, 1, 14, 9, 0, tzinfo=timezone(timedelta(hours=-6))))
    attach_comments(generator(tmp_path, [post]))
    assert "July 14, 2019 at 12:00 PM" in post.comments.html()  # CDT (-05:00) in July, not -06:00


def test_a_pages_comments_too(tmp_path):
    archive(tmp_path / "comments" / "pages", "about", "2019-01-14T19:30:00Z")
    page = document("about", datetime(2019, 1, 1, 10, 0, tzinfo=PARIS_WINTER))
    attach_page_comments(
        SimpleNamespace(
            settings={"TIMEZONE": "America/Chicago"},
            path=str(tmp_path),
            pages=[page],
            translations=[],
            context={"generated_content": {}},
        )
    )
    assert page.comment_count == 1 and page.comments_enabled
    assert "January 14, 2019 at 8:30 PM" in page.comments.html()


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><item><title>Un billet</title><dc:creator>jess</dc:creator><wp:post_id>7</wp:post_id>
<wp:post_name>un-billet</wp:post_name><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:post_date>2019-01-14 20:00:00</wp:post_date><wp:post_date_gmt>2019-01-14 19:00:00</wp:post_date_gmt>
<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author>Lecteur</wp:comment_author>
<wp:comment_date>2019-01-14 20:30:00</wp:comment_date><wp:comment_date_gmt>{gmt}</wp:comment_date_gmt>
<wp:comment_content>Bravo</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_type></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item></channel></rss>
"""


def test_without_comment_date_gmt_the_wall_clock_is_read_in_the_posts_offset_not_as_utc(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(WXR.format(gmt="0000-00-00 00:00:00"), encoding="utf-8")
    [comment] = read_wxr_comments(path).comments
    assert comment.record["date"] == "2019-01-14T19:30:00Z"  # 20:30 in Paris, not 20:30 UTC
    path.write_text(WXR.format(gmt="2019-01-14 19:30:00"), encoding="utf-8")
    [comment] = read_wxr_comments(path).comments
    assert comment.record["date"] == "2019-01-14T19:30:00Z"
