"""The linking rules, one test each: Markdown or HTML in, HTML out."""

from __future__ import annotations

import html
import re
from functools import partial

import lxml.html
import markdown
import pytest
from bs4 import BeautifulSoup

from plugins.glossary.data import parse_glossary
from plugins.glossary.generator import render_link
from plugins.glossary.linker import link_terms, strip_tooltips
from plugins.glossary.matcher import TermMatcher, fold, form_pattern

GLOSSARY = """
- name: IVIG
  expansion: intravenous immunoglobulin
  aliases: [IVIg]
  definition: Antibodies given through a vein.
- name: SCIG
  definition: Antibodies given under the skin.
- name: immunoglobulin
  definition: Antibodies.
- name: POTS
  definition: A fast heart on standing.
- name: Sjögren's syndrome
  aliases: [Sjögren syndrome, Sjögren]
  definition: Dry eyes and mouth.
- name: meningitis
  definition: Swelling around the brain.
- name: aseptic meningitis
  definition: Meningitis without an infection.
- name: off-label use
  aliases: [off-label]
  definition: A use that is not the approved one.
- name: tachycardia
  definition: A fast heart rate.
- name: infusion
  definition: Medicine through a drip.
"""
TERMS = parse_glossary(GLOSSARY, "glossary.yaml").terms
MATCHER = TermMatcher(TERMS)
MAKE_LINK = partial(render_link, href="/glossary/")


def link(source: str, mode: str = "first"):
    return link_terms(source, MATCHER, mode, MAKE_LINK)


def linked(source: str, mode: str = "first") -> list[tuple[str, str]]:
    """(link text, term slug) for every glossary link in the output."""
    soup = BeautifulSoup(link(source, mode).html, "html.parser")
    return [(a.get_text(), a["href"].split("#")[1]) for a in soup.select("a.glossary-link")]


def from_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=["extra", "smarty"], output_format="html")


def visible_text(markup: str) -> str:
    """The text a reader sees, tooltips (hidden until asked for) left out; whitespace kept as it is."""
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for tooltip in root.find_class("glossary-tip"):
        tooltip.drop_tree()
    return root.text_content()


def test_the_first_occurrence_in_a_post_is_linked_by_default():
    assert linked("<p>IVIG, then IVIG again.</p><p>And IVIG.</p>") == [("IVIG", "ivig")]


def test_every_mode_links_every_occurrence_with_unique_ids():
    result = link("<p>IVIG, then IVIG again.</p><p>And IVIG.</p>", "every")
    soup = BeautifulSoup(result.html, "html.parser")
    assert [a.get_text() for a in soup.select("a.glossary-link")] == ["IVIG"] * 3
    ids = [tip["id"] for tip in soup.select(".glossary-tip")]
    assert ids == ["glossary-tip-ivig", "glossary-tip-ivig-2", "glossary-tip-ivig-3"]


def test_off_mode_links_nothing_but_still_records_the_terms_used():
    result = link("<p>POTS and IVIG.</p>", "off")
    assert result.html == "<p>POTS and IVIG.</p>"
    assert result.used == ["pots", "ivig"]


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="unknown glossary mode"):
        link("<p>POTS</p>", "sometimes")


def test_terms_used_are_listed_in_order_of_first_use():
    result = link("<p>Tachycardia from POTS; POTS again; then IVIG and tachycardia.</p>")
    assert result.used == ["tachycardia", "pots", "ivig"]


@pytest.mark.parametrize(
    "text",
    ["POTSDAM", "IVIGX", "preinfusion", "tachycardiac", "XIVIG", "infusion2"],
)
def test_only_whole_words_are_linked(text):
    assert linked(f"<p>{text}</p>") == []


def test_abbreviations_in_capitals_match_only_in_capitals():
    assert linked("<p>Pots and pans, a pot of tea, Pots.</p>") == []
    assert linked("<p>pots and pans, then POTS.</p>") == [("POTS", "pots")]
    assert linked("<p>ivig is not IVIG</p>") == [("IVIG", "ivig")]


