"""Her site's settings from the WordPress import: ``content/wordpress/site.yaml``, over ``pelicanconf.py``'s.

The import writes the file (``site_settings.py``); the author may edit it, or delete it to go back to the
values in ``pelicanconf.py``. The plugin applies it when Pelican starts (``initialized``: the content folder
is known then, also when given on the command line), before any generator reads the settings. Only the keys
below are read, each checked: a bad value is one warning naming the file and the key, and
``pelicanconf.py``'s value stays. ``HEADER_MENU`` (her links, ``[title, link]``) comes before the site's own
``MENUITEMS``, minus the links in ``MENU_LEFT_OUT`` (a sample's series or glossary that is no longer there).
"""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

logger = logging.getLogger(__name__)

TEXT_KEYS = ("SITENAME", "SITESUBTITLE", "AUTHOR", "DEFAULT_LANG", "TIMEZONE", "DISCLAIMER_URL")
FLAG_KEYS = ("DISPLAY_PAGES_ON_MENU", "FOOTER_IDENTITY")
MENU_KEYS = ("HEADER_MENU", "MENU_LEFT_OUT")


SITE_FILE = Path("wordpress") / "site.yaml"


def use_site_file(pelican) -> None:
    """``initialized``: the content folder's ``wordpress/site.yaml`` over the settings."""
    settings = pelican.settings
    settings.update(settings_from_site_file(Path(settings["PATH"]) / SITE_FILE, settings))


def settings_from_site_file(path: Path, settings: dict) -> dict:
    """The settings ``path`` sets over ``settings`` (``pelicanconf.py``'s); {} when there is no file."""
    data = file_values(path)
    found = {key: value for key, value in data.items() if key in TEXT_KEYS or key in FLAG_KEYS}
    header = [tuple(entry) for entry in data.get("HEADER_MENU") or []]
    left_out = data.get("MENU_LEFT_OUT") or []
    if header or left_out:
        links = {link for _title, link in header}
        own = [tuple(entry) for entry in settings.get("MENUITEMS", ())]
        found["MENUITEMS"] = header + [entry for entry in own if entry[1] not in links and entry[1] not in left_out]
    return found


def file_values(path: Path) -> dict:
    """The file's keys whose values can be used, as written; each other key is one warning."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        logger.warning("%s: cannot be read (%s): the settings in pelicanconf.py are used", path, error)
        return {}
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        logger.warning("%s%s: not valid YAML (%s): fix it, or delete the file", path, line, error)
        return {}
    if not isinstance(data, dict):
        logger.warning("%s: not a list of KEY: value lines: fix it, or delete the file", path)
        return {}
    found: dict = {}
    for key, value in data.items():
        problem = _problem(key, value)
        if problem:
            logger.warning("%s: %s: %s; the value in pelicanconf.py is used", path, key, problem)
        else:
            found[key] = value
    return found


def _problem(key: object, value: object) -> str:
    """Why the value cannot be used ("" when it can)."""
    if key in TEXT_KEYS:
        if not isinstance(value, str):
            return "not text"
        if key == "TIMEZONE":
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                return f"{value!r} is not a time zone (e.g. Europe/Paris)"
        if key == "DEFAULT_LANG" and not value.replace("-", "").isalnum():
            return f"{value!r} is not a language code (e.g. fr)"
        return ""
    if key in FLAG_KEYS:
        return "" if isinstance(value, bool) else "not true or false"
    if key == "HEADER_MENU":
        good = isinstance(value, list) and all(
            isinstance(entry, list) and len(entry) == 2 and all(isinstance(part, str) for part in entry)
            for entry in value
        )
        return "" if good else "not a list of [title, link] pairs"
    if key == "MENU_LEFT_OUT":
        good = value is None or (isinstance(value, list) and all(isinstance(link, str) for link in value))
        return "" if good else "not a list of links"
    return "not a setting this file may change"
