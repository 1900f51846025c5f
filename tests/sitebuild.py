"""Build a Pelican site in a subprocess and read what a reader would get."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Build:
    """The result of one ``pelican`` run: exit code, log, and the output folder."""

    returncode: int
    log: str
    output: Path

    def html(self, relative: str) -> BeautifulSoup:
        """Parse one output page; ``relative`` is a URL path such as ``about/``."""
        path = self.output / relative
        if relative.endswith("/") or path.is_dir():
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def xml(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text(encoding="utf-8"), "xml")

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))


def build_site(
    output: Path,
    content: Path | None = None,
    settings: str = "pelicanconf.py",
    extra: dict | None = None,
    fatal: str | None = "warnings",
    cwd: Path = ROOT,
    prelude: str = "",
    arguments: tuple[str, ...] = (),
) -> Build:
    """Run ``pelican`` on ``content`` (the sample content by default) into ``output``.

    ``arguments``: more command-line options (``("-D",)``).
    ``prelude``: Python run in the build's process before Pelican starts (to patch a plugin's module,
    imported by the name Pelican gives it, e.g. ``plugins.comments.render``; the repository is on ``sys.path``).
    """
    command = [sys.executable, "-m", "pelican"]
    if prelude:
        start = f"import runpy, sys\nsys.path.insert(0, {str(ROOT)!r})\n{prelude}\n"
        command = [sys.executable, "-c", start + "runpy.run_module('pelican', run_name='__main__', alter_sys=True)"]
    command += [str(content or ROOT / "content"), "-s", str(ROOT / settings)]
    command += ["-o", str(output)]
    if fatal:
        command += ["--fatal", fatal]
    command += list(arguments)
    if extra:
        # Pelican keeps only the last -e flag: every pair goes after a single one.
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    process = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=_environment())
    return Build(process.returncode, process.stdout + process.stderr, output)


def _environment() -> dict:
    import os

    env = dict(os.environ)
    env["COLUMNS"] = "400"  # keep Rich from wrapping log lines in the middle of file names
    env["TERM"] = "dumb"
    return env


@dataclass
class SourceDocument:
    """What the author wrote: one Markdown file's path and metadata."""

    path: Path
    metadata: dict

    @property
    def slug(self) -> str:
        return self.metadata["slug"]

    @property
    def title(self) -> str:
        return self.metadata["title"]

    @property
    def status(self) -> str:
        return self.metadata.get("status", "published")


def source_documents(folder: str, content: Path | None = None) -> list[SourceDocument]:
    """Read every Markdown file under ``content/<folder>`` with the site's own reader."""
    from pelican.settings import read_settings

    from plugins.front_matter.reader import YamlFrontMatterReader

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    reader = YamlFrontMatterReader(settings)
    documents = []
    for path in sorted(((content or ROOT / "content") / folder).glob("*.md")):
        _, metadata = reader.read(str(path))
        documents.append(SourceDocument(path, metadata))
    return documents
