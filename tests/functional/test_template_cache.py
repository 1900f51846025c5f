"""With the content cache on, compiled templates are kept under CACHE_PATH, and an edited template still
shows on the very next build."""

from __future__ import annotations

import shutil
import textwrap

from tests.sitebuild import ROOT, build_site


def test_an_edited_template_shows_although_compiled_templates_are_cached(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "posts").mkdir()
    (content / "posts" / "one.md").write_text(
        textwrap.dedent("""\
            Title: One post
            Date: 2021-02-01 10:00

            A short post.
            """),
        encoding="utf-8",
    )
    settings = {
        "THEME": str(theme),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }

    first = build_site(tmp_path / "out", content=content, extra=settings)
    assert first.returncode == 0, first.log
    assert "is written by" in first.html("").select_one(".site-footer").get_text()
    assert list((tmp_path / "cache" / "jinja").glob("__jinja2_*.cache"))

    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("is written by", "is kept by"), encoding="utf-8")
    second = build_site(tmp_path / "out", content=content, extra=settings)
    assert second.returncode == 0, second.log
    footer = second.html("2021/02/one-post/").select_one(".site-footer").get_text()
    assert "is kept by" in footer and "is written by" not in footer


def test_without_the_content_cache_nothing_is_cached(tmp_path):
    build = build_site(tmp_path / "out", extra={"CACHE_PATH": str(tmp_path / "cache")})
    assert build.returncode == 0, build.log
    assert not (tmp_path / "cache").exists()
