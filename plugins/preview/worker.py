"""The preview's resident Pelican: full builds, the fast path for one edited page, and catch-up builds.

Runs as a child of the preview server (``python -m plugins.preview.worker``), reading one JSON command per
line on stdin and answering with one JSON event per line on the file descriptor it was given; Pelican's log
goes to stderr, as in ``pelican`` itself.

- A **full build** runs ``Pelican.run()`` in this process (content cache on), so the worker keeps the last
  build's generators and context. A build whose reading logged errors stops before anything is written:
  ``output/`` stays the last good site.
- The **fast path**, for an edited post or page, or a data file a plugin claims (a comment archive, the
  glossary): the document is read again with the build's own readers, each plugin updates it through
  :mod:`.hooks`, and its page is rendered into memory with a fresh writer (Pelican's writer refuses to write a
  file twice per run, so each fast render has its own) and sent to the server, which serves it at once.
- Then a **catch-up build** runs in a forked copy of this process (all modules already imported, the content
  cache warm), writing ``output/``; a newer change stops it and starts another, so the worker always
  answers at once. After the catch-up, ``output/`` is what a clean build writes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import select
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.contents import Article, Page
from pelican.log import init as init_logging
from pelican.settings import read_settings
from pelican.writers import Writer

from ..pelican_compat import AtomicWriter, drop_unfinished_content_cache, may_overwrite
from .hooks import PREVIEW_DATA_CHANGED, PREVIEW_DOCUMENT_REFRESHED

logger = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst")
DOCUMENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
    "dates",
)


class PreviewAbortError(RuntimeError):
    """Raised before writing when reading logged errors: ``output/`` keeps the last good site."""


class ErrorLog(logging.Handler):
    """Keeps the text of every error logged during one build, as the terminal shows it."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a bad format string must not hide the error itself
            text = str(record.msg)
        # Pelican logs "Could not process X" inside its ``except`` without the exception unless -D: add the reason.
        active = sys.exc_info()[1]
        if (
            str(record.msg).startswith("Could not process")
            and record.exc_info is None
            and active is not None
            and not isinstance(active, PreviewAbortError)
        ):
            reason = "".join(traceback.format_exception_only(type(active), active)).strip()
            if reason and reason not in text:
                text = f"{text}: {reason}"
        self.messages.append(text)


@dataclass
class CatchUp:
    """A catch-up build running in a forked process."""

    pid: int
    pipe: int
    request: int
    started: float
    chunks: list[bytes] = field(default_factory=list)


