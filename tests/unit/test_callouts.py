"""Callouts, Markdown in and HTML out: one test (or a few) per rule of the syntax and the rendering."""

from __future__ import annotations

import textwrap

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.callouts.extension import CalloutsExtension
from plugins.callouts.kinds import DEFAULT_LABELS, SCENARIO_KINDS
from plugins.callouts.unknown import callout_words, marker_lines, unknown_callouts

SITE_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.smarty", "markdown.extensions.toc"]


def render(text: str, with_callouts: bool = True, **config) -> str:
    """Render like the site does; a triple-quoted text starting with a newline is dedented first."""
    if text.startswith("\n"):
        text = textwrap.dedent(text).strip("\n")
    extensions = [*SITE_EXTENSIONS, CalloutsExtension(**config)] if with_callouts else SITE_EXTENSIONS
    return markdown.markdown(text, extensions=extensions, output_format="html5")


def soup(text: str, **config) -> BeautifulSoup:
    return BeautifulSoup(render(text, **config), "html.parser")


def only_callout(text: str, **config):
    callouts = soup(text, **config).select("aside.callout")
    assert len(callouts) == 1, callouts
    return callouts[0]


def title_of(aside) -> str:
    return aside.select_one(".callout-title").get_text()


# --- Syntax -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "label"), DEFAULT_LABELS.items())
def test_each_type_renders_a_labelled_aside_titled_with_its_label(kind, label):
    aside = only_callout(f"> [!{kind}]\n> Body text.")
    assert aside["class"] == ["callout", f"callout-{kind}"]
    title = aside.select_one(".callout-title")
    assert title.get_text() == label
    assert title["id"] and not aside.has_attr("aria-labelledby")  # the title is read once, as text
    assert aside["role"] == "note"  # not one more complementary landmark per callout
    assert aside.select_one(".callout-body").get_text(strip=True) == "Body text."


def test_the_scenario_labels_are_the_ones_the_author_uses():
    assert [DEFAULT_LABELS[kind] for kind in SCENARIO_KINDS] == ["Best case", "Most likely case", "Worst case"]


def test_a_title_after_the_marker_replaces_the_label_and_may_hold_inline_markdown():
    aside = only_callout("> [!worst-case] If *nothing* changes\n> Body.")
    assert title_of(aside) == "If nothing changes"
    assert aside.select_one(".callout-title em").get_text() == "nothing"


@pytest.mark.parametrize("marker", ["[!BEST-CASE]", "[!Best-Case]", "[!best-case]"])
def test_the_marker_is_case_insensitive(marker):
    aside = only_callout(f"> {marker}\n> Body.")
    assert aside["class"] == ["callout", "callout-best-case"]
    assert title_of(aside) == "Best case"


def test_minus_makes_a_folded_callout_with_details_and_summary():
    aside = only_callout("> [!update]- Update, March 2019\n> The first month went well.")
    details = aside.find("details", recursive=False)
    assert details is not None and not details.has_attr("open")
    summary = details.find("summary", recursive=False)
    assert summary["class"] == ["callout-title"] and summary.get_text() == "Update, March 2019"
    assert summary["id"] and not aside.has_attr("aria-labelledby")
    assert details.select_one(".callout-body p").get_text() == "The first month went well."
    assert not aside.find("script")


def test_plus_makes_an_unfolded_callout_that_can_still_be_closed():
    html = render("> [!tip]+\n> Drink water.")
    assert "<details open>" in html
    assert BeautifulSoup(html, "html.parser").select_one("details > summary.callout-title").get_text() == "Tip"


def test_the_body_is_full_markdown():
    aside = only_callout(
        """
        > [!most-likely]
        > Somewhere in the *middle*, with [a link](https://example.org/).
        >
        > - fewer fevers
        > - steadier **blood pressure**
        >
        > > A quote inside.
        >
        >     code inside
        """
    )
    body = aside.select_one(".callout-body")
    assert body.select_one("p em").get_text() == "middle"
    assert body.select_one("p a")["href"] == "https://example.org/"
    assert [li.get_text() for li in body.select("ul > li")] == ["fewer fevers", "steadier blood pressure"]
    assert body.select_one("blockquote p").get_text() == "A quote inside."
    assert body.select_one("pre code").get_text() == "code inside\n"


