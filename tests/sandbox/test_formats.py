"""Export formats selected by Accept or $format: CSV, XLSX and PDF."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pypdf
import pytest

from tests.sandbox.helpers import report_url

RANGE = (
    "Call_Date_Time ge 2026-11-18T00:00:00Z and Call_Date_Time le 2026-11-21T00:00:00Z"
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get(sb, http, title, *, accept=None, fmt=None, expression=RANGE, zone=None):
    params = {}
    if expression:
        params["$filter"] = expression
    if fmt:
        params["$format"] = fmt
    if zone:
        params["timezone"] = zone
    headers = {"Accept": accept} if accept else {}
    response = http.get(report_url(sb, title), params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/csv", None),
        ("text/csv; unformatted", None),
        (None, "csv"),
        (None, "csv;unformatted"),
    ],
)
def test_unformatted_csv(sb, http, accept, fmt):
    response = get(sb, http, "Call Detail", accept=accept, fmt=fmt)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    expected = sb.rows("Call Detail", filters=RANGE)
    assert table[0] == sb.report("Call Detail").column_names
    assert len(table) - 1 == len(expected)
    first = dict(zip(table[0], table[1], strict=True))
    assert first["Call_ID"] == expected[0]["Call_ID"]
    assert first["Call_Date_Time"] == expected[0]["Call_Date_Time"]
    assert first["Call_Duration"] == expected[0]["Call_Duration"]
    assert first["Answered"] in ("true", "false")
    assert float(first["Time_Talk_Total"]) == expected[0]["Time_Talk_Total"]
    texts = {cell for row in table for cell in row}
    assert any("ü" in text or "ö" in text or "é" in text for text in texts)


def test_unformatted_csv_summary_non_finite(sb, http):
    response = get(sb, http, "Service Summary", fmt="csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    overflow = next(row for row in rows if row["Queue_Name"] == "Overflow")
    assert overflow["Service_Level_"] == "NaN"
    assert overflow["Average_Speed_of_Answer"] == ""
    after_hours = next(row for row in rows if row["Queue_Name"] == "After Hours")
    assert after_hours["Answer_to_Abandon_Ratio_log10_"] == "-INF"


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/csv; formatted", None), (None, "csv;formatted"), (None, "csv; formatted")],
)
def test_formatted_csv(sb, http, accept, fmt):
    response = get(
        sb, http, "Call Detail", accept=accept, fmt=fmt, zone="Pacific Standard Time"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    expected = sb.rows("Call Detail", filters=RANGE, timezone="Pacific Standard Time")
    assert len(rows) == len(expected)
    first, truth = rows[0], expected[0]
    assert set(first) == {c.title for c in sb.report("Call Detail").columns}
    moment = datetime.datetime.fromisoformat(truth["Call_Date_Time"])
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    assert first["Call Date/Time"] == (
        f"{moment.month}/{moment.day}/{moment.year} "
        f"{hour}:{moment.minute:02d}:{moment.second:02d} {half}"
    )
    talk = round(truth["Time_Talk_Total"])
    assert (
        first["Time - Talk - Total"]
        == f"{talk // 3600}:{talk // 60 % 60:02d}:{talk % 60:02d}"
    )
    assert first["Answered"] in ("Yes", "No")
    costs = [row["Cost (USD)"] for row in rows if row["Cost (USD)"]]
    assert all(cost.startswith("$") for cost in costs)


def test_formatted_csv_summary(sb, http):
    response = get(sb, http, "Service Summary", fmt="csv;formatted")
    rows = {
        row["Queue Name"]: row for row in csv.DictReader(io.StringIO(response.text))
    }
    assert rows["Sales"]["Service Level %"].endswith("%")
    assert rows["Overflow"]["Service Level %"] == "-"
    assert rows["Tier #2 Escalations"]["Answer to Abandon Ratio (log10)"] == "∞"


@pytest.mark.parametrize(("accept", "fmt"), [(XLSX, None), (None, "xlsx")])
def test_xlsx(sb, http, accept, fmt):
    response = get(
        sb, http, "Call Detail", accept=accept, fmt=fmt, zone="Tokyo Standard Time"
    )
    assert response.headers["Content-Type"] == XLSX
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Call Detail"
    table = list(sheet.iter_rows(values_only=True))
    columns = sb.report("Call Detail").columns
    assert list(table[0]) == [c.title for c in columns]
    expected = sb.rows("Call Detail", filters=RANGE, timezone="Tokyo Standard Time")
    assert len(table) - 1 == len(expected)
    names = [c.name for c in columns]
    for row, truth in zip(table[1:], expected, strict=True):
        cells = dict(zip(names, row, strict=True))
        local = datetime.datetime.fromisoformat(truth["Call_Date_Time"]).replace(
            tzinfo=None
        )
        assert abs(cells["Call_Date_Time"] - local) < datetime.timedelta(milliseconds=1)
        assert cells["Call_Date"].date().isoformat() == truth["Call_Date"]
        assert cells["Call_ID"] == int(truth["Call_ID"])
        assert cells["Time_Talk_Total"] == pytest.approx(truth["Time_Talk_Total"])
        assert cells["Answered"] is truth["Answered"]
        assert cells["Queue_Name"] == truth["Queue_Name"]
        assert isinstance(cells["Call_Duration"], datetime.timedelta)
        if truth["Cost_USD_"] is None:
            assert cells["Cost_USD_"] is None
        else:
            assert cells["Cost_USD_"] == pytest.approx(float(truth["Cost_USD_"]))


def test_xlsx_summary_sheet(sb, http):
    title = "Workgroup Service-Level Summary w/o Wait Time"
    response = get(sb, http, title, fmt="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "/" not in sheet.title
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    training = next(row for row in rows if row[0] == "Training")
    assert training[header.index("Service Level %")] == "NaN"
    assert training[header.index("Service Level Met")] is None


@pytest.mark.parametrize(
    ("accept", "fmt", "landscape"),
    [
        ("application/pdf", None, False),
        ("application/pdf; portrait", None, False),
        ("application/pdf; landscape", None, True),
        (None, "pdf", False),
        (None, "pdf;portrait", False),
        (None, "pdf;landscape", True),
    ],
)
def test_pdf(sb, http, accept, fmt, landscape):
    response = get(sb, http, "Call Detail", accept=accept, fmt=fmt)
    assert response.headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 1
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width > height) is landscape
    text = reader.pages[0].extract_text()
    assert "Call Detail" in text
    assert "Call Date/Time" in text
    assert reader.metadata.title == "Call Detail"


def test_pdf_summary_title(sb, http):
    title = "Workgroup Service-Level Summary w/o Wait Time"
    response = get(sb, http, title, fmt="pdf;landscape")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert title in reader.pages[0].extract_text()


def test_empty_pdf(sb, http):
    expression = "Call_Date_Time ge 2027-01-01T00:00:00Z"
    response = get(sb, http, "Call Detail", fmt="pdf", expression=expression)
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert "No data" in reader.pages[0].extract_text()


def test_accept_quality_values(sb, http):
    response = get(
        sb,
        http,
        "Agent Roster",
        accept="application/xml, text/csv;q=0.5",
        expression=None,
    )
    assert response.headers["Content-Type"].startswith("text/csv")
    response = get(
        sb,
        http,
        "Agent Roster",
        accept="text/csv;q=0.2, application/json",
        expression=None,
    )
    assert response.headers["Content-Type"].startswith("application/json")


def test_format_option_wins_over_accept(sb, http):
    response = get(
        sb, http, "Agent Roster", accept="text/csv", fmt="json", expression=None
    )
    assert response.json()["value"]


def test_unknown_format_rejected(sb, http):
    url = report_url(sb, "Agent Roster")
    response = http.get(url, params={"$format": "xml"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "UnsupportedFormat"
    response = http.get(url, headers={"Accept": "application/xml"})
    assert response.status_code == 406
    assert response.json()["error"]["code"] == "NotAcceptable"
