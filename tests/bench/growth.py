"""Does build B grow linearly? B on N posts against B on N/4 posts, timed side by side.

    python -m tests.bench.growth --posts 4000 [--pairs 2] [--workdir DIR]

On this shared machine the speed of identical builds drifts by up to 30% from one minute to the next, more
than the margin the growth target leaves (B at 4,000 posts at most 4.2 times B at 1,000). Builds timed one
after the other therefore compare two different machines. Here the large build runs on one core while the
small one is built again and again on the other, so both are timed in the same minutes: the ratio is the
large build's CPU time over the median CPU time of the small builds that ran during it (linear growth: 4).
Each build is a fresh ``pelican`` process (Pagefind included) with our full settings.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench import corpus
from tests.bench.run import site_settings


def start_build(content: Path, settings: Path, output: Path, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), "-q"]
    with log.open("w", encoding="utf-8") as handle:
        return subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)


def cpu_of(process: subprocess.Popen, log: Path, block: bool = True) -> float | None:
    """A build's CPU time (user + system, children included) once it ended; None if it runs on (``block`` off)."""
    pid, status, usage = os.wait4(process.pid, 0 if block else os.WNOHANG)
    if pid == 0:
        return None
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"build failed, see {log}")
    return usage.ru_utime + usage.ru_stime


def side_by_side(large: tuple[Path, Path, Path], small: tuple[Path, Path, Path], logs: Path) -> dict:
    """One large build, with small builds run one after another next to it until it ends.

    Only the small builds that ended while the large one still ran are counted.
    """
    big = start_build(*large, logs / "large.log")
    small_cpu = []
    while True:
        cpu = cpu_of(start_build(*small, logs / "small.log"), logs / "small.log")
        large_cpu = cpu_of(big, logs / "large.log", block=False)
        if large_cpu is not None:
            break
        small_cpu.append(cpu)
    return {"large_cpu": round(large_cpu, 2), "small_cpu": [round(value, 2) for value in small_cpu]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Growth of build B from N/4 to N posts, timed side by side.")
    parser.add_argument("--posts", type=int, default=4000)
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="growth-"))
    workdir.mkdir(parents=True, exist_ok=True)
    sizes = {"large": args.posts, "small": args.posts // 4}
    builds = {}
    for name, posts in sizes.items():
        folder = workdir / name
        corpus.generate(folder / "corpus", posts, args.seed)
        settings = folder / "settings.py"
        settings.write_text(site_settings(folder / "corpus" / "content", folder / "cache", False), encoding="utf-8")
        builds[name] = (folder / "corpus" / "content", settings, folder / "out")
    logs = workdir / "logs"
    logs.mkdir(exist_ok=True)
    for name in builds:  # warm-up: file caches, output folders, compiled bytecode
        cpu_of(start_build(*builds[name], logs / f"{name}.log"), logs / f"{name}.log")
    pairs = []
    for number in range(1, args.pairs + 1):
        pair = side_by_side(builds["large"], builds["small"], logs)
        if not pair["small_cpu"]:
            raise SystemExit("no small build ran alongside the large one")
        pair["ratio"] = round(pair["large_cpu"] / statistics.median(pair["small_cpu"]), 2)
        pairs.append(pair)
        print(
            f"pair {number}: B@{sizes['large']} {pair['large_cpu']:.2f} s CPU; B@{sizes['small']} alongside "
            f"{pair['small_cpu']} s; ratio {pair['ratio']:.2f} (linear: 4.00, target <= 4.2)",
            flush=True,
        )
    result = {"posts": sizes, "pairs": pairs, "median_ratio": statistics.median(p["ratio"] for p in pairs)}
    (workdir / "growth.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(
        f"median ratio B@{sizes['large']} / B@{sizes['small']}: {result['median_ratio']:.2f}  ({workdir}/growth.json)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
