"""The importer's fast paths give what the plain ones give (issue #16, 1,000 posts in 10 s of CPU).

Each optimisation is checked against the slower reference it replaced: markdownify reading the edited soup
against the soup written out and parsed again; the one-step XML element handler against defusedxml's own
(tree and lines); a re-import that skips unchanged posts by digest against a fresh import, file by file.
"""

from __future__ import annotations

import contextlib
import io
import random
import shutil
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest

from plugins.comments.importers.common import read_xml_document
from plugins.comments.importers.wxr import import_wxr
from plugins.wordpress.__main__ import main
from plugins.wordpress.convert import convert_post
from plugins.wordpress.export import read_export
from plugins.wordpress.importer import Options, Report, plan, site_of
from tests.bench.comments_corpus import sentence
from tests.bench.wordpress_import import post_body
from tests.shared_fixtures import UNIT_TEST_DATA, require
from tests.unit.test_wordpress_convert import SITE

ROOT = Path(__file__).resolve().parents[2]

# What the fast Markdown path could get wrong: text pieces left side by side by edits (an unwrapped link, a
# removed caption, an image put in a paragraph of its own), line-start marks, stray and unclosed tags.
EDGE_CASES = [
    '<p>Slashes aren\\\'t \\"cool\\" \\*not bold\\* a\\<em>b</em></p><pre>keep \\* here</pre>',
    "<p><b>bold <i>both</b> italic</i> &amp plain &nbsp;&lt;tag&gt; <p>unclosed<div><p>inside</div></p>",
    "<table><tr><td>a<td>b</tr></table><ul><li>one<li>two</ul><p>x</p></p><b>stray",
    '<p>Broken <a href="https://x.org/">link <em>em</a> after</em> <img src=x.png alt="a>b"> & done</p>',
    '<p>A cat <img src="https://i.imgur.com/cat.png" alt="Cat"> <img class="wp-smiley" alt=":)" src="/wp-includes/'
    'images/smilies/icon_smile.gif"> <a href="https://i.imgur.com/big.png"><img src="//i.imgur.com/s.png"></a></p>',
    '<p>Before <a href="https://slowmending.files.wordpress.com/2019/01/chair.jpg"><img src="https://slowmending.'
    'files.wordpress.com/2019/01/chair-300x200.jpg" alt="Chair" /></a># not a heading</p>',
    '<figure><img src="https://x.org/a.jpg" alt="A"><figcaption>Cap <a href="https://x.org">tion</a></figcaption>'
    "</figure>\n\n- not a list",
    '<p>Text <img src="https://x.org/a.jpg" title="Captioned" alt="a"> more text<br>\n1. not a list</p>',
    '[caption id="attachment_11" width="300"]<a href="https://example.org/"><img src="https://slowmending.files.'
    'wordpress.com/2019/01/chair.jpg" alt="Chair" /></a> The chair, <em>by</em> the window[/caption]',
    "<ul><li>one<li>two</ul><p>un<b>closed <i>tags</p></p></br>",
    "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody>"
    "<tfoot><tr><td>Sum</td><td>3</td></tr></tfoot></table>",
    '[gallery ids="12,13"]\n\n<div class="wp-block-buttons"><div class="wp-block-button"><a href="https://x.org">'
    "Go</a></div></div>",
    "<pre>  keep\n\n   this  </pre>\n\nafter &amp; &lt;tag&gt; &nbsp;x",
    '<ul class="blocks-gallery-grid"><li><figure><img src="https://x.org/b.jpg" alt="B"><figcaption>Bee'
    "</figcaption></figure></li></ul>",
]


def _posts() -> list[tuple[str, str, dict]]:
    """(name, content, options) of every post the comparison runs on."""
    rng = random.Random(5)
    posts = [(f"edge {n}", text, {}) for n, text in enumerate(EDGE_CASES)]
    posts += [(f"bench {n}", post_body(rng, n), {}) for n in range(20)]
    posts += [(f"words {n}", "\n".join(sentence(rng, 12) for _ in range(6)), {}) for n in range(5)]
    return posts


