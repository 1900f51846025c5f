"""Run the live preview (``make devserver`` or ``python -m plugins.preview``) on a copy of a site, for tests and
the benchmark: its own content, theme and output folders, a free port, the log in a file."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the preview logs when a change has been handled: a fast path (a catch-up follows), a catch-up or a full
# build, or a failure (nothing follows until the next save).
OUTCOMES = re.compile(r"served from memory|whole site caught up|Preview: built in|Build failed")
SERVING = re.compile(r"^Preview: serving .* at http://[^/]*:(\d+)/", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def copy_site(folder: Path, content: Path | None = None, theme: bool = False) -> dict[str, str]:
    """Copy the sample content (and the theme) into ``folder``; the settings that point the preview at them."""
    shutil.copytree(content or ROOT / "content", folder / "content")
    settings = {
        "PATH": str(folder / "content"),
        "OUTPUT_PATH": str(folder / "output"),
        "CACHE_PATH": str(folder / "cache"),
    }
    if theme:
        shutil.copytree(ROOT / "theme", folder / "theme")
        settings["THEME"] = str(folder / "theme")
    return settings


@dataclass
class Events:
    """The server-sent events one tab receives, read in a thread."""

    connection: http.client.HTTPConnection
    received: queue.Queue = field(default_factory=queue.Queue)

    def wait(self, name: str, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {name!r} event within {timeout} s")
            try:
                event, data = self.received.get(timeout=left)
            except queue.Empty:
                continue
            if event == name:
                return json.loads(data or "{}")

    def drain(self) -> list[str]:
        names = []
        while not self.received.empty():
            names.append(self.received.get()[0])
        return names

    def close(self) -> None:
        self.connection.close()


@dataclass
class Preview:
    """A running preview."""

    folder: Path
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def output(self) -> Path:
        return self.folder / "output"

    @property
    def content(self) -> Path:
        return self.folder / "content"

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """One request (``headers``: more headers, or a ``Host`` of its own instead of 127.0.0.1:PORT)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def text(self, path: str) -> str:
        return self.get(path)[2].decode("utf-8")

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            if self.process.poll() is not None:
                raise AssertionError(f"the preview ended (exit {self.process.returncode}):\n{self.log()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not logged {count} time(s) within {timeout} s:\n{self.log()[-4000:]}")
            time.sleep(0.05)

    def wait_caught_up(self, timeout: float = 60.0) -> None:
        """Wait until the catch-up build after the last page served from memory has ended (a test that opens
        tabs or counts catch-ups must not see the previous test's catch-up end halfway)."""
        deadline = time.monotonic() + timeout
        while True:
            events = OUTCOMES.findall(self.log())
            if not events or events[-1] != "served from memory":
                return
            if self.process.poll() is not None:
                raise AssertionError(f"the preview ended (exit {self.process.returncode}):\n{self.log()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no catch-up within {timeout} s after the last edit:\n{self.log()[-4000:]}")
            time.sleep(0.05)

    def wait_for_page(self, path: str, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            body = self.text(path)
            if text in body:
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not served at {path} within {timeout} s:\n{self.log()[-3000:]}")
            time.sleep(0.02)

    def events(self, page: str) -> Events:
        """Listen to the events a tab showing ``page`` receives."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        connection.request("GET", f"/__preview/events?page={page}")
        response = connection.getresponse()
        events = Events(connection)
        ready = threading.Event()

        def read() -> None:
            event, data = "message", []
            try:
                for raw in response:
                    line = raw.decode("utf-8").rstrip("\n")
                    if line.startswith(": connected"):
                        ready.set()
                    elif line.startswith("event: "):
                        event = line[7:]
                    elif line.startswith("data: "):
                        data.append(line[6:])
                    elif not line:
                        if data:
                            events.received.put((event, "\n".join(data)))
                        event, data = "message", []
            except (OSError, ValueError):
                pass

        threading.Thread(target=read, daemon=True).start()
        ready.wait(10)
        return events

    def stop(self) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


def start_preview(
    folder: Path,
    settings: dict[str, str],
    via_make: bool = False,
    settings_file: Path | None = None,
    timeout: float = 120.0,
    options: tuple[str, ...] = (),
    bind: str | None = None,
) -> Preview:
    """Start the preview in its own process group (as a terminal's foreground job is) and wait for its first build.

    It binds port 0, so the system gives it a free port no other test (or pytest-xdist worker) can take
    meanwhile; the port is read from the line the preview logs. ``options`` are more command-line options
    (``--allow-host=NAME``), given through ``PREVIEWOPTS`` with make."""
    port = 0
    pairs = [f"{key}={value}" for key, value in settings.items()]
    settings_path = str(settings_file or ROOT / "pelicanconf.py")
    if via_make:
        command = ["make", "-s", "devserver", f"PORT={port}", *([f"HOST={bind}"] if bind else [])]
        command.append(f"PREVIEWOPTS={' '.join(options)} -s {settings_path} -e {' '.join(pairs)}")
    else:
        command = [sys.executable, "-m", "plugins.preview", *options, "-s", settings_path, "--port", str(port)]
        command += [*(["--bind", bind] if bind else []), "-e", *pairs]
    log_path = folder / "preview.log"
    env = dict(os.environ, COLUMNS="400", TERM="dumb", PYTHONUNBUFFERED="1")
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
    preview = Preview(folder, port, process, log_path)
    try:
        preview.wait_for_log("Preview: built in", timeout=timeout)
        preview.port = int(SERVING.search(preview.log()).group(1))
    except BaseException:
        preview.stop()
        raise
    return preview


def processes_mentioning(text: str) -> list[int]:
    """PIDs of the processes whose command line contains ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in command and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found
