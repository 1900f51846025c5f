"""`make bench`: time our full site build against bare Pelican on one synthetic corpus.

    python -m tests.bench.run --posts 1000 [--runs 3] [--plugin-runs 3] [--keep]

Builds (each a fresh ``pelican`` process, so its rusage is its own), alternating in every round after a
warm-up round:

- A   bare Pelican 4.12: the ``simple`` theme, no plugins, Pelican's default settings;
- A+  bare Pelican with our pelicanconf.py settings (Markdown extensions, URLs, pagination, feeds, archives)
      but the ``simple`` theme and no plugins: separates what our settings cost from what theme and plugins cost;
- B   our full build: pelicanconf.py, our theme, every plugin in PLUGINS, the comment archives;
- C   B with Pelican's content cache on and nothing changed since the last cached build;
- D   C after one post was edited (the output must show the edit);
- E   C after one glossary definition was edited (the output must show the edit);
- B-x B without plugin x, for every plugin in PLUGINS (the plugin's cost is B minus B-x); a plugin that
      needs x (``NEEDS``: measures needs series) is switched off with it, and the cost covers both.

Reports the median and the spread of wall time, CPU time (user + system of the process and its children)
and peak RSS (summed over the build's process tree, and of its largest process), the ratios the benchmark
issue sets targets for, and correctness checks of the cached builds. Writes ``tests/bench/results/latest.json`` (and
``posts-<N>.json``) and prints a table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.bench import corpus

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results"
BASELINE_POSTS = 1000
PACKAGE = "plugins."  # PLUGINS names ``plugins.glossary``; the benchmark says ``glossary``

TARGETS = {  # ratio: upper limit (issue #8)
    "B/A": 1.15,
    "C/B": 0.5,
    "D/B": 0.55,
    "peak RSS B/A": 1.5,
}
SCALING_LIMIT_PER_1000 = 1.05  # B at 4,000 posts at most 4.2 times B at 1,000


class BenchError(RuntimeError):
    """A build failed or gave wrong output: the figures cannot be trusted."""


@dataclass
class Measurement:
    wall: float
    cpu: float
    user: float
    system: float
    peak_rss_mb: float  # the largest single process of the tree (exact: ru_maxrss)
    tree_rss_mb: float  # the largest sum over the tree's live processes (sampled every 50 ms)
    load: float  # 1-minute load average when the build started
    round: int


@dataclass
class Variant:
    key: str
    label: str
    settings: Path
    content: Path
    output: Path
    prepare: Callable[[int], None] | None = None  # called with the round number before the timed build
    check: Callable[[int], None] | None = None  # called after the build; raises BenchError on wrong output
    optional: bool = False  # a failing optional variant is reported, not fatal
    runs: list[Measurement] = field(default_factory=list)
    failure: str | None = None


# --------------------------------------------------------------------------------------------------------
# Settings files for the variants
# --------------------------------------------------------------------------------------------------------


def bare_settings(content: Path, cache: Path) -> str:
    """Bare Pelican: its defaults, the simple theme, no plugins; only where the posts are."""
    return f"""# Bare Pelican 4.12: default settings, `simple` theme, no plugins.
SITENAME = "Bench"
PATH = {str(content)!r}
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
IGNORE_FILES = [".#*", "404.md"]  # our 404 page names a template the simple theme lacks
THEME = "simple"
PLUGINS = []
TIMEZONE = "America/Chicago"
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CACHE_PATH = {str(cache)!r}
"""


def site_settings(
    content: Path, cache: Path, cached: bool, plugins: list[str] | None = None, bare: bool = False
) -> str:
    """Our pelicanconf.py pointed at the corpus; ``bare``: with the simple theme and no plugins."""
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT)!r})",
        "from pelicanconf import *  # noqa: F403",
        f"PATH = {str(content)!r}",
        f"CACHE_PATH = {str(cache)!r}",
        f"CACHE_CONTENT = {cached}",
        f"LOAD_CONTENT_CACHE = {cached}",
    ]
    if plugins is not None:
        lines.append(f"PLUGINS = {[PACKAGE + name for name in plugins]!r}")
    if bare:
        lines += [
            'THEME = "simple"',
            "PLUGINS = []",
            'DIRECT_TEMPLATES = ["index", "tags", "categories", "archives"]',
            'IGNORE_FILES = [*IGNORE_FILES, "404.md"]  # noqa: F405',
        ]
    return "\n".join(lines) + "\n"


def site_plugins() -> list[str]:
    """PLUGINS as pelicanconf.py sets them today, by their short names (``glossary`` for ``plugins.glossary``)."""
    from pelican.settings import read_settings

    return [name.removeprefix(PACKAGE) for name in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]]


# Plugins that fail the build without another one: measures reads the series of each update.
NEEDS = {"measures": ("series",)}


def switched_off_with(plugin: str, plugins: list[str]) -> list[str]:
    """``plugin`` and every plugin in ``plugins`` that needs it (directly or not), in ``plugins``' order."""
    off = {plugin}
    changed = True
    while changed:
        changed = False
        for name in plugins:
            if name not in off and any(needed in off for needed in NEEDS.get(name, ())):
                off.add(name)
                changed = True
    return [name for name in plugins if name in off]


