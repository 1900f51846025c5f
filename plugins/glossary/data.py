"""The glossary file: loading, validation with line numbers, and the term model."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import jsonschema
import markdown
import nh3
import yaml
from markupsafe import Markup
from pelican.utils import slugify

from ..shared import SourceError
from .matcher import normalized_form

logger = logging.getLogger(__name__)

FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml, when PyYAML was built with it
SLUG_SUBSTITUTIONS = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]
INLINE_TAGS = {"em", "strong", "code", "b", "i", "sub", "sup", "abbr"}
BLOCK_TAGS = INLINE_TAGS | {"a", "p", "ul", "ol", "li", "blockquote", "br"}

SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["name", "definition"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "minLength": 1},
            "slug": {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"},
            "expansion": {"type": "string", "minLength": 1},
            "aliases": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "definition": {"type": "string", "minLength": 1},
            "details": {"type": "string"},
            "related": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "links": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["title", "url"],
                    "additionalProperties": False,
                    "properties": {
                        "title": {"type": "string", "minLength": 1},
                        "url": {"type": "string", "pattern": r"^https?://[^\s]+$"},
                    },
                },
            },
        },
    },
}


class GlossaryError(SourceError):
    """A problem in the glossary file, with its path and line."""


NO_HTML = Markup("")  # a term without details


@dataclass(frozen=True)
class LearnMoreLink:
    title: str
    url: str


@dataclass(frozen=True)
class Term:
    """One glossary entry, with its definition already rendered to HTML (Markup: cleaned by nh3)."""

    name: str
    slug: str
    definition_html: Markup
    tooltip_html: Markup
    line: int
    expansion: str = ""
    aliases: tuple[str, ...] = ()
    details_html: Markup = NO_HTML
    related: tuple[str, ...] = ()  # slugs, resolved while loading
    links: tuple[LearnMoreLink, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """Every written form that links to this term: the name, then the aliases."""
        return (self.name, *self.aliases)

    @property
    def sort_key(self) -> str:
        return normalized_form(self.name)

    @property
    def letter(self) -> str:
        first = self.sort_key[:1].upper()
        return first if first.isalpha() else "#"


@dataclass
class Glossary:
    """The loaded glossary: terms in alphabetical order, and the errors found."""

    path: str
    terms: list[Term] = field(default_factory=list)
    errors: list[GlossaryError] = field(default_factory=list)

    def by_slug(self) -> dict[str, Term]:
        return {term.slug: term for term in self.terms}


class Converters:
    """One Markdown converter each for definitions and details, and the HTML of each text converted so far.

    Building a converter costs more than converting a text; a glossary loaded again with the same
    ``Converters`` (``make devserver`` after an edit) converts only the texts that changed.
    """

    def __init__(self) -> None:
        self.inline_converter = new_converter("html")
        self.details_converter = new_converter("xhtml")
        self.converted: dict[tuple[str, str], str] = {}

    def inline(self, text: str) -> str:
        key = ("inline", text)
        if key not in self.converted:
            self.converted[key] = render_inline(text, self.inline_converter)
        return self.converted[key]

    def details(self, text: str) -> str:
        key = ("details", text)
        if key not in self.converted:
            self.converted[key] = render_markdown(text, self.details_converter)
        return self.converted[key]


def load_glossary(path: Path, display_path: str | None = None, converters: Converters | None = None) -> Glossary:
    """Read and validate the glossary file; problems are collected, never raised."""
    shown = display_path or str(path)
    glossary = Glossary(shown)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        glossary.errors.append(GlossaryError(shown, 1, f"cannot read the glossary: {error}"))
        return glossary
    return parse_glossary(text, shown, converters)


def parse_glossary(text: str, path: str, converters: Converters | None = None) -> Glossary:
    """Parse glossary YAML text; ``path`` is only used in messages."""
    glossary = Glossary(path)
    try:
        try:
            node, data = _compose(text, FAST_LOADER)
        except yaml.YAMLError:
            node, data = _compose(text, yaml.BaseLoader)  # the pure-Python loader words its errors best
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark is not None and context_mark.line + 1 != line:
            problem += f" ({context} on line {context_mark.line + 1})"
        glossary.errors.append(GlossaryError(path, line, f"invalid YAML: {problem}"))
        return glossary
    if node is None:
        glossary.errors.append(GlossaryError(path, 1, "the glossary is empty; write a list of terms"))
        return glossary

    bad_entries = set()
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = list(error.absolute_path)
        line = _line_of(node, where)
        if where and isinstance(data, list):
            bad_entries.add(where[0])
            entry = data[where[0]]
            name = entry.get("name") if isinstance(entry, dict) else None
            prefix = f"term '{name}': " if isinstance(name, str) else ""
        else:
            prefix = ""
        glossary.errors.append(GlossaryError(path, line, f"{prefix}{_describe(error)}"))
    if not isinstance(data, list):
        return glossary

    terms: list[Term] = []
    raw_related: dict[str, list[tuple[str, int]]] = {}
    converters = converters or Converters()
    for index, entry in enumerate(data):
        if index in bad_entries:
            continue
        entry_node = node.value[index]
        try:
            term = _build_term(entry, entry_node, path, converters)
        except GlossaryError as error:
            glossary.errors.append(error)
            continue
        terms.append(term)
        related_nodes = _value_node(entry_node, "related")
        raw_related[term.slug] = [
            (name, item.start_mark.line + 1)
            for name, item in zip(entry.get("related", []), _items(related_nodes), strict=False)
        ]

    terms = _drop_duplicates(terms, path, glossary.errors)
    terms = _resolve_related(terms, raw_related, path, glossary.errors)
    glossary.terms = sorted(terms, key=lambda term: (term.sort_key, term.slug))
    return glossary


def _compose(text: str, loader_class: type) -> tuple[yaml.Node | None, object]:
    """The YAML node tree (with line numbers) and its plain data: BaseLoaders build no objects, only strings."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def new_converter(output_format: str = "html") -> markdown.Markdown:
    """A Markdown converter for definitions (``html``) or details (``xhtml``, Markdown's default)."""
    return markdown.Markdown(extensions=["smarty"], output_format=output_format)


