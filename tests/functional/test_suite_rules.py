"""The suite's own rules (tests/conftest.py, tests/pytest.ini): every test has a time limit, and one that runs past
it fails, naming itself, while the run goes on; one that cannot even be stopped ends its worker, named by
pytest-xdist, instead of holding CI; and a test that writes into the repository's own folders fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.sitebuild import ROOT

HUNG = textwrap.dedent(
    """
    import signal
    import time

    import pytest


    @pytest.mark.timeout(2)
    def test_hangs():
        time.sleep(600)


    def test_after_it():
        pass


    @pytest.mark.timeout(1)
    def test_hangs_past_the_alarm():
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])  # as C code that never returns would
        time.sleep(600)
    """
)

# A page whose script never answers: Playwright would wait for ever. The next test uses the same browser.
HUNG_BROWSER = textwrap.dedent(
    """
    import pytest


    @pytest.mark.timeout(3)
    def test_a_page_that_never_answers(browser):
        page = browser.new_page()
        page.evaluate("new Promise(() => {})")


    def test_the_browser_still_works(browser):
        page = browser.new_page()
        page.set_content("<h1>Still here</h1>")
        assert page.inner_text("h1") == "Still here"
    """
)


def run_pytest(folder: Path, *arguments: str) -> tuple[subprocess.CompletedProcess, float]:
    """pytest with the suite's own settings and conftest on ``folder/test_hung.py``."""
    command = [sys.executable, "-m", "pytest", "-c", str(ROOT / "tests" / "pytest.ini"), "--rootdir", str(folder)]
    command += [
        "--confcutdir",
        str(folder),
        "-p",
        "tests.conftest",
        "-p",
        "tests.browser.conftest",
        "-p",
        "no:cacheprovider",
    ]
    command += ["--basetemp", str(folder / "tmp"), str(folder / "test_hung.py"), *arguments]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    return result, time.monotonic() - started


def test_the_suite_gives_every_test_a_time_limit_that_fails_it_by_name(tmp_path):
    (tmp_path / "test_hung.py").write_text(HUNG, encoding="utf-8")
    result, seconds = run_pytest(tmp_path, "-k", "not past_the_alarm", "-o", "timeout=600")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "timeout: 600.0s" in output and "timeout method: signal" in output  # the suite's settings, in force
    assert "E       Failed: Timeout (>2.0s) from pytest-timeout." in output
    failed = [line for line in output.splitlines() if line.startswith("FAILED ")]
    assert len(failed) == 1 and failed[0].split(" ")[1].endswith("/test_hung.py::test_hangs"), failed
    assert "1 failed, 1 passed" in output
    assert seconds < 120


def test_a_test_the_time_limit_cannot_stop_ends_its_worker_and_the_run_goes_on(tmp_path):
    (tmp_path / "test_hung.py").write_text(HUNG, encoding="utf-8")
    result, seconds = run_pytest(tmp_path, "-n", "1", "-o", "timeout_backstop=3")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "worker 'gw0' crashed while running 'test_hung.py::test_hangs_past_the_alarm'" in output
    assert "Timeout (0:00:04)!" in output and "in test_hangs_past_the_alarm" in output  # the stack, for the reader
    assert "2 failed, 1 passed" in output
    assert seconds < 120


@pytest.mark.browser
def test_a_hung_browser_call_fails_its_test_and_the_browser_serves_the_next(tmp_path):
    (tmp_path / "test_hung.py").write_text(HUNG_BROWSER, encoding="utf-8")
    result, seconds = run_pytest(tmp_path)
    output = result.stdout + result.stderr
    if "Chromium is missing" in output and os.environ.get("CI") != "true":
        pytest.skip("Chromium is missing: run `apt-get install -y chromium` (make test does this as root)")
    assert result.returncode == 1, output
    assert "E       Failed: Timeout (>3.0s) from pytest-timeout." in output
    assert "1 failed, 1 passed" in output
    assert seconds < 120


def test_a_test_that_writes_into_the_repositorys_own_folders_fails_the_run(tmp_path):
    probe = ROOT / "cache" / f"isolation-probe-{os.getpid()}.txt"
    created = not probe.parent.exists()
    (tmp_path / "test_hung.py").write_text(
        f"from pathlib import Path\n\ndef test_writes():\n    Path({str(probe)!r}).write_text('x')\n", encoding="utf-8"
    )
    probe.parent.mkdir(exist_ok=True)
    try:
        result, _seconds = run_pytest(tmp_path)
    finally:
        probe.unlink(missing_ok=True)
        if created:
            probe.parent.rmdir()
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"The tests changed the repository's own files (use tmp_path): cache/{probe.name}" in output
    assert "1 passed" in output


SHARED_READERS = textwrap.dedent(
    """
    import pytest

    from tests.shared_fixtures import UNIT_TEST_DATA, WORDPRESS, absent, require


    def test_reads_the_unit_test_data():
        require(UNIT_TEST_DATA)


    @pytest.mark.skipif(not WORDPRESS.is_dir(), reason=absent(WORDPRESS))
    def test_reads_every_export():
        pass


    def test_skipped_for_another_reason():
        pytest.skip("not on this system")


    def test_runs():
        pass
    """
)


def test_a_run_without_the_shared_fixtures_names_what_it_skipped_in_one_line(tmp_path, monkeypatch):
    missing = tmp_path / "no-shared"
    monkeypatch.setenv("SHARED_FIXTURES", str(missing))
    (tmp_path / "test_hung.py").write_text(SHARED_READERS, encoding="utf-8")
    result, _seconds = run_pytest(tmp_path, "-n", "1")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    [line] = [line for line in output.splitlines() if str(missing) in line]
    assert line.startswith(f"SKIPPED 2 tests that read the real exports, as {missing} is absent (CI has it;"), line
    assert line.endswith(": test_hung.py::test_reads_every_export, test_hung.py::test_reads_the_unit_test_data")
    assert "/test_hung.py:17: not on this system" in output  # other skips are listed as before
    assert "1 passed, 3 skipped" in output
