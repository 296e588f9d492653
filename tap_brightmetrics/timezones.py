"""Windows time zone names, which the Brightmetrics timezone option takes.

Brightmetrics documents its timezone option with the names that Windows'
`tzutil /l` lists ("Pacific Standard Time"), not IANA names. The table maps each
one to an IANA zone so that the tap can compute local times with `zoneinfo`.
"""

from __future__ import annotations

import difflib
import functools
import zoneinfo
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from types import MappingProxyType

# The "001" (default territory) zone of each Windows zone in CLDR's
# common/supplemental/windowsZones.xml, in Windows' order by UTC offset. Where
# CLDR keeps an old IANA name as its id (Asia/Calcutta, Europe/Kiev,
# America/Godthab, ...), the current IANA name is used instead.
_WINDOWS_TO_IANA: dict[str, str] = {
    "Dateline Standard Time": "Etc/GMT+12",
    "UTC-11": "Etc/GMT+11",
    "Aleutian Standard Time": "America/Adak",
    "Hawaiian Standard Time": "Pacific/Honolulu",
    "Marquesas Standard Time": "Pacific/Marquesas",
    "Alaskan Standard Time": "America/Anchorage",
    "UTC-09": "Etc/GMT+9",
    "Pacific Standard Time (Mexico)": "America/Tijuana",
    "UTC-08": "Etc/GMT+8",
    "Pacific Standard Time": "America/Los_Angeles",
    "US Mountain Standard Time": "America/Phoenix",
    "Mountain Standard Time (Mexico)": "America/Mazatlan",
    "Mountain Standard Time": "America/Denver",
    "Yukon Standard Time": "America/Whitehorse",
    "Central America Standard Time": "America/Guatemala",
    "Central Standard Time": "America/Chicago",
    "Easter Island Standard Time": "Pacific/Easter",
    "Central Standard Time (Mexico)": "America/Mexico_City",
    "Canada Central Standard Time": "America/Regina",
    "SA Pacific Standard Time": "America/Bogota",
    "Eastern Standard Time (Mexico)": "America/Cancun",
    "Eastern Standard Time": "America/New_York",
    "Haiti Standard Time": "America/Port-au-Prince",
    "Cuba Standard Time": "America/Havana",
    "US Eastern Standard Time": "America/Indiana/Indianapolis",
    "Turks And Caicos Standard Time": "America/Grand_Turk",
    "Paraguay Standard Time": "America/Asuncion",
    "Atlantic Standard Time": "America/Halifax",
    "Venezuela Standard Time": "America/Caracas",
    "Central Brazilian Standard Time": "America/Cuiaba",
    "SA Western Standard Time": "America/La_Paz",
    "Pacific SA Standard Time": "America/Santiago",
    "Newfoundland Standard Time": "America/St_Johns",
    "Tocantins Standard Time": "America/Araguaina",
    "E. South America Standard Time": "America/Sao_Paulo",
    "SA Eastern Standard Time": "America/Cayenne",
    "Argentina Standard Time": "America/Argentina/Buenos_Aires",
    "Greenland Standard Time": "America/Nuuk",
    "Montevideo Standard Time": "America/Montevideo",
    "Magallanes Standard Time": "America/Punta_Arenas",
    "Saint Pierre Standard Time": "America/Miquelon",
    "Bahia Standard Time": "America/Bahia",
    "UTC-02": "Etc/GMT+2",
    "Mid-Atlantic Standard Time": "Etc/GMT+2",
    "Azores Standard Time": "Atlantic/Azores",
    "Cape Verde Standard Time": "Atlantic/Cape_Verde",
    "UTC": "Etc/UTC",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "Sao Tome Standard Time": "Africa/Sao_Tome",
    "Morocco Standard Time": "Africa/Casablanca",
    "W. Europe Standard Time": "Europe/Berlin",
    "Central Europe Standard Time": "Europe/Budapest",
    "Romance Standard Time": "Europe/Paris",
    "Central European Standard Time": "Europe/Warsaw",
    "W. Central Africa Standard Time": "Africa/Lagos",
    "Jordan Standard Time": "Asia/Amman",
    "GTB Standard Time": "Europe/Bucharest",
    "Middle East Standard Time": "Asia/Beirut",
    "Egypt Standard Time": "Africa/Cairo",
    "E. Europe Standard Time": "Europe/Chisinau",
    "Syria Standard Time": "Asia/Damascus",
    "West Bank Standard Time": "Asia/Hebron",
    "South Africa Standard Time": "Africa/Johannesburg",
    "FLE Standard Time": "Europe/Kyiv",
    "Israel Standard Time": "Asia/Jerusalem",
    "South Sudan Standard Time": "Africa/Juba",
    "Kaliningrad Standard Time": "Europe/Kaliningrad",
    "Sudan Standard Time": "Africa/Khartoum",
    "Libya Standard Time": "Africa/Tripoli",
    "Namibia Standard Time": "Africa/Windhoek",
    "Arabic Standard Time": "Asia/Baghdad",
    "Turkey Standard Time": "Europe/Istanbul",
    "Arab Standard Time": "Asia/Riyadh",
    "Belarus Standard Time": "Europe/Minsk",
    "Russian Standard Time": "Europe/Moscow",
    "E. Africa Standard Time": "Africa/Nairobi",
    "Volgograd Standard Time": "Europe/Volgograd",
    "Iran Standard Time": "Asia/Tehran",
    "Arabian Standard Time": "Asia/Dubai",
    "Astrakhan Standard Time": "Europe/Astrakhan",
    "Azerbaijan Standard Time": "Asia/Baku",
    "Russia Time Zone 3": "Europe/Samara",
    "Mauritius Standard Time": "Indian/Mauritius",
    "Saratov Standard Time": "Europe/Saratov",
    "Georgian Standard Time": "Asia/Tbilisi",
    "Caucasus Standard Time": "Asia/Yerevan",
    "Afghanistan Standard Time": "Asia/Kabul",
    "West Asia Standard Time": "Asia/Tashkent",
    "Ekaterinburg Standard Time": "Asia/Yekaterinburg",
    "Pakistan Standard Time": "Asia/Karachi",
    "Qyzylorda Standard Time": "Asia/Qyzylorda",
    "India Standard Time": "Asia/Kolkata",
    "Sri Lanka Standard Time": "Asia/Colombo",
    "Nepal Standard Time": "Asia/Kathmandu",
    "Central Asia Standard Time": "Asia/Bishkek",
    "Bangladesh Standard Time": "Asia/Dhaka",
    "Omsk Standard Time": "Asia/Omsk",
    "Myanmar Standard Time": "Asia/Yangon",
    "SE Asia Standard Time": "Asia/Bangkok",
    "Altai Standard Time": "Asia/Barnaul",
    "W. Mongolia Standard Time": "Asia/Hovd",
    "North Asia Standard Time": "Asia/Krasnoyarsk",
    "N. Central Asia Standard Time": "Asia/Novosibirsk",
    "Tomsk Standard Time": "Asia/Tomsk",
    "China Standard Time": "Asia/Shanghai",
    "North Asia East Standard Time": "Asia/Irkutsk",
    "Singapore Standard Time": "Asia/Singapore",
    "W. Australia Standard Time": "Australia/Perth",
    "Taipei Standard Time": "Asia/Taipei",
    "Ulaanbaatar Standard Time": "Asia/Ulaanbaatar",
    "Aus Central W. Standard Time": "Australia/Eucla",
    "Transbaikal Standard Time": "Asia/Chita",
    "Tokyo Standard Time": "Asia/Tokyo",
    "North Korea Standard Time": "Asia/Pyongyang",
    "Korea Standard Time": "Asia/Seoul",
    "Yakutsk Standard Time": "Asia/Yakutsk",
    "Cen. Australia Standard Time": "Australia/Adelaide",
    "AUS Central Standard Time": "Australia/Darwin",
    "E. Australia Standard Time": "Australia/Brisbane",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "West Pacific Standard Time": "Pacific/Port_Moresby",
    "Tasmania Standard Time": "Australia/Hobart",
    "Vladivostok Standard Time": "Asia/Vladivostok",
    "Lord Howe Standard Time": "Australia/Lord_Howe",
    "Bougainville Standard Time": "Pacific/Bougainville",
    "Russia Time Zone 10": "Asia/Srednekolymsk",
    "Magadan Standard Time": "Asia/Magadan",
    "Norfolk Standard Time": "Pacific/Norfolk",
    "Sakhalin Standard Time": "Asia/Sakhalin",
    "Central Pacific Standard Time": "Pacific/Guadalcanal",
    "Russia Time Zone 11": "Asia/Kamchatka",
    "New Zealand Standard Time": "Pacific/Auckland",
    "UTC+12": "Etc/GMT-12",
    "Fiji Standard Time": "Pacific/Fiji",
    "Kamchatka Standard Time": "Asia/Kamchatka",
    "Chatham Islands Standard Time": "Pacific/Chatham",
    "UTC+13": "Etc/GMT-13",
    "Tonga Standard Time": "Pacific/Tongatapu",
    "Samoa Standard Time": "Pacific/Apia",
    "Line Islands Standard Time": "Pacific/Kiritimati",
}
# NOTE: Windows still lists "Mid-Atlantic Standard Time" ("Mid-Atlantic - Old")
# and "Kamchatka Standard Time" ("Petropavlovsk-Kamchatsky - Old"), which CLDR
# no longer maps. Their IANA zones above are the closest current ones.

