"""Obsidian-style callouts for Python-Markdown.

    > [!best-case] Optional title
    > Body in Markdown.

becomes::

    <aside class="callout callout-best-case" data-callout="best-case" role="note">
    <p class="callout-title" id="callout-best-case">Best case</p>
    <div class="callout-body"><p>Body in Markdown.</p></div>
    </aside>

``[!type]-`` / ``[!type]+`` wrap the title and body in a closed / open ``<details>``
whose ``<summary>`` is the title. Consecutive scenario callouts are wrapped in one
``<div class="callout-group" role="group" aria-label="Scenarios">``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, nearing_recursion_limit

from ..shared.contracts import CALLOUT_TITLE_CLASS
from .kinds import SCENARIO_KINDS, resolve

# The first line of a quote, once its `>` is removed. `[!note]:` and `[!note](...)` stay
# link syntax (a reference definition, a link whose text starts with "!").
MARKER_RE = re.compile(
    r"^[ ]{0,3}\[!(?P<word>[A-Za-z][A-Za-z0-9_-]*)\](?![:(\[])(?P<fold>[+-])?[ \t]*(?P<title>.*?)[ \t]*$"
)
CALLOUT_CLASS = "callout"
TITLE_CLASS = CALLOUT_TITLE_CLASS  # the glossary never links inside it
BODY_CLASS = "callout-body"
GROUP_CLASS = "callout-group"
SCENARIO_CLASSES = frozenset(f"callout-{kind}" for kind in SCENARIO_KINDS)


class CalloutBlockProcessor(BlockQuoteProcessor):
    """A quote whose first line is a ``[!type]`` marker becomes a callout; other quotes are left alone."""

    def __init__(self, parser, labels: dict[str, str]) -> None:
        super().__init__(parser)
        self.labels = labels

    def test(self, parent: etree.Element, block: str) -> bool:
        match = self.RE.search(block)
        return bool(match) and bool(MARKER_RE.match(match.group(2))) and not nearing_recursion_limit()

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = self.RE.search(block)
        quote_start = match.end(1)
        if quote_start:  # lines before the quote: parsed first, exactly as a blockquote would
            self.parser.parseBlocks(parent, [block[: match.start()]])
        first_line, *body_lines = (self.clean(line) for line in block[quote_start:].split("\n"))
        marker = MARKER_RE.match(first_line)
        kind = resolve(marker.group("word"), self.labels)

        aside = etree.SubElement(parent, "aside")
        aside.set("class", f"{CALLOUT_CLASS} {CALLOUT_CLASS}-{kind.name}")
        aside.set("data-callout", kind.word)
        # A note (parenthetic content), not a complementary landmark: a post may hold many callouts,
        # several titled "Note", and landmarks must be few and uniquely named.
        aside.set("role", "note")
        container = aside
        fold = marker.group("fold")
        if fold:
            container = etree.SubElement(aside, "details")
            if fold == "+":
                container.set("open", "open")
        title = etree.SubElement(container, "summary" if fold else "p")
        title.set("class", TITLE_CLASS)
        title.text = marker.group("title") or kind.label

        body_text = "\n".join(body_lines)
        if body_text.strip():
            body = etree.SubElement(container, "div")
            body.set("class", BODY_CLASS)
            self.parser.state.set("callout")  # like a blockquote: paragraphs inside a list item keep their <p>
            self.parser.parseChunk(body, body_text)
            self.parser.state.reset()


class CalloutTreeprocessor(Treeprocessor):
    """Group consecutive scenario callouts, then give every callout's title a unique, stable id."""

    def __init__(self, md: Markdown, group_label: str, id_prefix: str) -> None:
        super().__init__(md)
        self.group_label = group_label
        self.id_prefix = id_prefix

    def run(self, root: etree.Element) -> None:
        callouts = [element for element in root.iter("aside") if _has_class(element, CALLOUT_CLASS)]
        if not callouts:
            return
        self._group_scenarios(root)
        used_ids = {element.get("id") for element in root.iter() if element.get("id")}
        for aside in callouts:
            title = next(element for element in aside.iter() if _has_class(element, TITLE_CLASS))
            callout_id = _unique(self.id_prefix + (self._slug(title) or "callout"), used_ids)
            title.set("id", callout_id)  # no aria-labelledby: a named note would have its title read twice

    def _group_scenarios(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            children = list(parent)
            run: list[etree.Element] = []
            for child in [*children, None]:
                if child is not None and _is_scenario(child) and (not run or not (run[-1].tail or "").strip()):
                    run.append(child)
                    continue
                if len(run) > 1:
                    self._wrap(parent, run)
                run = [child] if child is not None and _is_scenario(child) else []

    def _wrap(self, parent: etree.Element, run: list[etree.Element]) -> None:
        group = etree.Element("div", {"class": GROUP_CLASS, "role": "group", "aria-label": self.group_label})
        group.text = "\n"
        parent.insert(list(parent).index(run[0]), group)
        group.tail, run[-1].tail = run[-1].tail, "\n"
        for aside in run:
            parent.remove(aside)
            group.append(aside)

    def _slug(self, title: etree.Element) -> str:
        text = HTML_PLACEHOLDER_RE.sub("", "".join(title.itertext()))
        return slugify(text, "-")


def _has_class(element: etree.Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def _is_scenario(element: etree.Element) -> bool:
    return element.tag == "aside" and not SCENARIO_CLASSES.isdisjoint((element.get("class") or "").split())


def _unique(candidate: str, used: set[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3``... whichever is free; deterministic in document order."""
    result, number = candidate, 1
    while result in used:
        number += 1
        result = f"{candidate}-{number}"
    used.add(result)
    return result


class CalloutsExtension(Extension):
    """``> [!type] Title`` quotes become labelled callouts; scenario callouts side by side."""

    def __init__(self, **kwargs) -> None:
        self.config = {
            "labels": [{}, "Titles for callouts without one, by type (overrides the English defaults)"],
            "group_label": ["Scenarios", "Accessible name of a group of consecutive scenario callouts"],
            "id_prefix": ["callout-", "Prefix of the ids given to callout titles"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.registerExtension(self)
        labels = dict(self.getConfig("labels"))
        md.parser.blockprocessors.register(CalloutBlockProcessor(md.parser, labels), "callout", 21)
        # After attr_list (8) so author-given ids are known, before toc (5) so toc sees ours.
        processor = CalloutTreeprocessor(md, self.getConfig("group_label"), self.getConfig("id_prefix"))
        md.treeprocessors.register(processor, "callouts", 6)


def makeExtension(**kwargs) -> CalloutsExtension:  # noqa: N802 - Markdown's API name
    return CalloutsExtension(**kwargs)
