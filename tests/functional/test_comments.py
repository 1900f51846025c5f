"""Reader comments as readers and the author see them: the sample thread, hostile archives, errors, the cache."""

from __future__ import annotations

import contextlib
import io
import json
import re
import textwrap
from pathlib import Path

import pytest

from plugins.comments.__main__ import main as import_main
from tests.shared_fixtures import WORDPRESS as SHARED
from tests.shared_fixtures import absent
from tests.sitebuild import ROOT, Build, build_site

IVIG = "2019/01/ivig-approved/"
TITLE = "The Appeal Worked: IVIG Is Finally Approved"


# --- the sample site --------------------------------------------------------------------------------------


def test_the_announcement_carries_a_thread_like_the_old_blog(site):
    section = site.html(IVIG).find("section", id="comments")
    assert section.find("h2").get_text() == f"13 thoughts on “{TITLE}”"
    comments = section.select("article.comment-body")
    assert len(comments) == 13
    depths = {int(re.search(r"depth-(\d)", " ".join(li["class"])).group(1)) for li in section.select("li.comment")}
    assert depths == {1, 2, 3}
    third = section.find(id="comment-c103")
    assert len(third.find_parents("ol")) == 3


def test_author_replies_have_a_badge_and_reader_comments_do_not(site):
    section = site.html(IVIG).find("section", id="comments")
    for comment in section.select("article.comment-body"):
        author = comment.select_one(".comment-author").get_text(strip=True)
        badge = comment.select_one(".author-badge")
        assert (badge is not None) == (author == "Jess Marlowe"), author
    assert len(section.select(".author-badge")) == 4


def test_each_comment_has_a_permalink_a_date_an_avatar_and_likes(site):
    section = site.html(IVIG).find("section", id="comments")
    first = section.find(id="comment-c101")
    permalink = first.select_one("a.comment-permalink")
    assert permalink["href"] == "#comment-c101"
    assert permalink.find("time")["datetime"] == "2019-01-14T19:02:00-06:00"
    assert permalink.get_text(strip=True) == "January 14, 2019 at 7:02 PM"
    avatar = first.select_one(".avatar")
    assert avatar.get_text() == "MV" and avatar["aria-hidden"] == "true"
    assert first.select_one(".comment-likes").get_text() == "Liked by 2 people"
    assert section.find(id="comment-c102").select_one(".comment-likes").get_text() == "Liked by 1 person"
    assert section.find(id="comment-c103").select_one(".comment-likes") is None
    assert not section.find_all("img"), "avatars are drawn locally, never loaded"


def test_commenter_links_are_nofollow_ugc_noopener_and_only_for_web_addresses(site):
    section = site.html(IVIG).find("section", id="comments")
    link = section.find(id="comment-c101").select_one(".comment-author a")
    assert link["href"] == "https://marisol-knits.example.org/"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]
    assert section.find(id="comment-c104").select_one(".comment-author a") is None


def test_a_short_note_says_how_to_reach_the_author(site):
    note = site.html(IVIG).select_one("#comments .comments-note")
    assert "About page" in note.get_text()


def test_listings_show_comment_counts(site):
    summaries = {
        summary.find("h2").get_text(strip=True): summary.select_one(".comment-count")
        for summary in site.html("").select("article.summary")
    }
    assert summaries[TITLE].get_text() == "13 comments"
    assert summaries[TITLE]["href"].endswith(IVIG + "#comments")
    assert summaries["IVIG Month 1: A Slow Start and a Quiet Head"] is None
    archive_items = {li.find("a").get_text(): li for li in site.html("archives/").select("li") if li.find("a")}
    assert archive_items[TITLE].select_one(".count").get_text() == "(13 comments)"
    assert archive_items["Notes From Appeal Number Twelve"].select_one(".count").get_text() == "(1 comment)"
    single = site.html("2018/12/insurance-appeal-diary/").find("section", id="comments").find("h2")
    assert single.get_text() == "One thought on “Notes From Appeal Number Twelve”"


