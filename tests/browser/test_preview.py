"""The live preview in a real browser: an open tab shows each save by itself (plugins/preview).

One preview (``python -m plugins.preview``, what ``make devserver`` runs) serves a copy of the sample site for
the module; each test opens a page in Chromium, edits the copy as the author would, and waits for the page to
change, never calling reload.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.local_only import guarded_context
from tests.previewrun import ROOT, copy_site, start_preview

pytestmark = pytest.mark.browser

POST = "posts/2018-12-10-insurance-appeal-diary.md"
POST_URL = "/2018/12/insurance-appeal-diary/"
TIMEOUT = 30_000  # ms; the edits show in well under a second, the margin is for a loaded machine


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    running = start_preview(folder, copy_site(folder, theme=True))
    yield running
    running.stop()


@pytest.fixture
def tab(browser, preview):
    context = guarded_context(browser, preview.url(), viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()
    print(preview.log()[-6000:])  # shown with a failure: what the preview did meanwhile
    assert not context.foreign_requests


def open_live(tab, preview, path: str) -> None:
    """Open ``path`` and wait until its event stream is connected."""
    with tab.expect_response(lambda response: "/__preview/events" in response.url):
        tab.goto(preview.url(path))


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_post_edit_shows_in_the_open_tab(tab, preview):
    open_live(tab, preview, POST_URL)
    expect(tab.locator("h1")).to_have_text("Notes From Appeal Number Twelve")
    edit(preview.content / POST, "Title: Notes From Appeal Number Twelve", "Title: Notes From Appeal Number 12")
    expect(tab.locator("h1")).to_have_text("Notes From Appeal Number 12", timeout=TIMEOUT)


def test_a_comment_archive_edit_shows_in_the_open_tab(tab, preview):
    open_live(tab, preview, POST_URL)
    comment = tab.locator(".comment-list").first
    expect(comment).to_contain_text("is gold")
    edit(preview.content / "comments" / "insurance-appeal-diary.json", "is gold", "is solid gold")
    expect(comment).to_contain_text("is solid gold", timeout=TIMEOUT)


def test_a_glossary_edit_shows_in_the_open_tab(tab, preview):
    open_live(tab, preview, "/glossary/")
    entry = tab.locator("#antibody").locator("xpath=..")
    expect(entry).to_contain_text("A Y-shaped protein made")
    edit(preview.content / "glossary.yaml", "A Y-shaped protein made", "A Y-shaped protein (live) made")
    expect(tab.locator("main")).to_contain_text("A Y-shaped protein (live) made", timeout=TIMEOUT)


def test_a_stylesheet_edit_is_swapped_in_without_reloading(tab, preview):
    open_live(tab, preview, "/about/")
    tab.evaluate("window.stillTheSamePage = true")
    stylesheet = preview.folder / "theme" / "static" / "css" / "main.css"
    stylesheet.write_text(
        stylesheet.read_text(encoding="utf-8") + "\nbody { outline: 3px solid rgb(1, 2, 3); }\n", encoding="utf-8"
    )
    tab.wait_for_function("getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'", timeout=TIMEOUT)
    assert tab.evaluate("window.stillTheSamePage === true")


def test_a_build_error_shows_in_the_page_and_goes_when_fixed(tab, preview):
    open_live(tab, preview, POST_URL)
    edit(preview.content / POST, "Date: 2018-12-10 21:15", "Date: 2018-12-99 21:15")
    overlay = tab.locator("#preview-build-error")
    expect(overlay).to_be_visible(timeout=TIMEOUT)
    expect(overlay).to_contain_text("Build failed: 1 error")
    expect(overlay).to_contain_text("2018-12-10-insurance-appeal-diary.md")
    expect(tab.locator("h1")).to_contain_text("Notes From Appeal Number")  # the last good page stays
    edit(preview.content / POST, "Date: 2018-12-99 21:15", "Date: 2018-12-10 21:15")
    expect(overlay).to_have_count(0, timeout=TIMEOUT)


# Tabs the test hides and shows as a browser does (headless Chromium shows every page): document.hidden, then
# the visibilitychange event. The connections each tab holds are Chromium's own.
VISIBILITY_SWITCH = """(() => {
  let hidden = false;
  Object.defineProperty(Document.prototype, "hidden", { get: () => hidden, configurable: true });
  Object.defineProperty(Document.prototype, "visibilityState", {
    get: () => (hidden ? "hidden" : "visible"), configurable: true });
  window.setTabHidden = (value) => { hidden = value; document.dispatchEvent(new Event("visibilitychange")); };
})();"""


def test_with_seven_tabs_open_the_visible_one_reloads_and_a_hidden_one_catches_up_when_shown(browser, preview):
    # The earlier tests' last catch-up ends first: ending meanwhile, it would reload tabs this test hides.
    preview.wait_caught_up()
    context = guarded_context(browser, preview.url(), viewport={"width": 800, "height": 600})
    context.add_init_script(VISIBILITY_SWITCH)
    try:
        hidden = []
        for path in ["/about/", "/archives/", "/glossary/", "/tags/", "/categories/", POST_URL]:
            tab = context.new_page()
            open_live(tab, preview, path)  # waits for its event stream: a seventh stream would never open
            tab.evaluate("setTabHidden(true)")  # another tab comes to the front
            hidden.append(tab)
        visible = context.new_page()
        open_live(visible, preview, POST_URL)
        title = visible.locator("h1").inner_text().strip()  # as earlier tests left it
        edit(preview.content / POST, f"Title: {title}", "Title: Notes From Appeal, Seven Tabs")
        expect(visible.locator("h1")).to_have_text("Notes From Appeal, Seven Tabs", timeout=TIMEOUT)
        behind = hidden[-1]  # the same post, hidden while it changed
        expect(behind.locator("h1")).to_have_text(title)
        with behind.expect_navigation(timeout=TIMEOUT):
            behind.evaluate("setTabHidden(false)")  # shown again: reloads at once
        expect(behind.locator("h1")).to_have_text("Notes From Appeal, Seven Tabs")
        edit(preview.content / POST, "Title: Notes From Appeal, Seven Tabs", f"Title: {title}")
        expect(visible.locator("h1")).to_have_text(title, timeout=TIMEOUT)
    finally:
        context.close()
    assert not context.foreign_requests


# --- comment names with bidi controls (#19), added while the preview runs ------------------------------------

# The horizontal centre of each visible character of an element's text, in reading (logical) order.
CHARACTER_XS = """element => {
  const xs = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width > 0 && node.data[i].trim()) xs.push(box.left + box.width / 2);
    }
  }
  return xs;
}"""
# What a name with U+202E does to the text after it when nothing isolates it: the same header, inline.
UNISOLATED = """() => {
  const probe = document.createElement("p");
  probe.innerHTML = '<span>\u202eEvil Twin</span> <span class="after">December 12</span>';
  document.querySelector("main").append(probe);
  return probe.querySelector(".after");
}"""


def increasing(values: list[float]) -> bool:
    return len(values) > 1 and all(a < b for a, b in itertools.pairwise(values))


def add_comments(path, *comments: dict) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["comments"].extend(comments)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def reads_left_to_right_after(tab, comment_id: str, name: str) -> None:
    """The name is shown (as given, isolated) and the date after it keeps its order, to the name's right."""
    header = tab.locator(f"#comment-{comment_id} .comment-meta")
    author = header.locator(".comment-author bdi")
    expect(author).to_have_text(name)
    date = header.locator("time")
    name_box, date_box = author.bounding_box(), date.bounding_box()
    assert date_box["x"] >= name_box["x"] + name_box["width"] - 0.5, (name_box, date_box)
    assert increasing(date.evaluate(CHARACTER_XS)), f"the date after {name!r} is reordered"