class Worker:
    """One resident Pelican and what its last build knew."""

    def __init__(self, settings_file: str, overrides: dict[str, Any], events) -> None:
        self.events = events
        self.errors = ErrorLog()
        logging.getLogger().addHandler(self.errors)
        settings = read_settings(settings_file, override=overrides)
        self.pelican = Pelican(settings)
        self.generators: list = []
        self.catch_up: CatchUp | None = None
        signals.all_generators_finalized.connect(self._remember_generators)
        signals.get_writer.connect(self._stop_before_writing)
        signals.get_writer.connect(self._atomic_writer)

    # -- events to the server ------------------------------------------------------------------------------
    def send(self, event: str, **data: Any) -> None:
        self.events.write(json.dumps({"event": event, **data}) + "\n")
        self.events.flush()

    # -- receivers -----------------------------------------------------------------------------------------
    def _remember_generators(self, generators) -> None:
        self.generators = list(generators)

    def _atomic_writer(self, pelican) -> type[AtomicWriter] | None:
        """Builds write each page under a temporary name and rename it into place: the server, which reads
        ``output/`` while a catch-up build writes it, never serves a page cut half-way."""
        return AtomicWriter if pelican is self.pelican else None

    def _stop_before_writing(self, pelican) -> None:
        if pelican is self.pelican and self.errors.messages:
            raise PreviewAbortError("errors while reading: nothing written, the last good site stays")

    # -- builds --------------------------------------------------------------------------------------------
    def run_build(self) -> dict[str, Any]:
        """One ``Pelican.run()``: whether it worked, the errors it logged, how long it took."""
        self.errors.messages = []
        guard = getattr(self.pelican, "build_guard", None)  # essentials' guard; a stopped build never reset it
        if guard is not None:
            guard.errors = []
        started = time.perf_counter()
        try:
            self.pelican.run()
        except PreviewAbortError:
            pass
        except Exception as error:  # the build guard's exception, or a crash: the messages say what
            if not self.errors.messages:
                self.errors.messages.append("".join(traceback.format_exception_only(type(error), error)).strip())
        messages = list(self.errors.messages)
        return {"ok": not messages, "errors": messages, "seconds": round(time.perf_counter() - started, 3)}

    def full_build(self, request: int) -> None:
        self.stop_catch_up()
        self.send("built", request=request, **self.run_build())

    def start_catch_up(self, request: int) -> None:
        """Fork, and build the whole site in the copy; this process stays free for the next edit."""
        self.stop_catch_up()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: build, report through the pipe, leave without running any cleanup
            code = 1
            try:
                os.close(read_end)
                os.setpgid(0, 0)  # its own group, so stopping it stops Pagefind too
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                result = self.run_build()
                os.write(write_end, json.dumps(result).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.catch_up = CatchUp(pid, read_end, request, time.perf_counter())

    def stop_catch_up(self) -> None:
        running, self.catch_up = self.catch_up, None
        if running is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(running.pid, signal.SIGTERM)
        os.waitpid(running.pid, 0)
        os.close(running.pipe)
        # Stopped while writing Pelican's content cache, it would leave a cut file that stops every next build.
        for path in drop_unfinished_content_cache(self.pelican.settings):
            logger.debug("preview: %s was left half-written by a stopped build; deleted", path)

    def catch_up_readable(self) -> None:
        running = self.catch_up
        assert running is not None
        chunk = os.read(running.pipe, 65536)
        if chunk:
            running.chunks.append(chunk)
            return
        self.catch_up = None
        os.close(running.pipe)
        os.waitpid(running.pid, 0)
        try:
            result = json.loads(b"".join(running.chunks))
        except ValueError:
            result = {"ok": False, "errors": ["the catch-up build stopped without a result (see the terminal)"]}
        result["seconds"] = round(time.perf_counter() - running.started, 3)
        self.send("caught-up", request=running.request, **result)

    # -- the fast path -------------------------------------------------------------------------------------
    def change(self, request: int, paths: list[str], open_pages: list[str]) -> None:
        """Serve the changed pages from memory first and catch up in the background, or build in full."""
        if not self.generators or not self.fast_change(request, paths, open_pages):
            self.full_build(request)

    def fast_change(self, request: int, paths: list[str], open_pages: list[str]) -> bool:
        """The fast path; False when a change needs a full build (a new or deleted file, a template, ...)."""
        started = time.perf_counter()
        content = Path(self.pelican.path).resolve()
        context = self.generators[0].context
        known = context["generated_content"]
        sources: list[str] = []
        data: list[str] = []
        for path in paths:
            resolved = Path(path).resolve()
            if not resolved.is_relative_to(content):
                return False
            relative = resolved.relative_to(content).as_posix()
            if not resolved.is_file():
                if relative in known or relative in context.get("static_content", {}):
                    return False  # a deleted post, page or image
                continue  # an editor's temporary file (sed -i, some IDEs) that came and went
            item = known.get(relative)
            if isinstance(item, Article | Page):
                sources.append(relative)
            elif relative in context.get("static_content", {}):
                return False  # a static file (an image): copied by a full build
            elif item is None and relative.endswith(DOCUMENT_SUFFIXES) and not relative.startswith(self.data_folders()):
                return False  # a new post or page
            else:
                data.append(relative)  # a data file (a plugin may have put it in generated_content for links)
        if not sources and not data:
            self.send("ignored", request=request)  # only temporary files: nothing the build reads changed
            return True
        self.errors.messages = []
        pages: dict[str, str] = {}
        with tempfile.TemporaryDirectory(prefix="preview-") as folder:
            writer = Writer(folder, settings=self.pelican.settings)
            for relative in data:
                answers = [
                    found
                    for _receiver, found in PREVIEW_DATA_CHANGED.send(
                        self.pelican, path=str(content / relative), generators=self.generators, writer=writer
                    )
                    if found is not None
                ]
                if not answers:
                    return False  # no plugin knows this file: a full build reads it
                sources.extend(source for found in answers for source in found)
                sources.extend(self.open_documents(open_pages))
            for relative in dict.fromkeys(sources):
                self.refresh(relative, writer)
            if self.errors.messages:
                self.send("fast", request=request, ok=False, errors=list(self.errors.messages), pages={})
                return True  # nothing else to do until the next change
            for root, _folders, files in os.walk(folder):
                for name in files:
                    full = os.path.join(root, name)
                    with open(full, encoding="utf-8") as file:
                        pages[Path(os.path.relpath(full, folder)).as_posix()] = file.read()
        seconds = round(time.perf_counter() - started, 3)
        self.send("fast", request=request, ok=True, errors=[], pages=pages, seconds=seconds)
        self.start_catch_up(request)
        return True

    def data_folders(self) -> tuple[str, ...]:
        """Content sub-folders holding data rather than documents (series definitions are Markdown)."""
        folder = self.pelican.settings.get("SERIES_PATH", "series")
        return (f"{folder.strip('/')}/",) if folder else ()

    def open_documents(self, open_pages: list[str]) -> list[str]:
        """Source paths of the documents shown in the open browser tabs."""
        wanted = {page.strip("/").removesuffix("index.html").strip("/") for page in open_pages}
        found = []
        for relative, item in self.generators[0].context["generated_content"].items():
            url = getattr(item, "url", None)
            if isinstance(item, Article | Page) and url is not None and url.strip("/") in wanted:
                found.append(relative)
        return found

    def refresh(self, relative: str, writer: Writer) -> None:
        """Read one document again, let the plugins update it, put it in place of the old one, render it."""
        context = self.generators[0].context
        old = context["generated_content"][relative]
        owner = self.owner_of(old)
        if owner is None:
            return
        is_article = isinstance(old, Article)
        logged = len(self.errors.messages)
        try:
            new = owner.readers.read_file(
                base_path=owner.path,
                path=relative,
                content_class=Article if is_article else Page,
                context=owner.context,
            )
        except Exception as error:
            if len(self.errors.messages) == logged:  # a plugin that raises has usually logged file, line, reason
                logger.error("Could not process %s: %s", relative, error)
            return
        if not new.is_valid():
            return
        if new.status != old.status:
            logger.info("%s: its status changed; the catch-up build moves it", relative)
        PREVIEW_DOCUMENT_REFRESHED.send(owner, old=old, new=new, generators=self.generators)
        if hasattr(new, "refresh_metadata_intersite_links"):
            new.refresh_metadata_intersite_links()
        replace_document(owner, context, old, new)
        write = writer.write_file
        template = owner.get_template(new.template)
        relative_urls = owner.settings["RELATIVE_URLS"]
        override = may_overwrite(new)
        if is_article:
            extra = {"all_articles": owner.articles} if new.status == "draft" else {}
            write(
                new.save_as,
                template,
                owner.context,
                relative_urls=relative_urls,
                article=new,
                category=getattr(new, "category", None),
                override_output=override,
                url=new.url,
                blog=True,
                **extra,
            )
        else:
            write(
                new.save_as,
                template,
                owner.context,
                page=new,
                relative_urls=relative_urls,
                override_output=override,
                url=new.url,
            )

    def owner_of(self, document) -> Any:
        for generator in self.generators:
            lists = [getattr(generator, name, None) for name in DOCUMENT_LISTS]
            if any(isinstance(items, list) and any(item is document for item in items) for items in lists):
                return generator
        return None


def replace_document(generator, context: dict, old, new) -> None:
    """Put ``new`` wherever the last build had ``old``: the generator's lists and the shared context."""
    for name in DOCUMENT_LISTS:
        items = getattr(generator, name, None)
        if isinstance(items, list):
            items[:] = [new if item is old else item for item in items]
    for value in [*vars(generator).values(), *context.values()]:
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            for item in value:
                if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], list):
                    item = item[1]
                if isinstance(item, list):
                    item[:] = [new if entry is old else entry for entry in item]
    for key, item in list(context["generated_content"].items()):
        if item is old:
            context["generated_content"][key] = new