def render_markdown(text: str, converter: markdown.Markdown | None = None) -> str:
    """Markdown to HTML with ``converter`` (reset first, so nothing carries over from the last text)."""
    converter = converter or new_converter()
    return converter.reset().convert(text)


def render_inline(text: str, converter: markdown.Markdown | None = None) -> str:
    """Inline Markdown (one paragraph) to HTML, without the wrapping ``<p>``."""
    html = render_markdown(text.strip(), converter)
    return re.sub(r"\A<p>(.*)</p>\Z", r"\1", html, flags=re.DOTALL)


def _build_term(entry: dict, node: yaml.Node, path: str, converters: Converters) -> Term:
    line = node.start_mark.line + 1
    name = entry["name"].strip()
    definition_line = _value_line(node, "definition", line)
    if re.search(r"\n[ \t]*\n", entry["definition"].strip()):
        raise GlossaryError(
            path, definition_line, f"term '{name}': the definition must be one paragraph; put more in 'details'"
        )
    definition = converters.inline(entry["definition"])
    slug = entry.get("slug") or slugify(name, regex_subs=SLUG_SUBSTITUTIONS)
    if not slug:
        raise GlossaryError(path, line, f"term '{name}': cannot make a slug from the name; add 'slug'")
    details = entry.get("details", "").strip()
    return Term(
        name=name,
        slug=slug,
        definition_html=Markup(
            nh3.clean(
                definition,
                tags=INLINE_TAGS | {"a"},
                attributes={"a": {"href"}, "abbr": {"title"}},
                url_schemes={"http", "https", "mailto"},
                link_rel=None,
            )
        ),
        tooltip_html=Markup(nh3.clean(definition, tags=INLINE_TAGS, attributes={"abbr": {"title"}})),
        line=line,
        expansion=entry.get("expansion", "").strip(),
        aliases=tuple(dict.fromkeys(alias.strip() for alias in entry.get("aliases", []))),
        details_html=Markup(
            nh3.clean(
                converters.details(details) if details else "",
                tags=BLOCK_TAGS,
                attributes={"a": {"href"}, "abbr": {"title"}},
                url_schemes={"http", "https", "mailto"},
                link_rel=None,
            )
        ),
        related=tuple(entry.get("related", [])),
        links=tuple(LearnMoreLink(link["title"].strip(), link["url"].strip()) for link in entry.get("links", [])),
    )


