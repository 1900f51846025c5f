"""The live preview (``make devserver``, plugins/preview): what an author sees while she edits.

One preview runs for the module on a copy of the sample site (content and theme); each test edits that copy
and reads what the server sends, as her browser would. Stopping is tested on previews of their own, started
with ``make devserver`` as she starts it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.functional.test_stale_output import tree
from tests.previewrun import ROOT, copy_site, port_is_free, processes_mentioning, start_preview
from tests.sitebuild import build_site

pytestmark = pytest.mark.slow

POST = "posts/2018-12-10-insurance-appeal-diary.md"
POST_URL = "/2018/12/insurance-appeal-diary/"
SCRIPT_MARKERS = ("__preview", "preview-live", "EventSource")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    folder = tmp_path_factory.mktemp("preview")
    settings = copy_site(folder, theme=True)
    running = start_preview(folder, settings)
    yield running
    running.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_it_serves_the_site_on_the_loopback_address(preview):
    assert f"at http://127.0.0.1:{preview.port}/" in preview.log()
    status, headers, body = preview.get("/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert b"<h1" in body


def test_a_missing_path_gets_the_sites_404_page_with_status_404(preview):
    status, _headers, body = preview.get("/no/such/page/")
    assert status == 404
    assert body.startswith((preview.output / "404.html").read_bytes()[:200])
    assert preview.get("/no-such-file.css")[0] == 404
    assert preview.get("/../pelicanconf.py")[0] == 404


def test_a_folder_without_its_trailing_slash_redirects(preview):
    status, headers, _body = preview.get("/about")
    assert status == 301
    assert headers["location"] == "/about/"
    assert preview.get("/about/", method="HEAD")[0] == 200


def test_the_reload_script_is_served_but_never_written(preview):
    served = preview.text("/about/")
    assert 'id="preview-live"' in served and "EventSource" in served
    written = (preview.output / "about" / "index.html").read_text(encoding="utf-8")
    assert not any(marker in written for marker in SCRIPT_MARKERS)
    for path in preview.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".js", ".json", ".txt"):
            assert not any(marker in path.read_text(encoding="utf-8") for marker in SCRIPT_MARKERS), path


@pytest.mark.parametrize("build", ["site", "published_site"])
def test_make_html_and_make_publish_carry_no_reload_script(build, request):
    output = request.getfixturevalue(build).output
    for path in output.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not any(marker in text for marker in SCRIPT_MARKERS), path


def test_a_post_edit_is_served_at_once_then_the_site_catches_up_to_a_clean_build(preview, tmp_path):
    events = preview.events(POST_URL)
    preview.text(POST_URL)  # the tab shows the page
    caught_up = preview.log().count("caught up")
    edit(preview.content / POST, "Title: Notes From Appeal Number Twelve", "Title: Notes From Appeal Number Thirteen")
    events.wait("reload")
    assert "Notes From Appeal Number Thirteen" in preview.text(POST_URL)
    assert "served from memory" in preview.log()
    preview.wait_for_log("caught up", count=caught_up + 1)
    # The listings follow after the catch-up, and output/ is what a clean build writes.
    assert "Notes From Appeal Number Thirteen" in preview.text("/archives/")
    clean = build_site(
        tmp_path / "clean", content=preview.content, fatal=None, extra={"THEME": str(preview.folder / "theme")}
    )
    assert clean.returncode == 0, clean.log
    assert tree(preview.output) == tree(clean.output)
    events.close()


def test_while_the_site_catches_up_every_page_served_is_whole(preview):
    """The catch-up build rewrites output/ while the server reads it: a page is the old one or the new one."""
    caught_up = preview.log().count("caught up")
    edit(preview.content / POST, "I am tired, but I am not done.", "I am tired, and I am not done.")
    cut = []
    deadline = time.monotonic() + 120
    while preview.log().count("caught up") <= caught_up and time.monotonic() < deadline:
        for path in ("/", "/archives/", "/tags/", "/2019/01/ivig-approved/", "/feeds/all.atom.xml"):
            status, _headers, body = preview.get(path)
            if status != 200 or not body.rstrip().endswith((b"</html>", b"</feed>")):
                cut.append((path, status, len(body)))
    assert preview.log().count("caught up") > caught_up
    assert not cut


def test_a_comment_archive_edit_shows_on_its_post(preview):
    events = preview.events(POST_URL)
    preview.text(POST_URL)
    edit(preview.content / "comments" / "insurance-appeal-diary.json", "is gold", "is pure gold")
    events.wait("reload")
    assert "is pure gold" in preview.text(POST_URL)
    events.close()


def test_approving_a_reply_by_e_mail_shows_it_on_its_post_at_once(preview):
    post = "/2019/01/ivig-approved/"
    comments = preview.content / "comments"

    def moderate(*argv: str) -> str:
        command = [sys.executable, "-m", "plugins.comments", *argv]
        command += ["--comments", str(comments), "--posts", str(preview.content / "posts")]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout

    events = preview.events(post)
    caught_up = preview.log().count("caught up")
    moderate("inbox", str(ROOT / "tests" / "fixtures" / "mail" / "apple-mail-reply-to-comment.eml"))
    [queued] = (comments / "pending").glob("m*.json")
    preview.wait_for_log("caught up", count=caught_up + 1)  # the queue file seen: never built, no error
    assert f'id="comment-{queued.stem}"' not in preview.text(post)
    assert "build-error" not in events.drain()
    moderate("approve", queued.stem)
    events.wait("reload")
    page = BeautifulSoup(preview.wait_for_page(post, f'id="comment-{queued.stem}"'), "html.parser")
    comment = page.find(id=f"comment-{queued.stem}")
    assert comment is not None and "Marisol Vega" in comment.get_text()
    parent = comment.find_parent("li").find_parent("li")  # threaded under the comment it answers
    assert parent.find(id="comment-c102").find_parent("li") is parent
    assert "build-error" not in events.drain()
    events.close()


def test_a_glossary_edit_shows_on_the_glossary_page_and_the_open_post(preview):
    post = "/2019/01/ivig-approved/"  # links "antibody"
    glossary_events = preview.events("/glossary/")
    post_events = preview.events(post)
    preview.text("/glossary/")
    preview.text(post)
    edit(preview.content / "glossary.yaml", "A Y-shaped protein made", "A Y-shaped protein (edited) made")
    glossary_events.wait("reload")
    post_events.wait("reload")
    assert "A Y-shaped protein (edited) made" in preview.text("/glossary/")
    assert "A Y-shaped protein (edited) made" in preview.text(post)  # the tooltip
    glossary_events.close()
    post_events.close()


def test_series_theme_and_image_edits_show(preview):
    events = preview.events("/series/ivig-updates/")
    preview.text("/series/ivig-updates/")
    edit(preview.content / "series" / "ivig-updates.md", "Once a month I write down", "Every month I write down")
    events.wait("reload")
    assert "Every month I write down" in preview.text("/series/ivig-updates/")
    edit(
        preview.folder / "theme" / "templates" / "base.html", "</footer>", "<p>Footer note from the theme</p></footer>"
    )
    events.wait("reload")
    assert "Footer note from the theme" in preview.text("/series/ivig-updates/")
    image = next((preview.content / "images").glob("*.svg"))
    image.write_text(image.read_text(encoding="utf-8").replace("<svg", "<svg data-edited='yes'", 1), encoding="utf-8")
    preview.wait_for_page(f"/images/{image.name}", "data-edited='yes'")
    events.close()


def test_a_stylesheet_edit_is_swapped_without_a_reload(preview):
    events = preview.events("/about/")
    preview.text("/about/")
    stylesheet = preview.folder / "theme" / "static" / "css" / "main.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* swapped */\n", encoding="utf-8")
    events.wait("css")
    assert "/* swapped */" in preview.text("/theme/css/main.css")
    time.sleep(0.3)
    assert "reload" not in events.drain()
    events.close()


def test_a_failed_build_keeps_the_last_good_site_shows_the_error_once_and_waits(preview):
    events = preview.events(POST_URL)
    good = preview.text(POST_URL)
    failures = preview.log().count("Build failed")
    edit(preview.content / POST, "Date: 2018-12-10 21:15", "Date: 2018-13-45 21:15")
    error = events.wait("build-error")
    text = "\n".join(error["errors"])
    assert "2018-12-10-insurance-appeal-diary.md" in text
    served = preview.text(POST_URL)
    assert "Notes From Appeal Number" in served  # the last good page, with the error in it
    assert served.split('<script id="preview-live"')[0] == good.split('<script id="preview-live"')[0]
    assert "2018-12-10-insurance-appeal-diary.md" in served.split('<script id="preview-live"')[1]
    time.sleep(2)  # no rebuild without a change: the error is logged once
    assert preview.log().count("Build failed") == failures + 1
    edit(preview.content / POST, "Date: 2018-13-45 21:15", "Date: 2018-12-10 21:15")
    events.wait("build-ok")
    assert "insurance-appeal-diary.md" not in preview.text(POST_URL).split('<script id="preview-live"')[1]
    events.close()


def test_a_settings_edit_restarts_the_build_process(tmp_path):
    settings = copy_site(tmp_path)
    settings_file = tmp_path / "siteconf.py"
    settings_file.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nSITENAME = 'First Name'\n",
        encoding="utf-8",
    )
    preview = start_preview(tmp_path, settings, settings_file=settings_file)
    try:
        assert "First Name" in preview.text("/")
        edit(settings_file, "First Name", "Second Name")
        preview.wait_for_page("/", "Second Name")
    finally:
        preview.stop()


@pytest.mark.parametrize("how", ["ctrl-c", "kill-make"])
def test_stopping_make_devserver_frees_the_port_and_leaves_no_process(tmp_path, how):
    settings = copy_site(tmp_path)
    preview = start_preview(tmp_path, settings, via_make=True)
    assert processes_mentioning(str(tmp_path))  # the server and its build process
    if how == "ctrl-c":
        os.killpg(preview.process.pid, signal.SIGINT)  # what the terminal sends the foreground job
    else:
        os.kill(preview.process.pid, signal.SIGTERM)  # `kill PID` of make alone
    try:
        preview.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        preview.stop()
        raise
    deadline = time.monotonic() + 15
    while (processes_mentioning(str(tmp_path)) or not port_is_free(preview.port)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_mentioning(str(tmp_path)) == []
    assert port_is_free(preview.port)


def test_an_edit_by_sed_in_place_takes_the_fast_path(preview):
    events = preview.events("/about/")
    preview.text("/about/")
    served = preview.log().count("served from memory")
    subprocess.run(["sed", "-i", "s/^Title: About.*/&/", str(preview.content / "pages" / "about.md")], check=True)
    (preview.content / "pages" / "about.md").write_text(
        (preview.content / "pages" / "about.md").read_text(encoding="utf-8") + "\nEdited in place.\n", encoding="utf-8"
    )
    events.wait("reload")
    assert "Edited in place." in preview.text("/about/")
    assert preview.log().count("served from memory") > served
    events.close()
