"""Her blog's time zone, from the offsets WordPress wrote (``wp:post_date`` minus ``wp:post_date_gmt``).

An IANA zone is chosen when it gives every post its offset (daylight saving time included) and either it is
the only candidate that does, or the posts' offsets vary (the zones that fit then share her posts' rules; the
first is taken, the others named); the candidates are the zones of the country in the channel's ``language``
(``fr-FR``: France), or of the countries most writing in that language (``fr``: France, Belgium, Switzerland,
Canada), from the tz database's ``zone1970.tab``. Otherwise, when every post has one offset, a fixed offset
(``Etc/GMT-1`` is UTC+1: the tz database's sign is inverted) keeps each post's wall-clock time exactly without
guessing a country's daylight saving rules; when neither fits, nothing is chosen and the report suggests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Countries to try for a language without a country (``en``, ``fr``): where most of its bloggers live.
LANGUAGE_COUNTRIES = {
    "en": ("US", "GB", "CA", "AU", "IE", "NZ", "IN", "ZA"),
    "fr": ("FR", "BE", "CH", "CA", "LU"),
    "de": ("DE", "AT", "CH"),
    "es": ("ES", "MX", "AR", "CO", "CL", "PE"),
    "pt": ("BR", "PT"),
    "it": ("IT", "CH"),
    "nl": ("NL", "BE"),
}


@dataclass(frozen=True)
class ZoneGuess:
    """The zone chosen (``""``: none), whether it is sure enough to apply, and why (one sentence)."""

    zone: str
    sure: bool
    why: str


def offsets(pairs: list[tuple[datetime, datetime]]) -> list[tuple[datetime, timedelta]]:
    """(UTC time, offset to the quarter hour) of each (local, GMT) pair of naive times; pairs more than 14
    hours apart (a broken ``post_date_gmt``) are left out."""
    found = []
    for local, gmt in pairs:
        minutes = round((local - gmt).total_seconds() / 900) * 15
        if abs(minutes) <= 14 * 60:
            found.append((gmt.replace(tzinfo=UTC), timedelta(minutes=minutes)))
    return found


def candidates(language: str) -> list[str]:
    """The zones to try for a channel ``language`` (``fr-FR``, ``en``), main zone of each country first."""
    language = (language or "").replace("_", "-").strip()
    main, _, country = language.partition("-")
    countries = [country.upper()] if len(country) == 2 else []
    countries += [code for code in LANGUAGE_COUNTRIES.get(main.lower(), ()) if code not in countries]
    by_country = _zones_by_country()
    zones: list[str] = []
    for code in countries:
        zones += [zone for zone in by_country.get(code, []) if zone not in zones]
    return zones


def _zones_by_country() -> dict[str, list[str]]:
    """Country code -> its zones, in ``zone1970.tab``'s order (the tzdata package's, else the system's)."""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("zone1970.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        try:
            with open("/usr/share/zoneinfo/zone1970.tab", encoding="utf-8") as table:
                text = table.read()
        except OSError:
            return {}
    zones: dict[str, list[str]] = {}
    for row in text.splitlines():
        if row.startswith("#") or not row.strip():
            continue
        columns = row.split("\t")
        if len(columns) >= 3:
            for code in columns[0].split(","):
                zones.setdefault(code, []).append(columns[2])
    return zones


def guess_zone(pairs: list[tuple[datetime, datetime]], language: str, current: str = "") -> ZoneGuess:
    """The zone in which every post of the export shows the wall-clock time WordPress showed; the site's
    ``current`` zone when it already does."""
    seen = offsets(pairs)
    if not seen:
        return ZoneGuess("", False, "no post has both wp:post_date and wp:post_date_gmt")
    distinct = sorted({offset for _when, offset in seen})
    if current and _fits(current, seen):
        return ZoneGuess(current, True, f"{len(seen)} post(s): the site's zone already gives every one its offset")
    matching = [zone for zone in candidates(language) if _fits(zone, seen)]
    shown = ", ".join(_hours(offset) for offset in distinct)
    counted = f"{len(seen)} post(s), UTC offset(s) {shown}"
    if len(matching) == 1 or (matching and len(distinct) > 1):
        others = f"; also fitting: {', '.join(matching[1:4])}" if len(matching) > 1 else ""
        return ZoneGuess(matching[0], True, f"{counted}: {matching[0]} gives every one its offset{others}")
    if len(distinct) == 1:
        fixed = _fixed(distinct[0])
        if fixed:
            also = f" ({', '.join(matching[:4])} also fit{'s' if len(matching) == 1 else ''})" if matching else ""
            return ZoneGuess(fixed, True, f"{counted}: a fixed offset keeps every post's time exactly{also}")
        return ZoneGuess("", False, f"{counted}: no zone of {language or 'the language'} fits; set TIMEZONE")
    best = max(candidates(language), key=lambda zone: _fitting(zone, seen), default="")
    closest = f"; closest: {best}, right for {_fitting(best, seen)} of them" if best and _fitting(best, seen) else ""
    return ZoneGuess("", False, f"{counted}: no zone tried ({language or 'no language'}) fits them all{closest}")


def _fits(zone: str, seen: list[tuple[datetime, timedelta]]) -> bool:
    return _fitting(zone, seen) == len(seen)


def _fitting(zone: str, seen: list[tuple[datetime, timedelta]]) -> int:
    """How many posts the zone gives their offset."""
    try:
        info = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return sum(when.astimezone(info).utcoffset() == offset for when, offset in seen)


def _fixed(offset: timedelta) -> str:
    """``UTC`` or ``Etc/GMT-N`` for a whole-hour offset (``Etc`` signs are inverted); "" otherwise."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    if minutes % 60:
        return ""
    return f"Etc/GMT{-minutes // 60:+d}"


def _hours(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
