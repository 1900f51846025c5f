"""Related-post scoring on plain objects: weights, series forms, deterministic order."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from plugins.related.scoring import related_posts, score, series_key
from plugins.series.model import Month, Series, SeriesDefinition, SeriesPosition
from plugins.shared.contracts import SeriesMembership


class Tag:
    def __init__(self, name: str) -> None:
        self.name = name
        self.slug = name.lower().replace(" ", "-")

    def __str__(self) -> str:
        return self.name


def post(slug: str, date: str, tags=(), terms=None, series=None, source=None) -> SimpleNamespace:
    article = SimpleNamespace(
        slug=slug,
        date=datetime.fromisoformat(date),
        tags=[Tag(name) for name in tags],
        series=SimpleNamespace(slug=series) if series else None,  # the shape of the series plugin's SeriesPosition
        source_path=source or f"/content/{slug}.md",
    )
    if terms is not None:
        article.glossary_terms = list(terms)
    return article


def test_score_adds_weighted_tags_terms_and_series():
    article = post("a", "2020-01-01", tags=["IVIG", "POTS"], terms=["ivig", "pots"], series="updates")
    other = post("b", "2020-02-01", tags=["ivig"], terms=["pots", "scig"], series="updates")
    result = score(article, other, {"tags": 2, "glossary_terms": 1, "series": 3})
    assert (result.score, result.shared_tags, result.shared_terms, result.same_series) == (6, ["IVIG"], ["pots"], True)


def test_the_series_is_read_from_the_series_plugins_position_only():
    definition = SeriesDefinition(slug="ivig-updates", title="IVIG updates", source_path="series/ivig-updates.md")
    series = Series(definition, [], "series/ivig-updates/", "", None, None)
    position = SeriesPosition(series, 1, Month(2020, 1))
    assert isinstance(position, SeriesMembership), "the series plugin's SeriesPosition no longer has a slug"
    assert series_key(SimpleNamespace(series=position)) == "ivig-updates"
    # The raw `Series:` text (the series plugin off, or not resolved by it) and None are no series.
    assert series_key(SimpleNamespace(series="ivig-updates")) is None
    assert series_key(SimpleNamespace(series=None)) is None
    assert series_key(SimpleNamespace()) is None


def test_posts_without_glossary_terms_or_tags_still_score():
    article = post("a", "2020-01-01", series="s")
    assert score(article, post("b", "2020-01-02", series="s")).score == 2
    assert score(article, post("c", "2020-01-02")).score == 0


def test_order_is_score_then_newer_then_slug_and_never_itself():
    article = post("me", "2020-01-01", tags=["x", "y"])
    candidates = [
        article,
        post("b-same-day", "2019-06-01", tags=["x"]),
        post("a-same-day", "2019-06-01", tags=["x"]),
        post("newest-one-tag", "2021-01-01", tags=["y"]),
        post("two-tags", "2018-01-01", tags=["x", "y"]),
        post("nothing", "2022-01-01", tags=["z"]),
        post("copy-of-me", "2020-01-01", tags=["x", "y"], source="/content/me.md"),
    ]
    chosen = [item.article.slug for item in related_posts(article, candidates, limit=10)]
    assert chosen == ["two-tags", "newest-one-tag", "a-same-day", "b-same-day"]
    assert [item.article.slug for item in related_posts(article, reversed(candidates), limit=10)] == chosen
    assert [item.article.slug for item in related_posts(article, candidates, limit=2)] == chosen[:2]
    assert related_posts(article, candidates, limit=0) == []


def test_repeated_terms_count_once():
    article = post("a", "2020-01-01", terms=["ivig", "ivig", "pots"])
    assert score(article, post("b", "2020-01-01", terms=["ivig"])).shared_terms == ["ivig"]
