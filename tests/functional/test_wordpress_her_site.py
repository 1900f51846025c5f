"""Her site after one command (issue #26, item 7): the export's name, tagline, language, author, time zone and
menu reach the built site and the report; ``--replace-sample`` removes the starter's untouched sample.

A French blog written here (``fr-FR``, posts in Europe/Paris time across daylight saving, an About page, a
menu of five links and a second menu), imported into a copy of the starter's content, built, then imported
again with ``--replace-sample`` after one sample post was edited, and built again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.functional.test_wordpress import cli
from tests.sitebuild import ROOT, build_site

REAL = Path(os.environ.get("SHARED_FIXTURES") or ROOT.parent / "shared" / "fixtures") / "wordpress-real"
SAMPLE_TITLES = (
    "POTS, Explained for My Family",
    "IVIG Month 3: The First Good Week",
    "Notes From Appeal Number Twelve",
)
EDITED_SAMPLE = "posts/2018-11-03-pots-explained.md"


HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Carnet de Lise</title>
<link>https://lise.example.org</link>
<description>Vivre avec une maladie chronique, un jour apr&#232;s l'autre</description>
<language>fr-FR</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://lise.example.org</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>lise</wp:author_login>
<wp:author_display_name><![CDATA[Lise Moreau]]></wp:author_display_name></wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>invite</wp:author_login>
<wp:author_display_name><![CDATA[Une invitée]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>sante</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Santé]]></wp:cat_name></wp:category>
<wp:term><wp:term_id>20</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy><wp:term_slug>principal</wp:term_slug>
<wp:term_name><![CDATA[Principal]]></wp:term_name></wp:term>
"""


def entry(
    post_id: str, name: str, title: str, local: str, gmt: str, *, kind: str = "post", creator: str = "lise", extra=""
) -> str:
    link = f"https://lise.example.org/{local[:10].replace('-', '/')}/{name}/" if kind == "post" else ""
    link = link or f"https://lise.example.org/{name}/"
    return f"""<item><title>{title}</title><link>{link}</link><dc:creator>{creator}</dc:creator>
<guid isPermaLink="false">https://lise.example.org/?p={post_id}</guid>
<content:encoded><![CDATA[<p>{title}: quelques mots.</p>]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>{local}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>
<wp:post_name>{name}</wp:post_name><wp:status>publish</wp:status><wp:post_type>{kind}</wp:post_type>
<wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_password></wp:post_password>
{'<category domain="category" nicename="sante"><![CDATA[Santé]]></category>' if kind == "post" else ""}{extra}
</item>
"""


def menu_item(item_id: str, order: int, title: str, kind: str, target: str, *, menu: str = "Principal", parent="0"):
    meta = {"_menu_item_type": kind, "_menu_item_menu_item_parent": parent}
    if kind == "custom":
        meta |= {"_menu_item_url": target, "_menu_item_object": "custom", "_menu_item_object_id": item_id}
    else:
        meta |= {"_menu_item_object_id": target, "_menu_item_object": "page" if kind == "post_type" else "category"}
    rows = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in meta.items()
    )
    return f"""<item><title>{title}</title><link>https://lise.example.org/?p={item_id}</link>
<content:encoded><![CDATA[]]></content:encoded><wp:post_id>{item_id}</wp:post_id>
<wp:post_date>2019-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2019-01-01 09:00:00</wp:post_date_gmt>
<wp:post_name>{item_id}</wp:post_name><wp:status>publish</wp:status><wp:post_type>nav_menu_item</wp:post_type>
<wp:menu_order>{order}</wp:menu_order>
<category domain="nav_menu" nicename="{menu.lower()}"><![CDATA[{menu}]]></category>{rows}</item>
"""


COMMENT = """<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author>Marie</wp:comment_author>
<wp:comment_author_email>marie@mail.example.com</wp:comment_author_email>
<wp:comment_date>2019-07-14 21:02:00</wp:comment_date><wp:comment_date_gmt>2019-07-14 19:02:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Courage !]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_type></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>"""


