"""Benchmark variant F: the live preview (``make devserver``) on the bench corpus.

    python -m tests.bench.live --posts 1000 [--edits 5] [--keep]

Starts the real preview (``python -m plugins.preview``, what ``make devserver`` runs) on a synthetic corpus,
opens a tab's event stream on the page it edits, and times, for each edit, from the save until the reload
event has reached the tab AND the server serves the page with the edit:

- F-post      a post saved (a paragraph added): its page; target 0.3 s at 1,000 posts, 0.5 s at 4,000;
- F-comments  a comment archive saved (a comment's text changed): its post's page; target 1 s at 1,000;
- F-glossary  the glossary saved (a definition changed): the glossary page; target 1 s at 1,000;
- F-catch-up  after each post edit, until the background build has rewritten the whole site
              (the preview's own measure, logged as "caught up in X s").

Each post edit waits for the previous catch-up to end (to time it); comment and glossary edits follow one
another a second apart, each stopping the catch-up of the one before, as when the author saves often.
Prints medians and spreads with the machine's load average, and writes ``tests/bench/results/live-<N>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from tests.bench import corpus
from tests.bench.run import site_settings
from tests.previewrun import start_preview

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {1000: {"F-post": 0.3, "F-comments": 1.0, "F-glossary": 1.0}, 4000: {"F-post": 0.5}}
CAUGHT_UP = re.compile(r"caught up in ([0-9.]+) s")
PAUSE = 1.0  # between comment and glossary edits: a save stops the catch-up of the one before, as when she writes


def timed_edit(preview, page: str, edit, marker: str, timeout: float = 60.0) -> float:
    """Seconds from the save until the tab on ``page`` got its reload and the page served holds ``marker``."""
    events = preview.events(page)
    preview.text(page)  # the tab has the page
    started = time.perf_counter()
    edit()
    try:
        events.wait("reload", timeout=timeout)
        preview.wait_for_page(page, marker, timeout=timeout)
    finally:
        events.close()
    return time.perf_counter() - started


def wait_caught_up(preview, count: int) -> float:
    preview.wait_for_log("caught up in", count=count, timeout=600)
    return float(CAUGHT_UP.findall(preview.log())[count - 1])


def edit_comment(path: Path, marker: str) -> None:
    archive = json.loads(path.read_text(encoding="utf-8"))
    comment = archive["comments"][0]
    comment["body"] = comment["body"].replace("</p>", f" {marker}</p>", 1)
    path.write_text(json.dumps(archive, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def summary(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "runs": [round(value, 3) for value in values],
    }


def run(posts: int, edits: int, workdir: Path, kinds: set[str]) -> dict:
    manifest = corpus.generate(workdir / "corpus", posts)
    content = workdir / "corpus" / "content"
    settings_file = workdir / "siteconf.py"
    settings_file.write_text(site_settings(content, workdir / "cache", cached=True), encoding="utf-8")
    started = time.perf_counter()
    preview = start_preview(
        workdir, {"OUTPUT_PATH": str(workdir / "output")}, settings_file=settings_file, timeout=1800
    )
    first_build = time.perf_counter() - started
    load_before = os.getloadavg()
    times: dict[str, list[float]] = {"F-post": [], "F-comments": [], "F-glossary": [], "F-catch-up": []}
    try:
        post = manifest["edit_post"]
        page = "/" + post["url"]
        for number in range(1, edits + 1 if "post" in kinds else 1):
            marker = f"benchlivepost{number}x"
            path = workdir / "corpus" / post["file"]
            times["F-post"].append(timed_edit(preview, page, partial(corpus.edit_post, path, marker), marker))
            times["F-catch-up"].append(wait_caught_up(preview, number))
            print(
                f"  F-post {number}: {times['F-post'][-1]:.3f} s, catch-up {times['F-catch-up'][-1]:.2f} s", flush=True
            )
        archives = sorted((content / "comments").glob("*.json"))
        by_slug = {entry["slug"]: entry for entry in manifest["posts"]}
        archive = next(path for path in archives if path.stem in by_slug)
        for number in range(1, edits + 1 if "comments" in kinds else 1):
            marker = f"benchlivecomment{number}x"
            page = "/" + by_slug[archive.stem]["url"]
            times["F-comments"].append(timed_edit(preview, page, partial(edit_comment, archive, marker), marker))
            time.sleep(PAUSE)
            print(f"  F-comments {number}: {times['F-comments'][-1]:.3f} s", flush=True)
        definition = manifest["edit_term"]["definition"]
        for number in range(1, edits + 1 if "glossary" in kinds else 1):
            marker = f"benchliveterm{number}x"
            edit = partial(corpus.edit_glossary_definition, content, definition, marker)
            times["F-glossary"].append(timed_edit(preview, "/glossary/", edit, marker))
            definition = f"{definition} {marker}"
            time.sleep(PAUSE)
            print(f"  F-glossary {number}: {times['F-glossary'][-1]:.3f} s", flush=True)
    finally:
        preview.stop()
        log = preview.log()
    targets = TARGETS.get(posts, {})
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "posts": posts,
        "edits": edits,
        "cpus": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "first_build_seconds": round(first_build, 2),
        "variants": {key: summary(values) for key, values in times.items() if values},
        "targets": {
            key: {
                "limit": limit,
                "median": round(statistics.median(times[key]), 3),
                "met": statistics.median(times[key]) <= limit,
            }
            for key, limit in targets.items()
            if times[key]
        },
        "fast_path_log": re.findall(r"served from memory in ([0-9.]+) s", log),
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--kinds", default="post,comments,glossary", help="which edits (default: all three)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-live-{args.posts}-"))
    print(f"F: the live preview on {args.posts} posts ({workdir})", flush=True)
    try:
        result = run(args.posts, args.edits, workdir, set(args.kinds.split(",")))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"live-{args.posts}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(
        f"\nF on {args.posts} posts, {args.edits} edits each; load average before {result['load_average_before']}, "
        f"after {result['load_average_after']} ({result['cpus']} CPUs); first build {result['first_build_seconds']} s"
    )
    for key, figures in result["variants"].items():
        target = result["targets"].get(key)
        verdict = f"  target {target['limit']} s: {'met' if target['met'] else 'MISSED'}" if target else ""
        print(
            f"  {key:<11} median {figures['median']:.3f} s"
            f"  (min {figures['min']:.3f}, max {figures['max']:.3f}){verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
