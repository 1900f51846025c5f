"""Invisible control characters (often pasted from Word) in the author's text: found, named and removed.

XML 1.0 forbids the C0 controls other than tab, line feed and carriage return, so the feeds cannot hold them,
and they mean nothing on a web page. The plugins remove them with a warning naming each place, rather than
stop the build over an invisible character; a vertical tab (Word's manual line break) or a form feed becomes
a space, so the words on either side stay apart.
"""

from __future__ import annotations

import re

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTROL_CHARACTERS = tuple(chr(code) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
CONTROL_NAMES = {"\x00": "NUL", "\x08": "backspace", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape"}
SHOWN_PLACES = 5  # places named in one message; the rest are counted


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a character :data:`CONTROL_RE` finds (about 10 times faster than the regex)."""
    return any(character in text for character in CONTROL_CHARACTERS)


def control_character_name(character: str) -> str:
    """``U+000B, vertical tab``: the code point and, for the common ones, a name."""
    return f"U+{ord(character):04X}, {CONTROL_NAMES.get(character, 'control character')}"


def control_character_label(character: str) -> str:
    """``U+000B (vertical tab)``, for lists of them."""
    return f"U+{ord(character):04X} ({CONTROL_NAMES.get(character, 'control character')})"


def control_character_places(text: str) -> tuple[int, list[str]]:
    """How many control characters ``text`` holds, and the first few as ``line:column (U+000B, vertical tab)``."""
    found = list(CONTROL_RE.finditer(text))
    places = []
    for match in found[:SHOWN_PLACES]:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        places.append(f"{line}:{column} ({control_character_name(match.group())})")
    return len(found), places


def remove_control_characters(text: str) -> str:
    """``text`` without control characters; a vertical tab or form feed becomes a space."""
    if not has_control_characters(text):
        return text
    return CONTROL_RE.sub(lambda match: " " if match.group() in "\x0b\x0c" else "", text)