def _drop_duplicates(terms: list[Term], path: str, errors: list[GlossaryError]) -> list[Term]:
    """The same name, alias or slug on two entries is an error naming both; the later entry is dropped."""
    owners: dict[str, Term] = {}
    slugs: dict[str, Term] = {}
    kept = []
    for term in terms:
        clash = None
        if term.slug in slugs:
            clash = (f"slug '{term.slug}'", slugs[term.slug])
        else:
            for form in term.forms:
                owner = owners.get(normalized_form(form))
                if owner is not None and owner is not term:
                    clash = (f"'{form}'", owner)
                    break
        if clash:
            what, owner = clash
            errors.append(
                GlossaryError(
                    path,
                    term.line,
                    f"{what} belongs to two terms: '{owner.name}' (line {owner.line}) and '{term.name}' "
                    f"(line {term.line}); keep it on one of them",
                )
            )
            continue
        slugs[term.slug] = term
        for form in term.forms:
            owners.setdefault(normalized_form(form), term)
        kept.append(term)
    return kept


def _resolve_related(
    terms: list[Term], raw_related: dict[str, list[tuple[str, int]]], path: str, errors: list[GlossaryError]
) -> list[Term]:
    """Turn the related names (a name, alias or slug of another term) into slugs."""
    lookup: dict[str, str] = {}
    for term in terms:
        lookup[term.slug] = term.slug
        for form in term.forms:
            lookup[normalized_form(form)] = term.slug
    resolved = []
    for term in terms:
        slugs = []
        for name, line in raw_related.get(term.slug, []):
            slug = lookup.get(name) or lookup.get(normalized_form(name))
            if slug is None:
                message = f"term '{term.name}': related term '{name}' is not in the glossary"
                errors.append(GlossaryError(path, line, message))
            elif slug != term.slug and slug not in slugs:
                slugs.append(slug)
        resolved.append(replace(term, related=tuple(slugs)))
    return resolved


def _describe(error: jsonschema.ValidationError) -> str:
    field_name = next((str(part) for part in reversed(error.absolute_path) if isinstance(part, str)), None)
    if error.validator == "additionalProperties":
        return f"{error.message} (allowed: name, slug, expansion, aliases, definition, details, related, links)"
    if error.validator == "pattern" and field_name == "url":
        return f"'{error.instance}' is not a web address (https://...)"
    if error.validator == "pattern" and field_name == "slug":
        return f"slug '{error.instance}' may only hold lowercase letters, digits and single hyphens"
    if error.validator == "type" and not error.absolute_path:
        return "the glossary must be a list of terms ('- name: ...')"
    if field_name:
        return f"'{field_name}': {error.message}"
    return error.message


def _line_of(node: yaml.Node, where: list) -> int:
    """The 1-based line of the node at the JSON path ``where``."""
    current = node
    for part in where:
        if isinstance(current, yaml.SequenceNode) and isinstance(part, int) and part < len(current.value):
            current = current.value[part]
        elif isinstance(current, yaml.MappingNode):
            value = _value_node(current, str(part))
            if value is None:
                break
            current = value
        else:
            break
    return current.start_mark.line + 1


def _value_node(node: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return None


def _value_line(node: yaml.Node, key: str, default: int) -> int:
    value = _value_node(node, key)
    return value.start_mark.line + 1 if value is not None else default


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []
