"""Comments on pages (issue #26, item 5): a WordPress blog whose community writes under its pages.

An export written here (30 pages, 500 approved comments on them, skipped ones beside, and a post that shares
a page's slug) is imported, built and checked as a reader sees it; a reply by e-mail to a page goes through
the inbox and approve into the page's own archive and onto the page; ``verify`` finds every comment.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.functional.test_wordpress import HEAD, cli
from tests.sitebuild import ROOT, build_site

PAGES = 30
PAGE_COMMENTS = 500
ADDRESS = "comments@slowmending.example.org"
SHARED_SLUG = "page-07"  # a post has this slug too


def page_slug(number: int) -> str:
    return f"page-{number:02d}"


def wp_comment(comment_id: int, author: str, date: datetime, *, parent: int = 0, kind: str = "", ok: str = "1") -> str:
    local = date.strftime("%Y-%m-%d %H:%M:%S")
    gmt = (date + timedelta(hours=6)).strftime("%Y-%m-%d %H:%M:%S")  # the blog is in Chicago (UTC-6 in winter)
    return f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{author}</wp:comment_author>
<wp:comment_author_email>reader{comment_id}@mail.example.com</wp:comment_author_email>
<wp:comment_date>{local}</wp:comment_date><wp:comment_date_gmt>{gmt}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Words of comment {comment_id}.]]></wp:comment_content>
<wp:comment_approved>{ok}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>"""


def wp_item(post_id: int, slug: str, title: str, post_type: str, comments: str) -> str:
    link = (
        f"https://slowmending.wordpress.com/{slug}/"
        if post_type == "page"
        else (f"https://slowmending.wordpress.com/2019/01/10/{slug}/")
    )
    return f"""<item><title>{title}</title><link>{link}</link>
<guid isPermaLink="false">https://slowmending.wordpress.com/?p={post_id}</guid><dc:creator>jess</dc:creator>
<content:encoded><![CDATA[<p>The words of {title}.</p>]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>2019-01-10 09:00:00</wp:post_date>
<wp:post_date_gmt>2019-01-10 15:00:00</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>{post_type}</wp:post_type><wp:post_parent>0</wp:post_parent>
<wp:post_password></wp:post_password>{comments}
</item>
"""


