"""Shared fixtures (the sample site, built once per test session, or once per worker under pytest-xdist) and the
suite's time limits."""

from __future__ import annotations

import faulthandler
import os
import sys

import pytest

from tests.shared_fixtures import SHARED_FIXTURES, SKIP_PREFIX
from tests.sitebuild import ROOT, Build, build_site

STDERR_KEY = pytest.StashKey[int]()
SHARED_FOLDERS = ("content", "output", "cache")  # the repository's own: tests build into temporary folders
SNAPSHOT_KEY = pytest.StashKey[dict[str, tuple[int, int]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "timeout_backstop",
        "pytest-timeout fails a test past its limit from inside the test; should that failure never come back (a "
        "hang the alarm cannot break, a tear-down that hangs after it), the process ends this many seconds later "
        "with every thread's stack, and pytest-xdist names the test its worker was running",
        default="30",
    )


def time_limit(item: pytest.Item) -> float:
    """The seconds ``item`` may take, as pytest-timeout reads them: its ``@pytest.mark.timeout``, else
    ``--timeout``, ``PYTEST_TIMEOUT`` or the ``timeout`` of pytest.ini; 0 for none."""
    marker = item.get_closest_marker("timeout")
    if marker is not None and (marker.args or "timeout" in marker.kwargs):
        value = marker.args[0] if marker.args else marker.kwargs["timeout"]
    else:
        value = item.config.getoption("timeout", None)
        if value is None:
            value = os.environ.get("PYTEST_TIMEOUT") or item.config.getini("timeout")
    return float(value or 0)


def pytest_configure(config: pytest.Config) -> None:
    # The terminal's stderr, kept before the tests' output is captured, for the stacks of a hung test.
    config.stash[STDERR_KEY] = os.dup(sys.__stderr__.fileno())


def shared_files() -> dict[str, tuple[int, int]]:
    """Size and modification time of every file in the repository's content/, output/ and cache/."""
    found = {}
    for name in SHARED_FOLDERS:
        for path in (ROOT / name).rglob("*"):
            if path.is_file() and not path.is_symlink():
                status = path.stat()
                found[path.relative_to(ROOT).as_posix()] = (status.st_size, status.st_mtime_ns)
    return found


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # once, in the process that reports (xdist's or the only one)
        session.config.stash[SNAPSHOT_KEY] = shared_files()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A test that wrote into the repository's own folders would race with the other workers: fail the run."""
    before = session.config.stash.get(SNAPSHOT_KEY, None)
    if before is None:
        return
    after = shared_files()
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    if changed:
        listed = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"The tests changed the repository's own files (use tmp_path): {listed}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def skip_reason(report: pytest.TestReport) -> str:
    return str(report.longrepr[2]).removeprefix("Skipped: ") if isinstance(report.longrepr, tuple) else ""


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """The tests skipped for want of ``../shared``, in one line after the short summary (instead of one line
    per place they skip at); the count of skipped tests stays as it is."""
    skipped = terminalreporter.stats.get("skipped", [])
    shared = [report for report in skipped if skip_reason(report).startswith(SKIP_PREFIX)]
    terminalreporter.stats["skipped"] = [report for report in skipped if report not in shared]
    try:
        return (yield)
    finally:
        terminalreporter.stats["skipped"] = skipped
        if shared:
            names = ", ".join(sorted(report.nodeid.rsplit("/", 1)[-1] for report in shared))
            terminalreporter.write_line(
                f"SKIPPED {len(shared)} tests that read the real exports, as {SHARED_FIXTURES} is absent "
                f"(CI has it; SHARED_FIXTURES=folder points elsewhere): {names}",
                yellow=True,
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    limit = time_limit(item)
    if limit > 0:
        backstop = limit + float(item.config.getini("timeout_backstop"))
        faulthandler.dump_traceback_later(backstop, exit=True, file=item.config.stash[STDERR_KEY])
    try:
        return (yield)
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The sample site built with pelicanconf.py and ``--fatal warnings``."""
    result = build_site(tmp_path_factory.mktemp("site") / "output")
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Build:
    """The sample site built with publishconf.py (absolute URLs, no drafts)."""
    result = build_site(tmp_path_factory.mktemp("published") / "output", settings="publishconf.py")
    assert result.returncode == 0, result.log
    return result
