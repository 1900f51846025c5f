"""What verify counts as a post's words, code blocks and loads from another host (plugins/wordpress/fidelity.py)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from plugins.wordpress.fidelity import compare, export_code_blocks, export_text, foreign_loads, words

PAGE = """<html><head><link rel="stylesheet" href="/theme/css/main.css"><link rel="alternate" href="https://x.org/f">
</head><body><article class="post"><header><h1>Title words</h1></header><div class="post-body e-content">{}</div>
</article></body></html>"""


def test_words_are_case_folded_unicode_runs_counted_as_a_multiset():
    assert words("Ça va, ÇA va? snake_case 42") == {"ça": 2, "va": 2, "snake_case": 1, "42": 1}


def test_the_exports_text_drops_shortcode_tags_and_bare_urls_keeps_content_and_decodes_entities():
    text = export_text(
        '[caption id="a1" width="300"]<img src="x.jpg"> In Oaxaca[/caption] See https://example.org/page?x=1 '
        "&lt;interface&gt; &amp; <b>bold</b><script>var hidden;</script><!-- note -->"
    )
    assert words(text) == {"in": 1, "oaxaca": 1, "see": 1, "interface": 1, "bold": 1}


def test_code_blocks_of_the_export_are_pre_and_code_shortcodes():
    content = (
        '<pre class="brush: bash">ls</pre> [code language="python"]print(1)[/code] [sourcecode]x[/sourcecode] '
        "[bash]echo[/bash] [php]<?php ?>[/php] [c]not closed and [caption]not code[/caption]"
    )
    assert export_code_blocks(content) == 5


def test_math_and_pre_without_text_are_no_code_blocks_and_the_latex_mark_is_no_word():
    # Found on real exports: Jetpack's [latex] math, a <pre> around a picture alone, an empty <pre>.
    content = (
        'Mass [latex]10^7[/latex] and $latex x^2$ too <pre><a href="a.png"><img src="a.png"></a></pre> '
        "<pre> </pre> <pre>real code</pre>"
    )
    assert export_code_blocks(content) == 1
    assert words(export_text(content)) == {
        "mass": 1,
        "10": 1,
        "7": 1,
        "and": 1,
        "x": 1,
        "2": 1,
        "too": 1,
        "real": 1,
        "code": 1,
    }


def test_foreign_loads_are_any_loading_address_on_another_host():
    page = BeautifulSoup(
        '<img src="/images/a.png"><img src="data:image/png;base64,AA"><img src="https://me.example.org/b.png">'
        '<img srcset="/a.png 1x, https://cdn.example.net/b.png 2x"><a href="https://elsewhere.example/">a link</a>'
        '<video poster="//v.example/p.jpg"></video><object data="http://flash.example/x.swf"></object>'
        '<link rel="icon" href="https://icons.example/i.ico"><link rel="alternate" href="https://feeds.example/">'
        "<p style=\"background: url('https://bg.example/x.png')\">x</p>",
        "html.parser",
    )
    assert foreign_loads(page, frozenset({"me.example.org"})) == [
        "https://cdn.example.net/b.png",
        "//v.example/p.jpg",
        "http://flash.example/x.swf",
        "https://icons.example/i.ico",
        "https://bg.example/x.png",
    ]


def test_the_pages_words_are_its_body_without_glossary_tooltips():
    body = (
        '<p>Started <span class="glossary-term"><span class="glossary-tip" role="tooltip" hidden>Intravenous '
        'immunoglobulin</span><a class="glossary-link" href="/glossary/#ivig">IVIG</a></span> today.</p>'
    )
    result = compare("Started IVIG today.", PAGE.format(body), "post", frozenset())
    assert result.faithful and result.words_in == 3 and not result.lost
    padded = compare("Started IVIG today. Intravenous", PAGE.format(body), "post", frozenset())
    assert padded.lost == {"intravenous": 1}  # the tooltip's words are not the post's


def test_a_pages_title_is_not_counted_as_its_body():
    page = '<html><body><article class="page"><h1>About</h1><p>I write.</p></article></body></html>'
    assert compare("About I write.", page, "page", frozenset()).lost == {"about": 1}


def test_text_shown_as_markup_loses_its_words():
    # The export showed "<interface>" as characters; a page where it became a tag shows nothing there.
    lost = compare(
        "Implements &lt;interface&gt; here",
        PAGE.format("<p>Implements <interface></interface> here</p>"),
        "post",
        frozenset(),
    )
    assert lost.lost == {"interface": 1} and not lost.words_ok
    assert lost.problems()[0] == "shows 66.6% of its words (lost 1 of 3: interface)"
