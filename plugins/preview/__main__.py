"""``make devserver``: build, serve on 127.0.0.1, rebuild on every save, reload the open tabs.

    python -m plugins.preview [-s pelicanconf.py] [--bind 127.0.0.1] [--port 8000] [--allow-host NAME ...]
                              [-e KEY=JSON ...]

This process serves HTTP (:mod:`.server`) and watches every file the build reads; the builds run in a
resident worker process (:mod:`.worker`), started again when a settings or plugin file changes. A failed build
never ends the preview: the last good site stays served, the open pages show the errors, and the next build
waits for the next save. Ctrl-C, ``kill`` of this process or of ``make`` stops it, the worker and its builds,
and frees the port. Only requests for the preview's own address (``127.0.0.1:PORT``, ``localhost:PORT``, the
bound address) or a host named with ``--allow-host`` are answered, so no other web page reads the drafts.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .server import PreviewServer, PreviewState
from .watch import Watched, watch_changes

logger = logging.getLogger("preview")


class Preview:
    """The server, the watcher and the worker, and what goes between them."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.settings_file = str(Path(args.settings).resolve())
        self.overrides = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, **args.extra}
        self.watched = Watched.from_settings(self.settings_file, self.overrides)
        self.state = PreviewState(self.watched.output)
        self.server = PreviewServer((args.bind, args.port), self.state, tuple(args.allow_host))
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.worker: subprocess.Popen | None = None
        self.busy = False  # a command was sent and its answer has not come
        self.pending: list[str] = []
        self.requests = 0
        self.sent_at: dict[int, float] = {}

    # -- the worker ----------------------------------------------------------------------------------------
    def start_worker(self) -> None:
        read_end, write_end = os.pipe()
        command = [
            sys.executable,
            "-m",
            "plugins.preview.worker",
            "--settings",
            self.settings_file,
            "--events-fd",
            str(write_end),
            "--override",
            json.dumps(self.overrides),
        ]
        self.worker = subprocess.Popen(
            command, stdin=subprocess.PIPE, pass_fds=(write_end,), start_new_session=True, cwd=os.getcwd()
        )
        os.close(write_end)
        with self.lock:
            self.busy = True  # the worker's first full build
        threading.Thread(target=self.read_events, args=(self.worker, read_end), daemon=True).start()

    def stop_worker(self) -> None:
        worker, self.worker = self.worker, None
        if worker is None or worker.poll() is not None:
            return
        try:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        except ProcessLookupError:
            pass

    def send(self, command: dict) -> None:
        worker = self.worker
        if worker is None or worker.stdin is None:
            return
        try:
            worker.stdin.write((json.dumps(command) + "\n").encode())
            worker.stdin.flush()
        except OSError:
            logger.error("The preview's build process stopped; save a file to start it again")

    def read_events(self, worker: subprocess.Popen, descriptor: int) -> None:
        with os.fdopen(descriptor, encoding="utf-8") as events:
            for line in events:
                self.on_event(json.loads(line))
        if worker is self.worker and not self.stop.is_set():
            worker.wait()
            logger.error(
                "The preview's build process ended (exit %s); save a file to start it again",
                worker.returncode,
            )
            with self.lock:
                self.busy = False
                self.worker = None

    def on_event(self, event: dict) -> None:
        kind, request = event["event"], event.get("request", 0)
        waited = time.perf_counter() - self.sent_at.pop(request, time.perf_counter())
        if kind == "fast":
            if event["ok"]:
                self.state.put_pages(event["pages"], request)
                self.state.set_errors([])
                reloaded = self.state.reload_changed()
                logger.info(
                    "Preview: %s served from memory in %.2f s (%d tab(s) reloaded); the rest of the site catches up",
                    ", ".join(sorted(event["pages"])) or "nothing",
                    waited,
                    reloaded,
                )
            else:
                self.failed(event["errors"])
            self.idle()
        elif kind == "ignored":
            self.idle()
        elif kind == "caught-up":
            if event["ok"]:
                self.state.forget_pages_up_to(request)
                self.state.reload_changed()
                logger.info("Preview: the whole site caught up in %.2f s", event["seconds"])
            else:
                self.failed(event["errors"])
        elif kind == "built":
            if event["ok"]:
                self.state.forget_pages_up_to(request)
                self.state.set_errors([])
                reloaded = self.state.reload_changed()
                logger.info("Preview: built in %.2f s (%d tab(s) reloaded)", event["seconds"], reloaded)
            else:
                self.failed(event["errors"])
            self.idle()

    def idle(self) -> None:
        with self.lock:
            self.busy = False
        self.next_command()

    def failed(self, errors: list[str]) -> None:
        self.state.set_errors(errors)
        count = len(errors)
        logger.error(
            "Build failed: %d error%s above. Still serving the last good site; waiting for the next save.",
            count,
            "" if count == 1 else "s",
        )

    # -- changes -------------------------------------------------------------------------------------------
    def on_changes(self, paths: set[str]) -> None:
        kinds = self.watched.classify(paths)
        if kinds.restart:
            logger.info("Preview: %s changed; starting the build process again", ", ".join(sorted(kinds.restart)))
            self.stop_worker()
            with self.lock:
                self.pending = []
            self.start_worker()
            return
        for source, target in kinds.stylesheets:
            copy_into_place(source, target)
        if kinds.stylesheets:
            self.state.broadcast("css", "{}")
            logger.info("Preview: stylesheet swapped in the open tabs")
        if kinds.build:
            with self.lock:
                self.pending.extend(kinds.build)
            if self.worker is None:
                self.start_worker()
                return
            self.next_command()

    def next_command(self) -> None:
        with self.lock:
            if self.busy:
                return
            paths, self.pending = self.pending, []
            if not paths:
                self.busy = False
                return
            self.busy = True
            self.requests += 1
            request = self.requests
            self.sent_at[request] = time.perf_counter()
        self.send({"cmd": "change", "request": request, "paths": sorted(set(paths)), "open": self.state.open_pages()})

    # -- running -------------------------------------------------------------------------------------------
    def run(self) -> int:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        host, port = self.server.server_address[:2]
        logger.info("Preview: serving %s at http://%s:%s/ (Ctrl-C to stop)", self.state.site, host, port)
        if self.args.allow_host:
            logger.info("Preview: also answering for %s", ", ".join(self.args.allow_host))
        self.start_worker()
        threading.Thread(target=watch_changes, args=(self.watched, self.on_changes, self.stop), daemon=True).start()
        parent = os.getppid()
        while not self.stop.wait(0.25):
            if os.getppid() != parent:  # make was killed by its PID: do not outlive it
                logger.info("Preview: the process that started it ended; stopping")
                break
        self.shutdown()
        return 0

    def shutdown(self) -> None:
        self.stop.set()
        self.server.stop()
        self.stop_worker()
        logger.info("Preview: stopped, port %s is free", self.server.server_address[1])


def copy_into_place(source: str, target: str) -> None:
    """Copy ``source`` to ``target`` under a temporary name, then rename it: a tab loading the stylesheet
    meanwhile gets the old one or the new one, never one cut half-way."""
    temporary = f"{target}.{os.getpid()}.preview-tmp"
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def parse_extra(pairs: list[str]) -> dict:
    extra = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            extra[key] = json.loads(value)
        except ValueError:
            extra[key] = value
    return extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plugins.preview", description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-b", "--bind", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=8000)
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME[:PORT]",
        help="also answer requests for this host name (a machine's name or address on a home network)",
    )
    parser.add_argument("-e", "--extra-settings", dest="extra", nargs="*", default=[], metavar="KEY=JSON")
    args = parser.parse_args(argv)
    args.extra = parse_extra(args.extra)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    try:
        preview = Preview(args)
    except OSError as error:
        logger.error("Cannot serve on %s:%s: %s (another preview? try PORT=8001)", args.bind, args.port, error.strerror)
        return 1

    def stop(_signum, _frame) -> None:
        preview.stop.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    return preview.run()


if __name__ == "__main__":
    sys.exit(main())
