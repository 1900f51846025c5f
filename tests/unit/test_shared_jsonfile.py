"""The fast indented JSON writer gives exactly what ``json.dumps(indent=2, ensure_ascii=False)`` gives."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.shared.jsonfile import dumps_indented
from tests.sitebuild import ROOT

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25,
)


def reference(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_any_json_value_is_written_as_json_dumps_writes_it(value):
    assert dumps_indented(value) == reference(value)


def test_escapes_and_unusual_values_are_written_as_json_dumps_writes_them():
    samples = [
        {"body": '<p>"Quoted" \\ back\nslash\t\x00\x1f\x7f \u2028 é 💜</p>', "likes": 0, "is_author": False},
        {"nan": float("nan"), "inf": [float("inf"), -float("inf")], "big": 10**30, "small": 1e-300},
        {"tuple": (1, "two"), 1: "an integer key", None: "a null key"},
        {"empty": {}, "none": [], "nested": [[], [{}], {"a": []}]},
        "just text",
        [],
    ]
    for value in samples:
        assert dumps_indented(value) == reference(value)


def test_a_comment_archive_is_written_byte_for_byte_as_before():
    archives = sorted((ROOT / "content" / "comments").glob("*.json"))
    assert archives
    for path in archives:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert dumps_indented(document) + "\n" == reference(document) + "\n", path
