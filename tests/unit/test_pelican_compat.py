"""Contracts with Pelican's and Python-Markdown's internals: one test per touch in plugins/pelican_compat.py.

Each test fails with a message naming what changed in Pelican or Markdown; after an upgrade, run this file
first. The last test keeps the private names out of every other module under plugins/.
"""

from __future__ import annotations

import copy
import logging
import re
from datetime import datetime
from pathlib import Path

import pytest
from jinja2 import Environment
from markdown import Markdown
from markdown.extensions.footnotes import FootnotePostprocessor
from pelican import Pelican, signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator
from pelican.log import LimitFilter
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG, read_settings
from pelican.utils import process_translations
from pelican.writers import FileOverwriteFailedError, Writer

from plugins import pelican_compat as compat
from plugins.front_matter.reader import YamlFrontMatterReader

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
HTML = "<p>One two three four five six seven.</p><p>Second paragraph with more words in it.</p>"


def settings(**extra) -> dict:
    return {**copy.deepcopy(DEFAULT_CONFIG), **extra}


def article(html: str = HTML, metadata: dict | None = None, context: dict | None = None, **extra) -> Article:
    return Article(
        html,
        metadata={"title": "T", "date": datetime(2021, 3, 1), "slug": "t", **(metadata or {})},
        settings=settings(**extra),
        context=context if context is not None else {"localsiteurl": "", "generated_content": {}},
    )


def test_document_html_and_replace_html_use_pelicans_content_attribute():
    post = article()
    assert compat.document_html(post) == HTML, "Pelican no longer keeps a document's HTML in Content._content"
    compat.replace_html(post, "<p>New.</p>")
    assert post.content == "<p>New.</p>", "Pelican's Content.content no longer renders from Content._content"
    assert compat.document_html(object()) == ""


@pytest.mark.parametrize(
    "extra",
    [{}, {"SUMMARY_MAX_LENGTH": 3}, {"SUMMARY_MAX_LENGTH": None}, {"SUMMARY_MAX_PARAGRAPHS": 1}],
    ids=["default", "three-words", "no-limit", "one-paragraph"],
)
def test_default_summary_is_the_summary_pelican_cuts(extra):
    html = '<div class="toc"><ul><li><a href="#a">A</a></li></ul></div>' + HTML
    expected = article(html, **extra).summary
    assert compat.default_summary(html, settings(**extra)) == expected, (
        "Pelican's Content.get_summary changed how it cuts a summary: update default_summary"
    )


def test_replace_html_keeps_the_summary_pelican_would_have_cut_from_the_html_before():
    post = article()
    before = post.summary
    compat.forget_rendered([post])
    compat.replace_html(post, "<p>Entirely new text.</p>", summary_from=HTML)
    compat.forget_rendered([post])
    assert post.summary == before, "Pelican no longer reads a set summary from metadata['summary']"
    assert post.content == "<p>Entirely new text.</p>"


def test_replace_formatted_field_updates_every_copy_pelican_keeps():
    post = article(metadata={"summary": "<p>Old.</p>"}, FORMATTED_FIELDS=["summary"])
    assert getattr(post, "_summary", None) == "<p>Old.</p>", "Pelican no longer keeps the summary in _summary"
    compat.replace_formatted_field(post, "summary", "<p>Old.</p>", "<p>New.</p>")
    compat.forget_rendered([post])
    assert post.summary == "<p>New.</p>", "Pelican's summary no longer comes from _summary/metadata['summary']"


def test_forget_rendered_drops_pelicans_memo_of_content_and_summary():
    post = article()
    assert post.content == HTML and post.summary
    compat.replace_html(post, "<p>Changed.</p>")
    assert post.content == HTML, "Pelican no longer memoizes Content.get_content"
    compat.forget_rendered([post])
    assert post.content == "<p>Changed.</p>", "pelican.utils.memoized no longer keeps its memo in .cache"
    assert post.summary == "<p>Changed.</p>", "Content.get_summary is no longer memoized in .cache"


