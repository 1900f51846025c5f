"""Glossary behaviour on small sites written by the tests: modes, summaries, errors, the content cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, Build

GLOSSARY = """\
- name: IVIG
  expansion: intravenous immunoglobulin
  definition: Antibodies given through a vein.
- name: POTS
  definition: A fast heart on standing.
- name: aseptic meningitis
  definition: Swelling around the brain without an infection.
- name: meningitis
  definition: Swelling around the brain.
- name: neuropathy
  definition: Damaged nerves.
- name: desmopressin
  definition: A hormone copy that keeps water in.
"""

LONG_TEXT = " ".join(["Some ordinary words here."] * 20)


def build(output: Path, content: Path, extra: dict | None = None, fatal: str | None = "warnings") -> Build:
    """Run ``pelican -v`` (INFO lines are part of what these tests read)."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(output)]
    command += ["-v"] + (["--fatal", fatal] if fatal else [])
    if extra:  # one -e for all: Pelican keeps only the last -e it is given
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    env = {**os.environ, "COLUMNS": "400", "TERM": "dumb"}
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    return Build(process.returncode, process.stdout + process.stderr, output)


def write(content: Path, name: str, text: str) -> Path:
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def make_site(root: Path, glossary: str = GLOSSARY) -> Path:
    content = root / "content"
    write(content, "glossary.yaml", glossary)
    write(
        content,
        "posts/first.md",
        f"""
        Title: First mode
        Date: 2020-01-01 10:00

        ## POTS in a heading

        POTS, then IVIG, then POTS again, then `IVIG` in code. Aseptic meningitis is not meningitis.

        {LONG_TEXT}
        """,
    )
    write(
        content,
        "posts/every.md",
        """
        ---
        Title: Every mode
        Date: 2020-02-01 10:00
        Summary: Written by hand.
        Glossary: every
        ---
        POTS, then POTS, then POTS.
        """,
    )
    write(
        content,
        "posts/off.md",
        """
        Title: Off mode
        Date: 2020-03-01 10:00
        Summary: No links here.
        Glossary: off

        IVIG and POTS, unlinked.
        """,
    )
    write(
        content,
        "posts/draft.md",
        """
        Title: A draft
        Date: 2020-04-01 10:00
        Status: draft
        Summary: Unfinished.

        Notes about desmopressin.
        """,
    )
    write(content, "pages/about.md", "Title: About\n\nI have POTS.\n")
    overrides = root / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "related.html").write_text('<p id="terms-used">{{ article.glossary_terms|join(" ") }}</p>\n')
    return content


def overrides(content: Path) -> dict:
    return {"THEME_TEMPLATES_OVERRIDES": [str(content.parent / "overrides")]}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Build:
    root = tmp_path_factory.mktemp("glossary-site")
    content = make_site(root)
    result = build(root / "output", content, extra={**overrides(content), "GLOSSARY_MENTIONS_SHOWN": 1})
    assert result.returncode == 0, result.log
    return result


def glossary_links(site: Build, url: str) -> list[tuple[str, str]]:
    body = site.html(url).select_one(".post-body")
    return [(a.get_text(), a["href"].split("#")[1]) for a in body.select("a.glossary-link")]


def test_default_mode_links_the_first_eligible_occurrence_of_each_term(fixture_site):
    assert glossary_links(fixture_site, "2020/01/first-mode/") == [
        ("POTS", "pots"),
        ("IVIG", "ivig"),
        ("Aseptic meningitis", "aseptic-meningitis"),
        ("meningitis", "meningitis"),
    ]
    heading = fixture_site.html("2020/01/first-mode/").select_one(".post-body h2")
    assert heading.find("a") is None


def test_front_matter_every_and_off(fixture_site):
    assert glossary_links(fixture_site, "2020/02/every-mode/") == [("POTS", "pots")] * 3
    assert glossary_links(fixture_site, "2020/03/off-mode/") == []


def test_site_setting_changes_the_default_mode(tmp_path):
    content = make_site(tmp_path)
    result = build(tmp_path / "output", content, extra={"GLOSSARY_DEFAULT_MODE": "every"})
    assert result.returncode == 0, result.log
    assert [slug for _, slug in glossary_links(result, "2020/01/first-mode/")] == [
        "pots",
        "ivig",
        "pots",
        "aseptic-meningitis",
        "meningitis",
    ]
    assert glossary_links(result, "2020/03/off-mode/") == []


def test_glossary_terms_lists_the_terms_used_in_order_for_other_plugins(fixture_site):
    def used(url):
        return fixture_site.html(url).find(id="terms-used").get_text()

    assert used("2020/01/first-mode/") == "pots ivig aseptic-meningitis meningitis"
    assert used("2020/03/off-mode/") == "ivig pots"
    assert used("drafts/a-draft/") == "desmopressin"


def test_drafts_are_linked_for_preview_but_never_mentioned(fixture_site):
    assert glossary_links(fixture_site, "drafts/a-draft/") == [("desmopressin", "desmopressin")]
    mentions = fixture_site.html("glossary/").find(id="desmopressin").select_one(".glossary-mentions")
    assert mentions.get_text(strip=True) == "No posts yet."


def test_mentioned_in_lists_posts_newest_first_including_unlinked_ones(fixture_site):
    pots = fixture_site.html("glossary/").find(id="pots")
    assert [a.get_text() for a in pots.select(".glossary-mentions a")] == ["Off mode", "Every mode", "First mode"]
    assert [a.get_text() for a in pots.select(".glossary-mentions > ul a")] == ["Off mode"]
    older = pots.select_one(".glossary-mentions details")
    assert older.find("summary").get_text() == "2 older posts"
    assert [a.get_text() for a in older.select("a")] == ["Every mode", "First mode"]


