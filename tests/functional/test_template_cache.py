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


def test_a_template_compiled_without_autoescape_is_not_reused_with_it(tmp_path):
    """Jinja's bytecode cache checks the template's source, not the environment: autoescape, compiled into the
    bytecode, must still take effect on the next build."""
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "posts").mkdir()
    (content / "posts" / "one.md").write_text(
        "Title: Bold <b>claim</b>\nDate: 2021-02-01 10:00\n\nA short post.\n", encoding="utf-8"
    )
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    plain = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "auto_reload": False}

    first = build_site(tmp_path / "out", content=content, extra={**cached, "JINJA_ENVIRONMENT": plain})
    assert first.returncode == 0, first.log
    assert first.html("2021/02/bold-claim/").select_one("h1 b") is not None  # the control: not escaped

    second = build_site(tmp_path / "out", content=content, extra=cached)  # pelicanconf.py: autoescape on
    assert second.returncode == 0, second.log
    heading = second.html("2021/02/bold-claim/").select_one("h1")
    assert heading.select_one("b") is None
    assert heading.get_text() == "Bold <b>claim</b>"
