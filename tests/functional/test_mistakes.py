"""The author's usual mistakes: one message naming the file, the line and what to do; no traceback; exit 1.

One small site is built twice with the real ``pelican`` command: once clean, then again into the same
output folder after the mistakes are made, as happens when she edits and rebuilds.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.sitebuild import Build, build_site

GOOD = {
    "posts/good.md": "Title: Good\nDate: 2019-01-05\n\nA good post.\n",
    "posts/later.md": "Title: Later\nDate: 2019-01-20\n\nThe post that breaks later.\n",
    "posts/three.md": "Title: Three\nDate: 2019-01-01\nSlug: three\n\nThe first post with this slug.\n",
    "comments/three.json": (
        '{"schema_version": 1, "comments": [{"id": "a1", "parent": null, "author": "Ann",'
        ' "date": "2019-01-02T10:00:00+00:00", "body": "Lovely", "source": "manual"}]}\n'
    ),
}
MISTAKES = {
    "posts/later.md": "Title: Later\nDate: 2019-13-45\n\nThe post that breaks later.\n",
    "posts/february.md": "---\nTitle: February\nTags: [a, b]\nDate: 2019-02-30\n---\nBody.\n",
    "posts/tuesday.md": "Title: Tuesday\nDate: next tuesday\n\nBody.\n",
    "posts/impostor.md": "Title: Impostor three\nDate: 2019-03-01\nSlug: three\n\nBody.\n",
    "posts/same-day.md": "Title: Same day\nDate: 2019-01-01\nSlug: three\n\nBody.\n",
    "posts/draft-a.md": "Title: Draft A\nDate: 2019-02-01\nStatus: draft\nSlug: wip\n\nBody.\n",
    "posts/draft-b.md": "Title: Draft B\nDate: 2019-02-01\nStatus: draft\nSlug: wip\n\nBody.\n",
    "posts/chatty.md": "Title: Chatty\nDate: 2019-06-01\n\nBody.\n",
    "posts/fancy.md": "Title: Fancy\nDate: 2019-09-01\nTemplate: fancy\n\nA post with a template the theme lacks.\n",
    "comments/chatty.json": (
        '{"schema_version": 1, "comments": [\n'
        ' {"id": "early", "parent": null, "author": "Bo", "date": "2019-05-01T10:00:00+00:00", "body": "Hm",'
        ' "source": "manual"},\n'
        ' {"id": "far", "parent": null, "author": "Cy", "date": "2999-01-01T10:00:00+00:00", "body": "Hi",'
        ' "source": "manual"}\n]}\n'
    ),
    "comments/deep.json": "[" * 100000,
    "comments/later.json": (  # the archive of a post that fails to read: not an orphan
        '{"schema_version": 1, "comments": [{"id": "b1", "parent": null, "author": "Di",'
        ' "date": "2019-01-21T10:00:00+00:00", "body": "Nice", "source": "manual"}]}\n'
    ),
    "comments/nobody.json": (  # a real orphan: no post has this slug
        '{"schema_version": 1, "comments": [{"id": "c1", "parent": null, "author": "Ed",'
        ' "date": "2019-01-21T10:00:00+00:00", "body": "Hello", "source": "manual"}]}\n'
    ),
    "series/late.md": "Title: Late\nStart: 2030-01\nMeasure-energy: label=Energy; min=0; max=10\n\nIntro.\n",
    "posts/late-1.md": "Title: Late one\nDate: 2019-07-03\nSeries: late\nMeasures: energy=3\n\nBody.\n",
    "posts/late-2.md": "Title: Late two\nDate: 2019-08-03\nSeries: late\nMeasures: energy=4\n\nBody.\n",
    "series/word.md": "Title: Word\x0bseries\nMeasure-energy: label=Energy\x00; min=0; max=10\n\nIntro\x0bpasted.\n",
    "posts/word-1.md": "Title: Word one\nDate: 2019-07-05\nSeries: word\nMeasures: energy=3\n\nBody.\n",
    "comments/good.json": (  # a comment pasted from Word: control characters in the name and the text
        '{"schema_version": 2, "comments": [{"id": "g1", "parent": null, "author": "Fay\\u0000 Gray\\u000b",'
        ' "date": "2019-01-06T10:00:00+00:00", "body": "<p>One\\u000btwo\\fthree\\u0001.</p>",'
        ' "source": "manual"}]}\n'
    ),
    "series/odd.md": "Title: Odd\nCadence: fortnightly\nMeasure-energy: label=Energy; min=0; max=10\n\nIntro.\n",
    "posts/odd-1.md": "Title: Odd one\nDate: 2019-07-04\nSeries: odd\nMeasures: energy=3\n\nBody.\n",
    "posts/odd-2.md": "Title: Odd two\nDate: 2019-08-04\nSeries: odd\nMeasures: energy=4\n\nBody.\n",
}
NOT_UTF8 = b"Title: Latin\nDate: 2019-04-01\n\nCaf\xe9 au lait.\n"
WORD_PASTE = "Title: Pasted\x0bfrom Word\nDate: 2019-05-01\n\nOne\x0btwo three\x00.\n"
# One message per mistake, each naming its file: (level, file) of every message the failed build logs.
ONE_MESSAGE_EACH = [
    ("ERROR", "posts/later.md"),
    ("ERROR", "posts/february.md"),
    ("ERROR", "posts/tuesday.md"),
    ("ERROR", "posts/latin.md"),
    ("WARNING", "posts/pasted.md"),
    ("ERROR", "posts/impostor.md"),
    ("ERROR", "posts/same-day.md"),
    ("ERROR", "posts/draft-b.md"),  # two drafts with one slug would write one page over the other
    ("ERROR", "posts/fancy.md"),
    ("ERROR", "comments/chatty.json"),
    ("WARNING", "comments/chatty.json"),
    ("ERROR", "comments/deep.json"),
    ("WARNING", "comments/nobody.json"),
    ("WARNING", "comments/good.json"),
    ("WARNING", "series/word.md"),
    ("ERROR", "series/late.md"),
    ("ERROR", "series/odd.md"),
    ("WARNING", "output"),  # nothing removed, as the build failed
    ("CRITICAL", "Build failed: 12 errors above"),
]
MESSAGE = re.compile(r"^(?:\[[\d:]+\])?\s+(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+(.*?)\s*(?:\S+\.py:\d+)?$")
FAILED_LINE = re.compile(r"CRITICAL\s+Build failed: (\d+) errors? above")


def write(content: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (content / "pages").mkdir(exist_ok=True)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Build, Build, Path]:
    root = tmp_path_factory.mktemp("mistakes")
    content = root / "content"
    write(content, GOOD)
    clean = build_site(root / "output", content=content, fatal=None)
    assert clean.returncode == 0, clean.log
    write(content, MISTAKES)
    (content / "posts" / "three.md").touch()  # edited after the copy was made: its name still tells the original
    (content / "posts" / "latin.md").write_bytes(NOT_UTF8)
    (content / "posts" / "pasted.md").write_text(WORD_PASTE, encoding="utf-8")
    return clean, build_site(root / "output", content=content, fatal=None), content


@pytest.fixture(scope="module")
def failed(builds) -> Build:
    return builds[1]


def error_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if " ERROR " in f" {line} "]


def test_a_failed_build_ends_with_one_line_and_exit_1(failed):
    assert failed.returncode == 1
    assert "Traceback" not in failed.log
    last = failed.log.strip().splitlines()[-1]
    match = FAILED_LINE.search(last)
    assert match, failed.log
    assert int(match.group(1)) == len(error_lines(failed.log)) == 12, failed.log
    assert "BuildFailedError" not in failed.log
    assert "Could not process" not in failed.log  # the reason came first, once


def test_each_mistake_gives_exactly_one_message(builds):
    _, failed, content = builds
    messages = []
    for line in failed.log.splitlines():
        match = MESSAGE.match(line)
        if match:
            level, text = match.groups()
            name = text.split(":")[0].removeprefix(f"{content}/").removeprefix(f"{failed.output.parent}/")
            messages.append((level, text if level == "CRITICAL" else name))
    assert sorted(messages) == sorted(ONE_MESSAGE_EACH), failed.log
    assert "There are 3" not in failed.log and "items with slug" not in failed.log  # Pelican's own duplicate warning
    assert "no post has that slug" in failed.log and "slug 'later'" not in failed.log  # nobody.json is an orphan


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("later.md", 2, "Date '2019-13-45' is not a valid date (month 13); write it as YYYY-MM-DD"),
        ("february.md", 4, "Date '2019-02-30' is not a valid date (day 30: February 2019 has 28 days)"),
        ("tuesday.md", 2, "Date 'next tuesday' is not a valid date (no day, month and year in it)"),
        ("latin.md", 4, "not UTF-8 text: byte 0xe9 at column 4 (invalid continuation byte); save the file as UTF-8"),
    ],
)
def test_bad_dates_and_encodings_name_file_line_and_reason(failed, name, line, message):
    assert f"posts/{name}:{line}: {message}" in failed.log, failed.log


def test_control_characters_are_removed_with_a_warning_naming_line_and_column(failed):
    assert re.search(
        r"WARNING\s+\S*posts/pasted\.md:1:14: removed 3 invisible control character\(s\) that web pages and feeds"
        r" cannot hold, at 1:14 \(U\+000B, vertical tab\), 4:4 \(U\+000B, vertical tab\), 4:14 \(U\+0000, NUL\);"
        r" delete them in your editor",
        failed.log,
    ), failed.log
    page = failed.html("2019/05/pasted-from-word/")
    assert page.find("h1").get_text(strip=True) == "Pasted from Word"
    assert "One two three." in page.get_text()
    feed = (failed.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "Pasted from Word" in feed and "\x0b" not in feed and "\x00" not in feed


def test_control_characters_in_a_comment_archive_are_removed_with_one_warning_naming_comment_and_field(failed):
    assert re.search(
        r"WARNING\s+\S*comments/good\.json:1: removed invisible control characters that web pages and feeds cannot"
        r" hold, from comment 'g1' \('author': U\+0000 \(NUL\), U\+000B \(vertical tab\); 'body': U\+0001 \(control"
        r" character\), U\+000B \(vertical tab\), U\+000C \(form feed\)\); delete them from the file \(written \\u0000,"
        r" \\u0001, \\u000b, \\f\)",
        failed.log,
    ), failed.log
    comment = failed.html("2019/01/good/").find(id="comment-g1")
    assert comment.find("bdi").get_text() == "Fay Gray"
    assert "One two three." in comment.get_text()
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", (failed.output / "2019/01/good/index.html").read_text())


def test_control_characters_in_a_series_file_are_removed_with_a_warning(failed):
    assert re.search(
        r"WARNING\s+\S*series/word\.md:1:12: removed 3 invisible control character\(s\) .* at 1:12 \(U\+000B, vertical"
        r" tab\), 2:29 \(U\+0000, NUL\), 4:6 \(U\+000B, vertical tab\)",
        failed.log,
    ), failed.log
    page = failed.html("series/word/")
    assert page.find("h1").get_text(" ", strip=True).startswith("Word series"), page.find("h1")
    assert "Intro pasted." in page.get_text()
    for path in [*failed.output.joinpath("series", "word").rglob("*"), *failed.output.joinpath("feeds").rglob("*")]:
        if path.is_file():
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", path.read_text(encoding="utf-8")), path


def test_a_duplicate_slug_names_both_files_and_the_first_post_keeps_its_page_and_comments(failed):
    for name in ("impostor.md", "same-day.md"):
        assert re.search(
            rf"posts/{name}:3: the slug 'three' is already used by the post \S*posts/three\.md \('Three'\);"
            r" give this post its own 'Slug:'",
            failed.log,
        ), failed.log
    assert "FileOverwriteFailedError" not in failed.log
    page = failed.html("2019/01/three/")
    assert page.find("h1").get_text(strip=True) == "Three"
    assert "Lovely" in page.get_text()
    assert not (failed.output / "2019" / "03" / "three").exists()


def test_a_failed_build_removes_nothing_so_a_broken_post_keeps_its_last_good_page(builds):
    _, failed, _ = builds
    page = failed.html("2019/01/later/")
    assert "The post that breaks later." in page.get_text()
    assert not (failed.output / ".build-in-progress").exists()
    assert (failed.output / "pagefind" / "pagefind.js").exists()
    assert (failed.output / "2019" / "05" / "pasted-from-word" / "index.html").exists()  # this build's pages too
    assert re.search(r"WARNING\s+\S+output: nothing removed, as the build failed", failed.log), failed.log


def test_with_debug_the_failure_shows_where(tmp_path):
    content = tmp_path / "content"
    write(content, {"posts/bad.md": "Title: Bad\nDate: 2019-13-01\n\nBody.\n"})
    build = build_site(tmp_path / "output", content=content, fatal=None, arguments=("-D",))
    assert build.returncode == 1
    assert "bad.md:2: Date '2019-13-01' is not a valid date (month 13)" in build.log
    assert FAILED_LINE.search(build.log), build.log
    assert "Traceback" in build.log and "BuildFailedError" in build.log


def test_a_deeply_nested_comment_archive_is_an_error_naming_the_file(failed):
    assert re.search(
        r"ERROR\s+\S*comments/deep\.json:1: lists or objects are nested inside each other too deeply", failed.log
    ), failed.log
    assert "RecursionError" not in failed.log


def test_a_comment_dated_in_the_future_is_an_error_and_one_before_its_post_a_warning(failed):
    assert re.search(
        r"ERROR\s+\S*comments/chatty\.json:3: comment 'far', field 'date': 2999-01-01T10:00:00\+00:00 is more than"
        r" a day in the future; correct the date",
        failed.log,
    ), failed.log
    assert re.search(
        r"WARNING\s+\S*comments/chatty\.json:2: comment 'early' is dated 2019-05-01T10:00:00\+00:00, before its post"
        r" 'Chatty' \(2019-06-01T00:00:00-05:00\); check the comment's date",
        failed.log,
    ), failed.log


def test_a_series_starting_after_its_first_update_is_one_error_naming_the_file_and_the_update(failed):
    assert re.search(
        r"ERROR\s+\S*series/late\.md:2: Start 2030-01 is after the first update, \S*posts/late-1\.md \(2019-07\);"
        r" set Start to 2019-07 or earlier, or leave it out",
        failed.log,
    ), failed.log
    page = failed.html("2019/08/late-two/")
    assert "Month 2" in page.get_text() and "Month -" not in page.get_text()
    csv = (failed.output / "series" / "late" / "late-data.csv").read_text(encoding="utf-8")
    assert [line.split(",")[1] for line in csv.splitlines()[1:]] == ["1", "2"]


def test_a_broken_series_file_is_one_error_without_a_cascade_from_its_updates(failed):
    assert re.search(r"ERROR\s+\S*series/odd\.md:2: Cadence 'fortnightly' is not one of", failed.log), failed.log
    assert "in no series" not in failed.log


def test_a_template_the_theme_lacks_is_one_error_and_the_post_keeps_its_usual_template(failed):
    assert re.search(
        r"posts/fancy\.md:3: Template 'fancy' is not a template of the theme \(it has: 404, archives, article, .*"
        r"\); remove the line to use the usual 'article' template, or add fancy\.html to the theme's templates",
        " ".join(failed.log.split()),
    ), failed.log
    assert "Build crashed" not in failed.log
    page = failed.html("2019/09/fancy/")
    assert page.find("h1").get_text(strip=True) == "Fancy"
    assert "A post with a template the theme lacks." in page.get_text()