def test_a_callout_can_nest_inside_another():
    outer = soup("> [!note]\n> Outer.\n>\n> > [!warning] Inner\n> > Careful.").select_one("aside.callout-note")
    inner = outer.select_one(".callout-body > aside.callout-warning")
    assert title_of(inner) == "Inner"


@pytest.mark.parametrize(
    "text",
    [
        "1. First step\n\n    > [!tip]\n    > Rest after.\n\n2. Second step",
        "- > [!tip]\n  > Rest after.\n- Second step",
        "- First step\n> [!tip]\n> Rest after.",
    ],
    ids=["indented-under-item", "item-starts-with-quote", "lazy-after-item"],
)
def test_a_callout_inside_a_list_item_works(text):
    page = soup(text)
    aside = page.select_one("li > aside.callout-tip")
    assert aside is not None, page
    assert title_of(aside) == "Tip"
    assert aside.select_one(".callout-body p").get_text() == "Rest after."


def test_a_plain_blockquote_stays_a_plain_blockquote():
    text = "> Just a quote.\n> With two lines."
    assert render(text) == render(text, with_callouts=False)
    assert "<blockquote>" in render(text)


@pytest.mark.parametrize(
    "text",
    [
        "> A quote first.\n> [!best-case] then a marker",
        "> A quote first.\n>\n> [!best-case] in a later paragraph",
        "The marker [!best-case] in running text.",
        "> **[!best-case]** in bold",
        "> \\[!best-case] escaped",
    ],
)
def test_a_marker_anywhere_but_the_first_line_of_a_quote_is_text(text):
    html = render(text)
    assert "<aside" not in html
    assert "[!best-case]" in html
    assert html == render(text, with_callouts=False)


@pytest.mark.parametrize(
    "text",
    [
        "```\n> [!note] in a fenced block\n```",
        "~~~markdown\n> [!note]\n> body\n~~~",
        "    > [!note] in an indented block",
        "Inline `> [!note]` code.",
        "> `[!note]` as inline code on the first line",
        ">     [!note] indented code inside a quote",
    ],
)
def test_markers_in_code_are_left_alone(text):
    html = render(text)
    assert "<aside" not in html and "[!note]" in html
    assert html == render(text, with_callouts=False)


@pytest.mark.parametrize("text", ["> [!note]: https://example.org/", "> [!note](https://example.org/) link"])
def test_link_syntax_that_starts_like_a_marker_stays_a_link(text):
    assert render(text) == render(text, with_callouts=False)


def test_an_unknown_type_renders_as_a_note_titled_with_its_own_word():
    aside = only_callout("> [!question]\n> Is it worth it?")
    assert aside["class"] == ["callout", "callout-note"]
    assert aside["data-callout"] == "question"
    assert title_of(aside) == "Question"


def test_an_unknown_type_keeps_a_title_the_author_gave():
    aside = only_callout("> [!Danger-Zone] Read this first\n> Body.")
    assert aside["class"] == ["callout", "callout-note"] and aside["data-callout"] == "danger-zone"
    assert title_of(aside) == "Read this first"


def test_a_callout_with_a_title_only_has_no_empty_body():
    aside = only_callout("> [!note] Nothing more to say")
    assert aside.select_one(".callout-body") is None
    assert title_of(aside) == "Nothing more to say"


def test_a_paragraph_right_before_the_marker_stays_a_paragraph_outside_the_aside():
    html = render("Before.\n> [!note]\n> After.")
    assert html.startswith("<p>Before.</p>\n<aside")
    assert BeautifulSoup(html, "html.parser").select("p aside") == []


def test_labels_can_be_configured():
    aside = only_callout("> [!best-case]\n> Body.", labels={"best-case": "Best outcome"})
    assert title_of(aside) == "Best outcome"


# --- Rendering: ids, groups ----------------------------------------------------------------------------------