# --------------------------------------------------------------------------------------------------------
# Running and measuring one build
# --------------------------------------------------------------------------------------------------------


class TreeMemorySampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants (pelican, then Pagefind beside it).

    ``ru_maxrss`` only gives the largest single process; a build whose child runs while the parent still holds
    its memory needs both at once. Reads ``/proc`` (Linux); elsewhere it reports 0.
    """

    INTERVAL = 0.05

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.INTERVAL):
            self.peak_kb = max(self.peak_kb, sum(rss_kb(pid) for pid in descendants(self.pid)))

    def stop(self) -> float:
        self.done.set()
        self.join()
        return round(self.peak_kb / 1024, 1)


def descendants(root: int) -> list[int]:
    """``root`` and every process below it, from the parent pids in ``/proc/<pid>/stat``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, ()))
    return found


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_build(variant: Variant, log: Path, round_number: int) -> Measurement:
    """One ``pelican`` process; wall clock around it, rusage of it (and its children) from wait4."""
    command = [sys.executable, "-m", "pelican", str(variant.content), "-s", str(variant.settings)]
    command += ["-o", str(variant.output)]
    env = dict(os.environ, COLUMNS="400", TERM="dumb")
    load = os.getloadavg()[0]
    with log.open("w", encoding="utf-8") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, cwd=log.parent, env=env)
        sampler = TreeMemorySampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        tree_rss = sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
        raise BenchError(f"{variant.key} ({variant.label}) exited {process.returncode}; {log}:\n{tail}")
    return Measurement(
        wall=round(wall, 3),
        cpu=round(usage.ru_utime + usage.ru_stime, 3),
        user=round(usage.ru_utime, 3),
        system=round(usage.ru_stime, 3),
        peak_rss_mb=round(usage.ru_maxrss / 1024, 1),  # Linux: kilobytes
        tree_rss_mb=max(tree_rss, round(usage.ru_maxrss / 1024, 1)),  # a sample can miss the very peak
        load=round(load, 2),
        round=round_number,
    )


def first_error(log: Path) -> str:
    """The first ERROR or CRITICAL line of a build log, squeezed, for the report."""
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if " ERROR " in f" {line} " or "CRITICAL" in line:
            text = " ".join(line.split())
            return text.split("ERROR", 1)[-1].strip() if "ERROR" in text else text
    return "no error line in the log"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def tree_difference(left: Path, right: Path) -> list[str]:
    """Files that differ between two output folders (or exist in only one), sorted."""
    a, b = tree_digest(left), tree_digest(right)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


# --------------------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------------------