def serve_commands(worker: Worker, commands) -> None:
    """Answer commands until stdin closes (the server stopped)."""
    worker.full_build(0)
    buffer = b""
    stdin = commands.fileno()
    while True:
        watched = [stdin] + ([worker.catch_up.pipe] if worker.catch_up else [])
        ready, _, _ = select.select(watched, [], [])
        if worker.catch_up and worker.catch_up.pipe in ready:
            worker.catch_up_readable()
        if stdin not in ready:
            continue
        chunk = os.read(stdin, 65536)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            command = json.loads(line)
            if command["cmd"] == "change":
                worker.change(command["request"], command["paths"], command.get("open", []))
            elif command["cmd"] == "build":
                worker.full_build(command["request"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", required=True)
    parser.add_argument("--events-fd", type=int, required=True)
    parser.add_argument("--override", default="{}", help="settings as a JSON object")
    args = parser.parse_args(argv)
    events = os.fdopen(args.events_fd, "w", encoding="utf-8")
    init_logging(level=logging.WARNING)
    worker = Worker(args.settings, json.loads(args.override), events)

    def stop(_signum, _frame) -> None:
        worker.stop_catch_up()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops the worker
    try:
        serve_commands(worker, sys.stdin)
    finally:
        worker.stop_catch_up()
    return 0


if __name__ == "__main__":
    sys.exit(main())
