"""$filter rules over HTTP: accepted expressions and each rejected case."""

from __future__ import annotations

import datetime
import urllib.parse

import pytest

from tests.sandbox.helpers import follow_pages, report_url

RANGE = (
    "Call_Date_Time ge 2026-11-20T00:00:00Z and Call_Date_Time le 2026-11-23T00:00:00Z"
)


def detail_rows(sb, http, expression: str) -> list[dict]:
    bodies = follow_pages(http, report_url(sb, "Call Detail"), {"$filter": expression})
    return [row for body in bodies for row in body["value"]]


def test_eq_selects_one_queue(sb, http):
    rows = detail_rows(sb, http, f"{RANGE} and Queue_Name eq 'Customer Service'")
    assert rows
    assert {row["Queue_Name"] for row in rows} == {"Customer Service"}
    expected = sb.rows(
        "Call Detail", filters=f"{RANGE} and Queue_Name eq 'Customer Service'"
    )
    assert rows == expected


def test_in_list_with_plus_sign(sb, http):
    expression = f"{RANGE} and Queue_Name in ('Sales', 'Billing + Payments')"
    rows = detail_rows(sb, http, expression)
    assert {row["Queue_Name"] for row in rows} == {"Sales", "Billing + Payments"}


def test_doubled_quote_and_ampersand(sb, http):
    rows = detail_rows(sb, http, f"{RANGE} and Queue_Name eq 'O''Brien & Sons Support'")
    assert rows
    assert {row["Queue_Name"] for row in rows} == {"O'Brien & Sons Support"}


def test_non_ascii_value(sb, http):
    rows = detail_rows(sb, http, f"{RANGE} and Queue_Name eq '東京 Desk'")
    assert rows
    assert {row["Queue_Name"] for row in rows} == {"東京 Desk"}


def test_ne_on_text_excludes_value(sb, http):
    everything = detail_rows(sb, http, RANGE)
    rows = detail_rows(sb, http, f"{RANGE} and Agent_Name ne 'Zoë Adams'")
    assert "Zoë Adams" not in {row["Agent_Name"] for row in rows}
    zoe = [row for row in everything if row["Agent_Name"] == "Zoë Adams"]
    assert zoe
    assert len(rows) == len(everything) - len(zoe)


def test_numeric_gt_and_ge_le_pair(sb, http):
    rows = detail_rows(sb, http, f"{RANGE} and Time_Talk_Total gt 300")
    assert rows
    assert all(row["Time_Talk_Total"] > 300 for row in rows)
    rows = detail_rows(sb, http, f"{RANGE} and Time_Wait ge 10 and Time_Wait le 20.5")
    assert rows
    assert all(10 <= row["Time_Wait"] <= 20.5 for row in rows)


def test_int32_filter(sb, http):
    rows = detail_rows(sb, http, f"{RANGE} and Transfer_Count gt 0")
    assert rows
    assert all(row["Transfer_Count"] > 0 for row in rows)


def test_agent_name_proxy_by_skill(sb, http):
    rows = detail_rows(sb, http, f"{RANGE} and Agent_Name_by_Skill eq 'Deutsch'")
    assert rows
    assert {row["Agent_Name"] for row in rows} == {"Jürgen Müller"}


def test_date_literals_with_offsets(sb, http):
    expression = (
        "Call_Date_Time ge 2026-11-20T00:00:00-05:00 and "
        "Call_Date_Time le 2026-11-21T00:00:00.000+01:00"
    )
    rows = detail_rows(sb, http, expression)
    low = datetime.datetime(2026, 11, 20, 5, tzinfo=datetime.timezone.utc)
    high = datetime.datetime(2026, 11, 20, 23, tzinfo=datetime.timezone.utc)
    times = [
        datetime.datetime.fromisoformat(r["Call_Date_Time"].replace("Z", "+00:00"))
        for r in rows
    ]
    assert times
    assert min(times) >= low
    assert max(times) <= high


def test_percent_encoded_option_name(sb, http):
    query = "%24filter=" + urllib.parse.quote(f"{RANGE} and Queue_Name eq 'Sales'")
    response = http.get(report_url(sb, "Call Detail") + "?" + query)
    assert response.status_code == 200
    assert {row["Queue_Name"] for row in response.json()["value"]} <= {"Sales"}


