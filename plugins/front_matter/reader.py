"""A Markdown reader that accepts a YAML front matter block."""

from __future__ import annotations

import calendar
import logging
import os
import re

import dateutil.parser
import yaml
from markdown import Extension, Markdown
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime

from ..pelican_compat import parse_markdown_metadata
from ..shared import SourceError, front_matter_lines, line_in
from ..shared.text import control_character_places, has_control_characters
from ..shared.text import remove_control_characters as clean_text

logger = logging.getLogger(__name__)

# Dates in the ISO forms authors write (``2021-03-01``, ``2021-03-01 09:30``): read by the standard library's
# ``fromisoformat`` (about 100 times faster than dateutil, which Pelican uses and which still reads every other form).
ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
ISO_PARTS_RE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


class FrontMatterError(SourceError):
    """Front matter that cannot be trusted; names the file (as the author finds it) and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(display_path(path), line, message)
        self.path = path


def display_path(path: str) -> str:
    """``path`` as the author finds it: relative to the working folder when it is inside it."""
    if not path:
        return "<unknown file>"
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.getcwd())
    return absolute if relative.startswith("..") else relative


def header_line(text: str, key: str) -> int:
    """The line of ``key:`` in the file's metadata (a YAML block or Pelican's ``Key: value`` lines); 1 if absent."""
    return line_in(front_matter_lines(text), key.strip())


def date_problem(value: str) -> str:
    """Why ``value`` is not a date, in the author's words: from dateutil's refusal, or the month's length."""
    parts = ISO_PARTS_RE.match(value.strip())
    if parts:
        year, month, day = (int(parts.group(name)) for name in ("year", "month", "day"))
        if not 1 <= month <= 12:
            return f"month {month}"
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"day {day}: {calendar.month_name[month]} {year} has {days} days"
    try:
        dateutil.parser.parse(value)  # the parser Pelican uses: its refusal says why
    except (ValueError, OverflowError) as error:
        reason = str(error).split(":")[0]
        return "no day, month and year in it" if reason.startswith("Unknown string format") else reason
    return "not a date Pelican can read"


def remove_control_characters(text: str, path: str) -> str:
    """``text`` without the characters XML 1.0 forbids, with one warning naming each place (line:column).

    They are removed, not refused: they are invisible, mean nothing on a web page, and cannot go into the
    feeds; a vertical tab or form feed becomes a space, so the words on either side stay apart.
    """
    if not has_control_characters(text):
        return text
    count, places = control_character_places(text)
    more = f" and {count - len(places)} more" if count > len(places) else ""
    first = places[0].split(" ")[0]
    logger.warning(
        "%s:%s: removed %d invisible control character(s) that web pages and feeds cannot hold, at %s%s; "
        "delete them in your editor (often pasted from Word)",
        display_path(path),
        first,
        count,
        ", ".join(places),
        more,
    )
    return clean_text(text)


def read_source(path: str) -> str:
    """The text of a source file (a byte-order mark dropped, as Pelican does); bytes that are not UTF-8 are a
    :class:`FrontMatterError` naming the line and column."""
    with open(path, "rb") as file:
        raw = file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        byte = raw[start : start + 1].hex()
        message = (
            f"not UTF-8 text: byte 0x{byte} at column {column} ({error.reason}); save the file as UTF-8 "
            "(in your editor: Save with Encoding, UTF-8)"
        )
        raise FrontMatterError(path, line, message) from None
    return text


class FieldValues(list):
    """The values of one front matter field, remembering whether YAML gave a scalar."""

    def __init__(self, values=(), is_scalar: bool = False) -> None:
        super().__init__(values)
        self.is_scalar = is_scalar


