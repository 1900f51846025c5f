"""Site essentials: reading time, figures and lazy images, alt-text warnings, and the build's correctness.

- ``article.reading_time`` (minutes) for every article and page.
- A standalone Markdown image with a title becomes ``<figure>`` with ``<figcaption>``;
  every image gets ``loading="lazy"`` and ``decoding="async"``.
- An image without alt text is a build warning naming the post.
- With ``DELETE_OUTPUT_DIRECTORY`` on, the output folder is kept while the site is written and what the
  build did not write is removed afterwards (``output.py``, ``PRUNE_STALE_OUTPUT``): same output, no
  folder per post made again on every build.
- Any error logged during a build makes ``pelican`` end with one line (``Build failed: 2 errors above``) and
  exit 1 once the build ends, so that bad input never produces a site that silently lacks a post; such a
  build removes nothing from ``output/`` (``guard.py``, ``output.py``).
- Two published posts with one slug are an error naming both files; the later one is left out
  (``duplicates.py``).
- A ``Template:`` the theme does not have is an error naming the post and its line; the post keeps its usual
  template (``templates.py``).
"""

from pelican import signals

from .figures import FiguresExtension, warn_missing_alt
from .guard import arm_guard
from .output import keep_output_folder, prune_stale_output, stamp_build_start
from .reading_time import add_reading_time
from .templates import check_templates

__all__ = ["FiguresExtension", "register"]


def add_markdown_extensions(pelican) -> None:
    """Wire the figures extension into Pelican's Markdown reader."""
    extensions = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extensions", [])
    if not any(isinstance(ext, FiguresExtension) for ext in extensions):
        extensions.append(FiguresExtension())


def on_content_init(content) -> None:
    add_reading_time(content)
    warn_missing_alt(content)


def register() -> None:
    signals.initialized.connect(add_markdown_extensions)
    signals.initialized.connect(arm_guard)
    signals.initialized.connect(keep_output_folder)
    signals.content_object_init.connect(on_content_init)
    signals.all_generators_finalized.connect(stamp_build_start)
    signals.all_generators_finalized.connect(check_templates)
    # Before the search plugin's finalized receiver (later in PLUGINS): stale pages must not be indexed.
    signals.finalized.connect(prune_stale_output)
    # check_guard is connected by arm_guard, after every plugin's receivers: it ends a failed build.
