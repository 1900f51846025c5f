"""Importers from WordPress (WXR, REST API JSON) and Disqus into the comment archive."""

from __future__ import annotations

from pathlib import Path

from .common import ImportedComment, ImportFailedError, ImportResult, read_xml_document
from .disqus import import_disqus, looks_like_disqus
from .wp_json import import_wp_json, read_json
from .wxr import import_wxr, looks_like_wxr

FORMATS = ("wxr", "wp-json", "disqus")

__all__ = ["FORMATS", "ImportFailedError", "ImportResult", "ImportedComment", "import_file"]


def import_file(path: Path, format_name: str | None = None, author_names: set[str] | None = None) -> ImportResult:
    """Read one export; the format is detected from the content unless ``format_name`` forces it."""
    if format_name == "wp-json" or (format_name is None and _starts_like_json(path)):
        return import_wp_json(path, author_names, read_json(path))
    document = read_xml_document(path)
    root = document.root
    if format_name == "wxr" or (format_name is None and looks_like_wxr(root)):
        return import_wxr(path, author_names, document=document)
    if format_name == "disqus" or (format_name is None and looks_like_disqus(root)):
        return import_disqus(path, author_names, root)
    raise ImportFailedError(path, 1, f"unknown export format (root element <{root.tag}>); use --format")


def _starts_like_json(path: Path) -> bool:
    with path.open("rb") as handle:
        start = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] in (b"[", b"{")
