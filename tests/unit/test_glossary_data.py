"""The glossary file: the sample glossary, and every error naming the file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

from plugins.glossary.data import Converters, load_glossary, parse_glossary

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "glossary.yaml"
REQUIRED_TERMS = [
    "IVIG",
    "SCIG",
    "immunoglobulin",
    "plasma",
    "POTS",
    "dysautonomia",
    "Sjögren's syndrome",
    "autoimmune disease",
    "aseptic meningitis",
    "tachycardia",
    "desmopressin",
    "off-label use",
    "prior authorization",
    "insurance appeal",
    "EDS",
    "neuropathy",
    "infusion",
    "midodrine",
    "fludrocortisone",
    "neurologist",
    "immunologist",
    "autonomic nervous system",
]


def parse(text: str):
    return parse_glossary(textwrap.dedent(text).lstrip("\n"), "glossary.yaml")


def test_the_sample_glossary_loads_cleanly_with_the_terms_the_blog_needs():
    glossary = load_glossary(SAMPLE)
    assert glossary.errors == []
    names = [term.name for term in glossary.terms]
    assert len(names) >= 20
    assert set(REQUIRED_TERMS) <= set(names)
    assert names == sorted(names, key=lambda name: name.casefold().replace("ö", "o"))
    for term in glossary.terms:
        assert term.definition_html.strip(), term.name
        assert "<p>" not in term.definition_html and "<a" not in term.tooltip_html


def test_every_field_is_read_and_rendered():
    glossary = parse(
        """
        - name: IVIG
          expansion: intravenous immunoglobulin
          aliases: [IVIg]
          definition: Antibodies from *donated* plasma, see [the FDA](https://www.fda.gov/).
          details: |
            First paragraph.

            Second paragraph.
          related: [plasma]
          links:
            - {title: "MedlinePlus", url: "https://medlineplus.gov/"}
        - name: plasma
          definition: The liquid part of blood.
        """
    )
    assert glossary.errors == []
    ivig = glossary.by_slug()["ivig"]
    assert ivig.expansion == "intravenous immunoglobulin"
    assert ivig.forms == ("IVIG", "IVIg")
    assert ivig.definition_html == (
        'Antibodies from <em>donated</em> plasma, see <a href="https://www.fda.gov/">the FDA</a>.'
    )
    assert ivig.tooltip_html == "Antibodies from <em>donated</em> plasma, see the FDA."
    assert ivig.details_html.count("<p>") == 2
    assert ivig.related == ("plasma",)
    assert ivig.links[0].url == "https://medlineplus.gov/"


def test_slugs_come_from_the_name_without_accents_or_apostrophes():
    glossary = parse(
        """
        - name: Sjögren's syndrome
          definition: Dry eyes and mouth.
        - name: off-label use
          definition: Not the approved use.
        - name: EDS
          slug: ehlers-danlos
          definition: Connective tissue.
        """
    )
    assert [term.slug for term in glossary.terms] == ["ehlers-danlos", "off-label-use", "sjogrens-syndrome"]


def test_invalid_yaml_names_the_line():
    glossary = parse(
        """
        - name: IVIG
          definition: fine
        - name: POTS
          definition: [unclosed
        """
    )
    assert len(glossary.errors) == 1
    error = glossary.errors[0]
    assert str(error).startswith("glossary.yaml:5: invalid YAML")
    assert glossary.terms == []


def test_schema_errors_name_the_line_and_the_term():
    glossary = parse(
        """
        - name: IVIG
          definition: fine
        - name: POTS
          defintion: typo in the key
        - name: SCIG
          definition: fine
          links:
            - title: Somewhere
              url: not-a-web-address
        """
    )
    messages = [str(error) for error in glossary.errors]
    pots = [m for m in messages if m.startswith("glossary.yaml:3: term 'POTS': ")]
    assert any("'definition' is a required property" in m for m in pots)
    assert any("'defintion' was unexpected" in m for m in pots)
    assert "glossary.yaml:9: term 'SCIG': 'not-a-web-address' is not a web address (https://...)" in messages
    assert [term.name for term in glossary.terms] == ["IVIG"]


def test_a_glossary_that_is_not_a_list_is_an_error():
    glossary = parse("IVIG: antibodies\n")
    assert [str(error) for error in glossary.errors] == [
        "glossary.yaml:1: the glossary must be a list of terms ('- name: ...')"
    ]


def test_the_same_alias_on_two_entries_names_both_entries():
    glossary = parse(
        """
        - name: IVIG
          aliases: [IVIg, immune globulin]
          definition: Through a vein.
        - name: immunoglobulin
          aliases: [Immune Globulin]
          definition: Antibodies.
        """
    )
    assert len(glossary.errors) == 1
    message = str(glossary.errors[0])
    assert message.startswith("glossary.yaml:4: ")
    assert "'IVIG' (line 1)" in message and "'immunoglobulin' (line 4)" in message
    assert "Immune Globulin" in message


def test_names_that_differ_only_by_accents_or_apostrophes_are_duplicates():
    glossary = parse(
        """
        - name: Sjögren's syndrome
          definition: Dry eyes.
        - name: Sjogrens Syndrome
          definition: The same thing again.
        """
    )
    assert len(glossary.errors) == 1
    assert "'Sjögren's syndrome' (line 1)" in str(glossary.errors[0])
    assert "'Sjogrens Syndrome' (line 3)" in str(glossary.errors[0])


def test_unknown_related_term_names_its_line():
    glossary = parse(
        """
        - name: POTS
          definition: Fast heart.
          related:
            - tachycardia
            - dysautonomia
        - name: tachycardia
          definition: A fast heart rate.
        """
    )
    assert [str(error) for error in glossary.errors] == [
        "glossary.yaml:5: term 'POTS': related term 'dysautonomia' is not in the glossary"
    ]
    assert glossary.by_slug()["pots"].related == ("tachycardia",)


def test_a_definition_longer_than_a_paragraph_is_an_error():
    glossary = parse(
        """
        - name: POTS
          definition: |
            One paragraph.

            Another one.
        """
    )
    assert [str(error) for error in glossary.errors] == [
        "glossary.yaml:2: term 'POTS': the definition must be one paragraph; put more in 'details'"
    ]


def test_definitions_cannot_smuggle_markup_into_the_page():
    glossary = parse(
        """
        - name: POTS
          definition: 'Fast <script>alert(1)</script> heart <a href="javascript:alert(1)">x</a>.'
        """
    )
    term = glossary.terms[0]
    assert "<script" not in term.definition_html and "javascript:" not in term.definition_html
    assert "<script" not in term.tooltip_html and "<a" not in term.tooltip_html


def test_each_definition_is_rendered_on_its_own_like_a_fresh_markdown_call():
    """The loader reuses one Markdown converter: a link reference in one term must not leak into the next."""
    glossary = parse(
        """
        - name: plasma
          definition: "See [the NHS][nhs].\\n[nhs]: https://www.nhs.uk/"
          details: "More at [the NHS][nhs].\\n\\n[nhs]: https://www.nhs.uk/"
        - name: serum
          definition: "Also [the NHS][nhs], and *serum* \\"quoted\\"."
          details: "Still [the NHS][nhs].\\n\\nLine one  \\nline two."
        """
    )
    assert glossary.errors == []
    plasma, serum = glossary.terms
    assert plasma.definition_html == 'See <a href="https://www.nhs.uk/">the NHS</a>.'
    assert '<a href="https://www.nhs.uk/">the NHS</a>' in plasma.details_html
    assert serum.definition_html == "Also [the NHS][nhs], and <em>serum</em> \u201cquoted\u201d."
    assert serum.details_html == "<p>Still [the NHS][nhs].</p>\n<p>Line one<br>\nline two.</p>"


def test_a_glossary_loaded_again_with_its_converters_converts_only_what_changed():
    text = (
        "- name: IVIG\n  definition: Antibodies *from donors*.\n  details: More about it.\n"
        "- name: POTS\n  definition: A heart rate that jumps on standing.\n"
    )
    converters = Converters()
    first = parse_glossary(text, "glossary.yaml", converters)
    converted = len(converters.converted)
    edited = text.replace("jumps on standing", "jumps when standing up")
    again = parse_glossary(edited, "glossary.yaml", converters)
    assert len(converters.converted) == converted + 1  # only the edited definition was converted
    assert again.terms == parse_glossary(edited, "glossary.yaml").terms  # same as a fresh load
    assert again.terms[0] == first.terms[0]
    assert again.terms[1].definition_html == "A heart rate that jumps when standing up."
