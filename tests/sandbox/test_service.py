"""Service document, $metadata, identifiers and unknown paths."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tap_brightmetrics.sandbox.identifiers import entity_set_name, odata_identifier
from tests.sandbox.helpers import report_url


def parse_xml(data: bytes) -> ET.Element:
    # The XML comes from the sandbox under test, not from an untrusted source.
    return ET.fromstring(data)  # noqa: S314


EDMX = "{http://docs.oasis-open.org/odata/ns/edmx}"
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"

TYPES_REQUIRED = {
    "Edm.String",
    "Edm.DateTimeOffset",
    "Edm.Date",
    "Edm.Double",
    "Edm.Int32",
    "Edm.Int64",
    "Edm.Decimal",
    "Edm.Boolean",
    "Edm.Duration",
}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Time - Call - Total", "Time_Call_Total"),
        ("Queue Name", "Queue_Name"),
        ("Call Date/Time", "Call_Date_Time"),
        ("Cost (USD)", "Cost_USD_"),
        ("Service Level %", "Service_Level_"),
        ("Zoë's Übersicht", "Zoë_s_Übersicht"),
        ("--a--", "_a_"),
    ],
)
def test_identifier_rule(title, expected):
    assert odata_identifier(title) == expected


def test_entity_set_name_keeps_each_replacement():
    name = entity_set_name(
        "Agent Activity Summary - All (Saved MSC Agents)",
        "041cee41-ac5f-4455-a02d-022705afe417",
    )
    expected = "Agent_Activity_Summary___All__Saved_MSC_Agents_"
    assert name == expected + "_041cee41ac5f4455a02d022705afe417"


@pytest.mark.parametrize("suffix", ["", "/"])
def test_service_document(sb, http, suffix):
    response = http.get(sb.url + suffix)
    assert response.status_code == 200
    assert response.headers["OData-Version"] == "4.0"
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["@odata.context"] == sb.url + "/$metadata"
    listed = {item["url"]: item for item in body["value"]}
    assert len(listed) >= 6
    for report in sb.reports:
        item = listed[report.id]
        assert item["name"] == report.name
        assert item["title"] == report.title
        assert item["kind"] == "EntitySet"
        assert item["name"].endswith("_" + report.id.replace("-", ""))


def test_report_kinds(sb):
    kinds = {report.title: report.kind for report in sb.reports}
    assert kinds["Call Detail"] == "detail"
    assert kinds["Party Activity Detail"] == "detail"
    assert kinds["Service Summary"] == "summary"
    assert kinds["Agent Activity Summary"] == "summary"
    assert kinds["Workgroup Service-Level Summary w/o Wait Time"] == "summary"
    assert kinds["Agent Roster"] == "roster"
    assert sb.reports[0]["id"] == sb.reports[0].id


def test_service_metadata(sb, http):
    response = http.get(sb.url + "/$metadata")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    root = parse_xml(response.content)
    assert root.tag == EDMX + "Edmx"
    assert root.get("Version") == "4.0"
    schema = root.find(f"{EDMX}DataServices/{EDM}Schema")
    assert schema.get("Namespace") == "Brightmetrics"
    types = {t.get("Name"): t for t in schema.findall(EDM + "EntityType")}
    sets = schema.findall(f"{EDM}EntityContainer/{EDM}EntitySet")
    assert {s.get("Name") for s in sets} == {r.name for r in sb.reports}
    seen_types = set()
    for entity_set in sets:
        type_name = entity_set.get("EntityType").removeprefix("Brightmetrics.")
        report = next(r for r in sb.reports if r.name == entity_set.get("Name"))
        properties = types[type_name].findall(EDM + "Property")
        assert [p.get("Name") for p in properties] == report.column_names
        seen_types |= {p.get("Type") for p in properties}
        keys = [ref.get("Name") for ref in types[type_name].iter(EDM + "PropertyRef")]
        assert keys == (["Agent_ID"] if report.kind == "roster" else [])
    assert seen_types >= TYPES_REQUIRED
    call_detail = types[f"report_{sb.report('Call Detail').id}"]
    nullability = {
        p.get("Name"): p.get("Nullable") for p in call_detail.findall(EDM + "Property")
    }
    assert nullability["Call_Date_Time"] == "false"
    assert nullability["Queue_Name"] is None


def test_report_filter_metadata(sb, http):
    report = sb.report("Call Detail")
    response = http.get(f"{sb.url}/{report.id}/$metadata")
    assert response.status_code == 200
    root = parse_xml(response.content)
    entity_type = root.find(f".//{EDM}EntityType")
    assert entity_type.get("Name") == f"filters_{report.id}"
    filters = {
        p.get("Name"): p.get("Type") for p in entity_type.findall(EDM + "Property")
    }
    assert filters["Call_Date_Time"] == "Edm.DateTimeOffset"
    assert filters["Queue_Name"] == "Edm.String"
    assert filters["Media_Type"] == "Edm.String"
    assert filters["Time_Talk_Total"] == "Edm.Double"
    for proxy in ("by_Queue_Membership", "by_Skill", "by_Group_Membership"):
        assert filters[f"Agent_Name_{proxy}"] == "Edm.String"
    entity_set = root.find(f".//{EDM}EntitySet")
    assert entity_set.get("Name") == report.name + "_filters"
    assert entity_set.get("EntityType") == f"Brightmetrics.filters_{report.id}"


def test_every_dated_report_has_call_date_time(sb, http):
    for report in sb.reports:
        root = parse_xml(http.get(f"{sb.url}/{report.id}/$metadata").content)
        names = {p.get("Name") for p in root.iter(EDM + "Property")}
        assert ("Call_Date_Time" in names) == (report.kind != "roster"), report.title


def test_data_response_headers(sb, http):
    response = http.get(report_url(sb, "Service Summary"))
    assert response.status_code == 200
    assert response.headers["OData-Version"] == "4.0"
    assert response.headers["Content-Type"].startswith(
        "application/json; odata.metadata=minimal"
    )
    body = response.json()
    assert (
        body["@odata.context"]
        == f"{sb.url}/$metadata#{sb.report('Service Summary').name}"
    )
    assert "@odata.nextLink" not in body


def test_report_by_entity_set_name(sb, http):
    report = sb.report("Agent Roster")
    response = http.get(f"{sb.url}/{report.name}")
    assert response.status_code == 200
    assert len(response.json()["value"]) == len(sb.rows(report.id))


def test_roster_values(sb, http):
    rows = http.get(report_url(sb, "Agent Roster")).json()["value"]
    spare = next(row for row in rows if row["Agent_Name"] == "Agent Spare 1")
    assert spare["Active"] is False
    assert spare["Last_Login"] is None
    assert spare["Skills"] is None
    assert isinstance(spare["Employee_Number"], str)
    assert isinstance(spare["Hourly_Rate_USD_"], str)
    assert spare["Shift_Length"] == "PT0S"
    names = {row["Agent_Name"] for row in rows}
    assert {
        "Siobhán O'Brien",
        "Łukasz Nowak",
        "Jürgen Müller",
        "Zoë Adams",
        "田中 太郎",
    } <= names


@pytest.mark.parametrize(
    "path",
    [
        "/OData.ashx/00000000-0000-0000-0000-000000000000",
        "/OData.ashx/status/unknown",
        "/OData.ashx/Call_Detail",
        "/elsewhere",
    ],
)
def test_unknown_paths(sb, http, path):
    response = http.get(sb.origin + path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NotFound"


def test_write_methods_rejected(sb, http):
    response = http.post(report_url(sb, "Call Detail"), json={})
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    assert response.json()["error"]["code"] == "MethodNotAllowed"
