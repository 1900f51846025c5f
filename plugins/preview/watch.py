"""What the preview watches, and what each change means.

Everything the build reads: the content folder (posts, pages, images, comment archives, the glossary, series
files: any file, ``IGNORE_FILES`` or not, since plugins read ``*.json`` and ``*.yaml`` themselves), the theme,
the settings file, and each plugin's package (code and data files such as the comment schema). Editors' swap
and backup files are left out.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pelican.settings import read_settings
from watchfiles import watch

logger = logging.getLogger(__name__)

SKIPPED_FOLDERS = {"__pycache__", ".git", ".pytest_cache", ".ruff_cache", "node_modules"}
DEBOUNCE_MS = 400  # the longest a burst of saves is gathered into one change
STEP_MS = 20  # a change counts once nothing else changed for this long


def is_editor_file(name: str) -> bool:
    """Swap, backup and lock files of common editors (vim, emacs, kate, JetBrains) and of our own commands (the
    comments lock, ``.comments.lock``; a whole-file write's temp file), never read by the build."""
    return (
        name.startswith((".#", "#"))
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".kate-swp", "___jb_tmp___", "___jb_old___", ".lock"))
        or name == "4913"
    )


@dataclass
class Changes:
    """One burst of changes, sorted by what it takes to show them."""

    restart: list[str] = field(default_factory=list)  # settings or plugin code: a new worker
    stylesheets: list[tuple[str, str]] = field(default_factory=list)  # (theme file, its copy in output/)
    build: list[str] = field(default_factory=list)  # everything else: the worker decides fast or full


@dataclass
class Watched:
    """The folders and files the preview watches, from the site's settings."""

    settings_file: Path
    content: Path
    theme: Path
    output: Path
    cache: Path
    plugin_folders: list[Path]
    theme_static: dict[Path, Path]  # theme folder -> its copy under output/

    @classmethod
    def from_settings(cls, settings_file: str, overrides: dict) -> Watched:
        settings = read_settings(settings_file, override=overrides)
        theme = Path(settings["THEME"]).resolve()
        output = Path(settings["OUTPUT_PATH"]).resolve()
        folders = []
        for name in settings.get("PLUGINS") or []:
            if not isinstance(name, str):
                continue
            top = name.split(".")[0]
            for base in settings.get("PLUGIN_PATHS") or []:
                candidate = (Path(settings_file).parent / base / top).resolve()
                if candidate.is_dir() and candidate not in folders:
                    folders.append(candidate)
        static_dir = settings.get("THEME_STATIC_DIR", "theme")
        theme_static = {
            (theme / path).resolve(): (output / static_dir / path).resolve()
            for path in settings.get("THEME_STATIC_PATHS", ["static"])
        }
        # A static path that is the folder itself is copied into THEME_STATIC_DIR, not below it.
        theme_static = {
            source: target.parent if source.name == target.name else target for source, target in theme_static.items()
        }
        return cls(
            Path(settings_file).resolve(),
            Path(settings["PATH"]).resolve(),
            theme,
            output,
            Path(settings["CACHE_PATH"]).resolve(),
            folders,
            theme_static,
        )

    def roots(self) -> list[Path]:
        return [self.content, self.theme, *self.plugin_folders]

    def wanted(self, path: str) -> bool:
        """Whether a change of ``path`` can change the site."""
        resolved = Path(path)
        if is_editor_file(resolved.name):
            return False
        if any(part in SKIPPED_FOLDERS for part in resolved.parts):
            return False
        for ignored in (self.output, self.cache):
            if resolved.is_relative_to(ignored):
                return False
        return resolved == self.settings_file or any(resolved.is_relative_to(root) for root in self.roots())

    def classify(self, paths: set[str]) -> Changes:
        changes = Changes()
        for path in sorted(paths):
            resolved = Path(path)
            if resolved == self.settings_file or any(resolved.is_relative_to(f) for f in self.plugin_folders):
                changes.restart.append(path)
                continue
            target = self.stylesheet_copy(resolved)
            if target is not None:
                changes.stylesheets.append((path, str(target)))
                continue
            changes.build.append(path)
        return changes

    def stylesheet_copy(self, path: Path) -> Path | None:
        """Where the build copies a theme stylesheet, when ``path`` is one that exists (else None)."""
        if path.suffix != ".css" or not path.is_file():
            return None
        for source, target in self.theme_static.items():
            if path.is_relative_to(source):
                copy = target / path.relative_to(source)
                return copy if copy.parent.is_dir() else None
        return None


def watch_changes(watched: Watched, on_changes: Callable[[set[str]], None], stop: threading.Event) -> None:
    """Call ``on_changes`` with each burst of changed paths until ``stop`` is set."""
    roots = [str(root) for root in watched.roots() if root.is_dir()]
    threading.Thread(
        target=_watch_settings, args=(watched, on_changes, stop), daemon=True, name="preview-settings"
    ).start()
    for batch in watch(
        *roots,
        watch_filter=lambda _change, path: watched.wanted(path),
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        yield_on_timeout=False,
        raise_interrupt=False,
    ):
        try:
            on_changes({path for _change, path in batch})
        except Exception:  # a change that cannot be handled must not end the preview
            logger.exception("Preview: could not handle %s", sorted(path for _change, path in batch))


def _watch_settings(watched: Watched, on_changes: Callable[[set[str]], None], stop: threading.Event) -> None:
    """The settings file lives at the repository root: its folder is watched without its sub-folders."""
    target = str(watched.settings_file)
    for batch in watch(
        os.path.dirname(target),
        watch_filter=lambda _change, path: path == target,
        recursive=False,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        raise_interrupt=False,
    ):
        on_changes({path for _change, path in batch})
