"""Smoke tests of the benchmark: the corpus generator at 20 posts, and one quick harness run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.bench import corpus, run
from tests.sitebuild import build_site

POSTS = 20


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> tuple[Path, dict]:
    dest = tmp_path_factory.mktemp("corpus")
    return dest, corpus.generate(dest, POSTS)


def test_same_seed_gives_the_same_bytes(small_corpus, tmp_path):
    dest, _ = small_corpus
    corpus.generate(tmp_path / "again", POSTS)
    assert files_of(tmp_path / "again") == files_of(dest)
    corpus.generate(tmp_path / "other", POSTS, seed=corpus.DEFAULT_SEED + 1)
    assert files_of(tmp_path / "other") != files_of(dest)


def test_writes_the_posts_it_promises(small_corpus):
    dest, manifest = small_corpus
    posts = sorted((dest / "content" / "posts").glob("*.md"))
    assert len(posts) == manifest["counts"]["posts"] == POSTS
    words = [len(path.read_text(encoding="utf-8").split("\n\n", 1)[1].split()) for path in posts]
    assert all(700 <= count <= 1100 for count in words), words
    text = posts[3].read_text(encoding="utf-8")
    assert re.search(r"^## ", text, re.M) and "*" in text and "](" in text
    years = {path.name[:4] for path in (dest / "content" / "posts").glob("*.md")}
    assert len(years) >= 5
    callout_posts = [path for path in posts if "> [!best-case]" in path.read_text(encoding="utf-8")]
    assert len(callout_posts) == manifest["counts"]["callout_posts"] == POSTS // corpus.CALLOUT_EVERY


def test_comment_archives_hold_every_promised_comment(small_corpus):
    dest, manifest = small_corpus
    archives = sorted((dest / "content" / "comments").glob("*.json"))
    comments = [json.loads(path.read_text(encoding="utf-8")) for path in archives]
    total = sum(len(archive["comments"]) for archive in comments)
    assert total == manifest["counts"]["comments"] == POSTS * corpus.COMMENTS_PER_POST
    slugs = {post["slug"] for post in manifest["posts"]}
    assert {path.stem for path in archives} <= slugs
    flat = [comment for archive in comments for comment in archive["comments"]]
    assert any(comment["is_author"] for comment in flat)
    assert any(comment["likes"] > 0 for comment in flat)
    deepest = 0
    for archive in comments:
        depth: dict[str, int] = {}
        for comment in archive["comments"]:
            parent = comment["parent"]
            assert parent is None or parent in depth, "a reply names an earlier comment"
            depth[comment["id"]] = 1 if parent is None else depth[parent] + 1
        deepest = max(deepest, *depth.values())
    assert 3 <= deepest <= corpus.MAX_COMMENT_DEPTH


def test_the_comments_plugin_schema_accepts_the_archives(small_corpus):
    import jsonschema

    schema_path = run.ROOT / "plugins" / "comments" / "schema.json"

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    dest, _ = small_corpus
    for path in (dest / "content" / "comments").glob("*.json"):
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)


def test_series_and_glossary(small_corpus):
    dest, manifest = small_corpus
    series_files = sorted((dest / "content" / "series").glob("*.md"))
    assert len(series_files) == manifest["counts"]["series"] >= 1
    for info in manifest["series"]:
        text = (dest / "content" / "series" / f"{info['slug']}.md").read_text(encoding="utf-8")
        assert "Cadence: monthly" in text and f"Start: {info['start']}" in text
        assert info["missing"], "every series misses a month or more"
        updates = [
            path
            for path in (dest / "content" / "posts").glob("*.md")
            if f"Series: {info['slug']}\n" in path.read_text(encoding="utf-8")
        ]
        assert len(updates) == info["updates"]
        months = {re.search(r"^Month: (\S+)", path.read_text(encoding="utf-8"), re.M).group(1) for path in updates}
        assert len(months) == info["updates"] and not months & set(info["missing"])
    glossary = yaml.safe_load((dest / "content" / corpus.GLOSSARY_FILE).read_text(encoding="utf-8"))
    assert len(glossary) == corpus.GLOSSARY_TERMS
    assert len({entry["slug"] for entry in glossary}) == corpus.GLOSSARY_TERMS
    assert all(entry["name"] and entry["definition"] for entry in glossary)
    used = {slug for post in manifest["posts"] for slug in post["terms"]}
    assert len(used) > 20


def test_the_full_site_builds_on_the_corpus(small_corpus, tmp_path):
    dest, manifest = small_corpus
    result = build_site(tmp_path / "output", content=dest / "content", fatal=None)
    assert result.returncode == 0, result.log
    for post in manifest["posts"]:
        assert (result.output / post["url"] / "index.html").exists(), post["url"]


@pytest.mark.timeout(300)  # eight builds of a small corpus: about 37 s on a quiet 2-core machine
def test_a_quick_harness_run_measures_and_checks(tmp_path, capsys):
    """One round, no warm-up: every variant builds (B without each plugin too) and every check passes."""
    output = tmp_path / "results.json"
    options = ["--posts", "8", "--runs", "1", "--plugin-runs", "1", "--no-warmup"]
    code = run.main([*options, "--output", str(output), "--workdir", str(tmp_path / "work")])
    assert code == 0, capsys.readouterr().out
    results = json.loads(output.read_text(encoding="utf-8"))
    for key in ("A", "A+", "B", "C", "D", "E"):
        assert results["variants"][key]["median"]["cpu"] > 0, key
    assert results["ratios"]["B/A"]["cpu"] > 0
    d_over_b = results["targets"]["D/B"]
    assert d_over_b["met"] == (d_over_b["values"]["cpu"] <= 0.55)
    assert d_over_b["met_on_wall"] == (d_over_b["values"]["wall"] <= 0.55)
    assert results["targets"]["peak RSS B/A"]["met_on_wall"] is None  # memory has no wall time
    for key in ("A", "B"):
        median = results["variants"][key]["median"]
        assert median["tree_rss_mb"] >= median["peak_rss_mb"] > 20, key  # a Python process alone is ~20 MB
    assert results["checks"]["C output identical to B output"]["passed"] is True
    assert results["checks"]["D shows the edited post"]["passed"] is True
    assert results["checks"]["E output identical to a clean build"]["passed"] is True
    costs = results["plugin_costs"]
    assert set(costs) == set(run.site_plugins())
    assert [plugin for plugin, cost in costs.items() if "error" in cost] == []
    assert costs["series"]["switched_off"] == ["series", "measures"]  # measures fails the build without series
    printed = capsys.readouterr().out
    assert "B/A" in printed
    assert re.search(r"series .* \(with measures, which needs it\)", printed)


def test_switching_a_plugin_off_takes_the_plugins_that_need_it():
    plugins = ["front_matter", "series", "measures", "comments"]
    assert run.switched_off_with("series", plugins) == ["series", "measures"]
    assert run.switched_off_with("measures", plugins) == ["measures"]
    assert run.switched_off_with("comments", plugins) == ["comments"]


def test_the_memory_sampler_adds_up_a_process_and_its_child():
    """The tree's peak counts a child that holds memory while its parent is alive (Pagefind beside pelican)."""
    code = "import sys, time; block = bytearray(80_000_000); print('ready', flush=True); time.sleep(1.5)"
    parent = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {code!r}])"],
        stdout=subprocess.PIPE,
        text=True,
    )
    sampler = run.TreeMemorySampler(parent.pid)
    sampler.start()
    assert parent.stdout.readline().strip() == "ready"
    found = run.descendants(parent.pid)
    parent.wait()
    peak_mb = sampler.stop()
    assert len(found) == 2 and found[0] == parent.pid
    assert peak_mb > 80 + 5  # the child's 80 MB block plus the parent interpreter


