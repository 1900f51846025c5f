"""Property: whatever the document, linking never changes the visible text and never nests links."""

from __future__ import annotations

import re
from functools import partial

import lxml.html
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.glossary.data import parse_glossary
from plugins.glossary.generator import render_link
from plugins.glossary.linker import link_terms
from plugins.glossary.matcher import TermMatcher, fold, lowercases_in_place, trie_pattern

GLOSSARY = """
- {name: IVIG, aliases: [IVIg], definition: Antibodies through a vein.}
- {name: POTS, definition: A fast heart on standing.}
- {name: "Sjögren's syndrome", aliases: [Sjögren], definition: Dry eyes.}
- {name: meningitis, definition: Swelling around the brain.}
- {name: aseptic meningitis, definition: Swelling without infection.}
- {name: off-label use, aliases: [off-label], definition: Not the approved use.}
- {name: immunoglobulin, definition: Antibodies.}
- {name: IV immunoglobulin, definition: Also IVIG.}
"""
MATCHER = TermMatcher(parse_glossary(GLOSSARY, "glossary.yaml").terms)
MAKE_LINK = partial(render_link, href="/glossary/")

WORDS = st.sampled_from(
    [
        "IVIG", "IVIG's", "IVIG&rsquo;s", "IVIg", "ivig", "POTS", "pots", "POTSy", "Sjögren", "Sjogren&rsquo;s",
        "Sj&ouml;gren's syndrome", "aseptic", "meningitis", "aseptic meningitis", "off-label", "off", "label",
        "IV", "immunoglobulin", "IV immunoglobulin", "&amp;", "&lt;b&gt;", "&notIVIG", "tea", "and", "the", "ö",
        "’", "'", "-", "\n",
    ]
)  # fmt: skip
WRAPPERS = st.sampled_from(
    [
        ("", ""), ("<em>", "</em>"), ("<strong>", "</strong>"), ('<a href="/x">', "</a>"), ("<code>", "</code>"),
        ("<h2>", "</h2>"), ("<abbr>", "</abbr>"), ('<span class="callout-title">', "</span>"), ("<q>", "</q>"),
    ]
)  # fmt: skip


@st.composite
def documents(draw) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        pieces = []
        for _ in range(draw(st.integers(1, 6))):
            words = draw(st.lists(WORDS, min_size=1, max_size=6))
            separator = draw(st.sampled_from([" ", "  ", ", ", "\n"]))
            opening, closing = draw(WRAPPERS)
            pieces.append(f"{opening}{separator.join(words)}{closing}")
        block = draw(st.sampled_from(["p", "li", "blockquote", "td"]))
        paragraphs.append(f"<{block}>{' '.join(pieces)}</{block}>")
    return "\n".join(paragraphs)


def visible_text(markup: str) -> str:
    """The text a reader sees, tooltips (hidden until asked for) left out; whitespace kept as it is."""
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for tooltip in root.find_class("glossary-tip"):
        tooltip.drop_tree()
    return root.text_content()


@settings(max_examples=300, deadline=None)
@given(documents(), st.sampled_from(["first", "every"]))
def test_linking_only_adds_markup_and_never_nests_links(document, mode):
    result = link_terms(document, MATCHER, mode, MAKE_LINK)
    assert visible_text(result.html) == visible_text(document)
    soup = BeautifulSoup(result.html, "html.parser")
    for anchor in soup.find_all("a"):
        assert anchor.find_parent("a") is None and anchor.find("a") is None
        assert anchor.find_parent(["h2", "code", "abbr"]) is None or "glossary-link" not in anchor.get("class", [])
    ids = [element["id"] for element in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for anchor in soup.select("a.glossary-link"):
        assert soup.find(id=anchor["aria-describedby"]) is not None
    if mode == "first":
        slugs = [anchor["href"] for anchor in soup.select("a.glossary-link")]
        assert len(slugs) == len(set(slugs))
    assert link_terms(document, MATCHER, "off", MAKE_LINK).html == document


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(alphabet="aAbIiVGgPpOoTtSs'’- \nö", max_size=12)), max_size=30))
def test_the_word_prefilter_finds_exactly_what_the_pattern_finds(words):
    text = fold(" ".join(words))
    expected = [(found.start(), found.end()) for found in MATCHER.pattern.finditer(text)]
    assert [(match.start, match.end) for match in MATCHER.finditer(text)] == expected


# Capitals whose lowercase is longer (İ), context dependent (Σ) or ASCII (the Kelvin sign): the fast path must
# step aside for them; curly quotes, dashes and lowercase letters outside ASCII let it run.
PLURALS = st.sampled_from(["IVIGes", "IVIGs", "infusions", "meningitises", "offs", "IVs", "IVIGess", "Σ", "ΣIVIG"])
EXOTIC = "aAbIiVGgPpOoTtSs'’- \nöΣσςİ\u212a\u2160ßẞé“”—…"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, PLURALS, st.text(alphabet=EXOTIC, max_size=12)), max_size=30))
def test_the_trie_prefilter_finds_exactly_what_the_word_by_word_prefilter_finds(words):
    text = fold(" ".join(words))
    expected = [(match.start, match.end, match.term.slug) for match in MATCHER._find_word_by_word(text)]
    assert [(match.start, match.end, match.term.slug) for match in MATCHER.finditer(text)] == expected
    if lowercases_in_place(text):
        found = [(match.start, match.end, match.term.slug) for match in MATCHER._find_from_candidates(text)]
        assert found == expected


def test_the_fast_path_is_only_taken_when_lowercasing_keeps_every_offset():
    assert lowercases_in_place("Sjogren's \u201cIVIG\u201d \u2014 caf\u00e9 \u00df")
    for capital in ("\u03a3", "\u0130", "\u212a", "\u1e9e", "\u2160"):
        assert not lowercases_in_place(f"IVIG {capital}")


@given(st.sets(st.text(alphabet="abc.-\u00e9", min_size=1, max_size=5), min_size=1, max_size=8), st.text("abc.-\u00e9"))
def test_the_trie_pattern_matches_exactly_its_words(words, text):
    pattern = re.compile(trie_pattern(words))
    assert pattern.fullmatch(text) is not None if text in words else pattern.fullmatch(text) is None
    for word in words:
        assert pattern.fullmatch(word)
