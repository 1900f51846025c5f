"""Inputs that used to stop the WordPress import with a traceback (issue 30, item 11): ``%00`` in an upload
URL after other media were copied, a 300-character upload name, HTML nested 600 deep. Each is now a report
line or a clean value, the rest of the import goes on, the report is written, and the site builds."""

from __future__ import annotations

import re

from tests.functional.test_wordpress import HEAD, PNG, cli, item
from tests.sitebuild import build_site

UPLOADS = "https://slowmending.files.wordpress.com/2019/01/"
LONG = "n" * 300


def test_hostile_uploads_and_deep_html_become_report_lines_and_the_import_goes_on(tmp_path):
    media = tmp_path / "media"
    (media / "2019" / "01").mkdir(parents=True)
    for name in ("first.jpg", "second.jpg"):
        (media / "2019" / "01" / name).write_bytes(PNG)
    items = [
        item("1", "first", "First", f'<img src="{UPLOADS}first.jpg" alt="first"/>', gmt="2019-01-10 10:00:00"),
        item(
            "2",
            "nul",
            "Nul",
            f'<img src="{UPLOADS}second.jpg" alt="second"/> <img src="{UPLOADS}x%00y.jpg" alt="nul"/>',
            gmt="2019-01-11 10:00:00",
        ),
        item("3", "long", "Long", f'<img src="{UPLOADS}{LONG}.jpg" alt="long"/>', gmt="2019-01-12 10:00:00"),
        item("4", "deep", "Deep", "<div>" * 600 + "<p>The deep text.</p>" + "</div>" * 600, gmt="2019-01-13 10:00:00"),
        item("5", "last", "Last", "<p>The last words.</p>", gmt="2019-01-14 10:00:00"),
    ]
    export = tmp_path / "export.xml"
    export.write_text(HEAD + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    content = tmp_path / "content"
    code, out, err = cli("import", str(export), "--media", str(media), "--content", str(content))
    assert code == 0, err
    assert "Traceback" not in out + err and "\0" not in out
    report = (content / "wordpress" / "import-report.txt").read_text(encoding="utf-8")
    assert report.startswith(out.rstrip("\n") + "\n")  # the printed summary, then every line
    assert "Posts: 5 in = 5 written" in report
    assert "media files used by posts: 2 copied, 0 already there, 0 missing, 2 refused" in report
    assert "  2019/01/x\\x00y.jpg: not copied: the name holds a control character (such as %00)" in report
    assert f"  2019/01/{LONG[:100]}" in report and "not copied: the file name is too long" in report
    assert re.search(r"posts/\S+-deep\.md: its HTML nests 601 tags deep, too deep to convert", report), report
    images = sorted(path.name for path in (content / "images" / "2019" / "01").iterdir())
    assert images == ["first.jpg", "second.jpg"]
    posts = {path.name: path.read_text(encoding="utf-8") for path in (content / "posts").iterdir()}
    assert len(posts) == 5
    deep = next(text for name, text in posts.items() if name.endswith("-deep.md"))
    assert "The deep text." in deep
    nul = next(text for name, text in posts.items() if name.endswith("-nul.md"))
    assert "\\[Image: nul\\]" in nul and "x%00y" not in nul  # its words; the address in the report only
    assert "The last words." in next(text for name, text in posts.items() if name.endswith("-last.md"))
    build = build_site(tmp_path / "output", content)
    assert build.returncode == 0, build.log[-3000:]
    page = next((tmp_path / "output" / "2019" / "01").glob("deep/index.html"))
    assert "The deep text." in page.read_text(encoding="utf-8")