def test_a_name_with_a_right_to_left_override_reorders_nothing_after_it(tab, preview):
    open_live(tab, preview, POST_URL)
    base = {"parent": None, "date": "2018-12-12T09:00:00-06:00", "source": "manual"}
    add_comments(
        preview.content / "comments" / "insurance-appeal-diary.json",
        {**base, "id": "bidi1", "author": "\u202eEvil Twin", "body": "<p>Spoofed?</p>"},
        {**base, "id": "ctrl1", "author": "Pasted\u0000 Name\u000b", "body": "<p>From Word.</p>", "parent": "bidi1"},
    )
    expect(tab.locator("#comment-ctrl1")).to_be_visible(timeout=TIMEOUT)
    # The override is in force inside the name (its first letter is drawn last, on the right)...
    name_xs = tab.locator("#comment-bidi1 .comment-author bdi").evaluate(CHARACTER_XS)
    assert len(name_xs) == 8 and increasing(name_xs[::-1]), name_xs
    # ...and nothing after the name is reordered: the date that follows it, and the reply under it.
    reads_left_to_right_after(tab, "bidi1", "\u202eEvil Twin")
    reads_left_to_right_after(tab, "ctrl1", "Pasted Name")  # control characters removed
    assert increasing(tab.locator("#comment-ctrl1 .comment-content").evaluate(CHARACTER_XS))
    # The check above does see a reordering: the same date after the same name, not isolated, is drawn backwards.
    unisolated = tab.evaluate_handle(UNISOLATED).as_element()
    assert increasing(unisolated.evaluate(CHARACTER_XS)[::-1])


def test_a_reply_by_e_mail_from_an_encoded_bidi_name_is_approved_cleaned_and_isolated(tab, preview):
    comments = preview.content / "comments"

    def moderate(*argv: str) -> None:
        command = [sys.executable, "-m", "plugins.comments", *argv]
        command += ["--comments", str(comments), "--posts", str(preview.content / "posts")]
        subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)

    moderate("inbox", str(ROOT / "tests" / "fixtures" / "mail" / "encoded-name-bidi.eml"))
    [queued] = (comments / "pending").glob("m*.json")
    open_live(tab, preview, "/2019/03/ivig-month-1/")
    expect(tab.locator(f"#comment-{queued.stem}")).to_have_count(0)
    moderate("approve", queued.stem)  # the page shows it by itself: no reload called
    expect(tab.locator(f"#comment-{queued.stem}")).to_be_visible(timeout=TIMEOUT)
    reads_left_to_right_after(tab, queued.stem, "Evil Twin [31m")  # From: =?UTF-8?B?RXbigK5pbOKArCBUd2lu...?=
    text = tab.locator(f"#comment-{queued.stem}").inner_text()
    assert "Does the headache come on the same day or the day after?" in text
    assert not any(0x202A <= ord(character) <= 0x202E or ord(character) < 0x09 for character in text)
