"""plugins.shared: the one path:line error, the front-matter line finder, the settings declaration."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from plugins.shared import PluginSettings, SourceError, front_matter_lines, line_in, line_of_key, one_of


def test_a_source_error_names_path_and_line_and_is_a_value_error():
    error = SourceError("content/posts/a.md", 3, "Date '2021-02-30' is not a date")
    assert str(error) == "content/posts/a.md:3: Date '2021-02-30' is not a date"
    assert (error.path, error.line, error.message, error.logged) == ("content/posts/a.md", 3, error.message, False)
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\nTitle: A\nTags: [a, b]\nSkipped:\n  - 2019-05: ill\n---\nTitle: body\n", {"title": [2], "tags": [3]}),
        ("Title: A\nSkipped: 2019-05\nSkipped: 2019-06\n\nCadence: body\n", {"title": [1], "skipped": [2, 3]}),
        ("No front matter here\n", {}),
    ],
    ids=["yaml", "pelican", "none"],
)
def test_front_matter_lines_stop_where_the_front_matter_ends(text, expected):
    lines = front_matter_lines(text)
    for key, numbers in expected.items():
        assert lines[key] == numbers
    assert "cadence" not in lines


def test_line_of_key_any_case_any_occurrence_and_1_when_unknown(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("Title: A\nSKIPPED: one\nskipped: two\n\nBody\n", encoding="utf-8")
    assert line_of_key(path, "Skipped") == 2
    assert line_of_key(path, "skipped", 1) == 3
    assert line_of_key(path, "skipped", 5) == 3  # past the last: the last one's line
    assert line_of_key(path, "month") == 1
    assert line_of_key(tmp_path / "missing.md", "title") == 1
    assert line_in({}, "title") == 1


SETTINGS = PluginSettings(
    "DEMO_", {"DEMO_MODE": "first", "DEMO_LIST": ["a"]}, checks={"DEMO_MODE": one_of("first", "off")}, fill=True
)


def test_a_bad_setting_is_one_error_naming_it_and_the_default_is_used(caplog):
    pelican = SimpleNamespace(settings={"DEMO_MODE": "sometimes"})
    with caplog.at_level(logging.ERROR):
        SETTINGS.initialize(pelican)
    assert caplog.messages == ["settings: DEMO_MODE is 'sometimes'; use one of first, off"]
    assert pelican.settings == {"DEMO_MODE": "first", "DEMO_LIST": ["a"]}
    assert pelican.settings["DEMO_LIST"] is not SETTINGS.defaults["DEMO_LIST"]  # a copy: never shared


def test_good_settings_are_kept_and_read_with_their_defaults(caplog):
    pelican = SimpleNamespace(settings={"DEMO_MODE": " OFF "})
    with caplog.at_level(logging.ERROR):
        SETTINGS.initialize(pelican)
    assert caplog.messages == []
    assert SETTINGS.get(pelican.settings, "DEMO_MODE") == " OFF "
    assert SETTINGS.get({}, "DEMO_MODE") == "first"


def test_a_setting_must_have_the_prefix_and_a_default():
    with pytest.raises(ValueError, match="OTHER_X"):
        PluginSettings("DEMO_", {"OTHER_X": 1})
    with pytest.raises(ValueError, match="DEMO_Y"):
        PluginSettings("DEMO_", {}, checks={"DEMO_Y": one_of("a")})


def test_a_derived_default_follows_the_checked_settings():
    derived = PluginSettings(
        "DEMO_",
        {"DEMO_ON": False, "DEMO_NOTE": None},
        checks={"DEMO_ON": lambda value: None if isinstance(value, bool) else "write True or False"},
        fill=True,
        derived={"DEMO_NOTE": lambda settings: "on" if settings.get("DEMO_ON") else "off"},
    )
    bad = SimpleNamespace(settings={"DEMO_ON": "yes"})
    derived.initialize(bad)  # the bad value becomes the default first, then the note follows it
    assert bad.settings == {"DEMO_ON": False, "DEMO_NOTE": "off"}
    assert derived.get({"DEMO_ON": True}, "DEMO_NOTE") == "on"
    kept = SimpleNamespace(settings={"DEMO_ON": True, "DEMO_NOTE": "mine"})
    derived.initialize(kept)
    assert kept.settings["DEMO_NOTE"] == "mine"