def test_forget_rendered_content_drops_one_site_urls_copy():
    post = article()
    assert post.get_content("../..") == HTML
    compat.replace_html(post, "<p>Changed.</p>")
    compat.forget_rendered_content(post, ["../.."])
    assert post.get_content("../..") == "<p>Changed.</p>", (
        "Pelican's memo of Content.get_content is no longer keyed by (document, siteurl)"
    )


def test_use_context_points_filename_links_at_another_context():
    other = article(metadata={"slug": "other", "title": "Other"})
    post = article('<a href="{filename}/other.md">x</a>', context={"localsiteurl": "", "generated_content": {}})
    compat.use_context(post, {"localsiteurl": "", "generated_content": {"other.md": other}, "static_content": {}})
    assert f'href="/{other.url}"' in post.content, "Pelican no longer resolves {filename} links against _context"


def test_freeze_url_and_skip_writing_use_pelicans_overrides():
    post = article(ARTICLE_URL="{slug}/", ARTICLE_SAVE_AS="{slug}/index.html")
    assert not compat.has_frozen_url(post)
    compat.freeze_url(post)
    post.settings["ARTICLE_URL"] = "changed/{slug}/"
    assert post.url == "t/", "Pelican's get_url_setting no longer returns override_url first"
    assert compat.has_frozen_url(post)
    compat.freeze_url(post, "elsewhere/")
    assert post.url == "elsewhere/"
    page = Page("<p>x</p>", metadata={"title": "P", "slug": "p"}, settings=settings(), context={})
    compat.skip_writing(page)
    assert page.save_as == "", "Pelican no longer takes an empty override_save_as as 'write no file'"


@pytest.fixture(scope="module")
def small_build(tmp_path_factory):
    """One tiny build with keep_output_dir and write_pages_first, recording the order files are written."""
    root = tmp_path_factory.mktemp("compat")
    content, output = root / "content", root / "output"
    (content / "posts").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "posts" / "post.md").write_text("Title: Post\nDate: 2021-03-01\n\nBody.\n", encoding="utf-8")
    (content / "pages" / "about.md").write_text("Title: About\n\nAbout.\n", encoding="utf-8")
    (content / "posts" / "broken.md").write_text("Title: Broken\nDate: not a date\n\nBody.\n", encoding="utf-8")
    output.mkdir()
    (output / "stale.txt").write_text("left by an earlier build", encoding="utf-8")
    config = read_settings(
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "ARTICLE_PATHS": ["posts"],
            "PAGE_PATHS": ["pages"],
            "DELETE_OUTPUT_DIRECTORY": True,
            "PLUGINS": [],
            "CACHE_CONTENT": False,
            "FEED_ALL_ATOM": None,
            "CATEGORY_FEED_ATOM": None,
        }
    )
    written: list[str] = []
    unread: list[str] = []

    def record(path, context):
        written.append(Path(path).relative_to(output).as_posix())

    def record_unread(generator):
        unread.extend(compat.unread_sources(generator.context))

    signals.all_generators_finalized.connect(compat.write_pages_first)
    signals.content_written.connect(record)
    signals.article_generator_finalized.connect(record_unread)
    try:
        pelican = Pelican(config)
        compat.keep_output_dir(pelican)
        pelican.run()
    finally:
        signals.all_generators_finalized.disconnect(compat.write_pages_first)
        signals.content_written.disconnect(record)
        signals.article_generator_finalized.disconnect(record_unread)
    return output, written, unread


def test_keep_output_dir_stops_pelican_emptying_the_output_folder(small_build):
    output, _, _ = small_build
    assert (output / "stale.txt").exists(), (
        "Pelican emptied the output folder although Pelican.delete_outputdir was False: keep_output_dir is broken"
    )


