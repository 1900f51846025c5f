"""The Markdown extension finds exactly the terms the HTML linker finds, and its marks never reach a page."""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.callouts import CalloutsExtension
from plugins.essentials import FiguresExtension
from plugins.glossary.data import parse_glossary
from plugins.glossary.extension import MARKING_KEY, MARKS_PREFIX, GlossaryExtension, TermMarking, take_marks
from plugins.glossary.generator import matcher_digest, render_link
from plugins.glossary.linker import apply_marks, link_terms
from plugins.glossary.matcher import TermMatcher

from .test_glossary_linker import GLOSSARY

MATCHER = TermMatcher(parse_glossary(GLOSSARY, "glossary.yaml").terms)
MAKE_LINK = partial(render_link, href="/glossary/")
OTHER_EXTENSIONS = ["extra", "toc", "abbr"]


def glossary_extension(matcher: TermMatcher = MATCHER) -> GlossaryExtension:
    return GlossaryExtension(TermMarking(matcher, matcher_digest(matcher)))


def convert(text: str, *extensions) -> str:
    others = [*OTHER_EXTENSIONS, CalloutsExtension(), FiguresExtension()]
    return markdown.Markdown(extensions=[*others, *extensions], output_format="html5").convert(text)


def through_the_tree(text: str, mode: str = "every"):
    """Markdown with the extension, its marks taken off and applied: what a build does."""
    document = SimpleNamespace(_content=convert(text, glossary_extension()), metadata={})
    take_marks(document)
    if not document._content:  # Markdown returns "" for an empty text before its postprocessors run
        return "", apply_marks("", [], mode, MAKE_LINK, MATCHER.terms_by_slug)
    marks = document._glossary_marks
    assert marks.digest == matcher_digest(MATCHER) and marks.length == len(document._content)
    return document._content, apply_marks(document._content, marks.decode(), mode, MAKE_LINK, MATCHER.terms_by_slug)


CASES = [
    "I take IVIG, then IVIG again, and POTS.",
    "My IVIG&rsquo;s dose; Sj&ouml;gren&rsquo;s syndrome; Sjögren’s; off label; off-label; &notIVIG; &amp;POTS",
    "## POTS in a heading\n\nThen `POTS` in code and [POTS](https://example.org) in a link, then POTS.",
    "    IVIG in a code block\n\nAnd IVIG.",
    "```\nIVIG fenced\n```\n\nIVIG after.",
    'Inline <span class="no-glossary">POTS and *IVIG*</span>, then POTS and IVIG.',
    "Raw <kbd>POTS</kbd>, <abbr>IVIG</abbr>, <dfn>POTS</dfn>, <!-- IVIG --> then IVIG and POTS.",
    "<div>\nIVIG in a raw block, <code>POTS</code> &amp; POTS.\n</div>\n\nAfter the block: POTS.",
    '<div class="no-glossary">\nIVIG in a raw block the author closed to links.\n</div>\n\nIVIG.',
    '<div class="no-glossary" markdown="1">\nIVIG in *Markdown* inside HTML.\n</div>\n\nIVIG.',
    "A paragraph closed to links.\nIVIG there.\n{: .no-glossary }\n\nIVIG here.",
    "> [!note] About POTS\n> POTS inside the callout body.\n\nPOTS after.",
    "> [!best-case]- IVIG folded\n> Tachycardia.",
    "IVIG[^1] and a note.\n\n[^1]: The note mentions aseptic meningitis",
    "*[POTS]: postural orthostatic tachycardia syndrome\n\nPOTS is an abbreviation here; IVIG is not.",
    "| IVIG | POTS |\n| --- | --- |\n| infusion | `SCIG` |",
    "Term\n:   IVIG, defined\n\n* infusions\n* aseptic meningitis, meningitis",
    '![IVIG alt](x.png "An IVIG infusion")\n\nCaption above.',
    "Escaped \\*IVIG\\* and IVIG\\'s and a <b>tachycardia</b> tag.",
    "Unclosed <span class='no-glossary'>POTS\n\nNext paragraph: POTS.",
    "<script>var POTS = 1;</script>\n\n<style>.IVIG {}</style>\n\nPOTS",
    "> [!update]- Folded\n> IVIG and POTS.\n\nIVIG later, in sight.\n\n> [!update]+ Open\n> POTS.",
    "<details><summary>More</summary>\nIVIG folded in raw HTML.\n</details>\n\nIVIG.\n\n<details open>POTS</details>",
    "",
]


@pytest.mark.parametrize("text", CASES)
@pytest.mark.parametrize("mode", ["first", "every", "off"])
def test_the_tree_finds_what_the_html_linker_finds(text, mode):
    plain = convert(text)
    unlinked, result = through_the_tree(text, mode)
    assert unlinked == plain  # the marks are all the extension adds, and they come off
    expected = link_terms(plain, MATCHER, mode, MAKE_LINK)
    assert (result.html, result.used, result.linked) == (expected.html, expected.used, expected.linked)


