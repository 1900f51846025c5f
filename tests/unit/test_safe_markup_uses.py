"""Every place that turns off escaping is known and has a reason.

Autoescape is on in every template (pelicanconf.py). What a template prints unescaped is either marked
``|safe`` in a template, built as ``Markup(...)`` in a plugin, or inside ``{% autoescape false %}``. Each use
must be on the allow-list below: a new one fails this test until someone says why it is safe.
"""

from __future__ import annotations

import re

from tests.sitebuild import ROOT

UNESCAPED = re.compile(r"\|\s*safe\b|\bMarkup\(|autoescape\s+false|filter\s+safe|__html__")

# (file, the line's text with the use, stripped) -> why it is safe.
ALLOWED = {
    ("theme/templates/article.html", "{{ article.content|safe }}"): (
        "the post's body: HTML that Pelican's Markdown reader made from the author's own file"
    ),
    ("theme/templates/page.html", "{{ page.content|safe }}"): "a page's body, from the author's own file",
    ("theme/templates/404.html", "{{ page.content|safe }}"): "the 404 page's body, from the author's own file",
    ("theme/templates/partials/summary.html", '<div class="summary-text">{{ article.summary|safe }}</div>'): (
        "the summary: Markdown from the author's own file, or the start of the body, cut by Pelican"
    ),
    ("theme/templates/robots.html", "{% autoescape false %}"): (
        "robots.txt is plain text, not HTML; it prints only SITEURL, the site's own setting"
    ),
    (
        "plugins/series/model.py",
        "return Markup(self.document.content if self.document is not None else self.definition.introduction)",
    ): "a series' introduction: the body of the author's series file, rendered by Pelican's reader",
    ("plugins/glossary/data.py", 'NO_HTML = Markup("")  # a term without details'): "an empty string",
    ("plugins/glossary/data.py", "definition_html=Markup("): "cleaned by nh3 on an allow-list (the next lines)",
    (
        "plugins/glossary/data.py",
        'tooltip_html=Markup(nh3.clean(definition, tags=INLINE_TAGS, attributes={"abbr": {"title"}})),',
    ): "cleaned by nh3 on an allow-list",
    ("plugins/glossary/data.py", "details_html=Markup("): "cleaned by nh3 on an allow-list (the next lines)",
    ("plugins/measures/data.py", "return Markup(render_chart(ms, siteurl, chart_id, ms.start_label))"): (
        "the SVG chart: numbers the plugin checked, every text in it escaped in chart.py"
    ),
    ("plugins/comments/render.py", 'return Markup("".join(parts))'): (
        "the comment list: names and links escaped with markupsafe, bodies sanitized by nh3"
    ),
    ("plugins/comments/__init__.py", "return Markup(cached)"): (
        "the same comment list, kept in the build's cache by this plugin"
    ),
    (
        "plugins/comments/thread.py",
        "body=Markup(sanitize_body(comment.body)),  # sanitized by nh3: safe to output as HTML",
    ): ("a comment body sanitized by nh3 (the reference macro comment_list.html prints it)"),
}


def unescaped_uses() -> set[tuple[str, str]]:
    """Every line in the templates (theme and plugins) and the plugins' Python that turns off escaping."""
    files = [*(ROOT / "theme").rglob("*.html"), *(ROOT / "plugins").rglob("*.html"), *(ROOT / "plugins").rglob("*.py")]
    uses = set()
    for path in files:
        if "__pycache__" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if UNESCAPED.search(line) and not line.lstrip().startswith(("#", "{#", "from ", "import ")):
                uses.add((path.relative_to(ROOT).as_posix(), line.strip()))
    return uses


def test_every_unescaped_output_is_on_the_allow_list_with_a_reason():
    unknown = sorted(unescaped_uses() - set(ALLOWED))
    assert unknown == [], "escaping turned off without a reason: add it to ALLOWED in this test, or escape it"
    assert all(len(reason) > 10 for reason in ALLOWED.values())


def test_the_allow_list_names_no_use_that_is_gone():
    assert sorted(set(ALLOWED) - unescaped_uses()) == []


def test_the_search_finds_each_kind_of_use():
    """The pattern is not blind: each way of turning escaping off is found."""
    for text in ("{{ x|safe }}", "{{ x | safe }}", "Markup(x)", "{% autoescape false %}", "{% filter safe %}"):
        assert UNESCAPED.search(text), text
    assert not UNESCAPED.search("{{ x|e }} {{ safely }} markup")
