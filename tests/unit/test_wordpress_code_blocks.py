"""Code blocks met on real exports (issue 26, item 3): WP-Syntax's raw <pre lang>, shortcodes inside a <pre>,
a picture set in a <pre>, an empty shortcode."""

from __future__ import annotations

from plugins.wordpress.convert import Site, convert_post

SITE = Site(hosts=frozenset({"blog.example.org"}))


def test_a_wp_syntax_pre_keeps_its_tags_as_code():
    markdown = convert_post('<pre lang="xml" line="1">\n<property name="x"/>\n<!-- c -->\n</pre>', SITE).markdown
    assert markdown == '```xml\n<property name="x"/>\n<!-- c -->\n```\n'


def test_a_shortcode_inside_a_pre_splits_it_in_blocks():
    markdown = convert_post("<pre>Prose in a pre.\n[c]\nint x = a[1] &lt; 2;\n[/c]\nMore prose.</pre>", SITE).markdown
    assert markdown == "```\nProse in a pre.\n```\n\n```c\nint x = a[1] < 2;\n```\n\n```\nMore prose.\n```\n"


def test_a_picture_set_in_a_pre_stays_a_picture_and_an_empty_block_is_dropped():
    post = '<pre><img src="https://i.example.net/map.png" alt="Map"></pre>[javascript][/javascript]Text.'
    markdown = convert_post(post, SITE).markdown
    assert "```" not in markdown and "\\[Image: Map\\]" in markdown and "Text." in markdown
