"""Server-side paging of detail reports by time range."""

from __future__ import annotations

import datetime
import urllib.parse

from tap_brightmetrics.sandbox import Sandbox
from tap_brightmetrics.sandbox.calls import is_no_call_day
from tests.sandbox.conftest import make_config
from tests.sandbox.helpers import follow_pages, report_url

UTC = datetime.timezone.utc
START = datetime.datetime(2026, 11, 14, tzinfo=UTC)
END = datetime.datetime(2026, 11, 21, tzinfo=UTC)
DAY_END = "2026-11-15T00:00:00Z"
RANGE = (
    "Call_Date_Time ge 2026-11-14T00:00:00Z and Call_Date_Time le 2026-11-21T00:00:00Z"
)


def parse_time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_pages_cover_range_with_empty_days(sb, http):
    bodies = follow_pages(http, report_url(sb, "Call Detail"), {"$filter": RANGE})
    assert len(bodies) == 7
    empty_days = [START.date() + datetime.timedelta(days=n) for n in range(7)]
    empty_days = [day for day in empty_days if is_no_call_day(day)]
    assert empty_days, "the range should contain a day without calls"
    for index, body in enumerate(bodies):
        day = START.date() + datetime.timedelta(days=index)
        times = [parse_time(row["Call_Date_Time"]) for row in body["value"]]
        if index == 6:
            # The le bound is inclusive, so the last page ends with END's midnight call.
            assert times[-1] == END
            times = times[:-1]
        assert {t.date() for t in times} <= {day}
        assert (not times) == (day in empty_days)
        assert ("@odata.nextLink" in body) == (index < 6)
    rows = [row for body in bodies for row in body["value"]]
    assert rows == sb.rows("Call Detail", filters=RANGE)
    keys = [(parse_time(r["Call_Date_Time"]), int(r["Call_ID"])) for r in rows]
    assert keys == sorted(keys)
    assert len({r["Call_ID"] for r in rows}) == len(rows)


def test_next_link_carries_only_token(sb, http):
    url = report_url(sb, "Call Detail")
    params = {
        "$filter": RANGE + " and Queue_Name eq 'Sales'",
        "timezone": "Pacific Standard Time",
    }
    first = http.get(url, params=params).json()
    link = first["@odata.nextLink"]
    parts = urllib.parse.urlsplit(link)
    assert link.startswith(url + "?")
    assert [name for name, _ in urllib.parse.parse_qsl(parts.query)] == ["$skiptoken"]
    bodies = follow_pages(http, url, params)
    rows = [row for body in bodies for row in body["value"]]
    assert rows
    assert {row["Queue_Name"] for row in rows} == {"Sales"}
    assert all(row["Call_Date_Time"].endswith("-08:00") for row in rows)


def test_skiptoken_with_added_options_rejected(sb, http):
    url = report_url(sb, "Call Detail")
    link = http.get(url, params={"$filter": RANGE}).json()["@odata.nextLink"]
    for extra in ({"$filter": RANGE}, {"timezone": "UTC"}, {"$format": "json"}):
        response = http.get(link, params=extra)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "InvalidSkipToken"
        assert next(iter(extra)) in response.json()["error"]["message"]


def test_bad_tokens_rejected(sb, http):
    url = report_url(sb, "Call Detail")
    link = http.get(url, params={"$filter": RANGE}).json()["@odata.nextLink"]
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["$skiptoken"][0]
    body, _, signature = token.partition(".")
    tampered = ("A" if body[5] != "A" else "B").join((body[:5], body[6:]))
    for bad in ("garbage", tampered + "." + signature, body, ""):
        response = http.get(url, params={"$skiptoken": bad})
        assert response.status_code == 400, bad
        assert response.json()["error"]["code"] == "InvalidSkipToken"
    other = report_url(sb, "Party Activity Detail")
    response = http.get(other, params={"$skiptoken": token})
    assert response.status_code == 400
    assert "another report" in response.json()["error"]["message"]


def test_default_range_is_last_seven_days(sb, http):
    bodies = follow_pages(http, report_url(sb, "Call Detail"))
    assert len(bodies) == 7
    rows = [row for body in bodies for row in body["value"]]
    times = [parse_time(row["Call_Date_Time"]) for row in rows]
    assert min(times) >= datetime.datetime(2026, 11, 23, tzinfo=UTC)
    assert max(times) < datetime.datetime(2026, 11, 30, tzinfo=UTC)
    assert rows == sb.rows("Call Detail")