def page_export(folder: Path) -> tuple[Path, dict[str, list[str]], list[str]]:
    """The export; the approved comment ids of each page (``wp-N``) and of the post sharing a page's slug."""
    expected: dict[str, list[str]] = {page_slug(number): [] for number in range(1, PAGES + 1)}
    bodies: dict[str, list[str]] = {slug: [] for slug in expected}
    start = datetime(2019, 2, 1, 8, 0)
    last_on: dict[str, int] = {}
    for index in range(PAGE_COMMENTS):
        comment_id = 1000 + index
        slug = page_slug(index * 7 % PAGES + 1)  # uneven spread: every page gets some
        parent = last_on.get(slug, 0) if index % 5 == 4 else 0  # every fifth one answers the page's last
        bodies[slug].append(wp_comment(comment_id, f"Reader {index}", start + timedelta(hours=index), parent=parent))
        expected[slug].append(f"wp-{comment_id}")
        last_on[slug] = comment_id
    for index in range(20):  # never shown: pending, spam, pingbacks on pages
        slug = page_slug(index % PAGES + 1)
        kind, ok = ("pingback", "1") if index % 2 else ("", "0" if index % 4 else "spam")
        bodies[slug].append(wp_comment(5000 + index, f"Skipped {index}", start, kind=kind, ok=ok))
    items = [
        wp_item(200 + number, slug, f"Page {number:02d}", "page", "".join(bodies[slug]))
        for number, slug in enumerate(expected, 1)
    ]
    post_comments = [
        wp_comment(9000 + index, f"Post reader {index}", start + timedelta(days=index)) for index in range(3)
    ]
    items.append(wp_item(100, SHARED_SLUG, "A post that shares a page's slug", "post", "".join(post_comments)))
    path = folder / "pages.wordpress.xml"
    path.write_text(HEAD + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    return path, expected, [f"wp-{9000 + index}" for index in range(3)]


def comments_command(root: Path, *argv: str) -> subprocess.CompletedProcess:
    """``python -m plugins.comments ...`` run from the site's folder, as the author runs it."""
    return subprocess.run(
        [sys.executable, "-m", "plugins.comments", *argv],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def shown_ids(build, url: str) -> list[str]:
    return [article["id"].removeprefix("comment-") for article in build.html(url).select("article.comment-body")]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The export imported and built. The import gives the post a slug of its own (``page-07-2``); the author
    then gives it back its WordPress slug, which the page has too, and moves its archive along."""
    root = tmp_path_factory.mktemp("page-comments")
    export, expected, post_ids = page_export(root)
    content = root / "content"
    code, out, err = cli("import", str(export), "--content", str(content))
    assert code == 0, err + out
    post = content / "posts" / f"2019-01-10-{SHARED_SLUG}-2.md"
    post.write_text(post.read_text(encoding="utf-8").replace(f'Slug: "{SHARED_SLUG}-2"', f'Slug: "{SHARED_SLUG}"'))
    (content / "comments" / f"{SHARED_SLUG}-2.json").rename(content / "comments" / f"{SHARED_SLUG}.json")
    build = build_site(root / "output", content, extra={"COMMENTS_EMAIL": ADDRESS})
    assert build.returncode == 0, build.log
    return SimpleNamespace(
        root=root, export=export, content=content, out=out, build=build, expected=expected, post_ids=post_ids
    )


def test_every_approved_page_comment_is_imported_into_the_pages_namespace(imported):
    assert sum(len(ids) for ids in imported.expected.values()) == PAGE_COMMENTS
    folder = imported.content / "comments" / "pages"
    stored = {path.stem: json.loads(path.read_text(encoding="utf-8"))["comments"] for path in folder.glob("*.json")}
    assert {slug: [entry["id"] for entry in entries] for slug, entries in stored.items()} == imported.expected
    post_archive = json.loads((imported.content / "comments" / f"{SHARED_SLUG}.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in post_archive["comments"]] == imported.post_ids
    assert "Comments: 523 in = 503 imported + 0 already in the archive + 20 skipped" in imported.out


def test_every_approved_page_comment_is_shown_on_its_page(imported):
    shown = 0
    for number in range(1, PAGES + 1):
        slug = page_slug(number)
        page = imported.build.html(f"{slug}/")
        ids = shown_ids(imported.build, f"{slug}/")
        assert sorted(ids) == sorted(imported.expected[slug]), slug
        count = len(imported.expected[slug])
        assert page.select_one("#comments-title").get_text() == f"{count} thoughts on “Page {number:02d}”"
        shown += len(ids)
    assert shown == PAGE_COMMENTS
    with_replies = page_slug(4 * 7 % PAGES + 1)  # comment 4 (every fifth) answers that page's last one
    replies = imported.build.html(f"{with_replies}/").select("ol.comment-thread li.comment ol.comment-list li")
    assert len(replies) == len(imported.expected[with_replies]) - 1  # threads nest on pages as on posts


def test_a_page_and_a_post_with_the_same_slug_keep_separate_threads(imported):
    post_url = next(path.parent for path in imported.build.output.glob(f"*/*/{SHARED_SLUG}/index.html"))
    post_ids = shown_ids(imported.build, f"{post_url.relative_to(imported.build.output).as_posix()}/")
    assert post_ids == imported.post_ids
    page_ids = shown_ids(imported.build, f"{SHARED_SLUG}/")
    assert sorted(page_ids) == sorted(imported.expected[SHARED_SLUG]) and not set(page_ids) & set(post_ids)


def test_a_page_without_comments_keeps_its_look(tmp_path):
    build = build_site(tmp_path / "output", extra={"COMMENTS_EMAIL": ADDRESS})
    assert build.returncode == 0, build.log
    assert build.html("about/").select_one("#comments") is None


def subject_of(href: str) -> str:
    return parse_qs(urlsplit(href).query)["subject"][0]


def test_the_reply_links_on_a_page_carry_the_page_tag(imported):
    page = imported.build.html(f"{SHARED_SLUG}/")
    assert subject_of(page.select_one("a.comments-reply-link")["href"]) == f"Re: Page 07 [comment page:{SHARED_SLUG}]"
    first = imported.expected[SHARED_SLUG][0]
    link = page.select_one(f"#comment-{first} a.comment-reply-link")
    assert subject_of(link["href"]) == f"Re: Page 07 [comment page:{SHARED_SLUG}#{first}]"


def test_a_reply_by_email_to_a_page_is_queued_approved_and_shown_on_the_page(imported, tmp_path):
    root, content = imported.root, imported.content
    page = imported.build.html(f"{SHARED_SLUG}/")
    answered = imported.expected[SHARED_SLUG][0]
    message = EmailMessage()
    message["From"] = "Dana Whitfield <dana@mail.example.com>"
    message["To"] = ADDRESS
    message["Date"] = "Wed, 16 Jan 2020 08:12:31 -0600"
    message["Message-ID"] = "<page-reply-1@mail.example.com>"
    message["Subject"] = subject_of(page.select_one(f"#comment-{answered} a.comment-reply-link")["href"])
    message.set_content("A reply written under the page.\n")
    inbox = root / "Downloads"
    inbox.mkdir()
    (inbox / "reply.eml").write_bytes(bytes(message))
    read = comments_command(root, "inbox", "Downloads")
    assert read.returncode == 0, read.stderr
    queued = re.search(
        rf"queued (m[0-9a-f]{{16}}): Dana Whitfield on page:{SHARED_SLUG}, reply to {answered}", read.stdout
    )
    assert queued, read.stdout
    post_before = (content / "comments" / f"{SHARED_SLUG}.json").read_bytes()
    approved = comments_command(root, "approve", queued.group(1))
    assert approved.returncode == 0, approved.stderr
    archive = json.loads((content / "comments" / "pages" / f"{SHARED_SLUG}.json").read_text(encoding="utf-8"))
    [added] = [entry for entry in archive["comments"] if entry["source"] == "email"]
    assert added["parent"] == answered and added["author"] == "Dana Whitfield"
    assert (content / "comments" / f"{SHARED_SLUG}.json").read_bytes() == post_before  # the post's thread: untouched
    build = build_site(tmp_path / "output", content, extra={"COMMENTS_EMAIL": ADDRESS})
    assert build.returncode == 0, build.log
    shown = build.html(f"{SHARED_SLUG}/").select_one(f"#comment-{added['id']}")
    assert shown is not None and "A reply written under the page." in shown.get_text()
    assert len(shown_ids(build, f"{SHARED_SLUG}/")) == len(imported.expected[SHARED_SLUG]) + 1
    rejected = comments_command(root, "reject", added["id"])  # and moderation finds it there to delete it
    assert rejected.returncode == 0, rejected.stderr
    archive = json.loads((content / "comments" / "pages" / f"{SHARED_SLUG}.json").read_text(encoding="utf-8"))
    assert added["id"] not in {entry["id"] for entry in archive["comments"]}
    assert {"id": added["id"], "reason": "deleted"}.items() <= archive["removed"][-1].items()


def test_verify_finds_every_comment_on_pages_and_posts(imported, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = cli(
        "verify", str(imported.export), "--output", str(imported.build.output), "--content", str(imported.content)
    )
    assert code == 0, out
    assert f"{PAGE_COMMENTS + 3} comment(s): 0 miss(es)." in out


def test_verify_names_a_page_comment_that_is_missing(imported, monkeypatch, tmp_path):
    import shutil

    output = tmp_path / "output"
    shutil.copytree(imported.build.output, output)
    page = output / SHARED_SLUG / "index.html"
    gone = imported.expected[SHARED_SLUG][0]
    page.write_text(page.read_text(encoding="utf-8").replace(f'id="comment-{gone}"', 'id="x"'), encoding="utf-8")
    monkeypatch.chdir(ROOT)
    code, out, _ = cli("verify", str(imported.export), "--output", str(output), "--content", str(imported.content))
    number = gone.removeprefix("wp-")
    assert code == 1 and re.search(
        rf"miss: comment {number} by .* on 'Page 07' is not on {re.escape(str(page))}", out
    ), out
    assert Counter(line.strip().startswith("miss:") for line in out.splitlines())[True] == 1
