"""A comment's own markup survives sanitising as structure, and bare web addresses become links (issue #26,
item 5): headings, lists and tables were flattened into one run-on paragraph with words glued together, and
addresses WordPress's ``make_clickable`` had linked were plain text."""

from __future__ import annotations

from bs4 import BeautifulSoup

from plugins.comments.sanitize import sanitize_body
from plugins.comments.store import read_wxr_comments

STRUCTURED = """<h2>My week on IVIG</h2>
<ol start="3" reversed><li>Day 1</li><li>Day 2<ul><li>fever</li><li>rash</li></ul></li></ol>
<table><caption>Doses</caption><thead><tr><th scope="col">Day</th><th>Dose</th></tr></thead>
<tbody><tr><td>1</td><td colspan="2" onclick="x()">30 g</td></tr></tbody></table>
<dl><dt>SCIG</dt><dd>at home</dd></dl>
<pre><code>if tired:
    rest()</code></pre>
<h1>Last</h1><script>alert(1)</script><p style="color:red">Thanks</p>"""


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_headings_lists_tables_and_code_keep_their_structure():
    html = sanitize_body(STRUCTURED)
    page = soup(html)
    assert [item.get_text() for item in page.select("ol > li > ul > li")] == ["fever", "rash"]
    ordered = page.select_one("ol")
    assert ordered["start"] == "3" and ordered.has_attr("reversed")
    assert [cell.get_text() for cell in page.select("table th")] == ["Day", "Dose"]
    assert [cell.get_text() for cell in page.select("table td")] == ["1", "30 g"]
    assert page.select_one("th")["scope"] == "col" and page.select("td")[1]["colspan"] == "2"
    assert page.select_one("caption").get_text() == "Doses"
    assert page.select_one("pre > code").get_text() == "if tired:\n    rest()"  # indentation kept
    assert (page.select_one("dt").get_text(), page.select_one("dd").get_text()) == ("SCIG", "at home")
    assert "Day 1Day 2" not in html and "DayDose" not in html  # what stripping the tags gave


def test_a_comments_headings_sit_below_the_comments_own_h2():
    page = soup(sanitize_body(STRUCTURED))
    assert [heading.name for heading in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])] == ["h4", "h3"]
    assert page.select_one("h4").get_text() == "My week on IVIG"
    assert [heading.name for heading in soup(sanitize_body("<h5>a</h5><h6>b</h6>")).find_all(True)] == ["h6", "h6"]


def test_nothing_active_comes_in_with_the_structure():
    html = sanitize_body(STRUCTURED)
    assert "<script" not in html and "onclick" not in html and "style=" not in html and "alert(1)" not in html


def test_bare_web_addresses_become_links_with_nofollow_ugc():
    html = sanitize_body(
        "<p>The clinic: https://clinic.example.org/ivig?day=1&amp;dose=2. Also www.pots.example.org/guide, "
        "and (https://en.wikipedia.org/wiki/POTS_(disease)).</p>"
    )
    links = soup(html).find_all("a")
    assert [link["href"] for link in links] == [
        "https://clinic.example.org/ivig?day=1&dose=2",
        "http://www.pots.example.org/guide",
        "https://en.wikipedia.org/wiki/POTS_(disease)",
    ]
    assert [link.get_text() for link in links] == [
        "https://clinic.example.org/ivig?day=1&dose=2",
        "www.pots.example.org/guide",
        "https://en.wikipedia.org/wiki/POTS_(disease)",
    ]
    assert all({"nofollow", "ugc"} <= set(link["rel"]) for link in links)
    assert soup(html).get_text() == (
        "The clinic: https://clinic.example.org/ivig?day=1&dose=2. Also www.pots.example.org/guide, "
        "and (https://en.wikipedia.org/wiki/POTS_(disease))."
    )  # the words around the links as they were


def test_addresses_in_links_and_code_mail_addresses_and_file_names_stay_as_they_are():
    html = sanitize_body(
        '<p><a href="https://a.example.org/">https://a.example.org/</a> <code>curl https://b.example.org</code> '
        "write to jess@mail.example.org, open notes.txt, javascript:alert(1)</p><pre>see https://c.example.org</pre>"
    )
    links = soup(html).find_all("a")
    assert [link["href"] for link in links] == ["https://a.example.org/"]
    assert "javascript:alert(1)" in soup(html).get_text() and "mailto:" not in html


def test_text_that_shows_markup_stays_text_when_an_address_is_linked():
    html = sanitize_body("<p>&lt;script src=x&gt; see https://x.example.org &amp; &lt;b&gt;bold&lt;/b&gt;</p>")
    assert "<script" not in html and "<b>" not in html
    assert soup(html).get_text() == "<script src=x> see https://x.example.org & <b>bold</b>"


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><item><title>A post</title><dc:creator>jess</dc:creator><wp:post_id>7</wp:post_id>
<wp:post_name>a-post</wp:post_name><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author>Reader</wp:comment_author>
<wp:comment_date>2019-01-14 20:30:00</wp:comment_date><wp:comment_date_gmt>2019-01-15 02:30:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{content}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_type></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item></channel></rss>
"""


def test_an_imported_comment_keeps_its_list_and_its_address_becomes_a_link(tmp_path):
    path = tmp_path / "export.xml"
    content = "What helped me:\n<ul>\n<li>salt</li>\n<li>water</li>\n</ul>\nMore at https://dysautonomia.example.org"
    path.write_text(WXR.format(content=content), encoding="utf-8")
    [comment] = read_wxr_comments(path).comments
    page = soup(comment.record["body"])
    assert [item.get_text() for item in page.select("ul > li")] == ["salt", "water"]
    assert page.select_one("a")["href"] == "https://dysautonomia.example.org"
    assert "nofollow" in page.select_one("a")["rel"]


def test_a_pasted_control_character_never_breaks_the_linking():
    html = sanitize_body("<p>Word's line break\x0b see https://a.example.org</p><p>and https://b.example.org</p>")
    assert [link["href"] for link in soup(html).find_all("a")] == ["https://b.example.org"]
    assert "https://a.example.org" in html  # kept as text there; the build removes the character, then links it


def test_text_around_a_comments_blocks_keeps_its_paragraphs(tmp_path):
    path = tmp_path / "export.xml"
    content = "Thanks!\n\nWhat helped me:\n<ul><li>salt</li></ul>\nMore at <b>home</b>.\nSee you\n\nBye"
    path.write_text(WXR.format(content=content), encoding="utf-8")
    [comment] = read_wxr_comments(path).comments
    page = soup(comment.record["body"])
    assert [paragraph.get_text() for paragraph in page.find_all("p", recursive=False)] == [
        "Thanks!",
        "What helped me:",
        "More at home.\nSee you",
        "Bye",
    ]
    assert page.select_one("ul > li").get_text() == "salt" and page.select_one("p b").get_text() == "home"


def test_plain_comments_are_unchanged():
    assert sanitize_body("<p>So proud of you!</p>") == "<p>So proud of you!</p>"
