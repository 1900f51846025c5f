"""Addresses scrubbed from replies: one compiled pass, held to a plain reference written as loops (issue 30,
item 8). The speed is measured by ``python -m tests.bench.mail_scrub``, not here."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from plugins.comments.replytext import ADDRESS_REPLACEMENT, scrub_addresses

LOCAL_PUNCTUATION = set("!#$%&'*+/=?^`{|}~-")
AT_SIGNS = set("@\uff20\ufe6b")  # @, fullwidth, small
DOTS = set(".\uff0e\u3002\uff61\ufe52")  # ., fullwidth, ideographic, halfwidth ideographic, small
INVISIBLE_RANGES = [
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
]  # fmt: skip
IP_LITERAL_CHARACTERS = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.:")


def is_invisible(character: str) -> bool:
    return any(low <= ord(character) <= high for low, high in INVISIBLE_RANGES)


def is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


def is_local(character: str) -> bool:
    """A character of an address's local part as the scrubber reads it: a word character of any script, RFC 5322
    atext, a dot of any width, or an invisible character."""
    return is_word(character) or character in LOCAL_PUNCTUATION or character in DOTS or is_invisible(character)


def is_label(character: str) -> bool:
    return is_word(character) or character == "-" or is_invisible(character)


def is_ip_literal(character: str) -> bool:
    return character in IP_LITERAL_CHARACTERS or is_invisible(character)


def run_end(text: str, start: int, accepts) -> int:
    end = start
    while end < len(text) and accepts(text[end]):
        end += 1
    return end


def domain_end(text: str, start: int) -> int | None:
    """Where the domain that starts at ``start`` ends (labels joined by dots of any width, or an IP literal of
    1 to 64 characters in brackets); None if no domain starts there."""
    if start < len(text) and text[start] == "[":
        end = run_end(text, start + 1, is_ip_literal)
        if 1 <= end - start - 1 <= 64 and end < len(text) and text[end] == "]":
            return end + 1
        return None
    end = run_end(text, start, is_label)
    if end == start:
        return None
    while end + 1 < len(text) and text[end] in DOTS and is_label(text[end + 1]):
        end = run_end(text, end + 1, is_label)
    return end


def at_sign(text: str, index: int) -> bool:
    return index < len(text) and text[index] in AT_SIGNS


def reference_scrub(text: str) -> str:
    """The specification, one character at a time: a run of local characters that starts where no local
    character precedes it, then an at sign and a domain, is an address; addresses that follow each other with
    only local characters between them are removed as one."""
    out: list[str] = []
    index = 0
    while index < len(text):
        starts_run = is_local(text[index]) and (index == 0 or not is_local(text[index - 1]))
        if starts_run:
            at = run_end(text, index, is_local)
            end = domain_end(text, at + 1) if at_sign(text, at) else None
            if end is not None:
                while True:
                    at = run_end(text, end, is_local)
                    following = domain_end(text, at + 1) if at_sign(text, at) else None
                    if following is None:
                        break
                    end = following
                out.append(ADDRESS_REPLACEMENT)
                index = end
                continue
        out.append(text[index])
        index += 1
    return "".join(out)


ALPHABET = ["a", "b", "Z", "1", "_", "-", ".", "@", "!", "+", " ", ",", "\n", "ä", "(", ")", "[", "]", ":", "é"]
ALPHABET += ["\uff20", "\ufe6b", "\uff0e", "\u3002", "\u200b", "\u200d", "\u2060", "\ufeff", "\u0308", "\u00ad"]
TEXTS = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)
LEFT_OVER_RE = re.compile(
    "[\\w!#$%&'*+/=?^`{|}~\\-.\uff0e\u3002\u200b\u200d\u2060\ufeff\u0308\u00ad][@\uff20\ufe6b]"
    "(?:[\\w\\-\u200b\u200d\u2060\ufeff\u0308\u00ad]|\\[[0-9A-Za-z.:\u200b\u200d\u2060\ufeff\u0308\u00ad]{1,64}\\])"
)


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
@example("dana@x.org!maria@y.org")
@example("a@b.c.")
@example("(dana.whitfield@gmail.example)")
@example("a@[1.2.3.4]@b and c@[")
def test_the_one_pass_scrubber_equals_the_reference_and_leaves_no_address(text):
    scrubbed = scrub_addresses(text)
    assert scrubbed == reference_scrub(text)
    assert not LEFT_OVER_RE.search(scrubbed)


def test_addresses_written_one_after_another_all_go():
    assert scrub_addresses("dana@x.org!maria@y.org, and jo@z.org.") == "[address removed], and [address removed]."


@pytest.mark.parametrize(
    "address",
    [
        "maria.reader@exämple.org",  # IDN domain
        "maria.reader@xn--exmple-cua.org",  # the same, as DNS writes it
        "maria.reader\uff20example.net",  # fullwidth at sign
        "maria.reader\ufe6bexample.net",  # small at sign
        "maria\uff0ereader\uff20example\uff0enet",  # fullwidth dots too
        "maria.reader@example\u3002net",  # ideographic full stop
        "user@localhost",
        "user@[192.0.2.1]",
        "user@[IPv6:2001:db8::1]",
        "josé.müller@bücher.example",
        "mar\u0131a@example.net",  # dotless i
    ],
)
def test_unicode_and_literal_forms_of_an_address_are_removed(address):
    assert scrub_addresses(f"Write to {address}, please.") == "Write to [address removed], please."


@pytest.mark.parametrize("joiner", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_an_address_split_by_invisible_characters_is_removed_whole(joiner):
    split = joiner.join("maria.reader@example.net")
    assert scrub_addresses(f"Mail {split} today") == "Mail [address removed] today"
    spaced = f"maria{joiner}.reader{joiner}@{joiner}example{joiner}.net"
    assert scrub_addresses(f"({spaced})") == "([address removed])"