def test_write_pages_first_makes_pelican_write_pages_before_posts(small_build):
    _, written, _ = small_build
    page = next(index for index, path in enumerate(written) if path.startswith("pages/"))
    post = next(index for index, path in enumerate(written) if path == "post.html")
    assert page < post, f"Pelican no longer writes in the order of its generator list: {written}"


def test_unread_sources_are_the_files_pelican_failed_to_read(small_build):
    _, written, unread = small_build
    assert unread == ["posts/broken.md"], (
        "Pelican no longer records a file it failed to read as None in context['generated_content']"
    )
    assert "post.html" in written


def test_is_duplicate_slug_warning_knows_pelicans_warnings_about_one_slug():
    recorder = Recorder()
    logger = logging.getLogger("pelican.utils")
    logger.addHandler(recorder)
    try:
        posts = [article(metadata={"slug": "same", "title": name}) for name in ("a.md", "b.md")]
        for post, name in zip(posts, ("a.md", "b.md"), strict=True):
            post.source_path = name
        originals, _ = process_translations(posts, translation_id="slug")
        other = logging.LogRecord("pelican.utils", logging.WARNING, "x", 1, "There are %s items", (2,), None)
    finally:
        logger.removeHandler(recorder)
    warnings = [record for record in recorder.records if record.levelno == logging.WARNING]
    assert len(originals) == 2 and len(warnings) == 2, [record.getMessage() for record in warnings]
    assert all(compat.is_duplicate_slug_warning(record) for record in warnings), (
        "pelican.utils.get_original_items changed its warnings about one slug: "
        + "; ".join(record.getMessage() for record in warnings)
    )
    assert not compat.is_duplicate_slug_warning(other)


POSTS = {
    "plain.md": "Title: A post\nDate: 2021-03-01 09:30\nTags: IVIG, POTS\nSummary: A *short* summary.\n\nBody.\n",
    "twice.md": "Title: Twice\nDate: 2021-03-01\nCategory: One\nCategory: Two\nAuthors: A\nAuthors: B\n\nBody.\n",
    "summary.md": "Title: S\nDate: 2021-03-01\nSummary: Title: not metadata\n    second line\n\nBody.\n",
}


@pytest.mark.parametrize("name", sorted(POSTS))
def test_parse_markdown_metadata_is_pelicans_own(tmp_path, name):
    path = tmp_path / name
    path.write_text(POSTS[name], encoding="utf-8")
    config = settings(MARKDOWN=copy.deepcopy(DEFAULT_CONFIG["MARKDOWN"]))
    _, expected = MarkdownReader(config).read(str(path))
    reader = YamlFrontMatterReader(config)
    for _ in range(2):  # the same converters, reused for a second file
        _, metadata = reader.read(str(path))
        assert metadata == expected, "MarkdownReader._parse_metadata changed: compare parse_markdown_metadata"
    assert all("meta" not in converter.preprocessors for key, converter in reader._converters.items() if not key[1])
    assert all("meta" in converter.preprocessors for key, converter in reader._converters.items() if key[1]), (
        "parse_markdown_metadata left the document converter without its meta preprocessor"
    )


def test_footnote_nbsp_is_the_placeholder_markdown_turns_into_a_no_break_space():
    md = Markdown(extensions=["footnotes"])
    footnotes = md.parser.md.treeprocessors["footnote"].footnotes
    assert FootnotePostprocessor(footnotes).run(f"a{compat.FOOTNOTE_NBSP}b") == "a&#160;b", (
        "markdown.extensions.footnotes changed its NBSP_PLACEHOLDER"
    )


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
        self.records.append(record)