def test_ids_are_unique_and_deterministic_within_a_page():
    text = "> [!note]\n> One.\n\n> [!note]\n> Two.\n\n> [!note] Note\n> Three."
    first, second = render(text), render(text)
    assert first == second
    ids = [title["id"] for title in BeautifulSoup(first, "html.parser").select(".callout-title")]
    assert ids == ["callout-note", "callout-note-2", "callout-note-3"]


def test_ids_avoid_ids_the_author_or_the_headings_already_use():
    page = soup("## Callout note\n\n## Tips {#callout-tip}\n\n> [!note]\n> One.\n\n> [!tip]\n> Two.")
    all_ids = [element["id"] for element in page.find_all(id=True)]
    assert len(all_ids) == len(set(all_ids)), all_ids
    assert page.select_one("aside.callout-tip .callout-title")["id"] == "callout-tip-2"


def test_consecutive_scenario_callouts_form_one_labelled_group_in_written_order():
    page = soup(
        """
        > [!worst-case]
        > Bad.

        > [!best-case]
        > Good.

        > [!most-likely]
        > Middle.
        """
    )
    group = page.select_one("div.callout-group")
    assert group["role"] == "group" and group["aria-label"] == "Scenarios"
    assert [title_of(aside) for aside in group.find_all("aside", recursive=False)] == [
        "Worst case",
        "Best case",
        "Most likely case",
    ]
    assert len(page.select("aside")) == 3


def test_the_group_label_can_be_configured():
    page = soup("> [!best-case]\n> A.\n\n> [!worst-case]\n> B.", group_label="Possible outcomes")
    assert page.select_one(".callout-group")["aria-label"] == "Possible outcomes"


def test_a_single_scenario_callout_is_not_grouped():
    assert soup("> [!best-case]\n> Alone.").select(".callout-group") == []


def test_anything_between_scenario_callouts_splits_the_groups():
    page = soup(
        """
        > [!best-case]
        > A.

        > [!worst-case]
        > B.

        Between.

        > [!best-case]
        > C.

        > [!note]
        > Not a scenario.

        > [!worst-case]
        > D.
        """
    )
    groups = page.select(".callout-group")
    assert [[title_of(a) for a in group.select("aside")] for group in groups] == [["Best case", "Worst case"]]
    assert len(page.select("aside")) == 5


def test_scenario_callouts_inside_a_list_item_are_grouped_there():
    page = soup("- Item\n\n    > [!best-case]\n    > A.\n\n    > [!worst-case]\n    > B.")
    assert len(page.select("li > .callout-group > aside")) == 2


def test_no_aside_ends_up_inside_a_paragraph():
    page = soup("Text\n> [!note]\n> Body\n\n- item\n> [!tip]\n> tip body")
    assert page.select("p aside, p div, p details") == []


# --- No change for documents without callouts ----------------------------------------------------------------

DOCUMENTS_WITHOUT_CALLOUTS = {
    "paragraphs": "A paragraph with *emphasis*, **strong**, `code` and a [link](https://example.org/).\n\nAnother.",
    "blockquote": "> A quote.\n> Still the quote.\n\n> A second quote, merged by Markdown.",
    "nested-quotes": "> Outer\n>\n> > Inner\n> > > Innermost\n\nAfter.",
    "quote-with-list": "> - one\n> - two\n>\n> 1. first\n> 2. second",
    "fenced-code": "```python\nprint('> [!note]')\n```\n\nText.",
    "indented-code": "Text:\n\n    > not a quote\n    [!note]\n",
    "lists": "- one\n- two\n    - nested\n\n1. a\n2. b\n\n    > quoted in item",
    "table": "| Month | Fever days |\n| --- | ---: |\n| February | 14 |\n| March | 11 |",
    "footnotes": "IVIG[^1] helps some.\n\n[^1]: Intravenous immunoglobulin.\n\n> Quoted[^2].\n\n[^2]: A note.",
    "abbreviations": "POTS is common.\n\n*[POTS]: Postural orthostatic tachycardia syndrome",
    "headings-and-attributes": "# Title\n\n## Part {#custom-id}\n\nText {.lead}\n\n### Best case\n\nBody.",
    "definition-list-and-html": 'Term\n:   Definition.\n\n<div markdown="1">\n> quoted *inside* html\n</div>',
    "brackets": 'A [!note] in text, a [ref][] and ![an image](x.png "t").\n\n[ref]: https://example.org/',
    "smarty": "\"Quotes\" -- and dashes --- and 'apostrophes'...",
}


