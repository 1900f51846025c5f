"""``Redirect-from`` paths are checked against what the build accepts and writes, by one function
(``redirects.path_problem`` and ``owner_of``), at import and at build (issue 30, item 10).

- At build: a path taken by a file the build writes (a feed, the theme's stylesheet, the search index,
  ``robots.txt``, the favicon, a direct template, the glossary, the series index, another post) is one error at
  the ``Redirect-from`` line naming what owns it; so are ``%00``, a 5,000-character path, ``..``, ``?`` and ``\\``.
  No stray folder is left where the site's own file goes.
- A redirect page left in ``output/`` by an earlier build never outlives the post that asked for it.
- At import: an old ``<link>`` with ``../`` (and the other bad paths) is refused with a report line, and the
  imported site then builds.
"""

from __future__ import annotations

import shutil

from plugins.wordpress.redirects import Redirect, redirect_page, redirects_file
from tests.functional.test_wordpress import HEAD, cli, item
from tests.sitebuild import ROOT, build_site

TAKEN = {
    "feed": ("/feeds/all.atom.xml", "FEED_ALL_ATOM"),
    "stylesheet": ("/theme/css/main.css", "the theme's files (theme/"),
    "search": ("/pagefind/pagefind.js", "the search index"),
    "robots": ("/robots.txt", "the robots page: a file where the redirect page needs a folder"),
    "favicon": ("/favicon.ico", "extra/favicon.ico"),
    "tags": ("/tags/", "the tags page"),
    "glossary": ("/glossary/", "GLOSSARY_SAVE_AS (glossary/index.html)"),
    "series": ("/series/", "SERIES_INDEX_SAVE_AS (series/index.html)"),
    "other-post": ("/2018/12/insurance-appeal-diary/", "posts/2018-12-10-insurance-appeal-diary.md"),
    "redirects-file": ("/_redirects", "the redirects file for hosts"),
    "pagination": ("/page/2/", "the home page's later pages (page/)"),
}
BAD = {
    "nul": ("/2019/01/a%00b/", "a control character"),
    "long": ("/" + "x" * 5000 + "/", "5,002 characters long"),
    "dots": ("/2019/../../etc/", "'..'"),
    "query": ("/2019/01/a?b=1", "a query"),
    "backslash": ("/2019\\\\01/a/", "a backslash"),
}


def post(name: str, redirect: str) -> str:
    return f'---\nTitle: Moved {name}\nDate: 2019-03-01\nRedirect-from: ["{redirect}"]\n---\n\nText of {name}.\n'


