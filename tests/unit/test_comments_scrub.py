"""Addresses scrubbed from replies: one compiled pass, held to a plain reference written as loops (issue 30,
item 8). The speed is measured by ``python -m tests.bench.mail_scrub``, not here."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from plugins.comments.replytext import ADDRESS_REPLACEMENT, scrub_addresses

LOCAL_PUNCTUATION = set(".!#$%&'*+/=?^`{|}~-")
DOMAIN_EXTRA = set("-")


def is_local(character: str) -> bool:
    """A character of an address's local part, as the scrubber reads it (a word character or RFC 5322 atext)."""
    return character.isalnum() or character == "_" or character in LOCAL_PUNCTUATION


def is_domain(character: str) -> bool:
    return (character.isascii() and character.isalnum()) or character in DOMAIN_EXTRA


def run_end(text: str, start: int, accepts) -> int:
    end = start
    while end < len(text) and accepts(text[end]):
        end += 1
    return end


def domain_end(text: str, start: int) -> int | None:
    """Where the domain that starts at ``start`` ends: labels joined by dots, at least one dot; None if none."""
    end = run_end(text, start, is_domain)
    if end == start:
        return None
    dots = 0
    while end + 1 < len(text) and text[end] == "." and is_domain(text[end + 1]):
        end = run_end(text, end + 1, is_domain)
        dots += 1
    return end if dots else None


def reference_scrub(text: str) -> str:
    """The specification, one character at a time: a run of local characters that starts where no local
    character precedes it, then "@" and a domain, is an address; addresses that follow each other with only
    local characters between them are removed as one."""
    out: list[str] = []
    index = 0
    while index < len(text):
        starts_run = is_local(text[index]) and (index == 0 or not is_local(text[index - 1]))
        if starts_run:
            at = run_end(text, index, is_local)
            end = domain_end(text, at + 1) if at < len(text) and text[at] == "@" else None
            if end is not None:
                while True:
                    at = run_end(text, end, is_local)
                    following = domain_end(text, at + 1) if at < len(text) and text[at] == "@" else None
                    if following is None:
                        break
                    end = following
                out.append(ADDRESS_REPLACEMENT)
                index = end
                continue
        out.append(text[index])
        index += 1
    return "".join(out)


ALPHABET = ["a", "b", "Z", "1", "_", "-", ".", "@", "!", "+", " ", ",", "\n", "ä", "(", ")"]
TEXTS = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)
LEFT_OVER_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]@[A-Za-z0-9-]+\.[A-Za-z0-9-]")


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
@example("dana@x.org!maria@y.org")
@example("a@b.c.")
@example("(dana.whitfield@gmail.example)")
def test_the_one_pass_scrubber_equals_the_reference_and_leaves_no_address(text):
    scrubbed = scrub_addresses(text)
    assert scrubbed == reference_scrub(text)
    assert not LEFT_OVER_RE.search(scrubbed)


def test_addresses_written_one_after_another_all_go():
    assert scrub_addresses("dana@x.org!maria@y.org, and jo@z.org.") == "[address removed], and [address removed]."
