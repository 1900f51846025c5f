"""Compiled templates kept between builds, when the site keeps Pelican's content cache.

Compiling the theme's templates costs about 0.3 s a build. With ``CACHE_CONTENT`` on (``make devserver``),
Jinja's own bytecode cache keeps them in ``CACHE_PATH/jinja/``; Jinja checks each template's source
checksum before using its bytecode, so an edited template is always compiled again.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

BYTECODE_FOLDER = "jinja"


def cache_compiled_templates(pelican) -> None:
    """``initialized``: give Jinja a bytecode cache under CACHE_PATH when the content cache is on."""
    settings = pelican.settings
    if not settings.get("CACHE_CONTENT"):
        return
    environment = dict(settings.get("JINJA_ENVIRONMENT") or {})
    if environment.get("bytecode_cache") is None:
        folder = Path(settings["CACHE_PATH"]) / BYTECODE_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        environment["bytecode_cache"] = FileSystemBytecodeCache(str(folder))
        settings["JINJA_ENVIRONMENT"] = environment