def test_open_ranges_end_at_data_bounds(sb, http):
    url = report_url(sb, "Call Detail")
    bodies = follow_pages(
        http, url, {"$filter": "Call_Date_Time ge 2026-11-27T00:00:00Z"}
    )
    assert len(bodies) == 3
    bodies = follow_pages(
        http, url, {"$filter": "Call_Date_Time lt 2026-11-03T00:00:00Z"}
    )
    assert len(bodies) == 3
    assert bodies[0]["value"][0]["Call_Date_Time"].startswith("2026-10-31")
    bodies = follow_pages(
        http, url, {"$filter": "Call_Date_Time ge 2027-01-01T00:00:00Z"}
    )
    assert bodies == [
        {
            "@odata.context": f"{sb.url}/$metadata#{sb.report('Call Detail').name}",
            "value": [],
        }
    ]


def test_exclusive_bounds(sb, http):
    first = sb.rows("Call Detail", filters=RANGE)[0]
    moment = first["Call_Date_Time"]
    url = report_url(sb, "Call Detail")
    including = follow_pages(
        http,
        url,
        {"$filter": f"Call_Date_Time ge {moment} and Call_Date_Time le {DAY_END}"},
    )
    excluding = follow_pages(http, url, {"$filter": f"Call_Date_Time gt {moment}"})
    assert including[0]["value"][0]["Call_ID"] == first["Call_ID"]
    assert excluding[0]["value"][0]["Call_ID"] != first["Call_ID"]


def test_party_rows_page_and_sort(sb, http):
    expression = (
        "Call_Date_Time ge 2026-11-20T00:00:00Z and "
        "Call_Date_Time le 2026-11-22T00:00:00Z"
    )
    bodies = follow_pages(
        http, report_url(sb, "Party Activity Detail"), {"$filter": expression}
    )
    rows = [row for body in bodies for row in body["value"]]
    keys = [
        (parse_time(r["Call_Date_Time"]), int(r["Call_ID"]), r["Party_Sequence"])
        for r in rows
    ]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    calls = sb.rows("Call Detail", filters=expression)
    assert {r["Call_ID"] for r in rows} == {r["Call_ID"] for r in calls}
    agents = [
        r
        for r in rows
        if r["Party_Type"] == "Agent" and r["Party_Start_Time"] != r["Call_Date_Time"]
    ]
    assert any("." in r["Party_Start_Time"] for r in agents)


def test_party_leg_filter(sb, http):
    expression = RANGE + " and Party_Type eq 'IVR'"
    bodies = follow_pages(
        http, report_url(sb, "Party Activity Detail"), {"$filter": expression}
    )
    rows = [row for body in bodies for row in body["value"]]
    assert rows
    assert {row["Party_Name"] for row in rows} == {"Main IVR"}


def test_page_days_setting(http):
    with Sandbox(make_config(page_days=3)) as sandbox:
        bodies = follow_pages(
            http, report_url(sandbox, "Call Detail"), {"$filter": RANGE}
        )
        assert len(bodies) == 3
        rows = [row for body in bodies for row in body["value"]]
        assert rows == sandbox.rows("Call Detail", filters=RANGE)


def test_summary_and_roster_are_one_page(sb, http):
    for title in ("Service Summary", "Agent Activity Summary", "Agent Roster"):
        body = http.get(report_url(sb, title), params={}).json()
        assert "@odata.nextLink" not in body
        assert body["value"]


def inclusive_range(start: str, end: str) -> str:
    return f"Call_Date_Time ge {start} and Call_Date_Time le {end}"


def test_midnight_call_in_both_inclusive_ranges(sb, http):
    url = report_url(sb, "Call Detail")
    day_before = inclusive_range("2026-11-19T00:00:00Z", "2026-11-20T00:00:00Z")
    day_after = inclusive_range("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z")
    before = [
        r for b in follow_pages(http, url, {"$filter": day_before}) for r in b["value"]
    ]
    after = [
        r for b in follow_pages(http, url, {"$filter": day_after}) for r in b["value"]
    ]
    assert before[-1]["Call_Date_Time"] == "2026-11-20T00:00:00Z"
    assert after[0]["Call_Date_Time"] == "2026-11-20T00:00:00Z"
    assert before[-1]["Call_ID"] == after[0]["Call_ID"]
    half_open = sb.rows("Call Detail", START, END)
    assert half_open[0]["Call_Date_Time"] == "2026-11-14T00:00:00Z"
    assert not any(r["Call_Date_Time"] == "2026-11-21T00:00:00Z" for r in half_open)