def test_the_profile_gives_standard_library_time_to_its_caller_and_skips_waiting(tmp_path):
    """``make bench``'s breakdown: regex time inside a plugin counts for the plugin; sleeping counts for nobody."""
    import cProfile
    import time

    from plugins.essentials.reading_time import count_words
    from tests.bench import where

    html = "<p>IVIG and POTS, " + "words " * 20_000 + "</p>"
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(20):
        count_words(html)
    time.sleep(0.3)
    profile.disable()
    profile.dump_stats(tmp_path / "p.prof")
    totals = where.grouped(tmp_path / "p.prof")
    assert max(totals, key=totals.get) == "plugin essentials", totals
    assert sum(totals.values()) - totals["plugin essentials"] < 0.2  # the 0.3 s of sleep went nowhere


def test_no_comment_is_dated_after_the_corpus_ends(tmp_path):
    # Few posts and many comments: one post gets hundreds, which at a few days apart would run into the
    # future, and the build refuses comments dated more than a day ahead.
    dest = tmp_path / "crowded"
    corpus.generate(dest, 10, comments=3000)
    dates = [
        comment["date"]
        for path in (dest / "content" / "comments").glob("*.json")
        for comment in json.loads(path.read_text(encoding="utf-8"))["comments"]
    ]
    assert len(dates) == 3000
    assert max(dates) < corpus.COMMENTS_END.isoformat()