class Bench:
    def __init__(self, workdir: Path, posts: int, seed: int, runs: int, plugin_runs: int, warmup: bool) -> None:
        self.workdir = workdir
        self.posts = posts
        self.runs = runs
        self.plugin_runs = plugin_runs
        self.warmup = warmup
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        (workdir / "settings").mkdir(exist_ok=True)
        started = time.perf_counter()
        self.manifest = corpus.generate(workdir / "corpus", posts, seed)
        self.generate_seconds = round(time.perf_counter() - started, 2)
        self.content = workdir / "corpus" / "content"
        self.plugins = site_plugins()
        self.checks: dict[str, dict] = {}
        self.glossary_definition = self.manifest["edit_term"]["definition"]  # grows by a marker per round
        self.variants = self.make_variants()
        self.baseline: Variant | None = None
        if posts > BASELINE_POSTS:
            corpus.generate(workdir / "baseline", BASELINE_POSTS, seed)
            self.baseline = self.site_variant(
                f"B@{BASELINE_POSTS}", f"B on {BASELINE_POSTS} posts", workdir / "baseline" / "content"
            )

    # -- variants -----------------------------------------------------------------------------------------

    def settings_file(self, name: str, text: str) -> Path:
        path = self.workdir / "settings" / f"{name}.py"
        path.write_text(text, encoding="utf-8")
        return path

    def site_variant(self, key: str, label: str, content: Path, plugins: list[str] | None = None) -> Variant:
        name = key.replace("@", "-at-").replace("+", "-plus")
        settings = self.settings_file(name, site_settings(content, self.workdir / f"cache-{name}", False, plugins))
        return Variant(key, label, settings, content, self.workdir / f"out-{name}", optional=plugins is not None)

    def make_variants(self) -> list[Variant]:
        work, content = self.workdir, self.content
        cached_settings = self.settings_file("cached", site_settings(content, work / "cache-cached", True))
        cached_output = work / "out-cached"
        variants = [
            Variant(
                "A",
                "bare Pelican, simple theme, no plugins",
                self.settings_file("A", bare_settings(content, work / "cache-A")),
                content,
                work / "out-A",
            ),
            Variant(
                "A+",
                "bare Pelican with our settings",
                self.settings_file("A-plus", site_settings(content, work / "cache-A-plus", False, bare=True)),
                content,
                work / "out-A-plus",
            ),
            self.site_variant("B", "our full build", content),
            Variant("C", "B, cache on, nothing changed", cached_settings, content, cached_output, check=self.check_c),
            Variant(
                "D",
                "B, cache on, one post edited",
                cached_settings,
                content,
                cached_output,
                prepare=self.edit_post,
                check=self.check_d,
            ),
            Variant(
                "E",
                "B, cache on, glossary edited",
                cached_settings,
                content,
                cached_output,
                prepare=self.edit_glossary,
                check=self.check_e,
            ),
        ]
        for plugin in self.plugins:
            off = switched_off_with(plugin, self.plugins)
            others = [name for name in self.plugins if name not in off]
            label = f"B without {' and '.join(off)}"
            variants.append(self.site_variant(f"B-{plugin}", label, content, others))
        return variants

    def variant(self, key: str) -> Variant:
        return next(variant for variant in self.variants if variant.key == key)

    # -- edits and checks ---------------------------------------------------------------------------------

    def marker(self, kind: str, round_number: int) -> str:
        return f"benchedit{kind}{round_number}x"

    def edit_post(self, round_number: int) -> None:
        corpus.edit_post(
            self.workdir / "corpus" / self.manifest["edit_post"]["file"], self.marker("post", round_number)
        )

    def edit_glossary(self, round_number: int) -> None:
        marker = self.marker("glossary", round_number)
        corpus.edit_glossary_definition(self.content, self.glossary_definition, marker)
        self.glossary_definition = f"{self.glossary_definition} {marker}"

    def check_c(self, round_number: int) -> None:
        differences = tree_difference(self.variant("B").output, self.variant("C").output)
        self.record_check(
            "C output identical to B output",
            not differences,
            f"{len(differences)} files differ: {differences[:8]}" if differences else "all files identical",
        )

    def check_d(self, round_number: int) -> None:
        page = self.variant("D").output / self.manifest["edit_post"]["url"] / "index.html"
        marker = self.marker("post", round_number)
        shown = page.exists() and marker in page.read_text(encoding="utf-8")
        self.record_check("D shows the edited post", shown, f"{marker} in {page.relative_to(self.workdir)}: {shown}")

    def check_e(self, round_number: int) -> None:
        marker = self.marker("glossary", round_number)
        output = self.variant("E").output
        if "glossary" not in self.plugins:
            self.record_check("E shows the glossary edit", None, "not applicable: no glossary plugin in PLUGINS")
            return
        glossary_pages = [path for path in output.rglob("*.html") if "glossary" in path.parts]
        on_glossary_page = any(marker in path.read_text(encoding="utf-8") for path in glossary_pages)
        using = [self.post_url(slug) for slug in self.manifest["edit_term"]["used_in"]]
        posts_showing = sum(
            marker in (output / url / "index.html").read_text(encoding="utf-8")
            for url in using
            if (output / url / "index.html").exists()
        )
        self.record_check(
            "E shows the glossary edit",
            on_glossary_page,
            f"{marker} on the glossary page: {on_glossary_page}; "
            f"in {posts_showing} of {len(using)} posts using the term",
        )

    def post_url(self, slug: str) -> str:
        return next(post["url"] for post in self.manifest["posts"] if post["slug"] == slug)

    def record_check(self, name: str, passed: bool | None, detail: str) -> None:
        """Keep the worst result of a check over the rounds (a failure sticks)."""
        previous = self.checks.get(name)
        if previous is not None and previous["passed"] is False:
            return
        self.checks[name] = {"passed": passed, "detail": detail}

    # -- rounds -------------------------------------------------------------------------------------------

    def build(self, variant: Variant, round_number: int, timed: bool) -> None:
        if variant.failure:
            return
        if variant.prepare and timed:
            variant.prepare(round_number)
        log = self.logs / f"{variant.key.replace('@', '-at-')}-{round_number}.log"
        try:
            measurement = run_build(variant, log, round_number)
        except BenchError:
            if not variant.optional:
                raise
            variant.failure = f"exited non-zero: {first_error(log)} ({log.name})"
            print(f"  {variant.key}: failed, left out ({log})", flush=True)
            return
        if timed:
            variant.runs.append(measurement)
            if variant.check:
                variant.check(round_number)
        print(
            f"  {'' if timed else 'warm-up '}{variant.key:<14} {measurement.wall:7.2f} s wall "
            f"{measurement.cpu:7.2f} s cpu {measurement.peak_rss_mb:7.1f} MB largest process "
            f"{measurement.tree_rss_mb:7.1f} MB tree  (load {measurement.load})",
            flush=True,
        )

    def round_variants(self, round_number: int) -> list[Variant]:
        main = [v for v in self.variants if not v.key.startswith("B-")]
        plugins_off = [v for v in self.variants if v.key.startswith("B-")] if round_number <= self.plugin_runs else []
        extra = [self.baseline] if self.baseline else []
        return main + extra + plugins_off

    def run(self) -> None:
        if self.warmup:
            print("warm-up", flush=True)
            for variant in self.variants[:4] + ([self.baseline] if self.baseline else []):
                self.build(variant, 0, timed=False)  # C's warm-up fills the content cache
        else:
            self.build(self.variant("C"), 0, timed=False)  # the content cache must exist for C, D, E
        for round_number in range(1, self.runs + 1):
            print(f"round {round_number} of {self.runs}", flush=True)
            for variant in self.round_variants(round_number):
                self.build(variant, round_number, timed=True)
        self.verify_cached_against_clean()

    def verify_cached_against_clean(self) -> None:
        """A clean build (no cache) of the final content must equal the last cached build (E)."""
        clean = Variant(
            "clean",
            "clean build for verification",
            self.variant("B").settings,
            self.content,
            self.workdir / "out-clean",
        )
        run_build(clean, self.logs / "clean.log", self.runs + 1)
        differences = tree_difference(clean.output, self.variant("E").output)
        self.record_check(
            "E output identical to a clean build",
            not differences,
            f"{len(differences)} files differ: {differences[:8]}" if differences else "all files identical",
        )

    # -- results ------------------------------------------------------------------------------------------

    def results(self) -> dict:
        summaries = {v.key: summarize(v) for v in [*self.variants, *([self.baseline] if self.baseline else [])]}
        ratios = {}
        for name, (top, bottom) in {
            "B/A": ("B", "A"),
            "B/A+": ("B", "A+"),
            "A+/A": ("A+", "A"),
            "C/B": ("C", "B"),
            "D/B": ("D", "B"),
            "E/B": ("E", "B"),
        }.items():
            ratios[name] = ratio(summaries, top, bottom, ("wall", "cpu"))
        ratios["peak RSS B/A"] = ratio(summaries, "B", "A", ("tree_rss_mb",))
        ratios["largest process B/A"] = ratio(summaries, "B", "A", ("peak_rss_mb",))
        targets = {name: {"limit": limit, **verdict(ratios[name], limit)} for name, limit in TARGETS.items()}
        if self.baseline:
            key = f"B@{BASELINE_POSTS}"
            scaling = ratio(summaries, "B", key, ("wall", "cpu"))
            ratios[f"B/{key}"] = scaling
            limit = round(SCALING_LIMIT_PER_1000 * self.posts / BASELINE_POSTS, 2)
            targets[f"B/{key}"] = {"limit": limit, **verdict(scaling, limit)}
        plugin_costs = {}
        for plugin in self.plugins:
            without = summaries.get(f"B-{plugin}")
            if not without or not without.get("median"):
                plugin_costs[plugin] = {"error": self.variant(f"B-{plugin}").failure or "not measured"}
                continue
            plugin_costs[plugin] = {
                f"{measure}_ms_per_post": round(
                    (summaries["B"]["median"][measure] - without["median"][measure]) * 1000 / self.posts, 3
                )
                for measure in ("wall", "cpu")
            } | {"tree_rss_mb": round(summaries["B"]["median"]["tree_rss_mb"] - without["median"]["tree_rss_mb"], 1)}
            if len(off := switched_off_with(plugin, self.plugins)) > 1:
                plugin_costs[plugin]["switched_off"] = off
        return {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": git_commit(),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "posts": self.posts,
            "runs": self.runs,
            "plugin_runs": self.plugin_runs,
            "plugins": self.plugins,
            "corpus": self.manifest["counts"]
            | {"seed": self.manifest["spec"]["seed"], "generate_seconds": self.generate_seconds},
            "variants": summaries,
            "ratios": ratios,
            "targets": targets,
            "plugin_costs": plugin_costs,
            "checks": self.checks,
            "notes": [
                "cpu = user + system time of the pelican process and its children (rusage from wait4)",
                "peak RSS (tree) = the largest sum of RSS over the build's live processes, sampled every 50 ms "
                "(pelican and the Pagefind process it starts run at the same time); largest process = ru_maxrss",
                "targets are judged on median CPU time (stable on a shared machine); wall ratios are shown too",
                "DELETE_OUTPUT_DIRECTORY is on in pelicanconf.py: C, D and E re-render every page; "
                "the content cache saves reading (Markdown) only",
            ],
        }