WINDOWS_TO_IANA: Mapping[str, str] = MappingProxyType(_WINDOWS_TO_IANA)
"""Windows time zone name, as `tzutil /l` lists it, to its IANA zone name."""

# Old IANA names that CLDR uses as ids, and other common links, mapped to the
# Windows zone that CLDR gives them.
_IANA_ALIASES: dict[str, str] = {
    "America/Indianapolis": "US Eastern Standard Time",
    "America/Buenos_Aires": "Argentina Standard Time",
    "America/Godthab": "Greenland Standard Time",
    "Europe/Kiev": "FLE Standard Time",
    "Asia/Calcutta": "India Standard Time",
    "Asia/Katmandu": "Nepal Standard Time",
    "Asia/Rangoon": "Myanmar Standard Time",
    "Asia/Almaty": "West Asia Standard Time",
    "Etc/GMT": "UTC",
    "GMT": "UTC",
    "Etc/Universal": "UTC",
    "Etc/Zulu": "UTC",
    "US/Alaska": "Alaskan Standard Time",
    "US/Arizona": "US Mountain Standard Time",
    "US/Central": "Central Standard Time",
    "US/Eastern": "Eastern Standard Time",
    "US/Hawaii": "Hawaiian Standard Time",
    "US/Mountain": "Mountain Standard Time",
    "US/Pacific": "Pacific Standard Time",
}

