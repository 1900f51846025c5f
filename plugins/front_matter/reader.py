"""A Markdown reader that accepts a YAML front matter block."""

from __future__ import annotations

import logging
import re

import yaml
from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import SafeDatetime, pelican_open

logger = logging.getLogger(__name__)

# Dates in the ISO forms authors write (``2021-03-01``, ``2021-03-01 09:30``): read by the standard library's
# ``fromisoformat`` (about 100 times faster than dateutil, which Pelican uses and which still reads every other form).
ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


class FrontMatterError(ValueError):
    """Front matter that cannot be trusted; names the file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


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
    lines = match.group("yaml").splitlines()
    for key, value in data.items():
        line = _line_of_key(lines, key)
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


def _line_of_key(lines: list[str], key: object) -> int:
    for number, line in enumerate(lines, start=2):
        if line.split(":", 1)[0].strip() == str(key):
            return number
    return 1


class YamlFrontMatterReader(MarkdownReader):
    """Pelican's Markdown reader, plus YAML ``---`` front matter.

    Pelican builds a new ``Markdown`` converter for every file (about 1 ms a post with our extensions); this
    reader keeps two for the life of the reader (one build: Pelican makes new readers for each build) and
    ``reset()``s them between files, which every Markdown extension must support: one converter for
    documents, and one without the ``meta`` preprocessor for formatted fields such as ``Summary``.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._converters: dict[tuple[str, bool], Markdown] = {}

    def read(self, source_path: str):
        self._source_path = source_path
        with pelican_open(source_path) as text:
            try:
                meta, body = split_front_matter(text, source_path)
            except FrontMatterError as error:
                logger.error("%s", error)
                raise
        self._md = self._converter("_document_markdown", keep_meta=meta is None)
        content = self._md.convert(text if meta is None else body)
        if meta is None:  # Pelican's own ``Key: value`` lines, read by Markdown's meta extension
            return content, self._parse_metadata(getattr(self._md, "Meta", {}))
        formatted = set(self.settings["FORMATTED_FIELDS"])
        scalars = {key: values for key, values in meta.items() if values.is_scalar or key.lower() in formatted}
        metadata = self._parse_metadata({key: ["\n".join(values)] for key, values in scalars.items()})
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
                    pass  # e.g. 2021-02-30: Pelican's own processing reports it
        return super().process_metadata(name, value)

    def _converter(self, name: str, keep_meta: bool) -> Markdown:
        """The reader's reusable converter ``name``, reset; ``keep_meta``: with the meta preprocessor."""
        key = (name, keep_meta)
        if key not in self._converters:
            converter = Markdown(**self.settings["MARKDOWN"])
            if not keep_meta and "meta" in converter.preprocessors:
                converter.preprocessors.deregister("meta")
            self._converters[key] = converter
        return self._converters[key].reset()

    def _parse_metadata(self, meta: dict) -> dict:
        """Pelican's rules (``MarkdownReader._parse_metadata``), with formatted fields converted by a reused
        converter that has no meta preprocessor, so a summary's first line is never taken for metadata."""
        formatted_fields = self.settings["FORMATTED_FIELDS"]
        output = {}
        for name, value in meta.items():
            name = name.lower()
            if name in formatted_fields:
                converter = self._converter("_field_markdown", keep_meta=False)
                output[name] = self.process_metadata(name, converter.convert("\n".join(value)))
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                if len(value) > 1:
                    logger.warning("Duplicate definition of `%s` for %s. Using first one.", name, self._source_path)
                output[name] = self.process_metadata(name, value[0])
            elif len(value) > 1:
                output[name] = self.process_metadata(name, value)
            else:
                output[name] = self.process_metadata(name, value[0])
        return output
