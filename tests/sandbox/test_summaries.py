"""Summary reports agree with the Call Detail rows of the same range."""

from __future__ import annotations

import collections
import decimal
import math

import pytest

from tests.sandbox.helpers import follow_pages, report_url

RANGE = (
    "Call_Date_Time ge 2026-11-10T00:00:00Z and Call_Date_Time le 2026-11-16T12:00:00Z"
)


@pytest.fixture
def details(sb, http):
    bodies = follow_pages(http, report_url(sb, "Call Detail"), {"$filter": RANGE})
    return [row for body in bodies for row in body["value"]]


def summary(sb, http, title, expression=RANGE):
    response = http.get(report_url(sb, title), params={"$filter": expression})
    assert response.status_code == 200, response.text
    return response.json()["value"]


def test_service_summary_matches_detail(sb, http, details):
    rows = {row["Queue_Name"]: row for row in summary(sb, http, "Service Summary")}
    queued = [row for row in details if row["Queue_Name"] is not None]
    assert sum(row["Calls_Offered"] for row in rows.values()) == len(queued)
    by_queue = collections.defaultdict(list)
    for row in queued:
        by_queue[row["Queue_Name"]].append(row)
    for queue, calls in by_queue.items():
        row = rows[queue]
        assert row["Calls_Offered"] == len(calls)
        assert row["Calls_Answered"] == sum(c["Answered"] for c in calls)
        assert row["Calls_Abandoned"] == sum(c["Abandoned"] for c in calls)
        assert row["Calls_Answered_within_Service_Level"] == sum(
            bool(c["Answered_within_Service_Level"]) for c in calls
        )
        assert row["Time_Talk_Total"] == pytest.approx(
            sum(c["Time_Talk_Total"] for c in calls)
        )
        assert row["Time_Wait_Total"] == pytest.approx(
            sum(c["Time_Wait"] for c in calls)
        )
        cost = sum(
            decimal.Decimal(c["Cost_USD_"]) for c in calls if c["Cost_USD_"] is not None
        )
        assert decimal.Decimal(row["Total_Cost_USD_"]) == cost
    assert rows["Sales"]["Period_Start"] == "2026-11-10T00:00:00Z"
    assert rows["Sales"]["Period_End"] == "2026-11-16T12:00:00Z"


def test_service_summary_non_finite_values(sb, http):
    rows = {row["Queue_Name"]: row for row in summary(sb, http, "Service Summary")}
    assert rows["Overflow"]["Calls_Offered"] == 0
    assert rows["Overflow"]["Service_Level_"] == "NaN"
    assert rows["Overflow"]["Answer_to_Abandon_Ratio_log10_"] == "NaN"
    assert rows["Overflow"]["Average_Speed_of_Answer"] is None
    assert rows["Tier #2 Escalations"]["Answer_to_Abandon_Ratio_log10_"] == "INF"
    assert rows["After Hours"]["Answer_to_Abandon_Ratio_log10_"] == "-INF"
    assert rows["After Hours"]["Service_Level_"] == 0.0
    assert isinstance(rows["Sales"]["Service_Level_"], float)
    assert rows["Sales"]["Average_Speed_of_Answer"].startswith("PT")


def test_agent_summary_matches_detail(sb, http, details):
    rows = {
        row["Agent_Name"]: row for row in summary(sb, http, "Agent Activity Summary")
    }
    for agent, row in rows.items():
        calls = [c for c in details if c["Agent_Name"] == agent]
        assert row["Calls_Handled"] == sum(c["Answered"] for c in calls), agent
        assert row["Outbound_Calls"] == sum(c["Direction"] == "Outbound" for c in calls)
        assert row["Time_Talk_Total"] == pytest.approx(
            sum(c["Time_Talk_Total"] for c in calls)
        )
        assert row["Time_Hold_Total"] == pytest.approx(
            sum(c["Time_Hold"] for c in calls)
        )
    assert rows["Agent Spare 1"]["Calls_Handled"] == 0
    assert rows["Agent Spare 1"]["Average_Talk_Time"] is None
    shares = [row["Talk_Share_"] for row in rows.values()]
    assert sum(shares) == pytest.approx(100.0, abs=0.1)


def test_workgroup_summary_matches_detail(sb, http, details):
    title = "Workgroup Service-Level Summary w/o Wait Time"
    rows = {row["Workgroup_Name"]: row for row in summary(sb, http, title)}
    queues = {
        row["Queue_Name"]: row["Workgroup_Name"]
        for row in summary(sb, http, "Service Summary")
    }
    counts = collections.Counter(
        queues[c["Queue_Name"]] for c in details if c["Queue_Name"]
    )
    for workgroup, row in rows.items():
        assert row["Calls_Offered"] == counts[workgroup], workgroup
    assert rows["Training"]["Service_Level_"] == "NaN"
    assert rows["Training"]["Service_Level_Met"] is None
    assert rows["Night Shift"]["Service_Level_Met"] is False
    assert "Time_Wait_Total" not in rows["Helpdesk"]


def test_summary_filters_select_rows(sb, http):
    rows = summary(sb, http, "Service Summary", RANGE + " and Queue_Name eq 'Sales'")
    assert [row["Queue_Name"] for row in rows] == ["Sales"]
    rows = summary(
        sb,
        http,
        "Agent Activity Summary",
        RANGE + " and Agent_Name_by_Group_Membership eq 'Team Red'",
    )
    names = {row["Agent_Name"] for row in rows}
    assert names == {"Siobhán O'Brien", "Łukasz Nowak", "Mary-Kate O'Neil"}


def test_summary_default_range(sb, http):
    rows = http.get(report_url(sb, "Service Summary")).json()["value"]
    assert rows[0]["Period_Start"] == "2026-11-23T00:00:00Z"
    assert rows[0]["Period_End"] == "2026-11-30T00:00:00Z"
    bodies = follow_pages(http, report_url(sb, "Call Detail"))
    queued = [
        r for body in bodies for r in body["value"] if r["Queue_Name"] is not None
    ]
    assert sum(row["Calls_Offered"] for row in rows) == len(queued)


def test_summary_ground_truth_equals_server(sb, http):
    served = summary(sb, http, "Agent Activity Summary")
    expected = sb.rows("Agent Activity Summary", filters=RANGE)
    assert served == expected
    values = [v for row in served for v in row.values() if isinstance(v, float)]
    assert all(math.isfinite(v) for v in values)
