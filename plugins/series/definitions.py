"""Read and check ``content/series/<slug>.md``, the files that describe a series."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

from pelican.contents import Page

from ..pelican_compat import document_html
from ..shared import front_matter_lines, line_in
from .model import CADENCES, Month, SeriesDefinition, SeriesError

SKIPPED_RE = re.compile(r"^(?P<month>\S+)\s*(?:[:—–-]\s*)?(?P<note>.*)$")


class SeriesDocument(Page):
    """A series file read by Pelican's reader: its body is the introduction.

    It is never listed as a page; it only lends its rendered introduction (with
    ``{filename}`` links resolved) to the series page, whose URL it takes.
    """

    default_template = "series"


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value]
    return [str(value).strip()]


def read_definition(readers, content_path: str, relative_path: str, context: dict) -> tuple[SeriesDefinition, Page]:
    """Read one series file into a definition and its Pelican document; raises SeriesError."""
    document = readers.read_file(
        base_path=content_path, path=relative_path, content_class=SeriesDocument, context=context
    )
    source_path = document.source_path
    metadata = document.metadata
    lines = front_matter_lines(Path(source_path).read_text(encoding="utf-8"))
    slug = Path(relative_path).stem
    line_of = partial(line_in, lines)

    title = str(metadata.get("title") or "").strip()
    if not title:
        raise SeriesError(source_path, 1, "a series file needs a Title")
    cadence = str(metadata.get("cadence") or "monthly").strip().lower()
    if cadence not in CADENCES:
        raise SeriesError(source_path, line_of("cadence"), f"Cadence '{cadence}' is not one of {', '.join(CADENCES)}")
    start = None
    if metadata.get("start"):
        try:
            start = Month.parse(metadata["start"])
        except ValueError:
            raise SeriesError(source_path, line_of("start"), f"Start '{metadata['start']}' is not YYYY-MM") from None
    skipped: dict[Month, str] = {}
    for index, entry in enumerate(as_list(metadata.get("skipped"))):
        match = SKIPPED_RE.match(entry)
        try:
            month = Month.parse(match.group("month")) if match else None
        except ValueError:
            month = None
        if month is None:
            raise SeriesError(
                source_path,
                line_of("skipped", index),
                f"Skipped '{entry}' must start with a month YYYY-MM, then an optional note",
            )
        skipped[month] = match.group("note").strip()
    month_label = str(metadata.get("month-label") or "Month {n}")
    try:
        month_label.format(n=1)
    except (KeyError, IndexError, ValueError):
        raise SeriesError(
            source_path, line_of("month-label"), "Month-label may only use {n}, the month number"
        ) from None
    origin = str(metadata.get("origin") or "").strip() or None
    definition = SeriesDefinition(
        slug=slug,
        title=title,
        source_path=source_path,
        introduction=document_html(document),
        cadence=cadence,
        start=start,
        origin=origin,
        skipped=skipped,
        month_label=month_label,
        metadata=dict(metadata),
        lines={key: found[0] for key, found in lines.items()},
    )
    return definition, document
