"""``verify`` checks content (issue #26, item 10): an export is imported and built once, then copies of the
built site are damaged by hand the way a faulty conversion would, and verify must name each damage."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from tests.functional.test_wordpress import HEAD, cli, comment, item
from tests.sitebuild import ROOT, build_site

PROSE = " ".join(f"word{number}" for number in range(1, 101))
POST = f"<p>{PROSE}</p>\n\n<pre>def mend():\n    return 42</pre>\n\nThe end."
PINGBACK = """<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_author>Other blog</wp:comment_author>
<wp:comment_author_email></wp:comment_author_email><wp:comment_date>2019-01-15 10:00:00</wp:comment_date>
<wp:comment_date_gmt>2019-01-15 10:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[linked]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type>
<wp:comment_parent>0</wp:comment_parent></wp:comment>"""
POST_FILE = Path("2019") / "01" / "mending" / "index.html"


def export(folder: Path) -> Path:
    items = [
        item(
            "201",
            "mending",
            "Mending",
            POST,
            extra=comment("7", "Marisol Vega", "mv@mail.example.com", "Lovely words.", "2019-01-14 19:02:00")
            + comment("8", "Ana Ruiz", "ar@mail.example.com", "Same here.", "2019-01-14 20:02:00")
            + comment("10", "Spam Bot", "x@mail.example.com", "Buy now", "2019-01-14 21:02:00").replace(
                "<wp:comment_approved>1", "<wp:comment_approved>spam"
            )
            + PINGBACK,
        ),
        item(
            "202",
            "about",
            "About",
            "I write about <em>slow</em> mending &amp; rest.",
            post_type="page",
            link="https://slowmending.wordpress.com/about/",
            extra=comment("11", "Marisol Vega", "mv@mail.example.com", "Hello!", "2019-01-14 19:02:00"),
        ),
    ]
    path = folder / "verify.xml"
    path.write_text(HEAD + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("wordpress-verify")
    path = export(root)
    content = root / "content"
    code, out, err = cli("import", str(path), "--content", str(content))
    assert code == 0, out + err
    build = build_site(root / "output", content)
    assert build.returncode == 0, build.log
    return SimpleNamespace(root=root, export=path, content=content, output=build.output)


def damaged(site, tmp_path: Path, change) -> Path:
    """A copy of the built site whose post page went through ``change(soup)``."""
    output = tmp_path / "output"
    shutil.copytree(site.output, output)
    page = output / POST_FILE
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    change(soup)
    page.write_text(str(soup), encoding="utf-8")
    return output


def run_verify(site, output: Path, monkeypatch) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)
    code, out, _ = cli("verify", str(site.export), "--output", str(output), "--content", str(site.content))
    return code, out


def drop_words(soup, count: int) -> None:
    paragraph = soup.select_one(".post-body p")
    kept = PROSE.split()[count:]
    paragraph.string = " ".join(kept)


def test_a_faithful_site_has_no_miss(site, monkeypatch):
    code, out = run_verify(site, site.output, monkeypatch)
    assert code == 0, out
    assert "Content: 1 of 1 published post(s) and 1 of 1 page(s) faithful" in out
    assert (
        "code blocks 1 of 1 kept (1 of 1 post(s) with code keep them all); comments shown 3 of 3." in out
    )  # the page's comment too
    assert "miss:" not in out


def test_a_page_missing_5_percent_of_its_words_is_a_miss_naming_them(site, monkeypatch, tmp_path):
    output = damaged(site, tmp_path, lambda soup: drop_words(soup, 6))
    code, out = run_verify(site, output, monkeypatch)
    assert code == 1
    # 100 words of prose, 4 of code ("def mend return 42") and 2 more ("The end"): 100 of 106 shown.
    assert re.search(
        r"miss: 'Mending' \(.*2019-01-14-mending\.md\): shows 94\.3% of its words "
        r"\(lost 6 of 106: word1, word2, word3, word4, word5, word6\)",
        out,
    ), out
    assert "Words lost (a post showing fewer than 97% of the words it showed on WordPress): 1" in out


def test_a_page_missing_under_3_percent_is_not_a_miss(site, monkeypatch, tmp_path):
    output = damaged(site, tmp_path, lambda soup: drop_words(soup, 3))
    code, out = run_verify(site, output, monkeypatch)
    assert code == 0, out


def test_a_code_block_turned_into_a_paragraph_is_a_miss(site, monkeypatch, tmp_path):
    def flatten(soup):
        pre = soup.select_one(".post-body pre")
        pre.name = "p"

    output = damaged(site, tmp_path, flatten)
    code, out = run_verify(site, output, monkeypatch)
    assert code == 1
    assert "Code blocks lost (shown as text, not as code): 1" in out
    assert "shows 0 of its 1 code block(s) as code" in out
    assert "code blocks 0 of 1 kept (0 of 1 post(s) with code keep them all)" in out


@pytest.mark.parametrize(
    ("tag", "where", "shown"),
    [
        ('<img src="https://i.imgur.com/pepper.png" alt="Pepper">', ".post-body", "https://i.imgur.com/pepper.png"),
        ('<script src="//cdn.example.net/x.js"></script>', "head", "//cdn.example.net/x.js"),
        ('<link rel="stylesheet" href="http://fonts.example.com/a.css">', "head", "http://fonts.example.com/a.css"),
        (
            '<img srcset="/a.png 1x, https://cdn.example.net/b.png 2x" alt="">',
            ".post-body",
            "https://cdn.example.net/b.png",
        ),
        ('<iframe src="https://www.youtube.com/embed/x"></iframe>', ".post-body", "https://www.youtube.com/embed/x"),
    ],
)
def test_anything_loaded_from_another_host_is_a_miss(site, monkeypatch, tmp_path, tag, where, shown):
    output = damaged(site, tmp_path, lambda soup: soup.select_one(where).append(BeautifulSoup(tag, "html.parser")))
    code, out = run_verify(site, output, monkeypatch)
    assert code == 1
    assert f"loads 1 address(es) from another host: {shown}" in out


def test_a_missing_comment_is_a_miss(site, monkeypatch, tmp_path):
    def remove(soup):
        for anchor in soup.select('[id="comment-wp-8"], [id="comment-8"]'):
            anchor.decompose()

    output = damaged(site, tmp_path, remove)
    code, out = run_verify(site, output, monkeypatch)
    assert code == 1
    assert "Approved comments not shown: 1" in out
    assert "miss: comment 8 by Ana Ruiz on 'Mending' is not on" in out
    assert "comments shown 2 of 3." in out


def test_a_post_without_its_page_is_not_faithful_and_its_comments_are_not_shown(site, monkeypatch, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(site.output, output)
    (output / POST_FILE).unlink()
    code, out = run_verify(site, output, monkeypatch)
    assert code == 1
    assert "Content: 0 of 1 published post(s) and 1 of 1 page(s) faithful" in out
    assert "miss: 2 approved comment(s) on 'Mending' not shown: the post has no page" in out
    assert (
        "code blocks 0 of 1 kept (0 of 1 post(s) with code keep them all); comments shown 1 of 3." in out
    )  # the page's comment is shown
