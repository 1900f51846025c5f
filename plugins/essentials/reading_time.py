"""Reading-time estimate for articles and pages."""

from __future__ import annotations

import math
import re

from ..pelican_compat import document_html

TAG_RE = re.compile(r"<[^>]+>")
WORD_RE = re.compile(r"\w+(?:[’'-]\w+)*")
DEFAULT_WORDS_PER_MINUTE = 200


def count_words(html: str) -> int:
    """Count the words a reader sees in an HTML fragment."""
    return len(WORD_RE.findall(TAG_RE.sub(" ", html)))


def minutes_to_read(words: int, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE) -> int:
    """Whole minutes, never less than one."""
    return max(1, math.ceil(words / max(1, words_per_minute)))


def add_reading_time(content) -> None:
    """Set ``content.word_count`` and ``content.reading_time`` (minutes)."""
    html = document_html(content)
    words_per_minute = content.settings.get("READING_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE)
    content.word_count = count_words(html)
    content.reading_time = minutes_to_read(content.word_count, words_per_minute)