def test_other_names_match_in_any_case():
    assert linked("<p>Tachycardia.</p>") == [("Tachycardia", "tachycardia")]
    assert linked("<p>ASEPTIC MENINGITIS</p>") == [("ASEPTIC MENINGITIS", "aseptic-meningitis")]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("<p>My IVIG's dose.</p>", "IVIG's"),
        ("<p>My IVIG’s dose.</p>", "IVIG’s"),
        ("<p>My IVIG&rsquo;s dose.</p>", "IVIG’s"),
        ("<p>Two infusions.</p>", "infusions"),
        ("<p>Sjogren's syndrome</p>", "Sjogren's syndrome"),
        ("<p>Sjogren’s syndrome</p>", "Sjogren’s syndrome"),
        ("<p>Sjögren's syndrome</p>", "Sjögren's syndrome"),
        ("<p>Sj&ouml;gren&rsquo;s syndrome</p>", "Sjögren’s syndrome"),
        ("<p>Sjögren syndrome</p>", "Sjögren syndrome"),
        ("<p>I have Sjogren's.</p>", "Sjogren's"),
        ("<p>I have Sjögren’s.</p>", "Sjögren’s"),
        ("<p>Sjo\u0308gren</p>", None),  # decomposed accents are not folded: no link, and no harm
        ("<p>My IVIg.</p>", "IVIg"),
        ("<p>Used off label.</p>", "off label"),
        ("<p>Used off‑label.</p>", "off‑label"),
    ],
)
def test_variants_link_the_same_entry(source, text):
    result = linked(source)
    if text is None:
        assert result == []
    else:
        assert [found for found, _ in result] == [text]


def test_variants_keep_the_source_markup_of_the_linked_text():
    html = link("<p>Sj&ouml;gren&rsquo;s syndrome</p>").html
    assert '">Sj&ouml;gren&rsquo;s syndrome</a>' in html


def test_smarty_apostrophes_from_markdown_are_matched():
    html = from_markdown("I have Sjogren's syndrome and take IVIG's generic.")
    assert "&rsquo;" in html
    assert [slug for _, slug in linked(html)] == ["sjogrens-syndrome", "ivig"]


def test_the_longest_match_wins_and_terms_never_nest():
    result = link("<p>Aseptic meningitis is not meningitis.</p>")
    assert [(a, s) for a, s in linked("<p>Aseptic meningitis is not meningitis.</p>")] == [
        ("Aseptic meningitis", "aseptic-meningitis"),
        ("meningitis", "meningitis"),
    ]
    soup = BeautifulSoup(result.html, "html.parser")
    assert all(a.find("a") is None and a.find_parent("a") is None for a in soup.find_all("a"))


def test_a_shorter_term_inside_a_longer_one_already_linked_stays_unlinked():
    assert linked("<p>IVIG. Then aseptic meningitis, and aseptic meningitis again.</p>") == [
        ("IVIG", "ivig"),
        ("aseptic meningitis", "aseptic-meningitis"),
    ]


@pytest.mark.parametrize(
    "source",
    [
        '<p><a href="/elsewhere">POTS</a></p>',
        "<p><code>POTS</code></p>",
        "<pre>POTS</pre>",
        "<pre><code>POTS\nIVIG</code></pre>",
        "<p><kbd>POTS</kbd></p>",
        "<script>var POTS = 1;</script>",
        "<style>.POTS { color: red }</style>",
        "<h1>POTS</h1>",
        "<h2>About POTS</h2>",
        "<h3>POTS</h3>",
        "<h4>POTS</h4>",
        "<h5>POTS</h5>",
        "<h6>POTS</h6>",
        '<p><abbr title="postural orthostatic tachycardia syndrome">POTS</abbr></p>',
        "<p><dfn>POTS</dfn> is...</p>",
        '<p><img alt="POTS" src="x.png"></p>',
        '<aside class="callout"><p class="callout-title">POTS</p></aside>',
        '<aside class="callout"><div class="callout-title"><strong>About POTS</strong></div></aside>',
        "<title>POTS</title>",
        '<meta name="description" content="POTS">',
        '<p><span class="no-glossary">POTS</span></p>',
        "<!-- POTS -->",
        "<p><button>POTS</button></p>",
    ],
)
def test_terms_are_never_linked_in_no_link_contexts(source):
    result = link(source + "<p>Later: POTS.</p>")
    soup = BeautifulSoup(result.html, "html.parser")
    links = soup.select("a.glossary-link")
    assert len(links) == 1
    assert links[0].find_parent("p").get_text().startswith("Later:")
    assert result.html.startswith(source)


