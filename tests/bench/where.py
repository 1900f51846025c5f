"""Where one full build's time goes: a cProfile of build B, its own time grouped by owner.

    python -m tests.bench.where --posts 1000 [--workdir DIR]

Owners: each plugin of ours (``plugins/<name>/``), our theme's templates, Python-Markdown, Jinja2, Pelican
and other packages (the standard library's time goes to its callers); Pagefind runs in a child process,
so its CPU time is measured
apart (``os.wait4``) and added as its own row. Shares are more stable than switching plugins off on a
shared machine (which compares whole builds run minutes apart); cProfile inflates code that makes many
small calls, so the milliseconds are the profile's shares applied to the unprofiled CPU time of B.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from tests.bench import corpus
from tests.bench.run import ROOT, site_settings

SITE_PACKAGES_MARK = f"{os.sep}site-packages{os.sep}"


def owner(filename: str) -> str:
    """The group a profiled function belongs to."""
    path = filename.replace("\\", "/")
    if path.startswith(str(ROOT / "plugins").replace("\\", "/")):
        return "plugin " + path[len(str(ROOT / "plugins")) + 1 :].split("/", 1)[0]
    if path.startswith(str(ROOT / "theme").replace("\\", "/")):
        return "our templates"
    if "/site-packages/" in path:
        package = path.split("/site-packages/", 1)[1].split("/", 1)[0]
        return {"markdown": "Python-Markdown", "jinja2": "Jinja2", "pelican": "Pelican", "markupsafe": "Jinja2"}.get(
            package, f"other packages ({package})" if package in ("nh3", "yaml", "feedgenerator") else "other packages"
        )
    if path.startswith("<") or "/lib/python3" in path or path == "~":
        return STANDARD
    return "other"


def profile_build(settings: Path, content: Path, output: Path, stats_file: Path) -> dict:
    """Run build B under cProfile in a child process; return its rusage (Pagefind included)."""
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "pelican", str(content)]
    command += ["-s", str(settings), "-o", str(output), "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"profiled build failed: {process.stderr.read().decode(errors='replace')[-2000:]}")
    return {"cpu": usage.ru_utime + usage.ru_stime}


def plain_build(settings: Path, content: Path, output: Path) -> float:
    """CPU seconds (process and children) of one unprofiled build."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("build failed")
    return usage.ru_utime + usage.ru_stime


def pagefind_cpu(settings: Path, content: Path, output: Path) -> tuple[float, float]:
    """CPU seconds of one unprofiled build with and without the Pagefind step (difference = Pagefind)."""
    without = settings.with_name(settings.stem + "-no-pagefind.py")
    without.write_text(settings.read_text(encoding="utf-8") + "SEARCH_PAGEFIND = False\n", encoding="utf-8")
    return plain_build(settings, content, output), plain_build(without, content, output)


STANDARD = "Python (standard library, builtins)"
WAITING = ("'poll' of 'select.poll'", "'select' of 'select", "waitpid", "wait4", "sleep")


def grouped(stats_file: Path) -> dict[str, float]:
    """Own time by owner; time in the standard library and builtins (``re``, ``str.join``...) goes to whoever
    called it, in proportion to the time each caller spent there (followed up to a few levels)."""
    stats = pstats.Stats(str(stats_file)).stats
    shares: dict[tuple, dict[str, float]] = {}

    def resolve(function: tuple, depth: int = 0) -> dict[str, float]:
        if function in shares:
            return shares[function]
        name = owner(function[0])
        callers = stats.get(function, (0, 0, 0, 0, {}))[4]
        if name != STANDARD or depth > 8 or not callers:
            result = {name: 1.0}
        else:
            shares[function] = {STANDARD: 1.0}  # a cycle resolves to the standard library
            weights = {caller: timing[2] or timing[1] for caller, timing in callers.items()}
            total = sum(weights.values()) or 1.0
            result = defaultdict(float)
            for caller, weight in weights.items():
                for owner_name, fraction in resolve(caller, depth + 1).items():
                    result[owner_name] += fraction * weight / total
            result = dict(result)
        shares[function] = result
        return result

    totals: dict[str, float] = defaultdict(float)
    for function, (_, _, tottime, _, _) in stats.items():
        if any(word in function[2] for word in WAITING):
            continue  # blocked on the Pagefind child: wall time, not CPU (the child's CPU is its own row)
        for name, fraction in resolve(function).items():
            totals[name] += tottime * fraction
    return dict(totals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Where one full build's time goes, by owner.")
    parser.add_argument("--posts", type=int, default=corpus.DEFAULT_POSTS)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="slowmending-where-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus.generate(work / "corpus", args.posts, corpus.DEFAULT_SEED)
    content = work / "corpus" / "content"
    settings = work / "B.py"
    settings.write_text(site_settings(content, work / "cache", False), encoding="utf-8")
    output = work / "out"

    plain_build(settings, content, output)  # warm-up
    with_search, without_search = pagefind_cpu(settings, content, output)
    started = time.perf_counter()
    profile_build(settings, content, output, work / "B.prof")
    profiled_seconds = time.perf_counter() - started
    shares = grouped(work / "B.prof")
    python_cpu = without_search
    profiled_total = sum(shares.values())
    rows = {name: python_cpu * seconds / profiled_total for name, seconds in shares.items()}
    rows["Pagefind (child process)"] = max(0.0, with_search - without_search)
    total = sum(rows.values())
    print(f"Build B on {args.posts} posts: {with_search:.2f} s CPU ({without_search:.2f} s without Pagefind);")
    print(
        f"the profile's shares of the Python process, applied to its unprofiled CPU time ({profiled_seconds:.0f} s run)"
    )
    print(f"{'owner':<40}{'s':>8}{'ms/post':>10}{'share':>8}")
    for name, seconds in sorted(rows.items(), key=lambda item: -item[1]):
        print(f"{name:<40}{seconds:8.2f}{1000 * seconds / args.posts:10.2f}{100 * seconds / total:7.1f}%")
    result = {"posts": args.posts, "cpu_with_pagefind": with_search, "cpu_without_pagefind": without_search}
    result["seconds_by_owner"] = {name: round(seconds, 3) for name, seconds in rows.items()}
    (work / "where.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"\n{work / 'where.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
