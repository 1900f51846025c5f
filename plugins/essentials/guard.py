"""End a build in which errors were logged with one line and exit status 1.

Pelican logs a broken post ("Could not process ...") and goes on, exiting 0. A site that silently lacks a post
cannot be trusted, so the guard collects the errors logged during the build (:class:`BuildGuard`, a logging
handler kept on the Pelican object as ``pelican.build_guard``, never at module level) and, once every other
``finalized`` receiver has run, raises :class:`BuildFailedError`, which makes ``pelican`` exit 1. Pelican's
``main()`` logs any such exception with its traceback; :class:`OneLine` turns that record into the one line
``Build failed: N errors above`` (the traceback stays with ``-D``). Pelican's own ``--autoreload`` loop, and a
live preview's, catch it as any exception and keep going.

A live preview shows the same text as the terminal: ``error.errors`` (the messages) and ``error.summary`` (the
last line), or ``pelican.build_guard.errors`` and :func:`failure_line` while the build runs.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback

from pelican import signals

logger = logging.getLogger(__name__)

# Pelican's own line for a source file its reader gave up on (pelican/generators.py).
PELICAN_SKIPPED = "Could not process %s"
# How Pelican's main() logs the exception that ended a build: its class name and text (pelican/__init__.py).
PELICAN_ENDED = "%s: %s"


def failure_line(count: int) -> str:
    """The last line of a failed build, e.g. ``Build failed: 2 errors above``."""
    return f"Build failed: {count} error{'' if count == 1 else 's'} above"


class BuildFailedError(RuntimeError):
    """Ends a build that logged errors (``pelican`` exits 1); ``errors`` are their messages."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        self.summary = failure_line(len(self.errors))
        super().__init__(self.summary)


class BuildGuard(logging.Handler):
    """Collects the messages logged at ERROR level or above during one build."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.errors.append(record.getMessage())
        except Exception:  # a malformed log call still counts as an error
            self.errors.append(str(record.msg))

    @property
    def failed(self) -> bool:
        return bool(self.errors)


class AlreadyExplained(logging.Filter):
    """Drops Pelican's bare "Could not process <file>" when an error naming that file came just before it.

    A reader of this site logs the reason (``posts/t.md:2: Date ...``) before it gives up on a file; Pelican's
    line then adds nothing but a second count. With ``-D`` it is kept: it carries the traceback.
    """

    def __init__(self, guard: BuildGuard) -> None:
        super().__init__()
        self.guard = guard

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != PELICAN_SKIPPED or not record.args or record.exc_info:
            return True
        source = str(record.args[0] if isinstance(record.args, tuple) else record.args)
        named = re.compile(r"(?:^|[\\/])" + re.escape(source) + r":")
        return not any(named.search(message) for message in self.guard.errors[-3:])


class OneLine(logging.Filter):
    """Pelican's ``main()`` logs the exception that ended the build, with its traceback: for a failed build,
    one line without it; for a crash (any other exception: a bug in a plugin or in Pelican, not a mistake in
    the content), one line naming the exception and where it was raised. With ``-D``, the traceback is kept."""

    def __init__(self, debug: bool) -> None:
        super().__init__()
        self.debug = debug

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, BuildFailedError):
            record.msg, record.args = "%s", (error.summary,)
        elif error is not None and record.levelno >= logging.CRITICAL and record.msg == PELICAN_ENDED:
            record.msg, record.args = "%s", (crash_line(error),)
        else:
            return True
        if not self.debug:
            record.exc_info, record.exc_text = None, None
        return True


def crash_line(error: BaseException) -> str:
    """The one line for a build ended by an unexpected exception: what, where, and how to see more."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if not _library_file(frame.filename)]
    where = (ours or frames)[-1] if frames else None
    place = f" at {where.filename}:{where.lineno} (in {where.name})" if where else ""
    return (
        f"Build crashed: {type(error).__name__}: {error}{place}. An unexpected error, usually a bug in a plugin,"
        " the theme or Pelican rather than a mistake in your posts: run the build again with -D"
        " (make html PELICANOPTS=-D) to see the traceback, for a bug report"
    )


def _library_file(filename: str) -> bool:
    """A file of an installed package or of Python itself, not of this site."""
    return "site-packages" in filename or filename.startswith((sys.prefix, sys.base_prefix, "<"))


def _replace_filter(logger_name: str, kind: type, new: logging.Filter) -> None:
    target = logging.getLogger(logger_name)
    for old in [item for item in target.filters if isinstance(item, kind)]:
        target.removeFilter(old)
    target.addFilter(new)


def arm_guard(pelican) -> None:
    """``initialized``: a fresh guard for this Pelican instance; its check runs after every other receiver."""
    root = logging.getLogger()
    previous = getattr(pelican, "build_guard", None)
    if previous is not None:
        root.removeHandler(previous)
    guard = BuildGuard()
    root.addHandler(guard)
    pelican.build_guard = guard
    _replace_filter("pelican.generators", AlreadyExplained, AlreadyExplained(guard))
    _replace_filter("pelican", OneLine, OneLine(bool(pelican.settings.get("DEBUG"))))
    # Connected now, after every plugin's register(): the search index and the rest still run on a failed
    # build (output.py keeps the previous pages), and the failure is the build's last line.
    signals.finalized.disconnect(check_guard)
    signals.finalized.connect(check_guard)


def check_guard(pelican) -> None:
    """``finalized``, last: end a build that logged errors; reset for the next (autoreload) build."""
    guard = getattr(pelican, "build_guard", None)
    if guard is None or not guard.errors:
        return
    errors, guard.errors = guard.errors, []
    raise BuildFailedError(errors)
