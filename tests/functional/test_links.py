"""No broken links: every internal href and src, feed link and sitemap entry resolves in the output."""

from __future__ import annotations

import pytest
from pelican.settings import read_settings

from tests.linkcheck import LinkChecker
from tests.sitebuild import ROOT

BUILDS = {"site": "pelicanconf.py", "published_site": "publishconf.py"}


def site_origins(settings_file: str) -> tuple[str, ...]:
    """The absolute addresses that mean "this site" in a build's feeds and sitemap."""
    settings = read_settings(str(ROOT / settings_file))
    return tuple(url for url in (settings["SITEURL"], settings.get("FEED_DOMAIN")) if url.startswith("http"))


@pytest.mark.parametrize("build", BUILDS)
def test_no_broken_internal_links(request, build):
    output = request.getfixturevalue(build).output
    problems = LinkChecker(output, site_origins(BUILDS[build])).check_site()
    assert not problems, f"{len(problems)} broken links in the {build} build:\n" + "\n".join(problems)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_checker_names_each_kind_of_broken_link(tmp_path):
    write(
        tmp_path / "index.html",
        '<a href="about/">ok</a> <a href="about/#team">ok</a> <a href="#here" id="here">ok</a>'
        '<a href="https://example.org/">external</a> <a href="mailto:me@example.org">mail</a>'
        '<a href="missing/">x</a> <a href="about/#nobody">x</a> <a href="../above/">x</a> <a href="/rooted/">x</a>'
        '<img src="img/a.png" srcset="img/a.png 1x, img/b.png 2x" alt="">',
    )
    write(tmp_path / "about" / "index.html", '<h2 id="team">Team</h2> <a href="../index.html#here">back</a>')
    write(tmp_path / "img" / "a.png", "")
    write(
        tmp_path / "feeds" / "all.atom.xml",
        '<feed xmlns="http://www.w3.org/2005/Atom"><link href="http://127.0.0.1:8000/feeds/all.atom.xml" rel="self"/>'
        '<entry><link href="http://127.0.0.1:8000/gone/" rel="alternate"/>'
        '<content type="html">&lt;img src="http://127.0.0.1:8000/img/a.png"&gt;</content></entry></feed>',
    )
    write(
        tmp_path / "sitemap.xml",
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/about/</loc></url>'
        "<url><loc>/old/</loc></url></urlset>",
    )
    problems = LinkChecker(tmp_path, ("http://127.0.0.1:8000",)).check_site()
    assert problems == [
        "index.html <a href>: missing/ -> missing missing/index.html",
        "index.html <a href>: about/#nobody -> no id 'nobody' in about/index.html",
        "index.html <a href>: ../above/ points outside the site",
        "index.html <a href>: /rooted/ points outside the site",
        "index.html <img srcset>: img/b.png -> missing img/b.png",
        "feeds/all.atom.xml <link>: http://127.0.0.1:8000/gone/ -> missing gone/index.html",
        "sitemap.xml <loc>: /old/ -> missing old/index.html",
    ]