def test_markdown_code_and_headings_are_not_linked():
    html = from_markdown("## POTS and me\n\nSome `POTS` code.\n\n    IVIG block\n\nThen POTS and IVIG.")
    assert linked(html) == [("POTS", "pots"), ("IVIG", "ivig")]
    assert "<h2>POTS and me</h2>" in link(html).html


def test_text_after_a_no_link_element_closes_is_linked_again():
    assert linked("<p><code>POTS <em>x</em></code> and <em>POTS</em></p>") == [("POTS", "pots")]
    assert "<em><span class=" in link("<p><code>POTS <em>x</em></code> and <em>POTS</em></p>").html


def test_linking_adds_only_markup():
    source = from_markdown(
        "I take IVIG for Sjogren's syndrome & POTS; an *infusion* takes hours.\n\n"
        "> Aseptic meningitis, <b>tachycardia</b> &amp; more."
    )
    result = link(source, "every")
    assert result.html != source
    assert visible_text(result.html) == visible_text(source)
    assert re.sub(r"<[^>]+>", "", source) in re.sub(r"<[^>]+>", "", strip_tooltips(result.html))


def test_the_link_carries_an_accessible_tooltip_not_a_title():
    soup = BeautifulSoup(link("<p>I take IVIG.</p>").html, "html.parser")
    term = soup.select_one(".glossary-term")
    anchor = term.select_one("a.glossary-link")
    tip = term.select_one(".glossary-tip")
    assert anchor["href"] == "/glossary/#ivig"
    assert not anchor.has_attr("title")
    assert anchor["aria-describedby"] == tip["id"] == "glossary-tip-ivig"
    assert tip["role"] == "tooltip" and tip.has_attr("hidden")
    assert tip.get_text() == "Intravenous immunoglobulin: Antibodies given through a vein."
    assert term.name == "span" and tip.name == "span"  # phrasing content: valid inside a paragraph


def test_feeds_lose_the_tooltips_but_keep_the_links():
    html = link("<p>I take IVIG for POTS.</p>").html
    stripped = strip_tooltips(html)
    soup = BeautifulSoup(stripped, "html.parser")
    assert [a.get_text() for a in soup.select("a.glossary-link")] == ["IVIG", "POTS"]
    assert "glossary-tip" not in stripped and "aria-describedby" not in stripped
    assert soup.get_text() == "I take IVIG for POTS."


def test_a_term_right_after_a_character_reference_is_linked():
    assert linked("<p>&amp;POTS</p>") == [("POTS", "pots")]
    assert link("<p>&amp;POTS</p>").html.startswith("<p>&amp;<span")


def test_a_match_inside_a_character_reference_is_skipped():
    # Browsers read "&notIVIG" as "¬IVIG": the term starts inside the reference, so it cannot be wrapped.
    assert html.unescape("&notIVIG") == "¬IVIG"
    assert link("<p>&notIVIG</p>").html == "<p>&notIVIG</p>"


def test_folding_keeps_the_length_of_the_text():
    text = "Sjögren’s ‑ Ærø, Łódź, café"
    assert len(fold(text)) == len(text)
    assert fold("Sjögren’s") == "Sjogren's"


def test_one_pattern_for_all_terms():
    assert MATCHER.pattern.pattern.count("(?=") <= 26
    assert MATCHER.pattern.groups == sum(len(term.forms) for term in TERMS)
    assert form_pattern("IVIG") == "IVIG(?:'s|s|es)?"


def test_empty_glossary_and_empty_document_are_left_alone():
    empty = TermMatcher([])
    assert link_terms("<p>POTS</p>", empty, "first", MAKE_LINK).html == "<p>POTS</p>"
    assert link("").html == ""


def test_text_without_letters_is_skipped_only_when_every_term_starts_with_a_letter():
    """Runs such as the newlines between tags hold no term, unless a term starts with punctuation (``±``)."""
    assert MATCHER.needs_a_word
    source = "<ul>\n<li>IVIG</li>\n<li>&rsquo;</li>\n</ul>"
    result = link(source)
    assert result.used == ["ivig"]
    assert strip_tooltips(result.html).count("\n") == source.count("\n")
    symbols = TermMatcher(parse_glossary("- {name: '±', slug: plus-minus, definition: Give or take.}", "g.yaml").terms)
    assert not symbols.needs_a_word
    result = link_terms("<p>±</p>\n<p>± 2</p>", symbols, "every", MAKE_LINK)
    assert result.used == ["plus-minus"]
    assert result.linked == 2
