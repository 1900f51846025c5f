"""A blog with 30 pages and a menu of three, imported: on a phone the post's title is on the first screen
(issue #26: with every page in the header, 27 links pushed it 1.4 screens down)."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import ThreadingHTTPServer

import pytest

from tests.browser.conftest import QuietHandler
from tests.browser.local_only import guarded_context
from tests.functional.test_wordpress_her_site import HEAD, cli, entry, menu_item
from tests.sitebuild import ROOT, build_site

PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="module")
def many_pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("many-pages")
    items = [entry("11", "janvier", "Janvier au lit", "2019-01-14 10:00:00", "2019-01-14 09:00:00")]
    for number in range(30):
        local = f"2018-12-01 09:{number:02d}:00"
        gmt = f"2018-12-01 08:{number:02d}:00"
        items.append(entry(str(100 + number), f"page-{number}", f"Une page numéro {number}", local, gmt, kind="page"))
    items += [menu_item(str(200 + n), n, "", "post_type", str(100 + n)) for n in range(3)]
    export = root / "export.xml"
    export.write_text(HEAD + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    code, out, err = cli("import", str(export), "--content", str(content), "--replace-sample")
    assert code == 0, err
    build = build_site(root / "output", content)
    assert build.returncode == 0, build.log
    handler = functools.partial(QuietHandler, directory=str(build.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", out
    server.shutdown()
    server.server_close()


def test_on_a_phone_the_post_title_is_on_the_first_screen(browser, many_pages):
    base_url, out = many_pages
    assert "27 of your 30 page(s) are not in the header" in out
    context = guarded_context(browser, base_url, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/2019/01/janvier/", timeout=15000)
        links = page.locator(".site-nav a").all_inner_texts()
        assert links == ["Home", "Une page numéro 0", "Une page numéro 1", "Une page numéro 2", "Archives", "Tags"]
        title = page.locator("h1").bounding_box()
        assert title is not None and title["y"] + title["height"] <= PHONE["height"], title
    finally:
        context.close()
    assert not context.foreign_requests