def summarize(variant: Variant) -> dict:
    summary: dict = {
        "label": variant.label,
        "settings": str(variant.settings.name),
        "runs": [asdict(m) for m in variant.runs],
    }
    if variant.failure:
        summary["failure"] = variant.failure
    if variant.runs:
        summary["median"] = {}
        summary["min"] = {}
        summary["max"] = {}
        for measure in ("wall", "cpu", "peak_rss_mb", "tree_rss_mb"):
            values = [getattr(m, measure) for m in variant.runs]
            summary["median"][measure] = round(statistics.median(values), 3)
            summary["min"][measure] = min(values)
            summary["max"][measure] = max(values)
        median = summary["median"]
        summary["spread_percent"] = {
            measure: round(100 * (summary["max"][measure] - summary["min"][measure]) / median[measure], 1)
            if median[measure]
            else 0.0
            for measure in median
        }
    return summary


def ratio(summaries: dict, top: str, bottom: str, measures: tuple[str, ...]) -> dict:
    a, b = summaries.get(top, {}).get("median"), summaries.get(bottom, {}).get("median")
    if not a or not b:
        return {}
    return {measure: round(a[measure] / b[measure], 3) for measure in measures if b[measure]}


def verdict(values: dict, limit: float) -> dict:
    """``met``: on CPU time (steadier on a shared machine) or memory; ``met_on_wall``: on wall time, for time."""
    judged = values.get("cpu", values.get("tree_rss_mb", values.get("peak_rss_mb")))
    wall = values.get("wall")
    return {
        "values": values,
        "met": None if judged is None else judged <= limit,
        "met_on_wall": None if wall is None else wall <= limit,
    }


