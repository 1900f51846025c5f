"""The glossary on the sample site: links in posts, the glossary page, listings and feeds."""

from __future__ import annotations

import re
from datetime import datetime

import lxml.html
import pytest
from lxml import etree
from pelican.settings import read_settings

from plugins.glossary.data import load_glossary
from tests.sitebuild import ROOT, build_site, source_documents

GLOSSARY = load_glossary(ROOT / "content" / "glossary.yaml")
POSTS = source_documents("posts")
PUBLISHED = [post for post in POSTS if post.status == "published"]
DRAFTS = [post for post in POSTS if post.status == "draft"]
NO_LINK_ANCESTORS = ["a", "code", "pre", "kbd", "abbr", "dfn", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"]


def article_url(post) -> str:
    return "{:%Y/%m}/{}/".format(post.metadata["date"], post.slug)


def visible_text(soup) -> str:
    root = lxml.html.fromstring(str(soup))
    for tooltip in root.find_class("glossary-tip"):
        tooltip.drop_tree()
    return root.text_content()


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory):
    """The sample site built without the glossary plugin, to compare against."""
    plugins = [name for name in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"] if name != "plugins.glossary"]
    result = build_site(tmp_path_factory.mktemp("plain") / "output", extra={"PLUGINS": plugins})
    assert result.returncode == 0, result.log
    return result


def test_glossary_page_lists_every_term_alphabetically_with_letter_links(site):
    soup = site.html("glossary/")
    assert soup.find("h1").get_text() == "Glossary"
    entries = soup.select("article.glossary-entry")
    assert [entry["id"] for entry in entries] == [term.slug for term in GLOSSARY.terms]
    names = [entry.find("dfn").get_text() for entry in entries]
    assert names == sorted(names, key=lambda name: name.casefold().replace("ö", "o"))
    letters = soup.select("nav.glossary-letters a")
    assert [a.get_text() for a in letters] == sorted({name[0].upper() for name in names})
    for letter in letters:
        target = soup.find(id=letter["href"].lstrip("#"))
        assert target is not None and target.get_text() == letter.get_text()
        section_names = [dfn.get_text() for dfn in target.find_parent("section").select("dfn")]
        assert all(name[0].upper() == letter.get_text() for name in section_names)


def test_glossary_entry_shows_expansion_definition_aliases_related_and_learn_more(site):
    soup = site.html("glossary/")
    ivig = soup.find(id="ivig")
    assert ivig.select_one(".glossary-expansion").get_text() == "(intravenous immunoglobulin)"
    assert "plasma of thousands of healthy donors" in ivig.select_one(".glossary-definition").get_text()
    assert ivig.select_one(".glossary-details").find("p")
    assert ivig.select_one(".glossary-aliases").get_text() == "IVIg, IV immunoglobulin"
    related = ivig.select(".glossary-related a")
    assert "immunoglobulin" in [a.get_text() for a in related]
    assert all(soup.find(id=a["href"].lstrip("#")) for a in related)
    pots = soup.find(id="pots")
    assert [a["href"] for a in pots.select(".glossary-learn-more a")] == [
        "https://www.nhs.uk/conditions/postural-tachycardia-syndrome/"
    ]


def test_mentioned_in_lists_published_posts_using_the_term_newest_first(site):
    soup = site.html("glossary/")
    by_url = {article_url(post): post for post in PUBLISHED}
    for term in GLOSSARY.terms:
        mentions = soup.find(id=term.slug).select(".glossary-mentions a")
        urls = [re.sub(r"^(\.\./)+", "", a["href"]) for a in mentions]
        assert all(url in by_url for url in urls), (term.slug, urls)
        times = soup.find(id=term.slug).select(".glossary-mentions time")
        dates = [datetime.fromisoformat(time["datetime"]) for time in times]
        assert dates == sorted(dates, reverse=True)
    aseptic = [a.get_text() for a in soup.find(id="aseptic-meningitis").select(".glossary-mentions a")]
    assert aseptic == ["IVIG Month 1: A Slow Start and a Quiet Head", "The Appeal Worked: IVIG Is Finally Approved"]
    for draft in DRAFTS:
        assert draft.title not in soup.get_text()


def test_every_mention_is_a_post_that_links_the_term(site):
    soup = site.html("glossary/")
    for term in GLOSSARY.terms:
        for anchor in soup.find(id=term.slug).select(".glossary-mentions a"):
            post = site.html(re.sub(r"^(\.\./)+", "", anchor["href"]))
            hrefs = [a["href"].split("#")[1] for a in post.select(".post-body a.glossary-link")]
            assert term.slug in hrefs


def test_site_nav_has_the_glossary(site):
    home = site.html("index.html")
    assert "Glossary" in [a.get_text() for a in home.select(".site-nav a")]
    current = site.html("glossary/").select_one('.site-nav a[aria-current="page"]')
    assert current.get_text() == "Glossary"


def test_the_announcement_links_its_terms_once_each_to_the_glossary(site):
    soup = site.html("2019/01/ivig-approved/")
    body = soup.select_one(".post-body")
    links = body.select("a.glossary-link")
    slugs = [a["href"].split("#")[1] for a in links]
    folded = [a["href"].split("#")[1] for a in body.select("details:not([open]) a.glossary-link")]
    in_sight = [a["href"].split("#")[1] for a in links if not a.find_parent("details", open=False)]
    assert len(in_sight) == len(set(in_sight)) and len(folded) == len(set(folded))
    # the folded update does not use up the first links of the terms the post uses again in sight
    assert folded == ["infusion", "aseptic-meningitis"] and set(folded) <= set(in_sight)
    assert {"ivig", "sjogrens-syndrome", "aseptic-meningitis", "tachycardia", "desmopressin", "off-label-use"} <= set(
        slugs
    )
    assert body.find("a", href="../../../glossary/#ivig").get_text() == "IVIG"
    assert all(a["href"].startswith("../../../glossary/#") for a in links)
    glossary = site.html("glossary/")
    assert all(glossary.find(id=slug) for slug in slugs)
    sjogren = body.find("a", href="../../../glossary/#sjogrens-syndrome")
    assert sjogren.get_text() == "Sjogren's syndrome"


def test_every_glossary_link_has_its_tooltip_and_none_is_in_a_no_link_context(site):
    for path in site.html_files():
        soup = site.html(str(path.relative_to(site.output)))
        ids = [element["id"] for element in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), path
        for anchor in soup.select("a.glossary-link"):
            assert anchor.find_parent(NO_LINK_ANCESTORS) is None, path
            assert anchor.find_parent(class_="callout-title") is None, path
            assert not anchor.has_attr("title")
            tip = soup.find(id=anchor["aria-describedby"])
            assert tip["role"] == "tooltip" and "glossary-tip" in tip["class"], path
            assert tip.find_parent(class_="glossary-term") is anchor.parent


def test_titles_meta_and_listings_carry_no_glossary_markup(site):
    for path in site.html_files():
        text = path.read_text(encoding="utf-8")
        head = text.split("</head>")[0]
        assert "glossary-" not in head.replace("js/glossary.js", ""), path
    listings = ["index.html", "page/2/", "archives/", "tag/ivig/", "category/treatment-updates/", "2019/"]
    for listing in listings:
        soup = site.html(listing)
        assert not soup.select(".glossary-term, .glossary-tip"), listing


def test_feeds_keep_the_links_but_no_tooltips_and_stay_well_formed(site):
    feeds = sorted((site.output / "feeds").rglob("*.xml"))
    linked = 0
    for feed in feeds:
        tree = etree.parse(str(feed), etree.XMLParser(resolve_entities=False, no_network=True))
        for content in tree.iter("{http://www.w3.org/2005/Atom}content", "{http://www.w3.org/2005/Atom}summary"):
            assert "glossary-tip" not in content.text and "aria-describedby" not in content.text
            linked += content.text.count('class="glossary-link"')
    assert linked > 0


def test_linking_leaves_the_visible_text_of_every_post_unchanged(site, plain_site):
    for post in PUBLISHED + DRAFTS:
        url = article_url(post) if post.status == "published" else f"drafts/{post.slug}/"
        linked = site.html(url).select_one(".post-body")
        plain = plain_site.html(url).select_one(".post-body")
        assert visible_text(linked) == visible_text(plain), post.slug
    for page in ["about/", "disclaimer/"]:
        assert visible_text(site.html(page).select_one("article")) == visible_text(
            plain_site.html(page).select_one("article")
        )


def test_pages_are_linked_too(site):
    about = site.html("about/")
    linked = [a.get_text() for a in about.select("a.glossary-link")]
    assert linked[:2] == ["autoimmune dysautonomia", "Sjogren's syndrome"]


def test_the_script_is_loaded_only_where_there_are_glossary_links(site):
    assert (site.output / "theme" / "js" / "glossary.js").is_file()
    script = site.html("2019/01/ivig-approved/").find("script", src=re.compile(r"glossary\.js$"))
    assert script is not None and script.has_attr("defer")
    assert site.html("index.html").find("script", src=re.compile(r"glossary\.js$")) is None
    assert site.html("glossary/").find("script", src=re.compile(r"glossary\.js$")) is None


def test_published_build_links_the_glossary_with_absolute_urls(published_site):
    links = published_site.html("2019/01/ivig-approved/").select(".post-body a.glossary-link")
    assert links and all(a["href"].startswith("https://slowmending.example.org/glossary/#") for a in links)
    feed = (published_site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert 'href="https://slowmending.example.org/glossary/#ivig"' in feed.replace("&quot;", '"')
    assert "glossary-tip" not in feed


def test_each_glossary_entry_links_a_search_for_its_term(site):
    soup = site.html("glossary/")
    for entry in soup.select("article.glossary-entry"):
        name = entry.find("dfn").get_text()
        link = entry.select_one(".glossary-search a")
        assert link.get_text() == f"Search the posts for “{name}”"
        assert link["href"].startswith("../search/?q=") and (site.output / "search" / "index.html").exists()