@pytest.mark.parametrize("text", DOCUMENTS_WITHOUT_CALLOUTS.values(), ids=DOCUMENTS_WITHOUT_CALLOUTS.keys())
def test_documents_without_callouts_render_identically(text):
    assert render(text) == render(text, with_callouts=False)


BLOCKS = st.sampled_from(
    [
        "Plain text with *emphasis*.",
        "> A quote.",
        "> > A nested quote.",
        "> Quote\n> [!note] later line",
        "- item\n- item two",
        "1. one\n\n    > quoted in item",
        "```\n> [!note]\n```",
        "    indented code",
        "| a | b |\n| - | - |\n| 1 | 2 |",
        "Text[^n].\n\n[^n]: Footnote.",
        "## A heading",
        "---",
        "Term\n:   Definition",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(BLOCKS, min_size=1, max_size=6), st.sampled_from(["\n\n", "\n"]))
def test_any_mix_of_blocks_without_markers_renders_identically(blocks, separator):
    text = separator.join(blocks)
    assert render(text) == render(text, with_callouts=False)


# --- Unknown types: finding them again for the build log -----------------------------------------------------


def test_callout_words_lists_every_callout_in_document_order():
    html = render("> [!best-case]\n> A.\n\n> [!Question]\n> B.\n\n> [!note]\n> > [!idea]\n> > C.")
    assert callout_words(html) == ["best-case", "question", "note", "idea"]


def test_marker_lines_skip_fenced_code_and_see_list_items_and_nested_quotes():
    source = "Title: x\n\n> [!idea]\n\n```\n> [!idea]\n```\n\n- > [!tip]\n> > [!Other]\n"
    assert marker_lines(source) == [(3, "idea"), (9, "tip"), (10, "other")]


def test_unknown_callouts_are_paired_with_their_own_source_lines():
    source = "Title: x\n\n> [!idea]\n> a\n\n> [!note]\n> b\n\n> [!idea] again\n> c\n\n> [!Question]\n"
    html = render(source.split("\n\n", 1)[1])
    assert unknown_callouts(html, source) == [(3, "idea"), (9, "idea"), (12, "question")]


def test_known_callouts_are_never_reported():
    source = "> [!best-case]\n> a\n\n> [!update]-\n> b\n"
    assert unknown_callouts(render(source), source) == []


def warnings_for(tmp_path, source: str, html: str | None = None) -> list[str]:
    """The warnings `warn_unknown_callouts` logs for a post with ``source`` (rendered unless ``html``)."""
    import logging
    from types import SimpleNamespace

    from plugins.callouts.unknown import warn_unknown_callouts

    path = tmp_path / "post.md"
    path.write_text("Title: x\n\n" + source, encoding="utf-8")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("plugins.callouts.unknown")
    logger.addHandler(handler)
    try:
        warn_unknown_callouts(SimpleNamespace(_content=html or render(source), source_path=str(path)))
    finally:
        logger.removeHandler(handler)
    return [record.getMessage() for record in records]


def test_a_post_with_only_known_callouts_logs_nothing(tmp_path):
    assert warnings_for(tmp_path, "> [!best-case]\n> a\n\n> [!Update]-\n> b\n") == []


def test_an_unknown_callout_next_to_known_ones_is_reported_with_its_line(tmp_path):
    messages = warnings_for(tmp_path, "> [!note]\n> a\n\n> [!idea]\n> b\n")
    assert len(messages) == 1 and "post.md:6: unknown callout type [!idea]" in messages[0]


def test_an_unknown_word_written_as_raw_html_in_any_case_is_still_reported(tmp_path):
    html = '<aside class="callout callout-note" DATA-CALLOUT = "idea"><p class="callout-title">Idea</p></aside>'
    html += '<aside class="callout" data-callout="note"></aside>'  # the fast path must not stop at this one
    messages = warnings_for(tmp_path, "> [!idea]\n> b\n", html=html)
    assert len(messages) == 1 and "[!idea]" in messages[0]
