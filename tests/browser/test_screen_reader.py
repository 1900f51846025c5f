"""What a screen reader hears, read from Chromium's accessibility tree (CDP ``Accessibility.getFullAXTree``): each
chart is named once, by its caption; each comment is an article named by its author and date; a scenario's title
is read once (the note is not named after it as well)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SERIES = "series/ivig-updates/"
POST = "2019/01/ivig-approved/"


def tree(page) -> list[tuple[str, str]]:
    """(role, name) of every node of the page's accessibility tree a screen reader meets."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return [
        (node.get("role", {}).get("value", ""), node.get("name", {}).get("value", ""))
        for node in nodes
        if not node.get("ignored") and node.get("role", {}).get("value") != "InlineTextBox"
    ]


def named(nodes, text: str) -> list[tuple[str, str]]:
    """The nodes other than text itself whose name holds ``text``."""
    return [(role, name) for role, name in nodes if role != "StaticText" and text in name]


def test_each_chart_is_named_once_by_its_caption(page, base_url):
    page.goto(f"{base_url}/{SERIES}")
    captions = page.locator("figure.chart-figure figcaption").evaluate_all(
        "cs => cs.map(c => ['.chart-title', '.chart-summary'].map(s => c.querySelector(s).textContent))"
    )
    assert len(captions) >= 3
    nodes = tree(page)
    for title, summary in captions:
        assert [(role, name) for role, name in named(nodes, title) if name == title] == [("figure", title)]
        assert named(nodes, summary) == [], f"the summary of {title!r} is a name too"
        assert [name for role, name in nodes if role == "StaticText" and name == summary] == [summary]


def test_each_comment_is_an_article_named_by_its_author_and_date(page, base_url):
    page.goto(f"{base_url}/{POST}")
    comments = page.locator("#comments article.comment-body").evaluate_all(
        "as => as.map(a => ['.comment-author', 'time'].map(s => a.querySelector(s).textContent.trim()))"
    )
    assert len(comments) == 13
    articles = [name for role, name in tree(page) if role == "article" and name]
    assert sorted(articles) == sorted(f"{author} {date}" for author, date in comments)  # the tree's order differs


def test_a_scenario_title_is_heard_once(page, base_url):
    page.goto(f"{base_url}/{POST}")
    nodes = tree(page)
    for title in ("Best case", "Worst case", "Most likely case"):
        assert named(nodes, title) == [], f"{title!r} is also a name"
        heard = [name for _, name in nodes if name == title]
        assert len(heard) == 1, f"{title!r} is heard {len(heard)} times"
    folded = "Update, March 2019"  # a folded callout: its title is the control that opens it, and only that
    assert named(nodes, folded) == [("DisclosureTriangle", folded)]
    assert [role for role, _ in nodes].count("note") == 5
