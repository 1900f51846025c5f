"""Every template escapes what the author typed: hostile titles, summaries and names never become markup.

The site of tests/hostilesite.py puts script payloads in every name the templates print; each page is parsed
and must hold no injected element or attribute, and show the text as typed.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.hostilesite import (
    AUTHOR,
    CATEGORY,
    COMMENTER,
    DESCRIPTION,
    PAGE_TITLE,
    PAGES,
    POST,
    POST_TITLE,
    SCRIPT,
    SERIES_TITLE,
    SITENAME,
    SUMMARY_TEXT,
    TAGS,
    TERM,
    UPDATE,
    build_hostile_site,
)
from tests.sitebuild import Build

HOSTILE_URL = "https://example.org/a&b"  # a site URL with "&": valid in a path, must be escaped in XML


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Build:
    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def control(tmp_path_factory) -> Build:
    """The same site without autoescape: proves the payloads would become markup."""
    return build_hostile_site(tmp_path_factory.mktemp("control"), autoescape=False)


def injected(soup: BeautifulSoup) -> list[str]:
    """What the payloads made into markup: an element with an event attribute, the payload's image, a script
    that sets the flag."""
    found = [f"<{tag.name} {name}>" for tag in soup.find_all(True) for name in tag.attrs if name.startswith("on")]
    found += [str(img) for img in soup.find_all("img", src="x")]
    found += [str(script) for script in soup.find_all("script") if "__xss" in script.get_text()]
    return found


def test_every_page_type_is_written(hostile):
    for name, path in PAGES.items():
        target = hostile.output / path
        assert (target / "index.html" if path == "" or path.endswith("/") else target).is_file(), name


def test_no_payload_becomes_markup_on_any_page(hostile):
    pages = hostile.html_files()
    assert len(pages) >= len(PAGES)
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        assert injected(soup) == [], path.relative_to(hostile.output)


def test_the_control_site_without_autoescape_runs_the_payloads(control):
    """The check above can fail: the same pages built without autoescape hold the injected markup."""
    for name in ("post", "page", "category", "tag", "series", "index"):
        assert injected(control.html(PAGES[name])), name


def meta(soup: BeautifulSoup, **attributes) -> str:
    return soup.find("meta", attrs=attributes)["content"]


def test_titles_show_as_typed(hostile):
    post = hostile.html(POST)
    assert post.select_one("h1.p-name").get_text() == POST_TITLE  # Q&A and &amp; literally
    assert post.title.get_text() == f"{POST_TITLE} · {SITENAME}"
    assert meta(post, property="og:title") == POST_TITLE
    assert meta(post, property="og:site_name") == SITENAME
    assert hostile.html(PAGES["page"]).h1.get_text() == PAGE_TITLE
    assert hostile.html(PAGES["series"]).h1.get_text() == SERIES_TITLE
    assert hostile.html(UPDATE).select_one(".series-nav")["aria-label"] == SERIES_TITLE
    assert hostile.html(PAGES["glossary"]).select_one("dfn").get_text() == TERM
    assert f"Read “{POST_TITLE}”" in hostile.html("").get_text()
    redirect = hostile.html(PAGES["redirect"])  # written by plugins/wordpress, not by a template
    assert redirect.title.get_text() == f"Moved: {POST_TITLE}"
    assert redirect.select_one("body a").get_text() == POST_TITLE


def test_names_show_as_typed(hostile):
    post = hostile.html(POST)
    assert [a.get_text() for a in post.select(".post-tags a")] == sorted(TAGS)
    assert [meta["content"] for meta in post.find_all("meta", property="article:tag")] == list(TAGS)
    assert post.select_one(".post-footer a").get_text() == CATEGORY
    assert f"is written by {AUTHOR}." in post.select_one(".site-footer").get_text()
    assert post.select_one(".comment-author").get_text() == COMMENTER
    assert hostile.html(PAGES["category"]).h1.get_text() == f"Category: {CATEGORY}"
    assert hostile.html(PAGES["tag"]).h1.get_text() == f"Posts tagged “{SCRIPT}”"


def test_meta_descriptions_are_the_summary_as_plain_text_escaped_once(hostile):
    """The summary shows code as text: the description keeps that text, never markup, never escaped twice."""
    for path in (POST, PAGES["page"]):
        page = hostile.html(path)
        assert meta(page, name="description") == SUMMARY_TEXT, path
        assert meta(page, property="og:description") == SUMMARY_TEXT, path
    update = hostile.html(UPDATE)
    assert meta(update, name="description") == meta(update, property="og:description") == DESCRIPTION
    raw = (hostile.output / POST / "index.html").read_text(encoding="utf-8")
    assert 'content="Shows &#34;&gt;&lt;img src=x onerror=window.__xss=1&gt; and &lt;script&gt;' in raw
    # The summary itself, in listings, stays the author's HTML: code shown as code.
    assert hostile.html("").select_one(".summary-text code").get_text() == '"><img src=x onerror=window.__xss=1>'


def test_sitemap_and_robots_stay_valid_with_an_ampersand_in_the_site_url(tmp_path):
    build = build_hostile_site(tmp_path, settings="publishconf.py", extra={"SITEURL": HOSTILE_URL})
    sitemap = etree.fromstring((build.output / "sitemap.xml").read_bytes(), etree.XMLParser(resolve_entities=False))
    locations = [element.text for element in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{HOSTILE_URL}/{POST}" in locations
    assert all(location.startswith(HOSTILE_URL + "/") for location in locations)
    robots = (build.output / "robots.txt").read_text(encoding="utf-8")
    assert robots == f"User-agent: *\nAllow: /\nSitemap: {HOSTILE_URL}/sitemap.xml\n"
    assert build.html(POST).find("meta", property="og:url")["content"] == f"{HOSTILE_URL}/{POST}"