@pytest.mark.parametrize(("name", "content", "options"), _posts(), ids=[post[0] for post in _posts()])
def test_markdown_from_the_edited_soup_equals_markdown_from_the_html_parsed_again(name, content, options):
    fast = convert_post(content, SITE, post_id="5", **options)
    plain = convert_post(content, SITE, post_id="5", plain=True, **options)
    assert fast.markdown == plain.markdown
    assert (fast.summary, fast.media, fast.embeds, fast.gallery_links, fast.not_requested) == (
        plain.summary,
        plain.media,
        plain.embeds,
        plain.gallery_links,
        plain.not_requested,
    )


def test_every_post_of_the_unit_test_data_converts_the_same_both_ways():
    require(UNIT_TEST_DATA)
    export = read_export(UNIT_TEST_DATA)
    planned = plan(export, Options(export=UNIT_TEST_DATA), Report())
    site = site_of(export, planned)
    for entry in planned:
        item = entry.item
        options = {"post_id": item.id, "excerpt": item.excerpt, "footnotes_meta": item.meta.get("footnotes")}
        fast = convert_post(item.content, site, **options)
        plain = convert_post(item.content, site, plain=True, **options)
        assert fast.markdown == plain.markdown, entry.slug
    assert len(planned) == 78


def _shape(element: Element, lines) -> list:
    return [(node.tag, sorted(node.attrib.items()), node.text, node.tail, lines(node)) for node in element.iter()]


XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>T</title>
  <item><title>A &amp; B</title><dc:creator>me</dc:creator>
    <category domain="post_tag" nicename="x"><![CDATA[X]]></category>
    <wp:comment><wp:comment_id>3</wp:comment_id><!-- a comment --><wp:comment_content><![CDATA[Hi
there]]></wp:comment_content></wp:comment>
  </item>
