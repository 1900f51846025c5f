"""The two hooks through which plugins take part in the preview's fast path.

They are blinker signals, as Pelican's own are, defined once in :mod:`plugins.shared.contracts`, so a plugin
connects to them in its ``register()`` without importing the preview
(``from ..shared.contracts import PREVIEW_DOCUMENT_REFRESHED``; ``PREVIEW_DOCUMENT_REFRESHED.connect(receiver)``).
Outside ``make devserver`` they are never sent.

- ``preview_data_changed``: sent with ``sender=pelican`` and ``path`` (a data file under the content folder
  that changed, e.g. ``content/comments/x.json``), ``generators`` (the last build's) and ``writer`` (a writer
  into the preview's memory, for a page the plugin writes itself, such as the glossary page). A receiver that
  owns the file brings its own state up to date and returns the source paths (relative to the content folder)
  of the documents whose pages show it; every other receiver returns ``None``.
- ``preview_document_refreshed``: sent with ``sender`` = the generator that owns the document (articles or
  pages), ``old`` and ``new`` (the document before and after it was read again), ``generators``. Each plugin
  sets on ``new`` what it sets on every document during a build (links, series position, comments, ...),
  from its state of the last build; what depends on other documents may be copied from ``old``: the
  catch-up build that follows computes everything again.
"""

from __future__ import annotations

from ..shared.contracts import PREVIEW_DATA_CHANGED, PREVIEW_DOCUMENT_REFRESHED

__all__ = ["PREVIEW_DATA_CHANGED", "PREVIEW_DOCUMENT_REFRESHED"]
