"""Two published posts (or pages) with one slug: an error naming both files; the later one is left out.

Pelican writes both to the same page (a ``FileOverwriteFailedError`` traceback when their dates agree) or
to two pages that share the slug's comments and links (when they differ). Checked once the posts are read
(``article_generator_pretaxonomy``, before tags, archives and comments see them; ``page_generator_finalized``
for pages): the earliest post keeps the slug, so its comments stay where they were; on the same date, a file
not named after the slug, or else the file changed last, is taken for the copy.
"""

from __future__ import annotations

import logging
import os

from .reader import FrontMatterError, display_path, header_line

logger = logging.getLogger(__name__)


def _source_line(path: str) -> int:
    """The line that sets the slug (``Slug:``, else ``Title:``), for the message."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as file:
            text = file.read()
    except OSError:
        return 1
    line = header_line(text, "slug")
    return line if line > 1 or text.lower().startswith("slug") else header_line(text, "title")


def _age(content) -> tuple[str, bool, float, str]:
    """Oldest first: by date; on the same date, a file named after the slug before one that is not (a copy is
    usually renamed), then the file changed first (the copy is the newer file)."""
    date = getattr(content, "date", None)
    named_after_slug = content.slug in os.path.splitext(os.path.basename(content.source_path))[0]
    try:
        modified = os.stat(content.source_path).st_mtime
    except OSError:
        modified = 0.0
    return (date.isoformat() if date is not None else "", not named_after_slug, modified, content.source_path)


def keep_unique(contents: list, kind: str) -> list:
    """``contents`` without the second and later holders of a slug, each logged as an error naming both files."""
    groups: dict[tuple[str, str], list] = {}
    for content in contents:
        groups.setdefault((content.slug, getattr(content, "lang", "")), []).append(content)
    dropped: set[int] = set()
    for (slug, _), holders in groups.items():
        if len(holders) < 2:
            continue
        holders.sort(key=_age)
        first = holders[0]
        for other in holders[1:]:
            dropped.add(id(other))
            error = FrontMatterError(
                other.source_path,
                _source_line(other.source_path),
                f"the slug {slug!r} is already used by the {kind} {display_path(first.source_path)}"
                f" ({first.title!r}); give this {kind} its own 'Slug:' (or another title). It is left out until then",
            )
            logger.error("%s", error)
    return [content for content in contents if id(content) not in dropped]


def drop_duplicate_articles(generator) -> None:
    """``article_generator_pretaxonomy``: one published post per slug."""
    generator.articles[:] = keep_unique(generator.articles, "post")


def drop_duplicate_pages(generator) -> None:
    """``page_generator_finalized``: one published page per slug."""
    generator.pages[:] = keep_unique(generator.pages, "page")
