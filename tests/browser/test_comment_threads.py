"""Comment threads on small phones at large text: every comment keeps a readable column, names and badges wrap,
and a reply that stops indenting says whom it answers. On the sample site and on a 10-deep imported thread."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.browser.phones import SIZES, phone, served
from tests.sitebuild import ROOT, build_site

pytestmark = pytest.mark.browser

SAMPLE_POSTS = ["2019/01/ivig-approved/", "2018/11/pots-explained/", "2018/12/insurance-appeal-diary/"]
DEEP_POST = "2018/11/pots-explained/"
LONG_NAME = "Bartholomew-Fitzwilliam-Abernathy-Worthington"
# How far the comments section's content reaches past the right edge of the screen, in px.
SECTION_OVERFLOW = """() => Math.max(...[...document.querySelectorAll('#comments *')].map(
  element => element.getBoundingClientRect().right)) - document.documentElement.clientWidth"""
READABLE = 200  # px: the narrowest a comment's column may be

# Per comment: its column width, whether its name, badge and date stay inside it, and for a reply whether it is
# indented past the comment it answers or shows a visible "In reply to" line.
THREAD = """() => [...document.querySelectorAll('li.comment')].map(li => {
  const body = li.querySelector(':scope > article').getBoundingClientRect();
  const inside = [...li.querySelectorAll(':scope > article > header > *')].every(part => {
    const box = part.getBoundingClientRect();
    return box.left >= body.left - 0.5 && box.right <= body.right + 0.5 && part.scrollWidth <= part.clientWidth + 1;
  });
  const parentLi = li.parentElement.closest('li.comment');
  const note = li.querySelector(':scope > article > .in-reply-to');
  return {
    id: li.firstElementChild.id, width: body.width, inside,
    reply: !!parentLi,
    indented: !!parentLi && body.left > parentLi.querySelector(':scope > article').getBoundingClientRect().left + 4,
    says: !!note && note.getBoundingClientRect().height > 0 && /In reply to \\S/.test(note.textContent),
  };
})"""


def deep_thread() -> list[dict]:
    """Ten replies, each answering the one before, the author's with a long unbroken name."""
    comments = []
    for number in range(1, 11):
        comment = {
            "id": f"deep{number}",
            "parent": f"deep{number - 1}" if number > 1 else None,
            "author": LONG_NAME if number % 2 else f"Reader number {number}",
            "date": f"2018-11-10T{number + 8:02d}:00:00-06:00",
            "body": f"<p>Reply {number} in a long thread: it keeps going, as threads do.</p>",
            "source": "manual",
        }
        if number % 2:
            comment["is_author"] = True
        comments.append(comment)
    return comments


@pytest.fixture(scope="module")
def deep_site(tmp_path_factory):
    """The sample site with a 10-deep thread added under the POTS post."""
    content = tmp_path_factory.mktemp("deep") / "content"
    shutil.copytree(ROOT / "content", content)
    archive_path = content / "comments" / "pots-explained.json"
    archive = json.loads(archive_path.read_text(encoding="utf-8"))
    archive["comments"] += deep_thread()
    archive_path.write_text(json.dumps(archive, indent=2), encoding="utf-8")
    build = build_site(content.parent / "output", content=content)
    assert build.returncode == 0, build.log
    with served(build.output) as url:
        yield url


def check_thread(page, url: str, where: str) -> list[dict]:
    page.goto(url)
    comments = page.evaluate(THREAD)
    assert comments, f"{where}: no comments"
    assert page.evaluate(SECTION_OVERFLOW) <= 0, f"{where}: the comments reach past the screen's right edge"
    for comment in comments:
        assert comment["width"] >= READABLE, f"{where}: {comment['id']} is {comment['width']:.0f} px wide"
        assert comment["inside"], f"{where}: {comment['id']}'s name, badge or date is cut off"
        if comment["reply"]:
            assert comment["indented"] or comment["says"], f"{where}: {comment['id']} does not show whom it answers"
    return comments


@pytest.mark.parametrize(("width", "text"), SIZES)
def test_sample_threads_keep_a_readable_column(browser, base_url, width, text):
    with phone(browser, base_url, width, text) as page:
        for post in SAMPLE_POSTS:
            check_thread(page, f"{base_url}/{post}", f"{post} at {width} px, {text}% text")


@pytest.mark.parametrize(("width", "text"), [*SIZES, (320, 100), (1280, 100)])
def test_a_ten_deep_thread_keeps_a_readable_column(browser, deep_site, width, text):
    with phone(browser, deep_site, width, text) as page:
        comments = check_thread(page, f"{deep_site}/{DEEP_POST}", f"10-deep thread at {width} px, {text}% text")
        deep = [comment for comment in comments if comment["id"].startswith("comment-deep")]
        assert len(deep) == 10
        if width >= 1280:
            assert all(comment["indented"] for comment in deep[1:5]), "a wide screen still indents replies"


def test_indented_replies_do_not_repeat_whom_they_answer(page, base_url):
    """At a width that indents, the nested reply's "In reply to" line is hidden: the indentation says it."""
    page.goto(f"{base_url}/2019/01/ivig-approved/")
    nested = page.locator("#comment-c102 .in-reply-to-nested")
    assert nested.text_content().split() == ["In", "reply", "to", "Marisol", "Vega"]
    assert not nested.is_visible()
