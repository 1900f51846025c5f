"""One way for a plugin to declare its settings: the prefix, the defaults, and checks run at ``initialized``.

As pelican-sitemap does in ``_check_config``: a bad value is one error naming the setting and what to write
(which makes the build exit non-zero), and the default is used instead, so the rest of the plugin only ever
sees good values.

    SETTINGS = PluginSettings("GLOSSARY_", {"GLOSSARY_FILE": "glossary.yaml", ...},
                              checks={"GLOSSARY_DEFAULT_MODE": one_of("first", "every", "off")})
    signals.initialized.connect(SETTINGS.initialize)
    ...
    SETTINGS.get(settings, "GLOSSARY_FILE")
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

# A check returns None for a good value, else what to write instead ("use one of first, every, off").
Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class PluginSettings:
    """A plugin's settings: every name starts with ``prefix``; ``defaults`` holds each one's default."""

    prefix: str
    defaults: Mapping[str, Any]
    checks: Mapping[str, Check] = field(default_factory=dict)
    fill: bool = False  # put the defaults into the settings at ``initialized`` (so templates see them too)
    # A default that depends on other settings (already checked): name -> function of the settings.
    derived: Mapping[str, Callable[[Mapping[str, Any]], Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in [*self.defaults, *self.checks, *self.derived]:
            if not name.startswith(self.prefix) or name not in self.defaults:
                raise ValueError(f"{name}: a {self.prefix}* setting needs a declared default")

    def get(self, settings: Mapping[str, Any], name: str) -> Any:
        """The value of ``name``, or its default when the site does not set it."""
        if name in settings:
            return settings[name]
        if name in self.derived:
            return self.derived[name](settings)
        return self.defaults[name]

    def problems(self, settings: Mapping[str, Any]) -> list[tuple[str, str]]:
        """``(name, message)`` for every setting with a bad value."""
        found = []
        for name, check in self.checks.items():
            if name in settings:
                hint = check(settings[name])
                if hint is not None:
                    found.append((name, f"settings: {name} is {settings[name]!r}; {hint}"))
        return found

    def initialize(self, pelican) -> None:
        """``initialized`` receiver: check the values (a bad one is replaced by its default), then fill in the
        defaults (with ``fill``; a derived default from the checked values)."""
        settings = pelican.settings
        for name, message in self.problems(settings):
            logger.error("%s", message)
            settings[name] = copy.copy(self.defaults[name])
        if self.fill:
            for name in self.defaults:
                if name not in settings:
                    settings[name] = copy.copy(self.get(settings, name))


def one_of(*choices: str) -> Check:
    """A check: the value, trimmed and in lower case, is one of ``choices``."""

    def check(value: Any) -> str | None:
        return None if str(value).strip().lower() in choices else f"use one of {', '.join(choices)}"

    return check