# Maximum names that a message suggests, of which at most the first
# _MAX_CLOSE_SPELLINGS are spelled like the input. The others contain it.
_MAX_SUGGESTIONS = 5
_MAX_CLOSE_SPELLINGS = 3

_CANONICAL_BY_FOLDED = {name.casefold(): name for name in _WINDOWS_TO_IANA}
_WINDOWS_BY_IANA = {
    iana.casefold(): windows for windows, iana in _WINDOWS_TO_IANA.items()
}
_WINDOWS_BY_IANA.update({k.casefold(): v for k, v in _IANA_ALIASES.items()})
# "Etc/GMT+2" and "Asia/Kamchatka" each belong to two Windows names. The
# reverse lookup gives the one that Windows does not mark "- Old".
_WINDOWS_BY_IANA["etc/gmt+2"] = "UTC-02"
_WINDOWS_BY_IANA["asia/kamchatka"] = "Russia Time Zone 11"


def _quoted_list(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _suggest_windows_names(text: str) -> list[str]:
    """Return Windows names that contain `text` or are spelled like it."""
    folded = text.casefold()
    containing = (
        [name for key, name in _CANONICAL_BY_FOLDED.items() if folded in key]
        if len(folded) >= 3
        else []
    )
    close = [
        _CANONICAL_BY_FOLDED[key]
        for key in difflib.get_close_matches(
            folded, list(_CANONICAL_BY_FOLDED), n=_MAX_CLOSE_SPELLINGS
        )
    ]
    suggestions = list(dict.fromkeys(close + containing))
    return suggestions[:_MAX_SUGGESTIONS]


def _load_zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


@functools.cache
def _offset_signature(iana_name: str, year: int) -> tuple[timedelta | None, ...]:
    """Return a zone's UTC offsets on the 1st and 15th of each month of a year."""
    zone = zoneinfo.ZoneInfo(iana_name)
    instants = [
        datetime(year, month, day, 12, tzinfo=timezone.utc)
        for month in range(1, 13)
        for day in (1, 15)
    ]
    return tuple(instant.astimezone(zone).utcoffset() for instant in instants)


def _windows_names_like(zone_name: str) -> list[str]:
    """Return Windows zones whose UTC offsets match an IANA zone's this year."""
    year = datetime.now(timezone.utc).year
    signature = _offset_signature(zone_name, year)
    return [
        windows
        for windows, iana in _WINDOWS_TO_IANA.items()
        if _offset_signature(iana, year) == signature
    ]


def _iana_problem(name: str) -> str | None:
    """Describe how to replace an IANA name, or return None if it is not one."""
    intro = (
        f"{name!r} is an IANA time zone name, but Brightmetrics takes Windows "
        "time zone names."
    )
    windows = _WINDOWS_BY_IANA.get(name.casefold())
    if windows is not None:
        return f"{intro} Use '{windows}' instead."
    if _load_zone(name) is None:
        return None
    candidates = _windows_names_like(name)
    if not candidates:
        return (
            f"{intro} No Windows zone has the same UTC offsets this year. Run "
            "`tzutil /l` on Windows to list them."
        )
    return (
        f"{intro} Windows zones with the same UTC offsets this year are "
        f"{_quoted_list(candidates)}. Pick the one for your region."
    )


def validate_timezone(name: str) -> str:
    """Return the canonical spelling of a Windows time zone name.

    Case and surrounding white space are ignored, so " pacific standard time"
    gives "Pacific Standard Time".

    Raises:
        ValueError: the name is not a Windows time zone name. For an IANA name
            the message gives the Windows name (for "America/Los_Angeles",
            "Pacific Standard Time"), otherwise it suggests close names.
    """
    if not isinstance(name, str):
        raise ValueError(
            f"The time zone {name!r} is not text. Give a Windows time zone name "
            "such as 'Eastern Standard Time'."
        )
    if not name.strip():
        raise ValueError(
            f"The time zone {name!r} is empty. Give a Windows time zone name "
            "such as 'Eastern Standard Time'."
        )
    stripped = name.strip()
    canonical = _CANONICAL_BY_FOLDED.get(stripped.casefold())
    if canonical is not None:
        return canonical

    problem = _iana_problem(stripped)
    if problem is not None:
        raise ValueError(problem)
    suggestions = _suggest_windows_names(stripped)
    hint = (
        f"Did you mean {_quoted_list(suggestions)}?"
        if suggestions
        else "Use a name that `tzutil /l` lists on Windows, for example "
        "'Eastern Standard Time'."
    )
    raise ValueError(f"{stripped!r} is not a Windows time zone name. {hint}")


def zone_for(name: str) -> zoneinfo.ZoneInfo:
    """Return the IANA zone for a Windows time zone name.

    Raises:
        ValueError: as `validate_timezone` does.
        zoneinfo.ZoneInfoNotFoundError: the system has no time zone database
            and the `tzdata` package is not installed.
    """
    return zoneinfo.ZoneInfo(_WINDOWS_TO_IANA[validate_timezone(name)])