</channel></rss>
"""


@pytest.mark.parametrize("source", ["small", "unit test data"])
def test_the_one_step_xml_reader_builds_the_same_tree_with_the_same_lines(source, tmp_path):
    if source == "small":
        path = tmp_path / "export.xml"
        path.write_bytes(XML)
    else:
        path = UNIT_TEST_DATA
        require(path)
    fast = read_xml_document(path)
    plain = read_xml_document(path, plain=True)
    assert _shape(fast.root, fast.line) == _shape(plain.root, plain.line)
    assert fast.notes == plain.notes
    if source == "small":
        comment = fast.root.find("channel/item/{http://wordpress.org/export/1.2/}comment")
        assert fast.line(comment) == 7


def _import(export: Path, content: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", str(export), "--content", str(content)])
    return code, out.getvalue() + err.getvalue()


def _kept_report(content: Path) -> str:
    return (content / "wordpress" / "import-report.txt").read_text(encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in ("imported.json", "import-report.txt")
    }


def test_a_re_import_skips_only_what_is_unchanged_and_writes_what_a_fresh_import_writes(tmp_path, monkeypatch):
    from plugins.wordpress import importer
    from tests.functional.test_wordpress import own_export

    converted = []
    monkeypatch.setattr(
        importer, "convert_post", lambda content, *a, **k: converted.append(content) or convert_post(content, *a, **k)
    )

    (tmp_path / "export").mkdir()
    export = own_export(tmp_path / "export")
    content = tmp_path / "content"
    code, first = _import(export, content)
    assert code == 0, first
    assert len(converted) == 4  # two posts, a draft and a page
    code, again = _import(export, content)
    assert code == 0 and " 0 written + " in again and "0 kept" in again, again
    assert len(converted) == 4  # nothing converted again

    # One post changed: it is converted and written again, the others are left alone, and the result is
    # what a fresh import gives.
    text = export.read_text(encoding="utf-8")
    assert "Somewhere between." in text
    changed = text.replace("Somewhere between.", "Somewhere else.", 1)
    changed_export = tmp_path / "changed.xml"
    changed_export.write_text(changed, encoding="utf-8")
    code, third = _import(changed_export, content)
    assert code == 0, third
    assert "Posts: 5 in = 1 written + 2 unchanged" in third, third
    assert len(converted) == 5 and "Somewhere else." in converted[-1]
    fresh = tmp_path / "fresh"
    shutil.copytree(content, fresh)
    for folder in ("posts", "pages"):
        shutil.rmtree(fresh / folder)
    (fresh / "wordpress" / "imported.json").unlink()
    code, _ = _import(changed_export, fresh)
    assert code == 0
    assert _files(content) == _files(fresh)
    assert any(b"Somewhere else." in data for data in _files(content).values())


def test_a_post_edited_by_the_author_is_kept_even_when_its_inputs_did_not_change(tmp_path):
    from tests.functional.test_wordpress import own_export

    (tmp_path / "export").mkdir()
    export = own_export(tmp_path / "export")
    content = tmp_path / "content"
    _import(export, content)
    post = sorted((content / "posts").glob("*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    code, out = _import(export, content)
    assert code == 0
    assert f"posts/{post.name}: edited since the import, kept as it is" in out
    assert post.read_text(encoding="utf-8").endswith("My own note.\n")


def _without_notes(content: Path) -> None:
    """Forget what the last import noted (the plain path: every post converted, every comment read)."""
    import json

    path = content / "wordpress" / "imported.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("comments", None)
    data.pop("converted", None)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_re_import_gives_the_comments_outcome_of_reading_them_all_again(tmp_path, monkeypatch):
    import json

    from plugins.comments import store
    from tests.functional.test_wordpress import own_export

    (tmp_path / "export").mkdir()
    export = own_export(tmp_path / "export")
    fast, plain = tmp_path / "fast" / "content", tmp_path / "plain" / "content"
    for content in (fast, plain):
        assert _import(export, content)[0] == 0
    read = []
    monkeypatch.setattr(store, "read_wxr_comments", lambda *a, **k: read.append(1) or import_wxr(*a, **k))
    _without_notes(plain)
    code, plain_out = _import(export, plain)
    assert code == 0 and read == [1]
    code, fast_out = _import(export, fast)
    assert code == 0 and read == [1]  # the comments were not read again
    assert fast_out.replace(str(fast), "X") == plain_out.replace(str(plain), "X")
    assert _kept_report(fast).replace(str(fast), "X") == _kept_report(plain).replace(str(plain), "X")
    assert "insurance-finally-approved-ivig: added 0, 2 already in" in _kept_report(fast)

    # The author deletes a comment (moves it to the archive's 'removed' list): the archive changed, so the
    # comments are read again, and the deleted one stays out.
    archive = fast / "comments" / "insurance-finally-approved-ivig.json"
    data = json.loads(archive.read_text(encoding="utf-8"))
    data["removed"] = [{"id": data["comments"].pop()["id"]}]
    archive.write_text(json.dumps(data, indent=2), encoding="utf-8")
    code, out = _import(export, fast)
    assert code == 0 and read == [1, 1]
    assert "added 0, 1 already in" in _kept_report(fast) and "1 removed by the author (kept out)" in _kept_report(fast)
    assert "Comments: 2 in = 0 imported + 1 already in the archive + 1 skipped (1 listed in the archive's" in out
    assert len(json.loads(archive.read_text(encoding="utf-8"))["comments"]) == 1


def test_author_on_a_re_import_reads_the_comments_again_and_gives_the_badge(tmp_path):
    import json

    from tests.functional.test_wordpress import own_export

    (tmp_path / "export").mkdir()
    export = own_export(tmp_path / "export")
    content = tmp_path / "content"
    _import(export, content)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", str(export), "--content", str(content), "--author", "Marisol Vega"])
    assert code == 0 and "1 given the Author badge" in out.getvalue()
    archive = json.loads((content / "comments" / "insurance-finally-approved-ivig.json").read_text(encoding="utf-8"))
    assert {entry["id"]: entry["is_author"] for entry in archive["comments"]} == {"wp-5": True, "wp-6": True}
