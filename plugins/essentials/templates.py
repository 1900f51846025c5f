"""A ``Template:`` the theme does not have: one error naming the post, the line and the templates there are.

Pelican would stop the whole build on it (``PelicanTemplateNotFound``), which the guard can only report as
a crash. Checked once every document is read and before anything is written: the post is written with its
usual template, and the build fails with the one error (see ``guard.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pelican.generators import PelicanTemplateNotFound

from ..shared import line_of_key

logger = logging.getLogger(__name__)

DOCUMENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def _documents(generator: Any) -> Iterable[Any]:
    seen: set[int] = set()
    for name in DOCUMENT_LISTS:
        for document in getattr(generator, name, ()) or ():
            if id(document) not in seen:
                seen.add(id(document))
                yield document


def _theme_templates(generator: Any) -> list[str]:
    """The templates in the theme's own ``templates`` folder (``article``, ``page``...), for the message."""
    folder = Path(generator.theme) / "templates"
    return sorted(path.stem for path in folder.glob("*.html") if path.stem != "base")


def check_templates(generators: list) -> None:
    """``all_generators_finalized``: each document's ``Template:`` is one the theme has; else one error, and
    the document keeps its usual template."""
    for generator in generators:
        if not hasattr(generator, "get_template"):
            continue
        for document in _documents(generator):
            asked = document.metadata.get("template")
            if not asked or document.template != asked:
                continue
            try:
                generator.get_template(asked)
            except PelicanTemplateNotFound:
                usual = document.default_template
                logger.error(
                    "%s:%d: Template '%s' is not a template of the theme (it has: %s); remove the line to use "
                    "the usual '%s' template, or add %s.html to the theme's templates",
                    document.source_path,
                    line_of_key(document.source_path, "template"),
                    asked,
                    ", ".join(_theme_templates(generator)),
                    usual,
                    asked,
                )
                document.template = usual
