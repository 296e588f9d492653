from __future__ import annotations

import datetime
import decimal

from tap_brightmetrics.records import RecordConformer, format_utc, to_utc_text

SCHEMA = {
    "properties": {
        "Calls": {"type": ["integer", "null"]},
        "Agent_ID": {"type": ["integer"]},
        "Cost": {"type": ["number", "null"]},
        "Service_Level": {"type": ["number", "null"]},
        "Call_Date_Time": {"type": ["string", "null"], "format": "date-time"},
        "Queue_Name": {"type": ["string", "null"]},
    }
}


def test_strings_become_numbers():
    record = RecordConformer(SCHEMA).conform(
        {"Agent_ID": "9007199254740993", "Cost": "12.345678901234567890"}
    )
    assert record["Agent_ID"] == 9007199254740993
    assert record["Cost"] == decimal.Decimal("12.345678901234567890")


def test_non_finite_doubles_become_null_and_are_counted():
    conformer = RecordConformer(SCHEMA)
    rows = [
        {"Service_Level": "NaN"},
        {"Service_Level": "INF"},
        {"Service_Level": "-INF"},
        {"Service_Level": float("nan")},
        {"Service_Level": 0.5},
    ]
    values = [conformer.conform(row)["Service_Level"] for row in rows]
    assert values == [None, None, None, None, 0.5]
    assert conformer.non_finite["Service_Level"] == 4


def test_date_times_become_utc():
    record = RecordConformer(SCHEMA).conform(
        {"Call_Date_Time": "2026-11-01T01:30:00-07:00"}
    )
    assert record["Call_Date_Time"] == "2026-11-01T08:30:00Z"


def test_nulls_and_text_pass_through():
    record = RecordConformer(SCHEMA).conform(
        {"Calls": None, "Queue_Name": "O'Brien & Zoë"}
    )
    assert record == {"Calls": None, "Queue_Name": "O'Brien & Zoë"}


def test_utc_text_keeps_fractions():
    assert to_utc_text("2026-11-01T00:00:00.250Z") == "2026-11-01T00:00:00.250000Z"
    assert to_utc_text("2026-11-01T00:00:00+00:00") == "2026-11-01T00:00:00Z"


def test_format_utc_of_offset_time():
    moment = datetime.datetime(
        2026, 1, 1, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=9))
    )
    assert format_utc(moment) == "2026-01-01T00:00:00Z"


def test_canonical_utc_text_is_kept_and_checked():
    import pytest

    assert to_utc_text("2026-11-10T00:00:33Z") == "2026-11-10T00:00:33Z"
    with pytest.raises(ValueError, match="day is out of range"):
        to_utc_text("2026-02-30T00:00:00Z")
