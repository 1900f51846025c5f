"""HTML nested too deep to convert: markdownify walks the tree recursively, so a post whose tags nest some
hundreds deep (a broken editor, or a hostile export) would stop the import with ``RecursionError``.

Such a post is converted again after its deepest tags are unwrapped: their text (and the tags above the limit)
are kept, only the formatting below the limit goes. BeautifulSoup parses and serialises without recursion.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

MAX_DEPTH = 100  # tags nested deeper than this are unwrapped; well within Python's recursion limit


def flattened(html: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """``html`` with every tag nested deeper than ``limit`` unwrapped (its content kept in its place), and the
    depth it had."""
    soup = BeautifulSoup(html, "html.parser")
    depths = _depths(soup)
    deepest = max(depths.values(), default=0)
    if deepest <= limit:
        return html, deepest
    for tag in [tag for tag in soup.find_all(True) if depths[id(tag)] > limit]:
        tag.unwrap()
    return str(soup), deepest


def _depths(soup: BeautifulSoup) -> dict[int, int]:
    """Each tag's depth (1 for a top-level tag), by ``id``, in one pass in document order."""
    depths: dict[int, int] = {id(soup): 0}
    for tag in soup.find_all(True):
        depths[id(tag)] = depths.get(id(tag.parent), 0) + 1
    return depths