def test_the_archive_files_are_not_published(site):
    archives = {path.name for path in (ROOT / "content" / "comments").glob("*.json")}
    assert archives and not [path for path in site.output.rglob("*.json") if path.name in archives]
    assert "mail" not in (site.output / IVIG / "index.html").read_text(encoding="utf-8").lower().replace("email", "")


# --- sites written by the tests ---------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def post(content: Path, slug: str, extra: str = "", date: str = "2020-05-01 10:00") -> None:
    write(
        content / "posts" / f"{slug}.md",
        f"""
        Title: Post {slug}
        Date: {date}
        Slug: {slug}
        {extra}

        Body of {slug}.
        """,
    )
    (content / "pages").mkdir(exist_ok=True)


def comment(comment_id: str, parent: str | None = None, minutes: int = 0, **extra) -> dict:
    entry = {
        "id": comment_id,
        "parent": parent,
        "author": f"Reader {comment_id}",
        "date": f"2020-05-02T{10 + minutes // 60:02d}:{minutes % 60:02d}:00+00:00",
        "body": f"<p>Comment {comment_id}</p>",
        "source": "manual",
    }
    entry.update(extra)
    return entry


def archive(content: Path, slug: str, comments: list[dict]) -> Path:
    path = content / "comments" / f"{slug}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": 2, "comments": comments}, indent=2), encoding="utf-8")
    return path