def test_a_redirect_onto_the_sites_own_files_or_a_bad_path_is_one_error_naming_both(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for name, (path, _owner) in {**TAKEN, **BAD}.items():
        (content / "posts" / f"2019-03-01-moved-{name}.md").write_text(post(name, path), encoding="utf-8")
    build = build_site(tmp_path / "output", content, fatal=None)
    assert build.returncode == 1
    assert "Traceback" not in build.log
    log = " ".join(build.log.split())  # Rich may wrap a long line
    for name, (path, owner) in TAKEN.items():
        source = f"{content}/posts/2019-03-01-moved-{name}.md:4: Redirect-from {path!r} would write"
        assert source in log, name
        assert owner in log.split(source, 1)[1][:400], name
    for name, (_path, problem) in BAD.items():
        source = f"{content}/posts/2019-03-01-moved-{name}.md:4: Redirect-from "
        assert source in log, name
        assert "is not a path of this site" in log.split(source, 1)[1][:400] and problem in log, name
    output = tmp_path / "output"
    assert (output / "theme" / "css" / "main.css").is_file()
    assert (output / "robots.txt").is_file() and (output / "favicon.ico").is_file()
    assert (output / "feeds" / "all.atom.xml").is_file()
    moved = [path for path in output.rglob("*.html") if "This page has moved" in path.read_text(encoding="utf-8")]
    assert moved == []  # no redirect page written for any of them
    assert not (output / "_redirects").exists()


def test_a_stray_redirect_page_never_outlives_the_post_that_asked_for_it(tmp_path):
    """An earlier build (before this check) wrote a redirect page at robots.txt/ and pagefind/x/; the post
    asking for it is gone: the next build removes them and writes robots.txt, rather than failing forever."""
    output = tmp_path / "output"
    stray = [Redirect("robots.txt/", "2018/12/insurance-appeal-diary/", "Old", "posts/old.md")]
    stray.append(Redirect("2010/01/gone/", "2018/12/insurance-appeal-diary/", "Old", "posts/old.md"))
    for redirect in stray:
        (output / redirect.save_as).parent.mkdir(parents=True, exist_ok=True)
        (output / redirect.save_as).write_text(redirect_page(redirect, ""), encoding="utf-8")
    (output / "_redirects").write_text(redirects_file(stray, ""), encoding="utf-8")
    build = build_site(output, fatal=None)
    assert build.returncode == 0, build.log[-3000:]
    assert (output / "robots.txt").is_file()
    assert "User-agent" in (output / "robots.txt").read_text(encoding="utf-8")
    assert not (output / "2010").exists()


LINKS = {
    "dots": ("https://slowmending.wordpress.com/2019/../../../etc/passwd/", "'..'"),
    "nul": ("https://slowmending.wordpress.com/2019/01/a%00b/", "a control character"),
    "long": ("https://slowmending.wordpress.com/" + "y" * 5000 + "/", "characters long"),
    "query": ("https://slowmending.wordpress.com/2019/01/a%3Fb/", "a query"),
    "backslash": ("https://slowmending.wordpress.com/2019/01/a%5Cb/", "a backslash"),
}


def test_a_bad_old_link_is_refused_at_import_with_a_report_line_and_the_build_passes(tmp_path):
    items = [
        item(str(300 + number), f"post-{name}", f"Post {name}", f"Words of {name}.", link=link)
        for number, (name, (link, _problem)) in enumerate(LINKS.items())
    ]
    taken = {
        "theme-css": ("/theme/css/main.css", "the theme's files (theme/"),
        "robots": ("/robots.txt", "ROBOTS_SAVE_AS (robots.txt): a file where the redirect page needs a folder"),
        "pagefind": ("/pagefind/pagefind.js", "the search index"),
        "glossary": ("/glossary/", "GLOSSARY_SAVE_AS (glossary/index.html)"),
        "favicon": ("/favicon.ico", "the static file extra/favicon.ico"),
    }
    for number, (name, (path, _owner)) in enumerate(taken.items()):
        link = f"https://slowmending.wordpress.com{path}"
        items.append(item(str(390 + number), name, f"Taken {name}", "Words.", link=link))
    export = tmp_path / "export.xml"
    export.write_text(HEAD + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    content = tmp_path / "content"
    code, out, err = cli("import", str(export), "--content", str(content))
    assert code == 0, err
    assert "Traceback" not in out + err
    report = (content / "wordpress" / "import-report.txt").read_text(encoding="utf-8")  # every line kept there
    refused = report.split("Old addresses refused")[1].split("\n\n")[0]
    for name, (_link, problem) in LINKS.items():
        line = next((line for line in refused.splitlines() if f"'Post {name}'" in line), "")
        assert problem in line and "not kept as Redirect-from" in line, (name, refused)
    left_out = report.split("Old addresses left out")[1].split("\n\n")[0]
    for name, (path, owner) in taken.items():
        line = next((line for line in left_out.splitlines() if f"'Taken {name}'" in line), "")
        assert line.startswith(f"  {path.rstrip('/')}/ ") and owner in line, (name, left_out)
    for path in (content / "posts").iterdir():
        assert "Redirect-from" not in path.read_text(encoding="utf-8"), path
    build = build_site(tmp_path / "output", content)
    assert build.returncode == 0, build.log[-3000:]
    assert (tmp_path / "output" / "theme" / "css" / "main.css").is_file()
