"""The sample site as a reader gets it: pages, listings, feeds, sitemap, privacy."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from tests.sitebuild import source_documents

POSTS = source_documents("posts")
PAGES = source_documents("pages")
PUBLISHED = [post for post in POSTS if post.status == "published"]
DRAFTS = [post for post in POSTS if post.status == "draft"]


def article_url(post) -> str:
    return "{:%Y/%m}/{}/".format(post.metadata["date"], post.slug)


def linked_paths(soup) -> set[str]:
    """Every same-site link target on a page, as a path without the site prefix."""
    paths = set()
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"]
        if href.startswith(("http://", "https://", "mailto:", "#")):
            continue
        paths.add(re.sub(r"^(\.\./|\./)+", "", href.split("#")[0]))
    return paths


def test_sample_content_has_the_shape_the_issue_asks_for():
    series = [post for post in PUBLISHED if post.metadata.get("series") == "ivig-updates"]
    assert len(series) >= 6
    months = {post.metadata.get("month") or "{:%Y-%m}".format(post.metadata["date"]) for post in series}
    assert len(months) < 8 and DRAFTS, "a month without an update and a draft are part of the sample"
    assert {page.slug for page in PAGES} >= {"about", "disclaimer"}


def test_every_published_post_and_page_has_its_page(site):
    for post in PUBLISHED:
        soup = site.html(article_url(post))
        assert soup.find("h1").get_text(strip=True) == post.title
    for page in PAGES:
        if page.status == "published":
            assert site.html(f"{page.slug}/").find("h1").get_text(strip=True) == page.title


def test_index_pages_link_every_published_post_and_no_draft(site):
    linked = set()
    for index in [site.output / "index.html", *sorted((site.output / "page").rglob("index.html"))]:
        linked |= linked_paths(site.html(str(index.relative_to(site.output))))
    for post in PUBLISHED:
        assert article_url(post) in linked, post.path
    for post in DRAFTS:
        assert not any(post.slug in path for path in linked)


def test_archives_list_exactly_the_published_posts(site):
    archive_links = {path for path in linked_paths(site.html("archives/")) if path.count("/") == 3}
    assert archive_links == {article_url(post) for post in PUBLISHED}


def test_tag_pages_list_the_posts_carrying_the_tag(site):
    for post in PUBLISHED:
        for tag in post.metadata.get("tags", []):
            tag_pages = [
                site.output / tag.url / "index.html",
                *sorted((site.output / tag.url / "page").rglob("*.html")),
            ]
            linked = set().union(*(linked_paths(site.html(str(p.relative_to(site.output)))) for p in tag_pages))
            assert article_url(post) in linked, (tag, post.path)


def test_feed_and_sitemap_list_exactly_the_published_posts(site):
    feed = site.xml("feeds/all.atom.xml")
    feed_paths = {urlparse(link["href"]).path.strip("/") + "/" for link in feed.find_all("link", rel="alternate")}
    published = {article_url(post) for post in PUBLISHED}
    assert published <= feed_paths
    assert not any(post.slug in path for post in DRAFTS for path in feed_paths)
    sitemap = site.xml("sitemap.xml")
    locs = {urlparse(loc.get_text()).path.strip("/") + "/" for loc in sitemap.find_all("loc")}
    assert {path for path in locs if path.count("/") == 3} == published


def test_drafts_are_absent_from_the_published_build(published_site):
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in published_site.output.rglob("*") if p.suffix in {".html", ".xml", ".txt"}
    )
    for post in DRAFTS:
        assert post.slug not in text
        assert post.title not in text
    assert not (published_site.output / "drafts").exists()


def test_published_build_uses_absolute_urls_and_feeds(published_site):
    soup = published_site.html("index.html")
    feed_link = soup.find("link", rel="alternate", type="application/atom+xml")
    assert feed_link["href"].startswith("https://")
    assert "Sitemap: https://" in (published_site.output / "robots.txt").read_text()


@pytest.mark.parametrize("post", PUBLISHED, ids=lambda post: post.slug)
def test_each_article_shows_reading_time_and_description(site, post):
    soup = site.html(article_url(post))
    assert re.fullmatch(r"\d+ min read", soup.select_one(".reading-time").get_text(strip=True))
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description and description == soup.find("meta", property="og:description")["content"]


def test_no_page_refers_to_another_host(site):
    for path in site.html_files():
        soup = site.html(str(path.relative_to(site.output)))
        for element in soup.find_all(src=True):
            assert not urlparse(element["src"]).netloc, (path, element["src"])
        for element in soup.find_all(["link", "script", "img", "iframe", "source"], href=True):
            assert not urlparse(element["href"]).netloc, (path, element["href"])


def test_captioned_image_is_a_lazy_figure(site):
    soup = site.html("2019/01/ivig-approved/")
    figure = soup.select_one(".post-body figure")
    assert figure.img["loading"] == "lazy" and figure.img["alt"]
    assert figure.figcaption.get_text(strip=True)


def test_site_furniture_exists(site):
    assert (site.output / "404.html").exists()
    assert (site.output / "robots.txt").read_text().startswith("User-agent: *")
    home = site.html("index.html")
    assert home.find("a", class_="skip-link")["href"] == "#main"
    assert home.find("main", id="main") and home.find("nav") and home.find("header") and home.find("footer")
    for listing in ["archives/", "tags/", "categories/", "2019/", "2019/03/"]:
        assert site.html(listing).find("h1"), listing


def test_sitemap_names_the_glossary_and_series_pages(site):
    locs = {urlparse(loc.get_text()).path for loc in site.xml("sitemap.xml").find_all("loc")}
    assert {"/glossary/", "/series/ivig-updates/"} <= locs
    for path in locs:
        assert (site.output / path.lstrip("/") / "index.html").exists() or (site.output / path.lstrip("/")).is_file()