def test_the_contexts_that_are_never_linked():
    _, result = through_the_tree(CASES[5] + "\n\n" + CASES[6] + "\n\n" + CASES[8], "every")
    assert 'no-glossary">POTS and <em>IVIG</em>' in result.html
    assert "<kbd>POTS</kbd>" in result.html and "<!-- IVIG -->" in result.html
    assert "IVIG in a raw block the author closed" in result.html


def test_a_raw_html_block_is_linked_like_the_rest():
    _, result = through_the_tree(CASES[7], "every")
    assert result.html.startswith('<div>\n<span class="glossary-term"><span class="glossary-tip"')
    assert "<code>POTS</code>" in result.html


def test_a_folded_callout_does_not_use_up_the_first_link():
    _, result = through_the_tree(CASES[-3], "first")
    soup = BeautifulSoup(result.html, "html.parser")
    folded = [a.get_text() for a in soup.select("details:not([open]) a.glossary-link")]
    in_sight = [a.get_text() for a in soup.select("a.glossary-link") if not a.find_parent("details", open=False)]
    assert folded == ["IVIG", "POTS"]  # a reader who opens the box finds the links there
    assert in_sight == ["IVIG", "POTS"]  # and one who does not meets them in the text and the open box
    assert result.used == ["ivig", "pots"] and result.linked == 4


def test_raw_closed_details_do_not_use_up_the_first_link_either():
    _, result = through_the_tree(CASES[-2], "first")
    soup = BeautifulSoup(result.html, "html.parser")
    assert [a.get_text() for a in soup.select("a.glossary-link")] == ["IVIG", "IVIG", "POTS"]
    ids = [tip["id"] for tip in soup.select(".glossary-tip")]
    assert ids == ["glossary-tip-ivig", "glossary-tip-ivig-2", "glossary-tip-pots"]


WORDS = st.sampled_from(
    [
        "IVIG", "IVIG's", "IVIG&rsquo;s", "POTS", "pots", "Sjögren", "Sj&ouml;gren's syndrome", "aseptic",
        "meningitis", "off-label", "off", "label", "&amp;", "&notIVIG", "the", "’", "-", "`POTS`", "*IVIG*",
        "**aseptic meningitis**", "[POTS](x)", "<kbd>IVIG</kbd>", '<span class="no-glossary">POTS</span>',
        "<b>", "</b>", "\\*", "Σ", "\n", "\n\n", "\n\n## ", "\n\n> ", "\n\n* ", "\n\n    ", "\n\n<div>\n",
        "\n</div>\n\n", "\n\n> [!update]- Folded\n> ", "\n\n<details>\n", "\n</details>\n\n",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=30).map(" ".join), st.sampled_from(["first", "every", "off"]))
def test_any_markdown_is_linked_as_the_html_linker_would(text, mode):
    plain = convert(text)
    unlinked, result = through_the_tree(text, mode)
    assert unlinked == plain
    expected = link_terms(plain, MATCHER, mode, MAKE_LINK)
    assert (result.html, result.used) == (expected.html, expected.used)


def test_formatted_metadata_loses_its_marks_and_is_never_linked():
    summary = convert("A summary about IVIG.", glossary_extension())
    assert MARKS_PREFIX in summary
    document = SimpleNamespace(_content="<p>x</p>", metadata={"summary": summary}, _summary=summary)
    take_marks(document)
    assert document.metadata["summary"] == document._summary == "<p>A summary about IVIG.</p>"


def test_without_a_glossary_markdown_is_left_alone():
    empty = GlossaryExtension()
    assert convert("IVIG", empty) == convert("IVIG") == "<p>IVIG</p>"


def test_the_extension_finds_the_builds_terms_in_the_context_when_a_converter_is_made():
    context: dict = {}
    extension = GlossaryExtension(context=context)  # given to the readers before the build's terms are known
    assert convert("IVIG", extension) == "<p>IVIG</p>"
    context[MARKING_KEY] = TermMarking(MATCHER, matcher_digest(MATCHER))
    assert convert("IVIG", extension).startswith("<p>IVIG</p>" + MARKS_PREFIX + matcher_digest(MATCHER))


def test_the_digest_changes_with_the_terms_but_not_with_the_definitions():
    edited = GLOSSARY.replace("Antibodies given through a vein.", "Something else entirely.")
    assert matcher_digest(TermMatcher(parse_glossary(edited, "g.yaml").terms)) == matcher_digest(MATCHER)
    for change in ("  aliases: [IVIg]\n", "- name: POTS\n"):
        replacement = "  aliases: [IVIg, IV Ig]\n" if "aliases" in change else "- name: POTS\n  slug: pots-2\n"
        other = TermMatcher(parse_glossary(GLOSSARY.replace(change, replacement), "g.yaml").terms)
        assert matcher_digest(other) != matcher_digest(MATCHER)