def split_front_matter(text: str, path: str) -> tuple[dict[str, FieldValues] | None, str]:
    """Return ``(metadata, body)``; metadata is None when there is no YAML block.

    Values are kept as the author wrote them (YAML's BaseLoader: no implicit
    booleans or dates), lists as lists of strings, in the shape Pelican's
    Markdown reader gives its ``Meta`` dictionary.
    """
    match = FRONT_MATTER_RE.match(text)
    if not match:
        if text.startswith(("---\n", "---\r\n")):
            raise FrontMatterError(path, 1, "front matter opened with '---' is never closed")
        return None, text
    try:
        data = yaml.load(match.group("yaml"), Loader=yaml.BaseLoader)  # BaseLoader builds no objects: safe
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise FrontMatterError(path, line, f"invalid YAML front matter: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(path, 2, "YAML front matter must be a mapping of 'Key: value' lines")
    meta: dict[str, FieldValues] = {}
    for key, value in data.items():
        line = header_line(text, str(key))
        if isinstance(value, dict):
            raise FrontMatterError(path, line, f"field '{key}' is a mapping; use a value or a list")
        if isinstance(value, list):
            if any(not isinstance(item, str) for item in value):
                raise FrontMatterError(path, line, f"field '{key}' must be a flat list of values")
            meta[str(key)] = FieldValues(item.strip() for item in value)
        else:
            meta[str(key)] = FieldValues([value.strip()], is_scalar=True)
    body_start = match.end()
    # Keep line numbers of the body stable for later error messages, and stop the
    # Markdown meta extension from reading the body's first lines as metadata.
    body = "\n" * (text.count("\n", 0, body_start)) + text[body_start:]
    return meta, body


class YamlFrontMatterReader(MarkdownReader):
    """Pelican's Markdown reader, plus YAML ``---`` front matter.

    Pelican builds a new ``Markdown`` converter for every file (about 1 ms a post with our extensions); this
    reader keeps two for the life of the reader (one build: Pelican makes new readers for each build) and
    ``reset()``s them between files, which every Markdown extension must support: one converter for
    documents, and one without the ``meta`` preprocessor for formatted fields such as ``Summary``.

    ``build_extensions`` is the hook for a Markdown extension that carries one build's state (the glossary's
    terms): a plugin appends it at ``generator_init``, before anything is read, and the reader adds it to
    its converters after the site's ``MARKDOWN`` extensions. ``MARKDOWN`` itself holds configuration only.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.build_extensions: list[Extension] = []
        self._converters: dict[tuple[str, bool], Markdown] = {}
        self._source_path, self._text = "", ""  # the file being read, for messages

    def read(self, source_path: str):
        self._source_path = source_path
        try:
            text = remove_control_characters(read_source(source_path), source_path)
            self._text = text
            meta, body = split_front_matter(text, source_path)
        except FrontMatterError as error:
            logger.error("%s", error)
            error.logged = True
            raise
        self._md = self._converter("_document_markdown", keep_meta=meta is None)
        content = self._md.convert(text if meta is None else body)
        if meta is None:  # Pelican's own ``Key: value`` lines, read by Markdown's meta extension
            return content, self.metadata_of(getattr(self._md, "Meta", {}))
        formatted = set(self.settings["FORMATTED_FIELDS"])
        scalars = {key: values for key, values in meta.items() if values.is_scalar or key.lower() in formatted}
        metadata = self.metadata_of({key: ["\n".join(values)] for key, values in scalars.items()})
        for key, values in meta.items():
            if key not in scalars:
                metadata[key.lower()] = self.process_metadata(key.lower(), list(values))
        return content, metadata

    def process_metadata(self, name: str, value):
        """Pelican's processing, with a fast path for plain ISO dates (same value, same type as Pelican's)."""
        if name in ("date", "modified") and isinstance(value, str):
            text = " ".join((value.replace("_", " ") if name == "date" else value).split())
            if ISO_DATE_RE.fullmatch(text):
                try:
                    return SafeDatetime.fromisoformat(text)
                except ValueError:
                    pass  # e.g. 2021-02-30: Pelican's own processing refuses it, below
        try:
            return super().process_metadata(name, value)
        except ValueError:
            if name not in ("date", "modified") or not isinstance(value, str):
                raise
            error = FrontMatterError(
                self._source_path,
                header_line(self._text, name),
                f"{name.capitalize()} {value.strip()!r} is not a valid date ({date_problem(value)}); "
                "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2019-03-14 18:00",
            )
            logger.error("%s", error)
            error.logged = True
            raise error from None

    def _converter(self, name: str, keep_meta: bool) -> Markdown:
        """The reader's reusable converter ``name``, reset; ``keep_meta``: with the meta preprocessor."""
        key = (name, keep_meta)
        if key not in self._converters:
            options = self.settings["MARKDOWN"]
            if self.build_extensions:
                options = {**options, "extensions": [*options.get("extensions", []), *self.build_extensions]}
            converter = Markdown(**options)
            if not keep_meta and "meta" in converter.preprocessors:
                converter.preprocessors.deregister("meta")
            self._converters[key] = converter
        return self._converters[key].reset()

    def metadata_of(self, meta: dict) -> dict:
        """Pelican's rules for metadata values (its own code), with formatted fields converted by a reused
        converter that has no meta preprocessor, so a summary's first line is never taken for metadata."""
        return parse_markdown_metadata(self, meta, self._converter("_field_markdown", keep_meta=False))
