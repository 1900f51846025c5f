"""The wordpress plugin's settings, declared once (plugins/shared/settings.py): defaults, and a bad value
named at ``initialized`` and replaced by its default."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from plugins.wordpress import SETTINGS


def initialized(**settings) -> dict:
    pelican = SimpleNamespace(settings=dict(settings))
    SETTINGS.initialize(pelican)
    return pelican.settings


def test_defaults_are_filled_in_for_the_feed_hooks():
    settings = initialized()
    assert settings["WORDPRESS_FEED_PATH"] == "feed/index.html"
    assert settings["WORDPRESS_NGINX_MAP"] is None  # beside the output folder


def test_good_values_are_kept():
    settings = initialized(WORDPRESS_FEED_PATH="", WORDPRESS_NGINX_MAP="/etc/nginx/old.conf")
    assert settings["WORDPRESS_FEED_PATH"] == "" and settings["WORDPRESS_NGINX_MAP"] == "/etc/nginx/old.conf"


INSIDE = 'write a path inside the output folder, such as "feed/index.html"'


@pytest.mark.parametrize(
    ("name", "value", "hint"),
    [
        ("WORDPRESS_FEED_PATH", "../outside/index.html", INSIDE),
        ("WORDPRESS_FEED_PATH", "/var/www/feed/index.html", INSIDE),
        ("WORDPRESS_FEED_PATH", 3, INSIDE + ', or "" for none'),
        ("WORDPRESS_NGINX_MAP", ["a.conf"], 'write a path (text), or "" for none'),
    ],
)
def test_a_bad_value_is_one_error_naming_the_setting_and_the_default_is_used(name, value, hint, caplog):
    with caplog.at_level(logging.ERROR):
        settings = initialized(**{name: value})
    assert [record.getMessage() for record in caplog.records] == [f"settings: {name} is {value!r}; {hint}"]
    assert settings[name] == SETTINGS.defaults[name]