def test_reset_log_limits_lets_pelican_log_a_warning_again():
    logger = logging.getLogger("test_compat_limits")
    if not any(isinstance(item, LimitFilter) for item in logger.filters):  # Pelican's LimitLogger adds one
        logger.addFilter(LimitFilter())
    recorder = Recorder()
    logger.addHandler(recorder)
    try:
        logger.warning("the same warning")
        logger.warning("the same warning")
        assert recorder.messages == ["the same warning"], "Pelican's LimitFilter no longer logs a text once"
        compat.reset_log_limits()
        logger.warning("the same warning")
        assert recorder.messages == ["the same warning"] * 2, "Pelican's LimitFilter keeps its state elsewhere"
    finally:
        logger.removeHandler(recorder)


def cached_build(tmp_path: Path, **extra) -> tuple[dict, Path, Path]:
    """A one-post site built once with Pelican's content cache on: (settings, content folder, cache folder)."""
    content, cache = tmp_path / "content", tmp_path / "cache"
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "post.md").write_text("Title: Post\nDate: 2021-03-01\n\nBody.\n", encoding="utf-8")
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"), "ARTICLE_PATHS": ["posts"]}
    overrides |= {"PLUGINS": [], "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
    config = read_settings(override={**overrides, **extra})
    Pelican(config).run()
    return config, content, cache


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_drop_content_cache_deletes_the_files_pelicans_generators_load(tmp_path, layer):
    config, content, cache = cached_build(tmp_path, CONTENT_CACHING_LAYER=layer)
    written = {path.name for path in cache.iterdir()}
    named = {path.name for path in compat.content_cache_files(config)}
    expected = {"ArticlesGenerator-Readers", "PagesGenerator-Readers"} if layer == "reader" else set()
    expected = expected or {"ArticlesGenerator", "PagesGenerator"}
    assert expected <= written, f"Pelican 4.12 wrote {sorted(expected)} in CACHE_PATH; this Pelican wrote {written}"
    assert written <= named, f"Pelican's content cache has files content_cache_files does not name: {written - named}"

    def loaded() -> dict:
        """What a generator made now would find in its cache (Pelican loads it when the generator is made)."""
        articles = ArticlesGenerator(
            context=config.copy(), settings=config, path=str(content), theme=config["THEME"], output_path=""
        )
        return articles._cache if layer == "generator" else articles.readers._cache

    assert loaded(), "Pelican did not load its content cache from the file content_cache_files names"
    compat.drop_content_cache(config)
    assert not [path for path in compat.content_cache_files(config) if path.exists()]
    assert loaded() == {}, "drop_content_cache left a content cache that Pelican still loads"


@pytest.mark.parametrize("gzipped", [True, False])
def test_drop_unfinished_content_cache_deletes_what_a_stopped_build_left(tmp_path, gzipped):
    config, _, cache = cached_build(tmp_path, GZIP_CACHE=gzipped)
    articles, pages = cache / "ArticlesGenerator-Readers", cache / "PagesGenerator-Readers"
    assert compat.drop_unfinished_content_cache(config) == [], "a finished cache file was taken for a cut one"
    whole = articles.read_bytes()
    articles.write_bytes(b"")  # killed right after Pelican opened it
    pages.write_bytes(whole[: len(whole) // 2])  # killed half-way
    with pytest.raises(EOFError):  # Pelican 4.12 stops on it; if it no longer does, this touch can go
        Pelican(config).run()
    assert sorted(compat.drop_unfinished_content_cache(config)) == sorted([articles, pages])
    Pelican(config).run()  # builds again, and writes the cache anew
    assert articles.exists() and compat.drop_unfinished_content_cache(config) == []


PRIVATE = {
    "Content._content": r"(?<![\w.])_content\b|\._content\b",
    "Content._summary": r"\._summary\b|\b_summary\s*=|\"_summary\"",
    "Content._context": r"\._context\b|\"_context\"",
    "Content.__dict__ (memo caches)": r"Content\.__dict__",
    "MarkdownReader._parse_metadata": r"_parse_metadata",
    "DUPLICATES_DEFINITIONS_ALLOWED": r"DUPLICATES_DEFINITIONS_ALLOWED",
    "override_url / override_save_as": r"override_(url|save_as)",
    "Pelican.delete_outputdir": r"delete_outputdir",
    "the order of Pelican's generator list": (
        r"generators\.(remove|insert|pop|sort|reverse)\(|generators\[[^]]*:[^]]*\]\s*="
    ),
    "Pelican's LimitFilter state": r"LimitFilter|_raised_messages|_group_count",
    "Markdown footnotes' NBSP placeholder": r"qq3936677670287331zz|NBSP_PLACEHOLDER",
    "Pelican's content cache files": r"-Readers\b|CachingGenerator|_cache_path|\._cache\b",
    "Writer._open_w and its records": r"_open_w\b|_written_files|_overridden_files",
}


# --- AtomicWriter ---------------------------------------------------------------------------------------------


def writers(tmp_path):
    folders = {name: tmp_path / name for name in ("pelican", "atomic")}
    site = settings(SITEURL="https://example.org", FEED_DOMAIN="https://example.org")
    return [
        (Writer(str(folders["pelican"]), settings=site), folders["pelican"]),
        (compat.AtomicWriter(str(folders["atomic"]), settings=site), folders["atomic"]),
    ]


def test_atomic_writer_writes_the_pages_and_feeds_pelicans_writer_writes(tmp_path):
    template = Environment().from_string("<h1>{{ title }}</h1>\n<p>é “quoted”</p>\n")
    results = []
    for writer, folder in writers(tmp_path):
        post = article(SITEURL="https://example.org", FEED_DOMAIN="https://example.org")
        writer.write_file("a/index.html", template, {"title": "T"}, override_output=False)
        feed_context = {"SITENAME": "S", "SITEURL": "https://example.org", "FEED_DOMAIN": "https://example.org"}
        writer.write_feed([post], feed_context, "feeds/all.atom.xml")
        files = {path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file()}
        results.append({name: (path.read_bytes(), path.stat().st_mode) for name, path in files.items()})
    assert results[0] == results[1], "AtomicWriter no longer writes what Pelican's Writer writes (bytes, mode)"
    assert sorted(results[1]) == ["a/index.html", "feeds/all.atom.xml"]  # no temporary file left


def test_atomic_writer_keeps_pelicans_checks_against_writing_a_file_twice(tmp_path):
    template = Environment().from_string("x")
    for writer, _folder in writers(tmp_path):
        writer.write_file("once.html", template, {})
        with pytest.raises(FileOverwriteFailedError):
            writer.write_file("once.html", template, {})
        writer.write_file("once.html", template, {}, override_output=True)  # allowed once
        with pytest.raises(FileOverwriteFailedError):
            writer.write_file("once.html", template, {}, override_output=True)


def test_atomic_writer_leaves_the_old_page_until_the_new_one_is_complete(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("old page", encoding="utf-8")
    writer = compat.AtomicWriter(str(tmp_path), settings=settings())
    with writer._open_w(str(page), "utf-8") as file:
        file.write("new page, first half")
        file.flush()
        assert page.read_text(encoding="utf-8") == "old page"  # what a reader gets meanwhile
        file.write(", second half")
    assert page.read_text(encoding="utf-8") == "new page, first half, second half"
    with pytest.raises(ValueError), writer._open_w(str(tmp_path / "other.html"), "utf-8") as file:
        file.write("cut")
        raise ValueError("the template failed")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["page.html"]  # nothing half-written left


def test_private_names_only_here():
    found = []
    for path in sorted(PLUGINS.rglob("*.py")):
        if path.name == "pelican_compat.py" and path.parent == PLUGINS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for what, pattern in PRIVATE.items():
                if re.search(pattern, line):
                    found.append(f"{path.relative_to(PLUGINS.parent)}:{number}: {what}: {line.strip()}")
    assert not found, "Pelican's or Markdown's internals outside plugins/pelican_compat.py:\n" + "\n".join(found)
