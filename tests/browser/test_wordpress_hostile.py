"""Nothing an export carries runs in a reader's browser (issue 30, item 1): a site built from a hostile export
(script written as text, real script, handlers, ``javascript:`` links, embeds, hostile category and tag names,
an audio shortcode breaking out of its address) is opened page by page in Chromium, and a flag that each payload
would set stays unset; a control page with the same payload proves the flag would be set."""

from __future__ import annotations

import pytest

from tests.browser.local_only import guarded_context
from tests.browser.phones import served
from tests.functional.test_wordpress import cli
from tests.functional.test_wordpress_real_blogs import FLAG, hostile_export
from tests.sitebuild import build_site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    code, _out, err = cli("import", str(hostile_export(root)), "--content", str(content))
    assert code == 0, err
    build = build_site(root / "output", content)
    assert build.returncode == 0, build.log
    (build.output / "control.html").write_text(f"<p>control</p><img src=x onerror={FLAG}>", encoding="utf-8")
    with served(build.output) as base:
        yield build, base


def flag_after_load(browser, base_url: str, path: str) -> object:
    context = guarded_context(browser, base_url)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{path}", wait_until="load", timeout=15000)
        page.wait_for_timeout(200)  # an onerror fires after the failed image load
        return page.evaluate("window.__xss")
    finally:
        context.close()


def test_the_control_page_sets_the_flag(browser, hostile_site):
    _build, base_url = hostile_site
    assert flag_after_load(browser, base_url, "control.html") == 1


def test_no_page_of_a_site_built_from_a_hostile_export_runs_its_script(browser, hostile_site):
    build, base_url = hostile_site
    pages = [path.relative_to(build.output).as_posix() for path in build.html_files()]
    pages = [path for path in pages if path != "control.html" and not path.startswith(("drafts/", "pagefind/"))]
    assert "2019/01/hostile/index.html" in pages and any(path.startswith("category/") for path in pages)
    assert any(path.startswith("tag/") for path in pages)
    ran = [path for path in pages if flag_after_load(browser, base_url, path) is not None]
    assert ran == []
