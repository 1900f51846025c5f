"""The "Reply by e-mail" links, as a reader meets them with COMMENTS_EMAIL set: the note on what is published
stands next to the first link, the mail opens with the hint first (never under a signature line), there is one
link per comment and one for the post (not right after the last comment's), each at least 24 x 24 px."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.phones import phone, served
from tests.sitebuild import build_site

pytestmark = pytest.mark.browser

ADDRESS = "comments@example.org"
POSTS = ["2019/01/ivig-approved/", "2019/03/ivig-month-1/"]  # with comments, without

# The section's reply links in page order (visible text, href, box), the moderation note (text, box, where it
# sits among the section's elements) and the comments' count.
READ = """() => {
  const section = document.getElementById('comments');
  const all = [...section.querySelectorAll('*')];
  const box = element => { const r = element.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width,
    height: r.height}; };
  const visibleText = element => [...element.childNodes].filter(node => node.nodeType === 3)
    .map(node => node.textContent).join('').trim();
  const links = [...section.querySelectorAll('a[href^="mailto:"]')].map(link => ({
    text: visibleText(link), href: link.getAttribute('href'), box: box(link), index: all.indexOf(link),
    comment: link.closest('article.comment-body') ? link.closest('article.comment-body').id : null}));
  const note = section.querySelector('.comments-moderated');
  return {links, comments: section.querySelectorAll('article.comment-body').length,
          note: note && {text: note.textContent, box: box(note), index: all.indexOf(note)}};
}"""


@pytest.fixture(scope="module")
def reply_site(tmp_path_factory):
    """The sample site with reply links (COMMENTS_EMAIL set), served."""
    build = build_site(tmp_path_factory.mktemp("reply") / "output", extra={"COMMENTS_EMAIL": ADDRESS})
    assert build.returncode == 0, build.log
    with served(build.output) as url:
        yield url


@pytest.mark.parametrize("post", POSTS)
def test_the_hint_comes_first_in_the_mail(browser, reply_site, post):
    with phone(browser, reply_site, 375) as page:
        page.goto(f"{reply_site}/{post}")
        links = page.evaluate(READ)["links"]
        assert links
        for link in links:
            url = urlsplit(link["href"])
            body = parse_qs(url.query)["body"][0]
            lines = body.split("\n")
            assert lines[0].startswith("[Write your reply below this line."), lines[0]
            assert "-- " not in lines and "--" not in [line.strip() for line in lines], f"a signature line: {body!r}"
            assert "name your e-mail shows as its sender" in lines[0] and "address never is" in lines[0]


@pytest.mark.parametrize(("width", "text"), [(320, 100), (320, 200), (375, 200)])
@pytest.mark.parametrize("post", POSTS)
def test_the_note_sits_by_the_first_link_and_the_links_are_easy_to_tap(browser, reply_site, post, width, text):
    with phone(browser, reply_site, width, text) as page:
        page.goto(f"{reply_site}/{post}")
        found = page.evaluate(READ)
        links, note = found["links"], found["note"]
        assert note and "moderated" in note["text"]
        assert "name your e-mail shows as its sender" in note["text"] and "address never is" in note["text"]
        first = links[0]
        assert first["comment"] is None, "the first reply link is the post's"
        assert 0 < note["box"]["y"] - (first["box"]["y"] + first["box"]["height"]) < 40, (first, note)
        assert [link["text"] for link in links] == ["Reply by e-mail"] * (found["comments"] + 1)
        assert [link["comment"] for link in links].count(None) == 1, "one link for the post"
        if found["comments"]:
            assert links[-1]["comment"] is not None, "the post's link is not right after the last comment's"
        for link in links:
            assert link["box"]["height"] >= 24 and link["box"]["width"] >= 24, f"too small to tap: {link}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_comment_section_with_reply_links_has_no_axe_violations(browser, reply_site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    with phone(browser, reply_site, 375, 200) as page:
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{reply_site}/{POSTS[0]}")
        options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}}
        results = Axe().run(page, context={"include": [["#comments"]]}, options=options).response
        assert [violation["id"] for violation in results["violations"]] == []
        assert any(rule["id"] == "target-size" for rule in results["passes"]), "axe checked the tap targets"
