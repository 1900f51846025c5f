"""Old addresses where the new site has a page of its own: known from the settings before any build."""

from __future__ import annotations

from datetime import UTC, datetime

from plugins.wordpress.site_pages import Listed, own_pages, site_settings, taken_by
from tests.sitebuild import ROOT

SETTINGS = site_settings(ROOT / "pelicanconf.py")
POSTS = [Listed("Treatment updates", ("IVIG", "Insurance"), datetime(2019, 1, 14, tzinfo=UTC))]
OWNERS = own_pages(SETTINGS, POSTS, {"2019/01/ivig/index.html": "posts/2019-01-14-ivig.md ('IVIG')"})


def test_the_sites_fixed_pages_and_feeds_are_taken():
    assert taken_by("/tags/", OWNERS) == "the site's own page TAGS_SAVE_AS (tags/index.html)"
    assert taken_by("archives/", OWNERS) == "the site's own page ARCHIVES_SAVE_AS (archives/index.html)"
    assert taken_by("/feed/", OWNERS) == "the main feed at WordPress's old feed/ address"
    assert taken_by("/feeds/all.atom.xml", OWNERS) == "the site's own page FEED_ALL_ATOM (feeds/all.atom.xml)"


def test_the_listing_pages_of_the_imported_posts_are_taken():
    assert taken_by("/category/treatment-updates/", OWNERS) == "the site's category page Treatment updates"
    assert taken_by("/tag/ivig/", OWNERS) == "the site's tag page IVIG"
    assert taken_by("/author/jess-marlowe/", OWNERS) is None  # this site writes no author pages
    with_authors = own_pages({**SETTINGS, "AUTHOR_SAVE_AS": "author/{slug}/index.html"}, POSTS, {})
    assert taken_by("/author/jess-marlowe/", with_authors) == "the site's author page Jess Marlowe"


def test_another_imported_posts_new_address_is_taken():
    assert taken_by("/2019/01/ivig/", OWNERS) == "posts/2019-01-14-ivig.md ('IVIG')"


def test_wordpress_addresses_of_posts_are_free():
    for old in ("/2019/01/14/ivig/", "/ivig/", "/tag/other/", "/about/about-me/", "/?p=12", ""):
        assert taken_by(old, OWNERS) is None, old


def test_the_files_the_build_writes_beyond_pages_are_taken_at_import():
    """Known before any build, from the settings and our plugins' defaults (issue 30, item 10)."""
    assert taken_by("/theme/css/main.css", OWNERS).startswith("the theme's files (theme/")
    assert taken_by("/pagefind/pagefind.js", OWNERS).startswith("the search index")
    assert taken_by("/robots.txt", OWNERS) == (
        "the site's own page ROBOTS_SAVE_AS (robots.txt): a file where the redirect page needs a folder"
    )
    assert taken_by("/favicon.ico", OWNERS).startswith("the static file extra/favicon.ico (favicon.ico)")
    assert taken_by("/glossary/", OWNERS) == "the site's own page GLOSSARY_SAVE_AS (glossary/index.html)"
    assert taken_by("/series/", OWNERS) == "the site's own page SERIES_INDEX_SAVE_AS (series/index.html)"
    assert taken_by("/series/ivig-updates/", OWNERS).startswith("the site's own pages SERIES_SAVE_AS")
    assert taken_by("/_redirects", OWNERS).startswith("the redirects file for hosts")
    assert taken_by("/page/2/", OWNERS) == "the home page's later pages (page/), which fills page/"
    assert taken_by("/2019/01/14/old-slug/", OWNERS) is None
