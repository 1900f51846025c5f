"""Finding glossary terms in text with one compiled regular expression for all of them.

Text is first *folded* one character for one character (so offsets stay valid):
letters with diacritics become their base letter (``ö`` -> ``o``), typographic
apostrophes become ``'`` and Unicode hyphens become ``-``. Every written form of
every term becomes one alternative of a single pattern, grouped by first letter
and sorted longest first inside a group, so the longest form wins and overlapping
terms can never nest.

The pattern is only tried where a word starts that could begin a term: a word
that is the first word of a form, lowercased, with at most two more letters
(plurals). Those words are found by a second pattern, a trie of the first words
run over the lowercased text; when lowercasing could change the text's length
or its word characters (a capital outside ASCII, such as ``Σ``), each word is
checked in a set instead. Either way the same matches as ``pattern.finditer``,
several times faster.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .data import Term

APOSTROPHES = "\u2019\u2018\u02bc\u2032`"  # ’ ‘ ʼ ′ `
HYPHENS = "\u2010\u2011"  # hyphen, non-breaking hyphen
EXTRA_FOLDS = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}
SEPARATOR = r"[\s\-]+"
SUFFIX = r"(?:'s|s|es)?"  # possessive and plural: IVIG's, infusions
WORD_SPLIT_RE = re.compile(r"([\s\-]+|')")
WORD_RE = re.compile(r"\w+")
NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        decomposed = unicodedata.normalize("NFD", chr(code))
        if len(decomposed) > 1 and decomposed[0].isascii() and all(map(unicodedata.combining, decomposed[1:])):
            table[code] = decomposed[0]
    table.update({ord(char): base for char, base in EXTRA_FOLDS.items()})
    table.update({ord(char): "'" for char in APOSTROPHES})
    table.update({ord(char): "-" for char in HYPHENS})
    return table


FOLD_TABLE = _fold_table()  # a constant: never changed after import
FOLDED_CHARS_RE = re.compile("[" + re.escape("".join(map(chr, sorted(FOLD_TABLE)))) + "]")


def fold(text: str) -> str:
    """Same length as ``text``: diacritics, apostrophes and hyphens reduced to plain ASCII forms.

    Equal to ``text.translate(FOLD_TABLE)``; ``translate`` is slow on text that is not all ASCII (a dictionary
    lookup per character), so such text only has its few folded characters replaced.
    """
    if text.isascii():
        return text.translate(FOLD_TABLE) if "`" in text else text
    return FOLDED_CHARS_RE.sub(_fold_match, text)


def _fold_match(match: re.Match) -> str:
    return FOLD_TABLE[ord(match.group())]


def normalized_form(form: str) -> str:
    """The key under which two written forms count as the same (for duplicate checks and lookups)."""
    folded = fold(form).casefold().replace("'", "")
    return " ".join(re.split(r"[\s\-]+", folded.strip()))


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression that matches exactly ``words``, as a trie: a shared prefix is tried once."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a word
    return _trie_branches(trie)


def _trie_branches(node: dict) -> str:
    branches = [re.escape(char) + _trie_branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


def lowercases_in_place(text: str) -> bool:
    """Whether ``text.lower()`` lowercases each character to one character, the same way inside any word.

    True when every character outside ASCII is its own lowercase (curly quotes, dashes, lowercase letters):
    then lowercasing keeps every offset and every word character, and equals lowercasing word by word.
    """
    return all(char.lower() == char for char in set(NON_ASCII_RE.findall(text)))


def is_abbreviation(word: str) -> bool:
    """``IVIG``, ``POTS``, ``IVIg``: capitals after the first letter make a word match case-sensitively."""
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and any(char.isupper() for char in letters[1:])


def form_pattern(form: str) -> str:
    """The regular expression for one written form, without word boundaries."""
    parts = []
    last_word_exact = False
    for piece in WORD_SPLIT_RE.split(fold(form.strip())):
        if not piece:
            continue
        if piece == "'":
            parts.append("'?")
        elif not piece.strip(" \t\n-"):
            parts.append(SEPARATOR)
        else:
            last_word_exact = is_abbreviation(piece)
            escaped = re.escape(piece)
            parts.append(escaped if last_word_exact else f"(?i:{escaped})")
    parts.append(SUFFIX if last_word_exact else f"(?i:{SUFFIX})")
    return "".join(parts)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: Term


class TermMatcher:
    """All written forms of all terms, compiled once per build into one pattern."""

    def __init__(self, terms: Sequence[Term]) -> None:
        by_first_letter: dict[str, list[tuple[str, Term]]] = {}
        for term in terms:
            for form in term.forms:
                first = fold(form.strip())[:1].lower()
                if first:
                    by_first_letter.setdefault(first, []).append((form, term))
        self.terms_by_slug: dict[str, Term] = {term.slug: term for term in terms}
        self._terms: list[Term | None] = [None]  # group number -> term
        self._first_words: set[str] | None = set()  # lowercase first word of every form, for the prefilter
        groups = []
        for first in sorted(by_first_letter):
            forms = sorted(by_first_letter[first], key=lambda item: (-len(normalized_form(item[0])), item[0]))
            alternatives = []
            for form, term in forms:
                alternatives.append(f"({form_pattern(form)})")
                self._terms.append(term)
                first_word = WORD_RE.match(fold(form.strip()))
                if first_word is None:
                    self._first_words = None  # a form that starts with punctuation: try every position
                elif self._first_words is not None:
                    self._first_words.add(first_word.group().lower())
            lookahead = re.escape(first) if first.upper() == first else f"[{first}{first.upper()}]"
            groups.append(f"(?={lookahead})(?:{'|'.join(alternatives)})")
        self.pattern = re.compile(rf"(?<!\w)(?:{'|'.join(groups)})(?!\w)") if groups else None
        self._candidates = None  # a word that may start a term: a first word plus at most two letters
        if self._first_words:
            self._candidates = re.compile(rf"(?<!\w){trie_pattern(self._first_words)}\w{{0,2}}(?!\w)")

    @property
    def signature(self) -> str:
        """What decides where terms are found: equal signatures find the same terms with the same slugs."""
        slugs = " ".join(term.slug if term else "" for term in self._terms)
        return f"{self.pattern.pattern if self.pattern else ''}\n{slugs}"

    @property
    def needs_a_word(self) -> bool:
        """Every form starts with a word character: text without one (``\\n`` between tags) holds no term."""
        return self._first_words is not None

    def finditer(self, folded_text: str) -> Iterator[Match]:
        """The terms in ``folded_text`` (already passed through :func:`fold`), left to right."""
        if self.pattern is None:
            return
        if self._first_words is None:
            for found in self.pattern.finditer(folded_text):
                yield Match(found.start(), found.end(), self._terms[found.lastindex])
            return
        if self._candidates is not None and lowercases_in_place(folded_text):
            yield from self._find_from_candidates(folded_text)
        else:
            yield from self._find_word_by_word(folded_text)

    def _find_from_candidates(self, folded_text: str) -> Iterator[Match]:
        """Try the pattern where the trie of first words matches the lowercased text (needs lowercases_in_place)."""
        lowered, search, match, position = folded_text.lower(), self._candidates.search, self.pattern.match, 0
        while candidate := search(lowered, position):
            start = candidate.start()
            found = match(folded_text, start)
            if found:
                position = found.end()
                yield Match(start, position, self._terms[found.lastindex])
            else:
                position = candidate.end()

    def _find_word_by_word(self, folded_text: str) -> Iterator[Match]:
        """Try the pattern where a word, lowercased, is a first word (with at most two more letters)."""
        first_words, match, position = self._first_words, self.pattern.match, 0
        for word in WORD_RE.finditer(folded_text):
            start = word.start()
            if start < position:
                continue
            key = word.group().lower()
            if key in first_words or key[:-1] in first_words or key[:-2] in first_words:  # plurals: -s, -es
                found = match(folded_text, start)
                if found:
                    position = found.end()
                    yield Match(start, position, self._terms[found.lastindex])
