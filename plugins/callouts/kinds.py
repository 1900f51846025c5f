"""The callout types the author can write, and what an unknown marker falls back to."""

from __future__ import annotations

from dataclasses import dataclass

SCENARIO_KINDS = ("best-case", "most-likely", "worst-case")
GENERAL_KINDS = ("note", "tip", "warning", "update")
FALLBACK_KIND = "note"

DEFAULT_LABELS = {
    "best-case": "Best case",
    "most-likely": "Most likely case",
    "worst-case": "Worst case",
    "note": "Note",
    "tip": "Tip",
    "warning": "Warning",
    "update": "Update",
}


@dataclass(frozen=True)
class CalloutKind:
    """What one ``[!word]`` marker renders as."""

    word: str  # the marker's word, lower-cased, as written
    name: str  # the type used for the CSS class: a known type, or the fallback
    label: str  # the title when the author gives none
    is_scenario: bool
    is_known: bool


def is_known(word: str) -> bool:
    return word.lower() in DEFAULT_LABELS


def resolve(word: str, labels: dict[str, str] | None = None) -> CalloutKind:
    """The kind for a marker word (case-insensitive); unknown words render as a note titled with the word."""
    word = word.lower()
    labels = {**DEFAULT_LABELS, **(labels or {})}
    if word in DEFAULT_LABELS:
        return CalloutKind(word, word, labels[word], word in SCENARIO_KINDS, True)
    return CalloutKind(word, FALLBACK_KIND, word.replace("-", " ").replace("_", " ").capitalize(), False, False)