XSS = [
    '<script>document.title="owned"</script><p>script</p>',
    '<p onclick="alert(1)" style="color:red">handlers</p>',
    '<a href="javascript:alert(1)">js link</a> <a href="https://ok.example.org/">ok link</a>',
    '<iframe src="https://evil.example.com/"></iframe><p>iframe</p>',
    '<img src="https://tracker.example.com/pixel.gif" onerror="alert(1)"><p>image</p>',
    "<p>" + "long words " * 5000 + "</p>",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Build:
    """A site whose archive is full of attacks, a 40-deep thread, an orphan, and a post with comments off."""
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    post(content, "attacked")
    post(content, "quiet", "Comments: off")
    post(content, "nothing-yet")
    comments = [
        comment(f"x{n}", author=f'<b>Name {n}</b><script>alert("n")</script>', body=body) for n, body in enumerate(XSS)
    ]
    comments[0]["author_url"] = "javascript:alert(1)"
    comments[1]["author_url"] = 'https://ok.example.org/" onmouseover="alert(1)'
    comments[2]["author_url"] = "data:text/html,hi"
    comments += [comment("d0", None, 10)] + [comment(f"d{n}", f"d{n - 1}", 10 + n) for n in range(1, 40)]
    comments.append(comment("orphan", "spam-that-was-removed", 100))
    archive(content, "attacked", comments)
    archive(content, "quiet", [comment("q1")])
    build = build_site(root / "output", content=content)
    assert build.returncode == 0, build.log
    return build


def test_no_script_handler_style_iframe_or_javascript_url_reaches_the_page(hostile):
    html = (hostile.output / "2020/05/attacked/index.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="comments"') :]
    for needle in ("<script", "onclick", "onerror", "onmouseover", "style=", "<iframe", "javascript:", "data:text"):
        assert needle not in section, needle
    assert "<img" not in section and "tracker.example.com" not in section
    soup = hostile.html("2020/05/attacked/")
    assert soup.find(id="comment-x0").select_one(".comment-author").get_text(strip=True).startswith("<b>Name 0</b>")
    assert soup.find(id="comment-x0").select_one(".comment-author a") is None
    assert soup.find(id="comment-x2").select_one(".comment-author a") is None
    assert [a["href"] for a in soup.find(id="comment-x2").select(".comment-content a[href]")] == [
        "https://ok.example.org/"
    ]
    assert soup.find(id="comment-x5").get_text().count("long words") == 5000


def test_a_deep_thread_is_capped_at_five_levels_with_in_reply_to(hostile):
    soup = hostile.html("2020/05/attacked/")
    assert len(soup.find(id="comment-d4").find_parents("ol")) == 5
    for n in range(5, 40):
        deep = soup.find(id=f"comment-d{n}")
        assert len(deep.find_parents("ol")) == 5, n
        reply = deep.select_one(".in-reply-to")
        assert reply.get_text(" ", strip=True) == f"In reply to Reader d{n - 1}"
        assert reply.find("a")["href"] == f"#comment-d{n - 1}"
    # d4 sits nested under d3: its "In reply to" line is the nested kind, shown only where replies stop indenting
    nested = soup.find(id="comment-d4").select(".in-reply-to")
    assert [p["class"] for p in nested] == [["in-reply-to", "in-reply-to-nested"]]
    assert nested[0].find("a")["href"] == "#comment-d3"


def test_every_comment_is_counted_and_the_orphan_is_marked(hostile):
    soup = hostile.html("2020/05/attacked/")
    assert soup.find("section", id="comments").find("h2").get_text() == "47 thoughts on “Post attacked”"
    orphan = soup.find(id="comment-orphan")
    assert len(orphan.find_parents("ol")) == 1
    assert orphan.select_one(".in-reply-to").get_text() == "In reply to a comment that is no longer here"


def test_comments_off_hides_the_section_and_the_count(hostile):
    soup = hostile.html("2020/05/quiet/")
    assert soup.find(id="comments") is None
    assert soup.select_one(".comment-count") is None
    assert "Comment q1" not in (hostile.output / "2020/05/quiet/index.html").read_text(encoding="utf-8")


def test_a_post_without_comments_still_says_how_to_reach_the_author(hostile):
    section = hostile.html("2020/05/nothing-yet/").find("section", id="comments")
    assert section.find("h2").get_text() == "Comments"
    assert not section.select("li.comment")
    assert section.select_one(".comments-note").get_text()


def test_the_depth_cap_is_a_setting(tmp_path):
    content = tmp_path / "content"
    post(content, "shallow")
    archive(content, "shallow", [comment("a"), comment("b", "a", 1), comment("c", "b", 2)])
    build = build_site(
        tmp_path / "output",
        content=content,
        extra={"COMMENTS_MAX_DEPTH": 2, "COMMENTS_CONTACT_NOTE": "Write to me at the clinic."},
    )
    assert build.returncode == 0, build.log
    soup = build.html("2020/05/shallow/")
    assert len(soup.find(id="comment-c").find_parents("ol")) == 2
    assert soup.find(id="comment-c").select_one(".in-reply-to").get_text(" ", strip=True) == "In reply to Reader b"
    assert soup.select_one(".comments-note").get_text() == "Write to me at the clinic."


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[Build, Path]:
    root = tmp_path_factory.mktemp("broken")
    content = root / "content"
    for slug in ("bad-json", "bad-field", "dupes", "loop", "fine"):
        post(content, slug)
    (content / "comments").mkdir(parents=True)
    (content / "comments" / "bad-json.json").write_text(
        '{\n  "schema_version": 2,\n  "comments": [\n    {"id": "a" "parent": null}\n  ]\n}\n', encoding="utf-8"
    )
    archive(content, "bad-field", [comment("ok"), comment("neg", likes=-1)])
    archive(content, "dupes", [comment("same"), comment("same", minutes=1)])
    archive(content, "loop", [comment("a", "b"), comment("b", "a", 1)])
    archive(content, "fine", [comment("f1")])
    archive(content, "no-such-post", [comment("n1")])
    return build_site(root / "output", content=content, fatal=None), content


def test_archive_errors_name_file_and_line_and_fail_the_build(broken):
    build, content = broken
    assert build.returncode != 0
    log = " ".join(build.log.split())
    folder = content / "comments"
    assert f"{folder / 'bad-json.json'}:4: invalid JSON: Expecting ',' delimiter" in log
    assert f"{folder / 'bad-field.json'}:" in log and "comment 'neg', field 'likes': -1 is less than the minimum" in log
    assert f"{folder / 'dupes.json'}:" in log and "comment 'same': duplicate id (first used on line 5)" in log
    assert f"{folder / 'loop.json'}:5: parent cycle: a -> b -> a" in log


def test_an_archive_for_a_slug_with_no_post_is_a_warning_naming_it(broken):
    build, content = broken
    log = " ".join(build.log.split())
    assert "WARNING" in log
    assert f"{content / 'comments' / 'no-such-post.json'}: comment archive for slug 'no-such-post', but no post" in log


def test_the_rest_of_a_broken_build_is_still_rendered(broken):
    build, _ = broken
    assert build.html("2020/05/fine/").find(id="comment-f1") is not None
    assert build.html("2020/05/bad-field/").find(id="comment-ok") is not None


def test_an_unknown_slug_fails_a_build_with_fatal_warnings(tmp_path):
    content = tmp_path / "content"
    post(content, "real")
    archive(content, "typo-in-slug", [comment("a")])
    build = build_site(tmp_path / "output", content=content)
    assert build.returncode != 0
    assert "typo-in-slug.json: comment archive for slug 'typo-in-slug'" in " ".join(build.log.split())


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_with_the_content_cache_on_editing_an_archive_updates_the_page(tmp_path, layer):
    content = tmp_path / "content"
    post(content, "cached")
    path = archive(content, "cached", [comment("a", body="<p>First version</p>")])
    cache = tmp_path / "cache"
    settings = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(cache),
        "CONTENT_CACHING_LAYER": layer,
    }
    first = build_site(tmp_path / "out1", content=content, extra=settings)
    assert first.returncode == 0, first.log
    cache_file = "ArticlesGenerator-Readers" if layer == "reader" else "ArticlesGenerator"
    assert (cache / cache_file).exists(), "the content cache was written"
    assert "First version" in first.html("2020/05/cached/").find(id="comment-a").get_text()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["comments"][0]["body"] = "<p>Second version</p>"
    data["comments"][0]["likes"] = 2
    data["comments"].append(comment("b", "a", 5))
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    second = build_site(tmp_path / "out2", content=content, extra=settings)
    assert second.returncode == 0, second.log
    soup = second.html("2020/05/cached/")
    assert "Second version" in soup.find(id="comment-a").get_text()
    assert soup.find(id="comment-a").select_one(".comment-likes").get_text() == "Liked by 2 people"
    assert soup.find("section", id="comments").find("h2").get_text() == "2 thoughts on “Post cached”"
    assert second.html("").select_one(".comment-count").get_text() == "2 comments"


@pytest.mark.skipif(not SHARED.is_dir(), reason=absent(SHARED))
def test_real_wordpress_comments_build_into_pages_without_personal_data(tmp_path):
    content = tmp_path / "content"
    summary = io.StringIO()
    with contextlib.redirect_stdout(summary):
        assert import_main(["import", "--output", str(content / "comments"), *map(str, sorted(SHARED.glob("*")))]) == 0
    for path in (content / "comments").glob("*.json"):
        post(content, path.stem, date="2000-01-01 10:00")  # before the comments: a later post is a warning
    on_pages = sorted((content / "comments" / "pages").glob("*.json"))
    for path in on_pages:  # the theme unit test data's comments on pages: their own namespace
        write(content / "pages" / f"{path.stem}.md", f"Title: Page {path.stem}\nSlug: {path.stem}\n\nBody.\n")
    build = build_site(tmp_path / "output", content=content)
    assert build.returncode == 0, build.log
    assert on_pages and all(build.html(f"{path.stem}/").select("#comments article.comment-body") for path in on_pages)
    soup = build.html("2000/01/template-comments/")
    section = soup.find("section", id="comments")
    assert section.find("h2").get_text() == "19 thoughts on “Post template-comments”"
    assert max(len(article.find_parents("ol")) for article in section.select("article.comment-body")) == 5
    assert section.find(id="comment-wp-915").select_one(".in-reply-to").get_text(" ", strip=True) == (
        "In reply to Joe Bloggs"
    )
    for page in build.html_files():
        html = page.read_text(encoding="utf-8")
        assert "gravatar.com/avatar" not in html and "@gmail.com" not in html and "themeshaperwp" not in html
        assert not re.search(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", html), page


# --- the cache of counts and lists (CACHE_CONTENT) -------------------------------------------------------

NOT_AGAIN = """
import plugins.comments, plugins.comments.render

def not_again(*args, **kwargs):
    raise RuntimeError("the comments were validated or rendered again")

plugins.comments.render.CommentListWriter.html = not_again
plugins.comments.check_archive = not_again
"""


def cache_settings(tmp_path: Path, **extra) -> dict:
    return {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache"), **extra}


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "comments").glob("*.html"))


def page(build: Build, slug: str) -> bytes:
    return (build.output / "2020/05" / slug / "index.html").read_bytes()


def comment_site(content: Path) -> list[str]:
    """Three posts with comments (a hostile one, a deep thread with an orphan, a single comment) and one without."""
    for slug in ("hostile", "deep", "single", "none"):
        post(content, slug)
    archive(content, "hostile", [comment(f"x{n}", author=f"<b>N{n}</b>", body=body) for n, body in enumerate(XSS)])
    deep = [comment("d0", None, 10), *(comment(f"d{n}", f"d{n - 1}", 10 + n, likes=n % 3) for n in range(1, 9))]
    archive(content, "deep", [*deep, comment("orphan", "gone", 100, is_author=True)])
    archive(content, "single", [comment("s1", author_url="https://reader.example.org/")])
    return ["hostile", "deep", "single", "none"]


def test_a_cached_build_writes_the_pages_of_an_uncached_one_byte_for_byte(tmp_path):
    content = tmp_path / "content"
    slugs = comment_site(content)
    plain = build_site(tmp_path / "plain", content=content, extra={"CACHE_PATH": str(tmp_path / "cache")})
    assert plain.returncode == 0, plain.log
    assert not (tmp_path / "cache").exists(), "without CACHE_CONTENT nothing is cached"
    settings = cache_settings(tmp_path)
    cold = build_site(tmp_path / "cold", content=content, extra=settings)
    assert cold.returncode == 0, cold.log
    assert len(entries(tmp_path)) == 3, "one entry per archive"
    warm = build_site(tmp_path / "warm", content=content, extra=settings, prelude=NOT_AGAIN)
    assert warm.returncode == 0, warm.log  # neither validated nor rendered: both would raise
    for slug in slugs:
        assert page(cold, slug) == page(plain, slug), slug
        assert page(warm, slug) == page(plain, slug), slug
    listings = {path.relative_to(plain.output) for path in plain.html_files()} - {
        Path("2020/05", slug, "index.html") for slug in slugs
    }
    for relative in sorted(listings):  # the counts in listings, and every other page
        assert (warm.output / relative).read_bytes() == (plain.output / relative).read_bytes(), relative


def test_without_loading_the_cache_the_comments_are_rendered_again(tmp_path):
    content = tmp_path / "content"
    comment_site(content)
    first = build_site(tmp_path / "out", content=content, extra=cache_settings(tmp_path))
    assert first.returncode == 0, first.log
    settings = cache_settings(tmp_path, LOAD_CONTENT_CACHE=False)
    again = build_site(tmp_path / "out", content=content, extra=settings, prelude=NOT_AGAIN)
    assert again.returncode != 0 and "validated or rendered again" in again.log


def test_an_archive_edited_between_cached_builds_shows_its_new_comment(tmp_path):
    content = tmp_path / "content"
    post(content, "edited")
    path = archive(content, "edited", [comment("a")])
    settings = cache_settings(tmp_path)
    for _ in range(2):
        build = build_site(tmp_path / "out", content=content, extra=settings)
        assert build.returncode == 0, build.log
    assert build.html("2020/05/edited/").find(id="comment-b") is None
    archive(content, "edited", [comment("a"), comment("b", "a", 5, body="<p>A new reply</p>")])
    build = build_site(tmp_path / "out", content=content, extra=settings)
    assert build.returncode == 0, build.log
    soup = build.html("2020/05/edited/")
    assert soup.find(id="comment-b").select_one(".comment-content").get_text() == "A new reply"
    assert soup.find("section", id="comments").find("h2").get_text() == "2 thoughts on “Post edited”"
    assert len(entries(tmp_path)) == 1, "the entry of the old archive is pruned"
    assert path.exists()


@pytest.mark.parametrize(
    ("before", "after", "check"),
    [
        ({"TIMEZONE": "UTC"}, {"TIMEZONE": "America/Chicago"}, "label"),
        ({"COMMENTS_MAX_DEPTH": 5}, {"COMMENTS_MAX_DEPTH": 2}, "depth"),
    ],
)
def test_changing_a_render_setting_between_cached_builds_changes_the_list(tmp_path, before, after, check):
    content = tmp_path / "content"
    post(content, "settings")
    archive(content, "settings", [comment("a"), comment("b", "a", 1), comment("c", "b", 2)])
    first = build_site(tmp_path / "one", content=content, extra=cache_settings(tmp_path, **before))
    second = build_site(tmp_path / "two", content=content, extra=cache_settings(tmp_path, **after))
    assert first.returncode == 0 and second.returncode == 0, first.log + second.log
    old, new = first.html("2020/05/settings/"), second.html("2020/05/settings/")
    if check == "label":
        assert old.find(id="comment-a").find("time").get_text() == "May 2, 2020 at 10:00 AM"
        assert new.find(id="comment-a").find("time").get_text() == "May 2, 2020 at 5:00 AM"
    else:
        assert len(old.find(id="comment-c").find_parents("ol")) == 3
        assert len(new.find(id="comment-c").find_parents("ol")) == 2
        assert new.find(id="comment-c").select_one(".in-reply-to").get_text(" ", strip=True) == "In reply to Reader b"


def test_corrupt_cache_entries_are_misses_and_the_pages_stay_right(tmp_path):
    content = tmp_path / "content"
    slugs = comment_site(content)
    plain = build_site(tmp_path / "plain", content=content)
    settings = cache_settings(tmp_path)
    assert build_site(tmp_path / "out", content=content, extra=settings).returncode == 0
    damaged = entries(tmp_path)
    assert len(damaged) == 3
    body_flipped, count_changed, garbage = damaged
    data = body_flipped.read_bytes()
    body_flipped.write_bytes(data[:-40] + b"<script>alert(1)</script>" + data[-15:])
    header, rest = count_changed.read_bytes().split(b"\n", 1)
    fields = header.split(b" ")
    fields[1] = str(int(fields[1]) + 1).encode()
    count_changed.write_bytes(b" ".join(fields) + b"\n" + rest)
    garbage.write_bytes(b"\x00\xff not an entry")
    build = build_site(tmp_path / "out", content=content, extra=settings)
    assert build.returncode == 0, build.log
    for slug in slugs:
        assert page(build, slug) == page(plain, slug), slug
    again = build_site(tmp_path / "again", content=content, extra=settings, prelude=NOT_AGAIN)
    assert again.returncode == 0, again.log  # the damaged entries were written again
    for slug in slugs:
        assert page(again, slug) == page(plain, slug), slug


def test_an_archive_with_an_error_reports_it_on_every_cached_build(tmp_path):
    content = tmp_path / "content"
    post(content, "bad")
    post(content, "good")
    bad = archive(content, "bad", [comment("ok"), comment("neg", likes=-1)])
    archive(content, "good", [comment("g1")])
    settings = cache_settings(tmp_path)
    for _ in range(2):
        build = build_site(tmp_path / "out", content=content, extra=settings, fatal=None)
        assert build.returncode != 0
        log = " ".join(build.log.split())
        assert f"{bad}:" in log and "comment 'neg', field 'likes': -1 is less than the minimum" in log
        assert build.html("2020/05/bad/").find(id="comment-ok") is not None
    assert len(entries(tmp_path)) == 1, "only the clean archive is cached"


def test_the_entry_of_a_removed_archive_is_pruned(tmp_path):
    content = tmp_path / "content"
    comment_site(content)
    settings = cache_settings(tmp_path)
    assert build_site(tmp_path / "out", content=content, extra=settings).returncode == 0
    before = entries(tmp_path)
    assert len(before) == 3
    (content / "comments" / "single.json").unlink()
    build = build_site(tmp_path / "out", content=content, extra=settings)
    assert build.returncode == 0, build.log
    after = entries(tmp_path)
    assert len(after) == 2 and set(after) < set(before)
    assert build.html("2020/05/single/").find("section", id="comments").find("h2").get_text() == "Comments"
    assert not list((tmp_path / "cache" / "comments").glob("*.tmp"))
