"""The page-type discovery the browser gates use: required types, optional ones, the richest article."""

from __future__ import annotations

import pytest

from tests.sitepages import OPTIONAL, REQUIRED, page_types

ARTICLE = '<meta property="og:type" content="article"><nav><a href="/glossary/">Glossary</a></nav><main>{}'


def write(path, text=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_sample_site_has_every_required_type(site):
    found = {kind.name: kind.url for kind in page_types(site.output)}
    assert set(REQUIRED) | {"article", "page"} <= set(found)
    assert found["index"] == "" and found["404"] == "404.html" and found["archives"] == "archives/"
    assert not any(url.startswith("drafts/") for url in found.values())


def test_optional_types_join_when_their_page_exists_and_the_richest_article_is_chosen(tmp_path):
    for pattern in REQUIRED.values():
        write(tmp_path / pattern.replace("*", "x").replace("[0-9]", "1"))
    write(tmp_path / "about" / "index.html", '<main><article class="page"><h1>About</h1></article></main>')
    write(tmp_path / "2019" / "01" / "plain" / "index.html", ARTICLE.format("<p>text</p>"))
    write(
        tmp_path / "2019" / "02" / "rich" / "index.html",
        ARTICLE.format('<aside class="callout"></aside><a href="../../../glossary/#ivig">IVIG</a>')
        + '<section id="comments"><article id="comment-1"></article></section>',
    )
    write(tmp_path / "drafts" / "richer" / "index.html", ARTICLE.format('<aside class="callout"></aside>' * 3))
    write(tmp_path / "glossary" / "index.html", "<main><h1>Glossary</h1></main>")
    write(tmp_path / "series" / "ivig-updates" / "index.html")
    found = {kind.name: kind.url for kind in page_types(tmp_path)}
    assert found["article"] == "2019/02/rich/"
    assert found["page"] == "about/"
    assert found["glossary"] == "glossary/" and found["series"] == "series/ivig-updates/"
    assert "search" not in found and "series list" not in found
    assert set(found) - set(REQUIRED) - {"article", "page"} <= set(OPTIONAL)


def test_a_missing_required_type_is_named(tmp_path):
    write(tmp_path / "index.html")
    with pytest.raises(LookupError, match="no archives page"):
        page_types(tmp_path)
