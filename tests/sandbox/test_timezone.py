"""The timezone parameter: DST-correct offsets, local dates, absolute filters."""

from __future__ import annotations

import datetime

import pytest

from tap_brightmetrics.sandbox import Sandbox
from tap_brightmetrics.sandbox.timezones import WINDOWS_TO_IANA, zone_for
from tests.sandbox.conftest import make_config
from tests.sandbox.helpers import follow_pages, report_url

UTC = datetime.timezone.utc
# US daylight saving time ends on 2026-11-01: 09:00 UTC in the Pacific zone.
DST_RANGE = (
    "Call_Date_Time ge 2026-10-31T00:00:00Z and Call_Date_Time le 2026-11-03T00:00:00Z"
)
PACIFIC_DST_END = datetime.datetime(2026, 11, 1, 9, tzinfo=UTC)


def parse_time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def fetch(http, sandbox, zone=None, title="Call Detail", expression=DST_RANGE):
    params = {"$filter": expression}
    if zone is not None:
        params["timezone"] = zone
    bodies = follow_pages(http, report_url(sandbox, title), params)
    return [row for body in bodies for row in body["value"]]


def test_pacific_offsets_change_at_dst_end(sb, http):
    utc_rows = fetch(http, sb)
    local_rows = fetch(http, sb, "Pacific Standard Time")
    assert [r["Call_ID"] for r in local_rows] == [r["Call_ID"] for r in utc_rows]
    offsets = set()
    for utc_row, local_row in zip(utc_rows, local_rows, strict=True):
        moment = parse_time(utc_row["Call_Date_Time"])
        local = parse_time(local_row["Call_Date_Time"])
        assert local == moment
        expected = "-07:00" if moment < PACIFIC_DST_END else "-08:00"
        assert local_row["Call_Date_Time"].endswith(expected)
        assert local_row["Call_Date"] == local.date().isoformat()
        offsets.add(expected)
    assert offsets == {"-07:00", "-08:00"}
    assert any(
        r["Call_Date"] != u["Call_Date"]
        for r, u in zip(local_rows, utc_rows, strict=True)
    )
    assert all(r["Call_Date_Time"].endswith("Z") for r in utc_rows)


@pytest.mark.parametrize(
    ("zone", "suffix"),
    [
        ("UTC", "Z"),
        ("GMT Standard Time", "Z"),
        ("W. Europe Standard Time", "+01:00"),
        ("Tokyo Standard Time", "+09:00"),
        ("AUS Eastern Standard Time", "+11:00"),
        ("central standard time", "-06:00"),
    ],
)
def test_zone_offsets(sb, http, zone, suffix):
    expression = (
        "Call_Date_Time ge 2026-11-20T00:00:00Z and "
        "Call_Date_Time le 2026-11-21T00:00:00Z"
    )
    rows = fetch(http, sb, zone, expression=expression)
    assert rows
    assert all(row["Call_Date_Time"].endswith(suffix) for row in rows)


def test_summary_period_in_zone(sb, http):
    rows = fetch(http, sb, "Eastern Standard Time", title="Service Summary")
    assert rows[0]["Period_Start"] == "2026-10-30T20:00:00-04:00"
    assert rows[0]["Period_End"] == "2026-11-02T19:00:00-05:00"


def test_unknown_zone_rejected(sb, http):
    response = http.get(
        report_url(sb, "Call Detail"), params={"timezone": "Mars Standard Time"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "InvalidTimezone"
    assert "Mars Standard Time" in error["message"]


def test_ground_truth_in_zone(sb, http):
    rows = fetch(http, sb, "Tokyo Standard Time")
    assert rows == sb.rows(
        "Call Detail", filters=DST_RANGE, timezone="Tokyo Standard Time"
    )


def test_not_timezone_aware_ignores_parameter(http):
    with Sandbox(make_config(timezone_aware=False)) as sandbox:
        for zone in ("Pacific Standard Time", "Mars Standard Time"):
            rows = fetch(http, sandbox, zone)
            assert rows
            assert all(row["Call_Date_Time"].endswith("Z") for row in rows)


def test_every_windows_zone_loads():
    moment = datetime.datetime(2026, 7, 1, tzinfo=UTC)
    for name in WINDOWS_TO_IANA:
        offset = moment.astimezone(zone_for(name)).utcoffset()
        assert offset is not None, name
        assert abs(offset) <= datetime.timedelta(hours=14), name
