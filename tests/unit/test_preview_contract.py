"""What the preview's worker (plugins/preview/worker.py) relies on in Pelican: if an upgrade breaks one of these,
the fast path of ``make devserver`` breaks, and this test says which promise changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican import Pelican, signals
from pelican.contents import Article, Page
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError, Writer

from plugins.preview.worker import DOCUMENT_LISTS


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny")
    (folder / "content" / "posts").mkdir(parents=True)
    (folder / "content" / "pages").mkdir()
    (folder / "content" / "posts" / "one.md").write_text("Title: One\nDate: 2020-01-01\n\nFirst.\n", encoding="utf-8")
    (folder / "content" / "pages" / "about.md").write_text("Title: About\n\nMe.\n", encoding="utf-8")
    settings = read_settings(
        None,
        override={
            "PATH": str(folder / "content"),
            "OUTPUT_PATH": str(folder / "output"),
            "ARTICLE_PATHS": ["posts"],
            "PAGE_PATHS": ["pages"],
            "PLUGINS": [],
            # The site's theme: a plugin an earlier build in this process registered stays connected to
            # Pelican's signals (blinker's are global) and may add its page (search.html) to any build.
            "THEME": str(Path(__file__).resolve().parents[2] / "theme"),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
        },
    )
    order: list[str] = []
    seen: dict = {}

    def finalized(generators):
        order.append("all_generators_finalized")
        seen["generators"] = list(generators)

    def get_writer(pelican):
        order.append("get_writer")

    def written(path, context=None):
        order.append("content_written")

    signals.all_generators_finalized.connect(finalized)
    signals.get_writer.connect(get_writer)
    signals.content_written.connect(written)
    try:
        pelican = Pelican(settings)
        pelican.run()
    finally:
        signals.all_generators_finalized.disconnect(finalized)
        signals.get_writer.disconnect(get_writer)
        signals.content_written.disconnect(written)
    return folder, seen["generators"], order


def test_get_writer_is_sent_after_reading_and_before_anything_is_written(tiny_site):
    _folder, _generators, order = tiny_site
    assert order.index("all_generators_finalized") < order.index("get_writer") < order.index("content_written"), (
        "Pelican no longer sends get_writer between reading and writing: the preview can no longer stop a "
        "failed build before it writes (PreviewAbortError in plugins/preview/worker.py)"
    )


def test_documents_are_found_by_source_path_and_in_the_generators_lists(tiny_site):
    _folder, generators, _order = tiny_site
    generated = generators[0].context["generated_content"]
    assert isinstance(generated.get("posts/one.md"), Article), "context['generated_content'] changed"
    assert isinstance(generated.get("pages/about.md"), Page), "context['generated_content'] changed"
    names = {
        name for generator in generators for name in DOCUMENT_LISTS if isinstance(getattr(generator, name, None), list)
    }
    assert {"articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"} <= names


def test_a_document_can_be_read_again_with_the_generators_readers(tiny_site):
    _folder, generators, _order = tiny_site
    articles = next(generator for generator in generators if hasattr(generator, "articles"))
    again = articles.readers.read_file(
        base_path=articles.path, path="posts/one.md", content_class=Article, context=articles.context
    )
    assert again.title == "One" and again.save_as == articles.articles[0].save_as


def test_a_writer_refuses_a_second_write_so_each_fast_render_has_its_own(tiny_site, tmp_path):
    _folder, generators, _order = tiny_site
    articles = next(generator for generator in generators if hasattr(generator, "articles"))
    article = articles.articles[0]
    writer = Writer(str(tmp_path), settings=articles.settings)
    template = articles.get_template(article.template)
    writer.write_file(article.save_as, template, articles.context, article=article)
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file(article.save_as, template, articles.context, article=article)
    Writer(str(tmp_path), settings=articles.settings).write_file(
        article.save_as, template, articles.context, article=article
    )
    assert "First." in (tmp_path / article.save_as).read_text(encoding="utf-8")


def test_a_document_with_its_own_save_as_may_overwrite(tiny_site):
    from plugins.pelican_compat import may_overwrite, skip_writing

    _folder, generators, _order = tiny_site
    article = next(generator for generator in generators if hasattr(generator, "articles")).articles[0]
    assert not may_overwrite(article)
    skip_writing(article)  # sets override_save_as, as a Save_as: field does
    assert may_overwrite(article), "Pelican's override_save_as changed: the preview's fast path renders pages wrong"