def lise_export(folder: Path) -> Path:
    items = [
        # Winter (UTC+1) and summer (UTC+2): only Europe/Paris of France's zones gives both.
        entry("11", "janvier", "Janvier au lit", "2019-01-14 10:00:00", "2019-01-14 09:00:00"),
        # 00:30 in Paris is still the 13th in UTC: the post's day and time are Paris's.
        entry("12", "nuit-blanche", "Nuit blanche", "2019-07-14 00:30:00", "2019-07-13 22:30:00", extra=COMMENT),
        entry("13", "invitee", "Mot d'une invitée", "2019-08-02 18:00:00", "2019-08-02 16:00:00", creator="invite"),
        entry("21", "about", "À propos", "2018-12-01 09:00:00", "2018-12-01 08:00:00", kind="page"),
        entry("22", "contact", "Me écrire", "2018-12-01 09:05:00", "2018-12-01 08:05:00", kind="page"),
        entry("23", "vieux-projets", "Vieux projets", "2018-12-01 09:10:00", "2018-12-01 08:10:00", kind="page"),
        menu_item("31", 2, "", "post_type", "22"),  # no title of its own: the page's
        menu_item("32", 3, "Association", "custom", "https://asso.example.net/"),
        menu_item("33", 4, "", "taxonomy", "7"),
        menu_item("34", 1, "Qui suis-je", "post_type", "21"),
        menu_item("35", 5, "Sous-page", "post_type", "23", parent="34"),
        menu_item("36", 6, "Accueil", "custom", "https://lise.example.org/"),
        menu_item("37", 7, "tags", "custom", "https://lise.example.org/vieux-projets/"),  # the site has its Tags
        menu_item("38", 8, "Sommaire", "custom", "#"),
        menu_item("41", 1, "Mentions", "custom", "https://lise.example.org/mentions/", menu="Pied de page"),
    ]
    path = folder / "carnetdelise.wordpress.2020-01-01.xml"
    path.write_text(HEAD + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lise(tmp_path_factory):
    root = tmp_path_factory.mktemp("her-site")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    export = lise_export(root)
    first = cli("import", str(export), "--content", str(content))
    before = build_site(root / "before", content)
    edited = content / EDITED_SAMPLE
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own line.\n", encoding="utf-8")
    second = cli("import", str(export), "--content", str(content), "--replace-sample")
    after = build_site(root / "after", content)
    return SimpleNamespace(content=content, export=export, first=first, before=before, second=second, after=after)


def nav(build, page: str = "") -> list[tuple[str, str]]:
    return [(link.get_text(), link["href"]) for link in build.html(page).select(".site-nav a")]


def test_settings_from_the_export_are_applied_and_reported(lise):
    code, out, err = lise.first
    assert code == 0, err
    assert lise.before.returncode == 0, lise.before.log
    for line in (
        'SITENAME: "Carnet de Lise" (was "Slow Mending"',
        'SITESUBTITLE: "Vivre avec une maladie chronique, un jour après l\'autre" (was "Living with',
        'DEFAULT_LANG: "fr" (was "en"; the export\'s <language> fr-FR)',
        'AUTHOR: "Lise Moreau" (was "Jess Marlowe"',
        'TIMEZONE: "Europe/Paris" (was "America/Chicago"; 6 post(s), UTC offset(s) +01:00, +02:00',
    ):
        assert line in out
    home = lise.before.html("")
    assert home.html["lang"] == "fr"
    assert home.select_one(".site-title").get_text() == "Carnet de Lise"
    assert home.select_one(".site-subtitle").get_text() == "Vivre avec une maladie chronique, un jour après l'autre"
    assert "Carnet de Lise is written by Lise Moreau." in home.select_one(".site-footer").get_text()
    site_file = (lise.content / "wordpress" / "site.yaml").read_text(encoding="utf-8")
    assert 'TIMEZONE: "Europe/Paris"' in site_file and "# " in site_file  # each value says where it came from


def test_a_post_keeps_the_wall_clock_time_her_readers_saw(lise):
    page = lise.before.html("2019/07/nuit-blanche/")
    time = page.select_one(".post-meta time")
    assert time["datetime"] == "2019-07-14T00:30:00+02:00"
    assert time.get_text() == "July 14, 2019"
    assert lise.before.html("2019/01/janvier/").select_one(".post-meta time")["datetime"] == "2019-01-14T10:00:00+01:00"
    # The site's zone is hers: a comment written at 21:02 in Paris shows 9:02 PM (not Chicago's 2:02 PM).
    assert page.select_one(".comment-permalink time").get_text() == "July 14, 2019 at 9:02 PM"


def test_redirect_pages_are_in_her_language(lise):
    redirect = lise.before.output / "2019" / "07" / "14" / "nuit-blanche" / "index.html"
    text = redirect.read_text(encoding="utf-8")
    assert '<html lang="fr">' in text and 'href="../../nuit-blanche/"' in text  # 2019/07/nuit-blanche/
    assert "<title>Page déplacée: Nuit blanche</title>" in text
    assert '<h1>Cette page a déménagé</h1>\n<p><a href="../../nuit-blanche/">Nuit blanche</a></p>' in text


def test_the_header_menu_is_the_exports_menu(lise):
    _code, out, _err = lise.first
    assert nav(lise.before) == [
        ("Home", "./"),
        ("Qui suis-je", "./about/"),
        ("Me écrire", "./contact/"),
        ("Association", "https://asso.example.net/"),
        ("Santé", "./category/sante/"),
        ("Archives", "./archives/"),
        ("Tags", "./tags/"),
        ("Series", "./series/"),
        ("Glossary", "./glossary/"),
    ]
    assert "Vieux projets" not in lise.before.html("").select_one(".site-nav").get_text()  # not chosen: not shown
    assert "Header menu: 4 link(s) from the export's menu 'Principal'" in out
    assert "'Sous-page' (menu item 35, line" in out and "in a sub-menu" in out
    assert "'Accueil' (menu item 36, line" in out and "the blog's home" in out
    assert "'tags' (vieux-projets/): the site's own 'tags' link is in the header" in out
    assert "'Sommaire' (menu item 38, line" in out and "'#' leads nowhere (a sub-menu's heading)" in out
    assert "other menus of the export, not used: 'Pied de page' (1 links)" in out
    assert "1 of your 3 page(s) are not in the header" in out


def test_her_about_page_wins_over_the_untouched_sample(lise):
    _code, out, _err = lise.first
    assert "pages/about.md: the starter's sample, untouched, replaced by your WordPress version" in out
    about = lise.before.html("about/")
    assert about.select_one("h1").get_text() == "À propos"
    assert "former librarian" not in about.get_text()


def test_the_report_offers_to_replace_the_sample_while_it_is_there(lise):
    _code, out, _err = lise.first
    assert "The starter's sample is still here" in out and "--replace-sample" in out
    assert SAMPLE_TITLES[1] in lise.before.html("archives/").get_text()  # still there before the switch
    _code, again, _err = lise.second
    assert "The starter's sample is still here" not in again


def test_replace_sample_leaves_none_of_the_sample_and_keeps_what_she_edited(lise):
    code, out, err = lise.second
    assert code == 0, err
    assert lise.after.returncode == 0, lise.after.log
    assert (
        "Removed 17 file(s) of the starter's sample: comments 3, glossary.yaml 1, images 1, pages 1, posts 10, series 1"
        in out
    )
    assert f"{EDITED_SAMPLE}: a file of the starter's sample that you edited: kept" in out
    site = "\n".join(path.read_text(encoding="utf-8") for path in lise.after.html_files())
    for title in SAMPLE_TITLES[1:]:
        assert title not in site
    assert "Ben Okafor" not in site  # a sample comment
    assert not (lise.after.output / "glossary").exists()
    assert not (lise.after.output / "series" / "ivig-updates").exists()
    assert not (lise.after.output / "disclaimer").exists()
    assert SAMPLE_TITLES[0] in lise.after.html("archives/").get_text()  # hers now: she edited it
    footer = lise.after.html("").select_one(".site-footer")
    assert "disclaimer" not in footer.get_text().lower()
    assert "Carnet de Lise is written by Lise Moreau." in footer.get_text()
    assert [title for title, _link in nav(lise.after)] == [
        "Home",
        "Qui suis-je",
        "Me écrire",
        "Association",
        "Santé",
        "Archives",
        "Tags",
    ]
    assert 'MENU_LEFT_OUT: ["series/", "glossary/"]' in out


def test_her_edits_to_site_yaml_are_kept(lise, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(lise.content, content)
    site_file = content / "wordpress" / "site.yaml"
    site_file.write_text(site_file.read_text(encoding="utf-8").replace("Carnet de Lise", "Mon carnet"), "utf-8")
    code, out, err = cli("import", str(lise.export), "--content", str(content))
    assert code == 0, err
    assert "content/wordpress/site.yaml is yours (edited since the import): kept as it is" in out
    assert 'the import would set SITENAME: "Carnet de Lise" (was "Mon carnet"' in out
    assert 'SITENAME: "Mon carnet"' in site_file.read_text(encoding="utf-8")


@pytest.mark.skipif(not REAL.is_dir(), reason="the real exports are in ../shared (CI has them)")
@pytest.mark.parametrize(
    ("name", "language", "title", "author"),
    [("OAGr-blog.xml", "en", "Ozzie Gooen", "ozziegooen"), ("AlexandreRio-blog.xml", "fr", None, "Orbital")],
)
def test_real_exports(tmp_path, name, language, title, author):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    code, out, err = cli("import", str(REAL / name), "--content", str(content), "--replace-sample")
    assert "Removed 18 file(s) of the starter's sample" in out
    assert code == 0, err
    build = build_site(tmp_path / "output", content, fatal="errors")
    assert build.returncode == 0, build.log
    home = build.html("")
    assert home.html["lang"] == language
    assert home.select_one(".site-title").get_text() == (title or "Alexandre Rio")
    pages = len(list((content / "pages").glob("*.md"))) - 1  # 404.md is the site's
    assert len(home.select(".site-nav a")) < 3 + pages  # Home, Archives, Tags and her menu: not every page
    footer = home.select_one(".site-footer").get_text()
    assert f"is written by {author}." in footer  # WordPress.com's wp:wp_author too
    assert "Jess Marlowe" not in home.get_text() and "disclaimer" not in footer


def test_a_dry_run_removes_and_writes_nothing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    before = {path: path.read_bytes() for path in content.rglob("*") if path.is_file()}
    code, out, err = cli(
        "import", str(lise_export(tmp_path)), "--content", str(content), "--dry-run", "--replace-sample"
    )
    assert code == 0, err
    assert "pages/about.md: the starter's sample, untouched, would be replaced by your WordPress version" in out
    assert "Would remove 18 file(s) of the starter's sample" in out
    assert 'SITENAME: "Carnet de Lise" (was "Slow Mending"' in out
    assert {path: path.read_bytes() for path in content.rglob("*") if path.is_file()} == before
