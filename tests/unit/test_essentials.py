"""Reading time, figures, the YAML front matter splitter and date reading, string in and out."""

from __future__ import annotations

import copy
import os
import time
from datetime import datetime

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.contents import Article
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from plugins.essentials.figures import FiguresExtension, images_missing_alt
from plugins.essentials.reading_time import count_words, minutes_to_read
from plugins.front_matter.reader import FrontMatterError, YamlFrontMatterReader, split_front_matter
from plugins.pelican_compat import document_html, replace_html
from plugins.speed.memory import forget_written_content


def render(text: str) -> str:
    return markdown.markdown(text, extensions=[FiguresExtension()], output_format="html")


def test_words_are_counted_from_visible_text_only():
    assert count_words('<p>IVIG <a href="/x" title="ignored words here">works</a>, Sjogren’s too.</p>') == 4


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (199, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_time_rounds_up_to_whole_minutes(words, minutes):
    assert minutes_to_read(words, 200) == minutes


def test_titled_image_alone_becomes_a_figure_with_caption():
    html = render('![An IV pole](pole.jpg "My infusion corner")')
    assert html == (
        '<figure><img alt="An IV pole" decoding="async" loading="lazy" src="pole.jpg">'
        "<figcaption>My infusion corner</figcaption></figure>"
    )


def test_image_in_running_text_stays_inline_but_lazy():
    html = render('Look: ![pole](pole.jpg "t") here.')
    assert "<figure>" not in html and 'loading="lazy"' in html and 'title="t"' in html


def test_untitled_image_is_not_a_figure():
    assert "<figure>" not in render("![pole](pole.jpg)")


def test_images_missing_alt_are_found():
    html = '<img src="a.jpg" alt="x"><img src="b.jpg" alt=""><img src="c.jpg">'
    assert images_missing_alt(html) == ['<img src="b.jpg" alt="">', '<img src="c.jpg">']


def test_split_front_matter_keeps_lists_and_raw_strings():
    meta, body = split_front_matter("---\nTitle: A\nTags: [x, y]\nComments: off\n---\nBody\n", "p.md")
    assert meta == {"Title": ["A"], "Tags": ["x", "y"], "Comments": ["off"]}
    assert body.strip() == "Body" and body.count("\n") == 6


def test_no_front_matter_means_pelican_headers():
    assert split_front_matter("Title: A\n\nBody", "p.md") == (None, "Title: A\n\nBody")


def test_nested_mapping_is_refused_with_its_line():
    with pytest.raises(FrontMatterError, match=r"p\.md:3: field 'Series'"):
        split_front_matter("---\nTitle: A\nSeries:\n  name: x\n---\n", "p.md")


DATE_FORMS = ["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d_%H:%M", "%Y-%m-%d  %H:%M"]


@given(
    moment=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)),
    form=st.sampled_from(DATE_FORMS),
    name=st.sampled_from(["date", "modified"]),
)
def test_iso_dates_read_fast_are_the_dates_pelican_reads(moment, form, name):
    """The fast path gives what Pelican's dateutil-based processing gives: same value, same type."""
    text = moment.strftime(form)
    reader = YamlFrontMatterReader(copy.deepcopy(DEFAULT_CONFIG))
    if name == "modified" and "_" in text:
        return  # Pelican reads "_" as a space in Date only
    ours = reader.process_metadata(name, text)
    pelicans = MarkdownReader(copy.deepcopy(DEFAULT_CONFIG)).process_metadata(name, text)
    assert (ours, type(ours)) == (pelicans, type(pelicans))


def test_impossible_dates_still_get_pelicans_error():
    reader = YamlFrontMatterReader(copy.deepcopy(DEFAULT_CONFIG))
    with pytest.raises(ValueError, match=r"Date '2021-02-30 10:00' is not a valid date \(day 30: February 2021"):
        reader.process_metadata("date", "2021-02-30 10:00")


def test_a_written_posts_memoized_html_is_dropped_and_recomputed_the_same():
    settings = copy.deepcopy(DEFAULT_CONFIG)
    post = Article(
        '<p>See <a href="{filename}/other.md">the other post</a>.</p>',
        metadata={"title": "T", "date": datetime(2021, 3, 1)},
        settings=settings,
        context={"localsiteurl": "../..", "generated_content": {}, "static_content": {}},
    )
    first = post.get_content("../..")
    html = document_html(post)
    replace_html(post, "<p>Changed.</p>")  # the memo still serves the HTML rendered before
    assert post.get_content("../..") == first
    forget_written_content("output/t/index.html", {"article": post, "localsiteurl": "../.."})
    assert post.get_content("../..") == "<p>Changed.</p>"
    replace_html(post, html)
    forget_written_content("output/t/index.html", {"article": post, "localsiteurl": "../.."})
    assert post.get_content("../..") == first


def test_pruning_removes_older_files_and_emptied_folders_but_never_the_output_folder(tmp_path):
    from plugins.essentials.output import remove_older_files

    output = tmp_path / "output"
    (output / "old" / "deep").mkdir(parents=True)
    (output / "old" / "deep" / "index.html").write_text("stale", encoding="utf-8")
    (output / "kept.png").write_text("static, up to date", encoding="utf-8")
    (output / ".git").mkdir()
    (output / ".git" / "HEAD").write_text("retained", encoding="utf-8")
    started = max(path.stat().st_ctime_ns for path in output.rglob("*")) + 1
    time.sleep(0.05)  # the kernel stamps change times with a coarse clock
    (output / "new.html").write_text("written by this build", encoding="utf-8")

    removed = remove_older_files(str(output) + os.sep, started, {"kept.png"}, {".git"})

    assert removed == 1
    assert sorted(path.relative_to(output).as_posix() for path in output.rglob("*")) == [
        ".git",
        ".git/HEAD",
        "kept.png",
        "new.html",
    ]
