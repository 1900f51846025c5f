"""Real WordPress blogs move in intact (issue 26): each defect met on a real export, on a small export written
here; then the nine real exports of ``../shared/fixtures/wordpress-real`` (CI has them) imported one by one."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from tests.functional.test_wordpress import HEAD, cli, item
from tests.sitebuild import ROOT, build_site

REAL = ROOT.parent / "shared" / "fixtures" / "wordpress-real"


def imported(root: Path, body: str, head: str = HEAD) -> SimpleNamespace:
    """``body`` (items) as an export, imported into ``root/content``, and the site built from it."""
    export = root / "export.xml"
    export.write_text(head + body + "</channel></rss>\n", encoding="utf-8")
    content = root / "content"
    code, out, err = cli("import", str(export), "--content", str(content))
    build = build_site(root / "output", content)
    return SimpleNamespace(export=export, content=content, code=code, out=out, err=err, build=build)


# WordPress.com writes atom:link without declaring atom; WordPress MU's WXR 1.0 the same.
UNDECLARED_HEAD = HEAD.replace(
    "<channel>\n", "<channel>\n<atom:link rel='hub' href='https://x.example/?pushpress=hub'/>\n"
)


def test_undeclared_prefixes_malformed_urls_odd_dates_and_markdown_pitfalls_never_stop_an_import(tmp_path):
    body = (
        item("1", "atom", "Read anyway", "<p>Words of a WordPress.com export.</p>")
        + item(
            "2",
            "broken-address",
            "Broken address",
            '<p>See <a href="http://[oops/page">this</a> and <img src="http://[::1/x.png" alt="chart"></p>',
        )
        + item(
            "3",
            "emphasis",
            "Emphasis",
            "<em>Note</em><em>: fixed in 8.1.8 (</em><a href='https://example.org/r'>v20121106</a><em>).</em>",
        )
        + item("4", "odd-date", "Odd date", "<p>Dated by GMT.</p>", local="2019-13-45 09:00:00")
    )
    site = imported(tmp_path, body, UNDECLARED_HEAD)
    assert site.code == 0, site.err
    assert "Traceback" not in site.err + site.out
    assert "uses atom: without declaring it" in site.out
    assert "'wp:post_date': '2019-13-45 09:00:00' is not a date" in site.out
    assert site.build.returncode == 0, site.build.log
    page = site.build.html("2019/01/emphasis/index.html").find("article")
    assert "fixed in 8.1.8 (" in page.get_text() and "klzzwxh" not in page.get_text()
    assert page.find("em") is not None
    broken = site.build.html("2019/01/broken-address/index.html").find("article").get_text(" ")
    assert "this" in broken and "chart" in broken
    odd = (site.content / "posts").glob("*odd-date.md")
    assert 'Date: "2019-01-14 16:00:00+00:00"' in next(odd).read_text(encoding="utf-8")
    feed = (site.build.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", feed)


def test_a_paragraph_markdown_would_garble_loses_its_emphasis_marks_not_its_words():
    from plugins.wordpress.markdown_check import publishable

    notes: list[str] = []
    text = publishable("*Note**: fixed (*[v2](https://example.org/)*).*\n\nKept *as is*.\x03", notes)
    assert text == "Note: fixed ([v2](https://example.org/)).\n\nKept *as is*."
    assert [note.split(":")[0] for note in notes] == [
        "control characters removed",
        "emphasis dropped (Markdown cannot render it)",
    ]