def git_commit() -> str | None:
    result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return (result.stdout.strip() + ("+dirty" if dirty else "")) if result.returncode == 0 else None


# --------------------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------------------


def load_line(results: dict) -> str:
    loads = [run["load"] for summary in results["variants"].values() for run in summary["runs"]]
    if not loads:
        return ""
    note = "  (a busy machine: trust CPU time, not wall time)" if max(loads) > (os.cpu_count() or 1) else ""
    return f"1-minute load average at the start of the timed builds: {min(loads):.1f}-{max(loads):.1f}{note}"


def format_table(results: dict) -> str:
    corpus_counts = results["corpus"]
    lines = [
        f"Build benchmark: {results['posts']} posts, {corpus_counts['comments']} comments, "
        f"{corpus_counts['glossary_terms']} glossary terms, {corpus_counts['series']} series; "
        f"{results['runs']} runs, median [min-max]; plugins: {', '.join(results['plugins']) or 'none'}",
        load_line(results),
        "",
        f"{'':<16}{'wall s':>24}{'cpu s':>24}{'peak RSS MB, tree':>24}{'largest process MB':>24}",
    ]
    for key, summary in results["variants"].items():
        if "median" not in summary:
            lines.append(f"{key:<16}{'failed: ' + summary.get('failure', 'not run')}")
            continue
        cells = "".join(
            f"{summary['median'][m]:.2f} [{summary['min'][m]:.1f}-{summary['max'][m]:.1f}]".rjust(24)
            for m in ("wall", "cpu", "tree_rss_mb", "peak_rss_mb")
        )
        lines.append(f"{key:<16}{cells}  {summary['label']}")
    lines += ["", f"{'ratio':<16}{'wall':>8}{'cpu':>8}{'target':>10}  verdict (on CPU time)"]
    for name, values in results["ratios"].items():
        target = results["targets"].get(name)
        memory = values.get("tree_rss_mb", values.get("peak_rss_mb"))
        wall = values.get("wall", memory)
        cpu = values.get("cpu", memory)
        shown_wall = f"{wall:>8.2f}" if wall is not None else f"{'-':>8}"
        shown_cpu = f"{cpu:>8.2f}" if cpu is not None else f"{'-':>8}"
        if target:
            met = {True: "met", False: "MISSED", None: "n/a"}[target["met"]]
            if target.get("met_on_wall") is not None:
                met += f" (on wall time: {'met' if target['met_on_wall'] else 'missed'})"
            lines.append(f"{name:<16}{shown_wall}{shown_cpu}{'<= ' + str(target['limit']):>10}  {met}")
        else:
            lines.append(f"{name:<16}{shown_wall}{shown_cpu}")
    lines += ["", "plugin cost (B minus B without the plugin), ms per post:"]
    for plugin, cost in results["plugin_costs"].items():
        if "error" in cost:
            lines.append(f"  {plugin:<14} {cost['error']}")
        else:
            needers = [name for name in cost.get("switched_off", ()) if name != plugin]
            lines.append(
                f"  {plugin:<14} cpu {cost['cpu_ms_per_post']:7.2f}  wall {cost['wall_ms_per_post']:7.2f}"
                f"  peak RSS {cost['tree_rss_mb']:+.1f} MB"
                + (f"  (with {', '.join(needers)}, which needs it)" if needers else "")
            )
    lines += ["", "checks:"]
    for name, check in results["checks"].items():
        state = {True: "ok", False: "FAILED", None: "n/a"}[check["passed"]]
        lines.append(f"  {state:<7}{name}: {check['detail']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time our build against bare Pelican on a synthetic corpus.")
    parser.add_argument("--posts", type=int, default=corpus.DEFAULT_POSTS)
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--runs", type=int, default=3, help="timed rounds (default 3)")
    parser.add_argument(
        "--plugin-runs",
        type=int,
        default=None,
        help="rounds that also build B without each plugin (default: --runs up to 1,000 posts, else 1; 0 = none)",
    )
    parser.add_argument("--no-warmup", action="store_true", help="skip the warm-up round")
    parser.add_argument("--workdir", type=Path, help="keep the corpus, settings, outputs and logs here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--output", type=Path, help="results file (default tests/bench/results/latest.json)")
    args = parser.parse_args(argv)
    plugin_runs = args.plugin_runs
    if plugin_runs is None:
        plugin_runs = args.runs if args.posts <= BASELINE_POSTS else 1
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="slowmending-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"corpus, settings, outputs and logs in {workdir}", flush=True)
    bench = Bench(workdir, args.posts, args.seed, max(1, args.runs), min(plugin_runs, args.runs), not args.no_warmup)
    try:
        bench.run()
    except BenchError as error:
        print(f"benchmark stopped: {error}", file=sys.stderr)
        print(f"(kept {workdir})", file=sys.stderr)
        return 1
    results = bench.results()
    output = args.output or RESULTS / "latest.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.output is None:
        (RESULTS / f"posts-{args.posts}.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print()
    print(format_table(results))
    print(f"\nresults: {output}")
    if not (args.keep or args.workdir):
        shutil.rmtree(workdir, ignore_errors=True)
    failed = [name for name, check in results["checks"].items() if check["passed"] is False]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
