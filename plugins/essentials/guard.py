"""Make the build exit non-zero when any error was logged.

Pelican logs a broken post ("Could not process ...") and goes on, exiting 0. A
site that silently lacks a post cannot be trusted, so the guard counts errors
logged during the build and raises at the end, which makes ``pelican`` exit 1.
The counter lives on the Pelican object, never at module level.
"""

from __future__ import annotations

import logging


class BuildFailedError(RuntimeError):
    """Raised after a build in which errors were logged."""


class ErrorCounter(logging.Handler):
    """Counts log records at ERROR level or above."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def arm_guard(pelican) -> None:
    """Attach a fresh error counter to the root logger for this Pelican instance."""
    previous = getattr(pelican, "_error_counter", None)
    if previous is not None:
        logging.getLogger().removeHandler(previous)
    counter = ErrorCounter()
    logging.getLogger().addHandler(counter)
    pelican._error_counter = counter


def check_guard(pelican) -> None:
    """Raise when errors were logged in this build; reset for the next (autoreload) build."""
    counter = getattr(pelican, "_error_counter", None)
    if counter is None or counter.count == 0:
        return
    errors, counter.count = counter.count, 0
    raise BuildFailedError(f"{errors} error(s) during the build (see the lines above); the output cannot be trusted")