def test_summaries_cut_from_the_content_stay_unlinked_and_valid(fixture_site):
    index = fixture_site.html("index.html")
    summaries = index.select(".summary-text")
    assert summaries and not index.select(".summary-text .glossary-term, .summary-text .glossary-tip")
    first = next(s for s in summaries if "POTS, then IVIG" in s.get_text())
    assert first.get_text().strip().endswith("…")
    assert first.find("code").get_text() == "IVIG"
    feed = (fixture_site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "glossary-tip" not in feed and "glossary-link" in feed


def test_a_term_no_post_uses_is_an_info_line_not_a_warning(fixture_site):
    assert "glossary term 'neuropathy' is not used in any published post or page" in fixture_site.log
    line = next(line for line in fixture_site.log.splitlines() if "'neuropathy' is not used" in line)
    assert "INFO" in line and "glossary.yaml:10:" in line
    assert "'desmopressin' is not used" in fixture_site.log  # used only by a draft


def test_invalid_glossary_stops_the_build_naming_file_and_line(tmp_path):
    content = make_site(tmp_path, GLOSSARY + "- name: broken\n  definition: [unclosed\n")
    result = build(tmp_path / "output", content, fatal=None)
    assert result.returncode != 0
    assert "glossary.yaml:16: invalid YAML" in result.log and "line 15" in result.log


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory) -> Build:
    """One build with a schema error, a duplicate alias and an unknown mode in front matter."""
    root = tmp_path_factory.mktemp("broken")
    extra_terms = "- name: SCIG\n- name: postural tachycardia\n  aliases: [POTS]\n  definition: Again.\n"
    content = make_site(root, GLOSSARY + extra_terms)
    write(content, "posts/bad.md", "Title: Bad\nDate: 2020-05-01\nGlossary: sometimes\n\nPOTS.\n")
    return build(root / "output", content, fatal=None)


def test_glossary_errors_make_the_build_fail(broken_site):
    assert broken_site.returncode != 0
    assert "Build failed: 3 errors above" in broken_site.log.strip().splitlines()[-1], broken_site.log
    assert "Traceback" not in broken_site.log


def test_schema_error_names_file_and_line(broken_site):
    assert "glossary.yaml:14: term 'SCIG': 'definition' is a required property" in broken_site.log


def test_duplicate_alias_names_both_entries(broken_site):
    expected = "glossary.yaml:15: 'POTS' belongs to two terms: 'POTS' (line 4) and 'postural tachycardia' (line 15)"
    assert expected in broken_site.log


def test_unknown_glossary_mode_in_front_matter_names_file_and_line(broken_site):
    assert "bad.md:3: Glossary: 'sometimes' is not a glossary mode; use one of first, every, off" in broken_site.log


def test_a_site_without_a_glossary_file_builds_without_links(tmp_path):
    content = make_site(tmp_path)
    (content / "glossary.yaml").unlink()
    result = build(tmp_path / "output", content)
    assert result.returncode == 0, result.log
    assert glossary_links(result, "2020/01/first-mode/") == []
    assert not (result.output / "glossary").exists()


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_editing_the_glossary_updates_cached_pages(tmp_path, layer):
    content = make_site(tmp_path)
    cache = tmp_path / "cache"
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
    settings["CONTENT_CACHING_LAYER"] = layer
    first = build(tmp_path / "output", content, extra=settings)
    assert first.returncode == 0, first.log
    assert any(cache.iterdir()), "the content cache is on"
    tip = first.html("2020/01/first-mode/").find(id="glossary-tip-ivig")
    assert tip.get_text() == "Intravenous immunoglobulin: Antibodies given through a vein."

    edited = GLOSSARY.replace("Antibodies given through a vein.", "Donated antibodies, given slowly into a vein.")
    edited = edited.replace("- name: POTS\n", "- name: POTS\n  slug: postural-tachycardia\n")
    edited += "- name: ordinary words\n  definition: Words anyone knows.\n"
    write(content, "glossary.yaml", edited)
    second = build(tmp_path / "output", content, extra=settings)
    assert second.returncode == 0, second.log
    page = second.html("2020/01/first-mode/")
    assert page.find(id="glossary-tip-ivig").get_text() == (
        "Intravenous immunoglobulin: Donated antibodies, given slowly into a vein."
    )
    assert ("POTS", "postural-tachycardia") in glossary_links(second, "2020/01/first-mode/")
    assert ("ordinary words", "ordinary-words") in glossary_links(second, "2020/01/first-mode/")
    assert ("POTS", "postural-tachycardia") in [
        (a.get_text(), a["href"].split("#")[1]) for a in second.html("about/").select("a.glossary-link")
    ]
    mentions = second.html("glossary/").find(id="ordinary-words").select(".glossary-mentions a")
    assert [a.get_text() for a in mentions] == ["First mode"]
    assert "reading every file again" in second.log  # new terms and slugs: the cached term marks are stale

    # A definition alone does not change where terms are: the cache is used, and the tooltips follow the edit.
    write(content, "glossary.yaml", edited.replace("Words anyone knows.", "Words everyone knows."))
    third = build(tmp_path / "output", content, extra=settings)
    assert third.returncode == 0, third.log
    assert "reading every file again" not in third.log
    assert third.html("2020/01/first-mode/").find(id="glossary-tip-ordinary-words").get_text() == (
        "Words everyone knows."
    )
    for path in third.output.rglob("*"):
        if path.suffix in {".html", ".xml"}:
            text = path.read_text(encoding="utf-8")
            assert "glossary-marks" not in text and "\x02" not in text, path
