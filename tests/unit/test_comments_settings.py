"""The comments plugin's settings, declared with PluginSettings: checked at ``initialized``, naming the setting."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from plugins.comments import SETTINGS


def initialized(caplog, **settings) -> dict:
    pelican = SimpleNamespace(settings={"CONTACT_NOTE": "Comments are closed.", **settings})
    with caplog.at_level(logging.ERROR):
        SETTINGS.initialize(pelican)
    return pelican.settings


def test_defaults_are_filled_in_for_the_templates(caplog):
    settings = initialized(caplog)
    assert caplog.messages == []
    assert settings["COMMENTS_PATH"] == "comments" and settings["COMMENTS_MAX_DEPTH"] == 5
    assert settings["COMMENTS_EMAIL"] is None
    assert settings["COMMENTS_CONTACT_NOTE"] == "Comments are closed."  # the site's CONTACT_NOTE


def test_with_an_address_the_contact_note_gives_way_to_the_reply_links(caplog):
    settings = initialized(caplog, COMMENTS_EMAIL="comments@example.org")
    assert caplog.messages == []
    assert settings["COMMENTS_EMAIL"] == "comments@example.org" and settings["COMMENTS_CONTACT_NOTE"] is None
    own = initialized(caplog, COMMENTS_EMAIL="comments@example.org", COMMENTS_CONTACT_NOTE="Write to me.")
    assert own["COMMENTS_CONTACT_NOTE"] == "Write to me."


def test_a_bad_address_is_one_error_naming_comments_email_and_no_reply_links(caplog):
    settings = initialized(caplog, COMMENTS_EMAIL="comments at example dot org")
    assert len(caplog.messages) == 1
    message = caplog.messages[0]
    assert message.startswith("settings: COMMENTS_EMAIL is 'comments at example dot org'; ")
    assert message.endswith("no reply links are written")
    assert settings["COMMENTS_EMAIL"] is None
    assert settings["COMMENTS_CONTACT_NOTE"] == "Comments are closed."  # no links: the note stays


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("COMMENTS_MAX_DEPTH", "five"),
        ("COMMENTS_MAX_DEPTH", 0),
        ("COMMENTS_MAX_DEPTH", True),
        ("COMMENTS_PATH", "/var/comments"),
        ("COMMENTS_PATH", "../comments"),
        ("COMMENTS_PATH", ""),
    ],
)
def test_a_bad_path_or_depth_is_one_error_naming_it_and_the_default_is_used(caplog, name, value):
    settings = initialized(caplog, **{name: value})
    assert [message.split(";")[0] for message in caplog.messages] == [f"settings: {name} is {value!r}"]
    assert settings[name] == SETTINGS.defaults[name]