REJECTED = [
    (
        "Queue_Name eq 'Sales' and Queue_Name eq 'Sales'",
        "DuplicateFilterProperty",
        "Queue_Name",
    ),
    (
        "Call_Date_Time gt 2026-11-20T00:00:00Z and "
        "Call_Date_Time lt 2026-11-21T00:00:00Z",
        "DuplicateFilterProperty",
        "Call_Date_Time",
    ),
    (
        "Call_Date_Time ge 2026-11-20T00:00:00Z and "
        "Call_Date_Time ge 2026-11-21T00:00:00Z",
        "DuplicateFilterProperty",
        "Call_Date_Time",
    ),
    ("Queue_Name gt 'A'", "InvalidFilterOperator", "Queue_Name"),
    ("Queue_Name le 'A'", "InvalidFilterOperator", "Queue_Name"),
    ("Time_Talk_Total eq 10", "InvalidFilterOperator", "Time_Talk_Total"),
    ("Time_Talk_Total ne 10", "InvalidFilterOperator", "Time_Talk_Total"),
    ("Time_Talk_Total in (10, 20)", "InvalidFilterOperator", "Time_Talk_Total"),
    (
        "Call_Date_Time eq 2026-11-20T00:00:00Z",
        "InvalidFilterOperator",
        "Call_Date_Time",
    ),
    (
        "Agent_Name eq 'Zoë Adams' and Agent_Name_by_Skill eq 'English'",
        "ConflictingAgentNameFilters",
        "Agent_Name_by_Skill",
    ),
    (
        "Agent_Name_by_Queue_Membership eq 'Sales' and "
        "Agent_Name_by_Group_Membership eq 'Team Red'",
        "ConflictingAgentNameFilters",
        "Agent_Name_by_Queue_Membership",
    ),
    ("Foo eq 'x'", "UnknownFilterProperty", "Foo"),
    ("queue_name eq 'Sales'", "UnknownFilterProperty", "Queue_Name"),
    ("Queue_Name eq 5", "InvalidFilterValue", "Queue_Name"),
    ("Time_Talk_Total gt '10'", "InvalidFilterValue", "Time_Talk_Total"),
    ("Transfer_Count gt 1.5", "InvalidFilterValue", "Transfer_Count"),
    ("Call_Date_Time ge 10", "InvalidFilterValue", "Call_Date_Time"),
    ("Queue_Name eq 'Sales", "FilterSyntaxError", "not closed"),
    ("Queue_Name eq Sales", "FilterSyntaxError", "Sales"),
    ("Queue_Name eq 'Sales' or Queue_Name eq 'Finance'", "FilterSyntaxError", "'or'"),
    ("(Queue_Name eq 'Sales')", "FilterSyntaxError", "parentheses"),
    ("contains(Queue_Name, 'Sa')", "FilterSyntaxError", "functions"),
    ("Queue_Name eq", "FilterSyntaxError", "Queue_Name"),
    ("Queue_Name eq 'Sales' and", "FilterSyntaxError", "and"),
    ("Queue_Name in ()", "FilterSyntaxError", "in"),
    ("Queue_Name in ('Sales'", "FilterSyntaxError", ")"),
    ("Queue_Name EQ 'Sales'", "FilterSyntaxError", "EQ"),
    ("Queue_Name eq null", "FilterSyntaxError", "null"),
    ("Call_Date_Time ge 2026-11-20T00:00:00", "FilterSyntaxError", "offset"),
    ("Call_Date_Time ge 2026-11-20", "FilterSyntaxError", "offset"),
    ("Call_Date_Time ge 2026-13-01T00:00:00Z", "FilterSyntaxError", "2026-13-01"),
    ("Call_Date_Time ge 2026-11-20T00:00:00 05:00", "FilterSyntaxError", "%2B"),
    ("", "FilterSyntaxError", "empty"),
]


@pytest.mark.parametrize(("expression", "code", "named"), REJECTED)
def test_rejected_filter(sb, http, expression, code, named):
    response = http.get(
        report_url(sb, "Call Detail"), params={"$filter": expression or " "}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert named in error["message"]


def test_unencoded_plus_offset_is_rejected(sb, http):
    raw = "Call_Date_Time ge 2026-11-20T00:00:00+05:00"
    query = "$filter=" + raw.replace(" ", "%20")
    response = http.get(report_url(sb, "Call Detail") + "?" + query)
    assert response.status_code == 400
    assert "%2B" in response.json()["error"]["message"]


def test_encoded_plus_offset_is_accepted(sb, http):
    query = "$filter=" + urllib.parse.quote(
        "Call_Date_Time ge 2026-11-28T00:00:00+05:00"
    )
    response = http.get(report_url(sb, "Call Detail") + "?" + query)
    assert response.status_code == 200


def test_roster_has_no_date_filter(sb, http):
    response = http.get(
        report_url(sb, "Agent Roster"),
        params={"$filter": "Call_Date_Time ge 2026-11-20T00:00:00Z"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "UnknownFilterProperty"
    assert "Call_Date_Time" in response.json()["error"]["message"]


def test_roster_filters_by_workgroup(sb, http):
    response = http.get(
        report_url(sb, "Agent Roster"),
        params={"$filter": "Workgroup_Name eq 'Finance'"},
    )
    assert response.status_code == 200
    names = {row["Agent_Name"] for row in response.json()["value"]}
    assert names == {"Jürgen Müller", "Chloé Dubois"}


def test_unsupported_query_options(sb, http):
    for option in ("$top", "$select", "$orderby", "$skip", "$count"):
        response = http.get(report_url(sb, "Call Detail"), params={option: "1"})
        assert response.status_code == 400, option
        assert option in response.json()["error"]["message"]


def test_repeated_filter_option(sb, http):
    url = (
        report_url(sb, "Call Detail")
        + "?$filter=Queue_Name%20eq%20'Sales'&$filter=Queue_Name%20eq%20'Sales'"
    )
    response = http.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "DuplicateQueryOption"
