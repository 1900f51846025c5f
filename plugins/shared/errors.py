"""The one error type for bad input that names where it is: ``path:line: message``."""

from __future__ import annotations

import os


class SourceError(ValueError):
    """Input that cannot be trusted, with the file and line it came from (line 0 or 1 when unknown).

    Each plugin subclasses it under its own name (``GlossaryError``, ``SeriesError``...), so a plugin can
    catch another's errors by this base class without importing that plugin (the series plugin catches the
    front matter reader's errors this way).
    """

    def __init__(self, path: str | os.PathLike, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = os.fspath(path), line, message
        self.logged = False  # True once logged where it was raised: whoever catches it later stays quiet
