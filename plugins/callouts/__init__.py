"""Scenario callouts: ``> [!best-case]``, ``> [!worst-case]``, ``> [!note]``... as labelled asides.

The Markdown extension does the rendering (it depends only on the post's own file,
so Pelican may cache it); this plugin wires it into Pelican's Markdown settings and
warns, with file and line, about markers whose type is unknown.

Settings:

- ``CALLOUTS_LABELS``: titles for callouts without one, by type (default: English labels).
- ``CALLOUTS_GROUP_LABEL``: accessible name of a group of scenario callouts (default ``"Scenarios"``).
"""

from pelican import signals

from .extension import CalloutsExtension, makeExtension
from .unknown import warn_unknown_callouts

__all__ = ["CalloutsExtension", "makeExtension", "register"]


def add_markdown_extension(pelican) -> None:
    """Add the callouts extension, configured from ``CALLOUTS_*``, to Pelican's Markdown reader."""
    settings = pelican.settings
    extensions = settings.setdefault("MARKDOWN", {}).setdefault("extensions", [])
    if any(isinstance(extension, CalloutsExtension) for extension in extensions):
        return
    config = {"labels": dict(settings.get("CALLOUTS_LABELS", {}))}
    if settings.get("CALLOUTS_GROUP_LABEL"):
        config["group_label"] = settings["CALLOUTS_GROUP_LABEL"]
    extensions.append(CalloutsExtension(**config))


def register() -> None:
    signals.initialized.connect(add_markdown_extension)
    signals.content_object_init.connect(warn_unknown_callouts)
