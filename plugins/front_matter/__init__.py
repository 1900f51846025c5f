"""YAML front matter for Markdown posts, parsed properly (lists stay lists).

A post may start with Pelican's usual ``Key: value`` lines, or with a YAML block
between ``---`` lines. YAML values go through Pelican's own metadata processing,
so ``Tags: [IVIG, POTS]`` gives the two tags ``IVIG`` and ``POTS``.

Mistakes get one message naming the file and line: a date that does not exist, a file that is not UTF-8,
invisible control characters (removed, with a warning), two posts or pages with one slug (``duplicates.py``).
"""

import logging

from pelican import signals

from .duplicates import drop_duplicate_articles, drop_duplicate_pages, not_pelicans_duplicate_warning
from .reader import FrontMatterError, YamlFrontMatterReader

__all__ = ["FrontMatterError", "YamlFrontMatterReader", "register"]


def add_reader(readers) -> None:
    """Serve ``.md`` files with the YAML-aware reader."""
    for extension in YamlFrontMatterReader.file_extensions:
        readers.reader_classes[extension] = YamlFrontMatterReader


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.article_generator_pretaxonomy.connect(drop_duplicate_articles)
    signals.page_generator_finalized.connect(drop_duplicate_pages)
    logging.getLogger("pelican.utils").addFilter(not_pelicans_duplicate_warning)  # added once, however often
