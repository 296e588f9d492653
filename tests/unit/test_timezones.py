from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest

from tap_brightmetrics.timezones import WINDOWS_TO_IANA, validate_timezone, zone_for


@pytest.mark.parametrize(("windows", "iana"), sorted(WINDOWS_TO_IANA.items()))
def test_windows_zone_loads(windows: str, iana: str) -> None:
    zone = zoneinfo.ZoneInfo(iana)
    assert zone.key == iana
    assert windows == windows.strip()


def test_windows_table_size() -> None:
    # CLDR's windowsZones.xml maps 139 Windows zones, and Windows still lists
    # two zones marked "- Old".
    assert len(WINDOWS_TO_IANA) == 141


def test_windows_names_unique_ignoring_case() -> None:
    folded = {name.casefold() for name in WINDOWS_TO_IANA}
    assert len(folded) == len(WINDOWS_TO_IANA)


def test_windows_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        WINDOWS_TO_IANA["Mars Standard Time"] = "Etc/UTC"  # type: ignore[index]


@pytest.mark.parametrize(
    ("windows", "iana"),
    [
        # The three names that the vendor documentation lists.
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Central Standard Time", "America/Chicago"),
        ("Eastern Standard Time", "America/New_York"),
        ("UTC", "Etc/UTC"),
        ("GMT Standard Time", "Europe/London"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("India Standard Time", "Asia/Kolkata"),
        ("AUS Eastern Standard Time", "Australia/Sydney"),
        ("US Eastern Standard Time", "America/Indiana/Indianapolis"),
        ("Yukon Standard Time", "America/Whitehorse"),
        ("UTC-11", "Etc/GMT+11"),
        ("UTC+13", "Etc/GMT-13"),
    ],
)
def test_windows_to_iana_entries(windows: str, iana: str) -> None:
    assert WINDOWS_TO_IANA[windows] == iana


@pytest.mark.parametrize(
    ("windows", "winter", "summer"),
    [
        ("Pacific Standard Time", -8, -7),
        ("US Mountain Standard Time", -7, -7),
        ("Newfoundland Standard Time", -3.5, -2.5),
        ("UTC", 0, 0),
        ("Romance Standard Time", 1, 2),
        ("India Standard Time", 5.5, 5.5),
        ("Nepal Standard Time", 5.75, 5.75),
        ("Tokyo Standard Time", 9, 9),
        ("AUS Eastern Standard Time", 11, 10),
        ("Line Islands Standard Time", 14, 14),
        ("Dateline Standard Time", -12, -12),
    ],
)
def test_zone_for_offsets(windows: str, winter: float, summer: float) -> None:
    zone = zone_for(windows)
    january = datetime(2024, 1, 15, 12, tzinfo=zone)
    july = datetime(2024, 7, 15, 12, tzinfo=zone)
    assert january.utcoffset() == timedelta(hours=winter)
    assert july.utcoffset() == timedelta(hours=summer)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Pacific Standard Time", "Pacific Standard Time"),
        ("pacific standard time", "Pacific Standard Time"),
        ("  PACIFIC STANDARD TIME\t", "Pacific Standard Time"),
        ("utc", "UTC"),
        ("utc-02", "UTC-02"),
        ("Turks and Caicos Standard Time", "Turks And Caicos Standard Time"),
        ("Pacific Standard Time (Mexico)", "Pacific Standard Time (Mexico)"),
    ],
)
def test_validate_timezone_canonical(value: str, expected: str) -> None:
    assert validate_timezone(value) == expected


@pytest.mark.parametrize(
    ("iana", "windows"),
    [
        ("America/Los_Angeles", "Pacific Standard Time"),
        ("america/los_angeles", "Pacific Standard Time"),
        ("US/Eastern", "Eastern Standard Time"),
        ("Asia/Calcutta", "India Standard Time"),
        ("Asia/Kolkata", "India Standard Time"),
        ("Europe/Kiev", "FLE Standard Time"),
        ("Etc/GMT+2", "UTC-02"),
        ("Etc/UTC", "UTC"),
    ],
)
def test_validate_timezone_points_iana_to_windows(iana: str, windows: str) -> None:
    with pytest.raises(ValueError, match="is an IANA time zone name") as caught:
        validate_timezone(iana)
    message = str(caught.value)
    assert repr(iana) in message
    assert f"Use '{windows}' instead." in message


def test_validate_timezone_iana_by_offsets() -> None:
    with pytest.raises(ValueError, match="same UTC offsets") as caught:
        validate_timezone("Europe/Amsterdam")
    message = str(caught.value)
    assert "'W. Europe Standard Time'" in message
    assert "'Romance Standard Time'" in message
    assert "'GMT Standard Time'" not in message


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("Pacifc Standard Time", "'Pacific Standard Time'"),
        ("Pacific Time", "'Pacific Standard Time'"),
        ("Eastern", "'Eastern Standard Time'"),
        ("Tokio Standard Time", "'Tokyo Standard Time'"),
    ],
)
def test_validate_timezone_suggests(value: str, suggestion: str) -> None:
    with pytest.raises(ValueError, match="is not a Windows time zone name") as caught:
        validate_timezone(value)
    message = str(caught.value)
    assert repr(value) in message
    assert "Did you mean" in message
    assert suggestion in message


def test_validate_timezone_without_suggestion() -> None:
    with pytest.raises(ValueError, match="tzutil /l") as caught:
        validate_timezone("qq")
    assert "'qq'" in str(caught.value)


@pytest.mark.parametrize("value", ["", "   "])
def test_validate_timezone_rejects_empty(value: str) -> None:
    with pytest.raises(ValueError, match="is empty"):
        validate_timezone(value)


@pytest.mark.parametrize("value", [None, 5])
def test_validate_timezone_rejects_non_text(value: object) -> None:
    with pytest.raises(ValueError, match="is not text"):
        validate_timezone(value)  # type: ignore[arg-type]


def test_zone_for_ignores_case() -> None:
    assert zone_for(" tokyo standard time ").key == "Asia/Tokyo"


def test_zone_for_rejects_iana() -> None:
    with pytest.raises(ValueError, match="Pacific Standard Time"):
        zone_for("America/Los_Angeles")
