"""Imported code blocks, highlighted by codehilite and Pygments, pass axe in light and dark (issue 26, item 3):
every token colour of the theme has enough contrast on the code background."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.local_only import guarded_context
from tests.browser.phones import served
from tests.browser.test_accessibility import AXE_OPTIONS, SCHEMES
from tests.functional.test_wordpress import HEAD, cli, item
from tests.sitebuild import build_site

SAMPLES = {
    "bash": '# comment\nfor f in *.txt; do echo "$f" | grep -c x; done\nexport PATH="$HOME/bin:$PATH"',
    "python": 'import os\n\n@decorator\ndef f(a: int = 1) -> str:\n    """Doc."""\n    return f"{a!r}" + r"\\d" # c',
    "php": '<?php\n$x = array(1, "two" => 2.5);\nfunction f($a) { return $a ?? null; } // c\n?>',
    "html": '<!DOCTYPE html>\n<div class="x" id=y>&amp; text<!-- c --></div>\n<script>var a = 1;</script>',
    "java": "@Override\npublic static final int x = 0x1F; /* c */\nString s = 'c' + \"s\";",
    "diff": "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-old\n+new\n context",
    "sql": "SELECT COUNT(*) FROM t WHERE name LIKE 'a%' -- c\nORDER BY 1 DESC;",
    "ruby": "class A < B\n  attr_reader :x\n  def y = @x.map { |v| v * 2 } # c\nend",
    "javascript": "const re = /a+b/g; let t = `x${1}`;\nasync function f() { return await null; } // c",
}


@pytest.fixture(scope="module")
def code_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("code")
    body = "".join(f"[code language=&quot;{name}&quot;]\n{code}\n[/code]\n\n" for name, code in SAMPLES.items())
    body = body.replace("&quot;", '"')
    export = root / "code.xml"
    export.write_text(HEAD + item("9", "code", "Code", body) + "</channel></rss>\n", encoding="utf-8")
    code, _out, err = cli("import", str(export), "--content", str(root / "content"))
    assert code == 0, err
    build = build_site(root / "output", root / "content")
    assert build.returncode == 0, build.log
    with served(build.output) as base:
        yield build, base


@pytest.mark.parametrize("scheme", SCHEMES)
def test_highlighted_code_has_no_wcag_violations(browser, code_site, scheme):
    build, base_url = code_site
    article = build.html("2019/01/code/index.html").find("article")
    assert len(article.select("div.highlight pre")) == len(SAMPLES)
    assert len(article.select("div.highlight pre span[class]")) > 100  # coloured tokens, not plain text
    context = guarded_context(browser, base_url)
    try:
        page = context.new_page()
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{base_url}/2019/01/code/", wait_until="load", timeout=15000)
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    finally:
        context.close()
    problems = [f"{v['id']}: {[node['html'][:80] for node in v['nodes'][:5]]}" for v in violations]
    assert not problems, problems
