"""Two published posts (or pages) with one slug: an error naming both files; the later one is left out.

Pelican writes both to the same page (a ``FileOverwriteFailedError`` traceback when their dates agree) or
to two pages that share the slug's comments and links (when they differ). Checked once the posts are read
(``article_generator_pretaxonomy``, before tags, archives and comments see them; ``page_generator_finalized``
for pages): the earliest post keeps the slug, so its comments stay where they were; on the same date, a file
not named after the slug, or else the file changed last, is taken for the copy. Published, hidden and draft
documents are checked each among their own kind, as Pelican writes each kind to its own addresses; Pelican's
own warning about the same files is left out (one message per mistake).
"""

from __future__ import annotations

import logging
import os

from ..pelican_compat import is_duplicate_slug_warning
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


def keep_unique(contents: list, kind: str, by_language: bool = False, first: int = 0) -> list:
    """``contents`` without the second and later holders of a slug, each logged as an error naming both files.

    ``by_language``: a slug may be held once per language (translations). The first ``first`` documents
    (originals, listed before their translations) keep their slug before any later one, whatever its age.
    """
    groups: dict[tuple[str, str], list] = {}
    for index, content in enumerate(contents):
        language = getattr(content, "lang", "") if by_language else ""
        groups.setdefault((content.slug, language), []).append((index >= first, content))
    dropped: set[int] = set()
    for (slug, _), holders in groups.items():
        if len(holders) < 2:
            continue
        holders.sort(key=lambda holder: (holder[0], *_age(holder[1])))
        original = holders[0][1]
        for _, other in holders[1:]:
            dropped.add(id(other))
            error = FrontMatterError(
                other.source_path,
                _source_line(other.source_path),
                f"the slug {slug!r} is already used by the {kind} {display_path(original.source_path)}"
                f" ({original.title!r}); give this {kind} its own 'Slug:' (or another title). It is left out until"
                " then",
            )
            logger.error("%s", error)
    return [content for content in contents if id(content) not in dropped]


def drop_duplicates(originals: list, translations: list, kind: str) -> None:
    """One original per slug, and one document per slug and language, each list changed in place.

    Originals are written at their slug's address, whatever their language, so two of them clash; a
    translation is written at its slug and language's address.
    """
    originals[:] = keep_unique(originals, kind)
    kept = keep_unique([*originals, *translations], kind, by_language=True, first=len(originals))
    translations[:] = kept[len(originals) :]  # originals are unique by now: none of them is dropped here


def drop_duplicate_articles(generator) -> None:
    """``article_generator_pretaxonomy``: one post per slug, among the published, hidden and draft posts each."""
    drop_duplicates(generator.articles, generator.translations, "post")
    drop_duplicates(generator.hidden_articles, generator.hidden_translations, "post")
    drop_duplicates(generator.drafts, generator.drafts_translations, "post")


def drop_duplicate_pages(generator) -> None:
    """``page_generator_finalized``: one page per slug, among the published, hidden and draft pages each."""
    drop_duplicates(generator.pages, generator.translations, "page")
    drop_duplicates(generator.hidden_pages, generator.hidden_translations, "page")
    drop_duplicates(generator.draft_pages, generator.draft_translations, "page")


def not_pelicans_duplicate_warning(record: logging.LogRecord) -> bool:
    """A filter on Pelican's ``pelican.utils`` logger: its warnings about several documents with one slug are
    left out, as :func:`drop_duplicates` reports each such group as an error naming the files (one message per
    mistake)."""
    return not is_duplicate_slug_warning(record)
