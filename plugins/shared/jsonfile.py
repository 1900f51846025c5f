"""The JSON files the author keeps in git (comment archives), written as ``json.dumps(indent=2)`` writes them.

``json.dumps`` with an ``indent`` leaves its C encoder for a pure-Python one: a thousand comment archives
take half a second. :func:`dumps_indented` lays the containers out itself and hands each string to the
standard library's own escaping (its C function), for the very same text about ten times faster;
``tests/unit/test_shared_jsonfile.py`` checks it against ``json.dumps`` on generated documents. Anything
it does not know (a key that is not text, an unknown type) goes to ``json.dumps`` as before.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring

INDENT = "  "


class _UnusualValueError(Exception):
    """A value the fast layout leaves to ``json.dumps``."""


def dumps_indented(value: object) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``."""
    try:
        parts: list[str] = []
        _write(value, "\n", parts)
        return "".join(parts)
    except (_UnusualValueError, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False)


def _write(value: object, newline: str, parts: list[str]) -> None:
    """Append ``value``'s text to ``parts``; ``newline`` is a line break and the current indentation."""
    kind = type(value)
    if kind is str:
        parts.append(encode_basestring(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + INDENT
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _UnusualValueError
            if type(item) is str:  # most values: one append, no call
                parts.append(f"{separator}{encode_basestring(key)}: {encode_basestring(item)}")
            else:
                parts.append(f"{separator}{encode_basestring(key)}: ")
                _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif kind is list:
        if not value:
            parts.append("[]")
            return
        inner = newline + INDENT
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float and math.isfinite(value):
        parts.append(float.__repr__(value))
    else:
        raise _UnusualValueError  # NaN and infinities, tuples, subclasses, anything else: json.dumps decides
