"""`brightmetrics export`: formats, paging, filters, async, partial files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pypdf
import pytest

from tap_brightmetrics.cli.formats import XLSX_MEDIA_TYPE
from tap_brightmetrics.sandbox import Sandbox
from tests.cli.helpers import (
    CALL_DETAIL,
    SERVICE_SUMMARY,
    Invoke,
    data_requests,
    last_line,
    write_config,
)

RANGE = ("--start", "2026-11-24", "--end", "2026-11-27T00:00:00Z")
RANGE_FILTER = (
    "Call_Date_Time ge 2026-11-24T00:00:00Z and Call_Date_Time le 2026-11-27T00:00:00Z"
)


def leftovers(folder: Path) -> list[str]:
    """Return temporary files an export left behind."""
    return sorted(path.name for path in folder.glob(".*.part"))


def test_json_follows_every_next_link(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "calls.json"

    result = invoke(
        "export", CALL_DETAIL, *RANGE, "-o", output, "--config", config_file
    )

    assert result.exit_code == 0, result.stderr
    document = json.loads(output.read_text(encoding="utf-8"))
    assert list(document) == ["value"]
    expected = sandbox.rows(CALL_DETAIL, filters=RANGE_FILTER)
    assert document["value"] == json.loads(json.dumps(expected))
    pages = data_requests(sandbox, CALL_DETAIL)
    assert len(pages) >= 3
    assert "Call_Date_Time ge 2026-11-24T00:00:00Z" in pages[0]["query"]
    assert all(page["query"].startswith("$skiptoken=") for page in pages[1:])
    assert all(page["status"] == 200 for page in pages)
    assert f"{len(pages)} pages, {len(expected)} rows" in result.stderr
    assert last_line(result.stderr).startswith(f"Requests used: {len(pages) + 1} ")


def test_csv_round_trips_non_ascii_names(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "service.csv"

    result = invoke(
        "export", "Service Summary", "-f", "csv", "-o", output, "--config", config_file
    )

    assert result.exit_code == 0, result.stderr
    with output.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    queues = {row["Queue_Name"] for row in rows}
    expected = {row["Queue_Name"] for row in sandbox.rows(SERVICE_SUMMARY)}
    assert queues == expected
    assert "東京 Desk" in queues
    assert "Zoë's Callbacks" in queues
    request = data_requests(sandbox, SERVICE_SUMMARY)[0]
    assert request["headers"]["Accept"] == "text/csv"
    assert request["query"] == ""


def test_csv_formatted_uses_report_labels(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "service.csv"

    result = invoke(
        "export",
        SERVICE_SUMMARY,
        "-f",
        "csv-formatted",
        "-o",
        output,
        "--config",
        config_file,
    )

    assert result.exit_code == 0, result.stderr
    with output.open(encoding="utf-8", newline="") as file:
        header = next(csv.reader(file))
    assert header[0] == "Queue Name"
    request = data_requests(sandbox, SERVICE_SUMMARY)[0]
    assert request["headers"]["Accept"] == "text/csv; formatted"


def test_xlsx_opens_with_openpyxl(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "service.xlsx"

    result = invoke(
        "export", SERVICE_SUMMARY, "-f", "xlsx", "-o", output, "--config", config_file
    )

    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(output).active
    assert sheet is not None
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[0] == "Queue Name"
    assert sheet.max_row == len(sandbox.rows(SERVICE_SUMMARY)) + 1
    request = data_requests(sandbox, SERVICE_SUMMARY)[0]
    assert request["headers"]["Accept"] == XLSX_MEDIA_TYPE


@pytest.mark.parametrize(
    "case",
    [
        ("pdf", "application/pdf", False),
        ("pdf-landscape", "application/pdf; landscape", True),
    ],
    ids=["portrait", "landscape"],
)
def test_pdf_page_orientation(
    invoke: Invoke,
    sandbox: Sandbox,
    config_file: Path,
    tmp_path: Path,
    case: tuple[str, str, bool],
) -> None:
    format_name, accept, landscape = case
    output = tmp_path / "service.pdf"

    result = invoke(
        "export",
        SERVICE_SUMMARY,
        "-f",
        format_name,
        "-o",
        output,
        "--config",
        config_file,
    )

    assert result.exit_code == 0, result.stderr
    page = pypdf.PdfReader(output).pages[0]
    assert (page.mediabox.width > page.mediabox.height) is landscape
    assert data_requests(sandbox, SERVICE_SUMMARY)[0]["headers"]["Accept"] == accept


def test_format_via_query_option(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "service.pdf"

    result = invoke(
        "export",
        SERVICE_SUMMARY,
        "-f",
        "pdf-landscape",
        "--format-via",
        "query",
        "-o",
        output,
        "--config",
        config_file,
    )

    assert result.exit_code == 0, result.stderr
    request = data_requests(sandbox, SERVICE_SUMMARY)[0]
    assert request["query"] == "$format=pdf;landscape"
    assert request["headers"]["Accept"] == "*/*"
    page = pypdf.PdfReader(output).pages[0]
    assert page.mediabox.width > page.mediabox.height


def test_filters_are_sent_as_odata(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "calls.json"

    result = invoke(
        "export",
        "Call Detail",
        *RANGE,
        "-o",
        output,
        "--config",
        config_file,
        "--filter",
        "Queue Name=東京 Desk",
        "--filter",
        "Queue Name=Zoë's Callbacks",
        "--filter",
        "Time - Wait>=5",
        "--filter",
        '{"Direction": {"ne": "Outbound"}}',
    )

    assert result.exit_code == 0, result.stderr
    rows = json.loads(output.read_text(encoding="utf-8"))["value"]
    assert rows
    assert {row["Queue_Name"] for row in rows} <= {"東京 Desk", "Zoë's Callbacks"}
    assert all(row["Time_Wait"] >= 5 for row in rows)
    assert all(row["Direction"] != "Outbound" for row in rows)
    query = data_requests(sandbox, CALL_DETAIL)[0]["query"]
    assert "Queue_Name in ('東京 Desk', 'Zoë''s Callbacks')" in query
    assert "Time_Wait ge 5" in query


def test_bad_filter_sends_no_data_request(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "calls.json"

    result = invoke(
        "export",
        "Call Detail",
        "-o",
        output,
        "--config",
        config_file,
        "--filter",
        "Queue Nme=Sales",
        "--filter",
        "Time - Wait=3",
    )

    assert result.exit_code == 2
    assert "Queue Nme is not a filter of report 'Call Detail'" in result.stderr
    assert "Did you mean Queue_Name?" in result.stderr
    assert "Operator eq cannot be applied to Time - Wait" in result.stderr
    assert [entry["path"] for entry in sandbox.request_log] == [
        "/OData.ashx",
        f"/OData.ashx/{CALL_DETAIL}/$metadata",
    ]
    assert not output.exists()


def test_proxy_filters_cannot_combine(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    result = invoke(
        "export",
        CALL_DETAIL,
        "-o",
        tmp_path / "calls.json",
        "--config",
        config_file,
        "--filter",
        "Agent Name=Zoë Adams",
        "--filter",
        "Agent_Name_by_Skill=Billing",
    )

    assert result.exit_code == 2
    assert "accepts only one of them" in result.stderr
    assert data_requests(sandbox, CALL_DETAIL) == []


@pytest.mark.parametrize(
    "expression", ["Queue Name", "=Sales", '{"Queue Name": ', "[1, 2]"]
)
def test_filter_syntax_error_sends_nothing(
    invoke: Invoke,
    sandbox: Sandbox,
    config_file: Path,
    tmp_path: Path,
    expression: str,
) -> None:
    result = invoke(
        "export",
        "Call Detail",
        "-o",
        tmp_path / "calls.json",
        "--config",
        config_file,
        "--filter",
        expression,
    )

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --filter")
    assert sandbox.request_log == []


def test_timezone_is_validated_and_sent(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "service.json"
    bad = invoke(
        "export",
        SERVICE_SUMMARY,
        "-o",
        output,
        "--config",
        config_file,
        "--timezone",
        "America/Los_Angeles",
    )
    assert bad.exit_code == 2
    assert "Use 'Pacific Standard Time' instead" in bad.stderr
    assert sandbox.request_log == []

    good = invoke(
        "export",
        SERVICE_SUMMARY,
        "-o",
        output,
        "--config",
        config_file,
        "--timezone",
        "pacific standard time",
    )
    assert good.exit_code == 0, good.stderr
    query = data_requests(sandbox, SERVICE_SUMMARY)[0]["query"]
    assert query == "timezone=Pacific Standard Time"


@pytest.mark.parametrize("format_name", ["json", "csv"])
def test_async_export_polls_status_url(
    invoke: Invoke,
    sandbox: Sandbox,
    config_file: Path,
    tmp_path: Path,
    format_name: str,
) -> None:
    output = tmp_path / f"calls.{format_name}"

    result = invoke(
        "export",
        CALL_DETAIL,
        *RANGE,
        "--async",
        "-f",
        format_name,
        "-o",
        output,
        "--config",
        config_file,
    )

    assert result.exit_code == 0, result.stderr
    start = data_requests(sandbox, CALL_DETAIL)
    assert len(start) == 1
    assert start[0]["prefer"] == "respond-async"
    assert start[0]["status"] == 202
    polls = [
        e for e in sandbox.request_log if e["path"].startswith("/OData.ashx/status/")
    ]
    assert polls
    assert polls[-1]["status"] == 200
    expected = sandbox.rows(CALL_DETAIL, filters=RANGE_FILTER)
    if format_name == "json":
        rows = json.loads(output.read_text(encoding="utf-8"))["value"]
    else:
        with output.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
    assert len(rows) == len(expected)


def test_cut_off_download_is_retried(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    clean = tmp_path / "clean.csv"
    retried = tmp_path / "retried.csv"
    assert (
        invoke(
            "export", SERVICE_SUMMARY, "-f", "csv", "-o", clean, "--config", config_file
        ).exit_code
        == 0
    )

    sandbox.faults.truncate_next = 1
    result = invoke(
        "export", SERVICE_SUMMARY, "-f", "csv", "-o", retried, "--config", config_file
    )

    assert result.exit_code == 0, result.stderr
    assert "cut off" in result.stderr
    assert retried.read_bytes() == clean.read_bytes()
    assert leftovers(tmp_path) == []


def test_partial_download_leaves_no_file(
    invoke: Invoke, sandbox: Sandbox, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.json", sandbox, max_tries=2)
    output = tmp_path / "service.csv"
    sandbox.faults.truncate_next = 2

    result = invoke(
        "export", SERVICE_SUMMARY, "-f", "csv", "-o", output, "--config", config
    )

    assert result.exit_code == 1
    assert "was cut off 2 times" in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()
    assert leftovers(tmp_path) == []


def test_failed_second_page_leaves_no_file(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "calls.json"
    sandbox.faults.expired_tokens = True

    result = invoke(
        "export", CALL_DETAIL, *RANGE, "-o", output, "--config", config_file
    )

    assert result.exit_code == 1
    assert "ExpiredSkipToken" in result.stderr
    statuses = [entry["status"] for entry in data_requests(sandbox, CALL_DETAIL)]
    assert statuses == [200, 400]
    assert not output.exists()
    assert leftovers(tmp_path) == []


def test_cut_off_page_is_retried(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "calls.json"
    sandbox.faults.truncate_next = 1

    result = invoke(
        "export", CALL_DETAIL, *RANGE, "-o", output, "--config", config_file
    )

    assert result.exit_code == 0, result.stderr
    assert "Warning: Retrying after ChunkedEncodingError" in result.stderr
    rows = json.loads(output.read_text(encoding="utf-8"))["value"]
    assert len(rows) == len(sandbox.rows(CALL_DETAIL, filters=RANGE_FILTER))


def test_request_budget_mid_paging_leaves_no_file(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "calls.json"

    result = invoke(
        "export",
        CALL_DETAIL,
        *RANGE,
        "-o",
        output,
        "--config",
        config_file,
        "--max-requests",
        "3",
    )

    assert result.exit_code == 3
    assert "max_requests (3) reached" in result.stderr
    assert len(data_requests(sandbox, CALL_DETAIL)) == 2
    assert not output.exists()
    assert leftovers(tmp_path) == []


def test_existing_file_needs_force(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "service.csv"
    output.write_text("keep me", encoding="utf-8")

    rejected = invoke(
        "export", SERVICE_SUMMARY, "-f", "csv", "-o", output, "--config", config_file
    )
    assert rejected.exit_code == 2
    assert "already exists" in rejected.stderr
    assert "--force" in rejected.stderr
    assert output.read_text(encoding="utf-8") == "keep me"
    assert sandbox.request_log == []

    forced = invoke(
        "export",
        SERVICE_SUMMARY,
        "-f",
        "csv",
        "-o",
        output,
        "--config",
        config_file,
        "--force",
    )
    assert forced.exit_code == 0, forced.stderr
    assert output.read_text(encoding="utf-8").startswith("Queue_Name,")


def test_missing_output_folder_is_usage_error(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    result = invoke(
        "export",
        SERVICE_SUMMARY,
        "-o",
        tmp_path / "absent" / "service.json",
        "--config",
        config_file,
    )

    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert sandbox.request_log == []


def test_date_filter_must_exist_on_report(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    result = invoke(
        "export",
        "Agent Roster",
        "--start",
        "2026-11-20",
        "-o",
        tmp_path / "a.json",
        "--config",
        config_file,
    )

    assert result.exit_code == 2
    assert "--start and --end bound Call_Date_Time" in result.stderr
    assert len(sandbox.request_log) == 2


def test_end_needs_start(
    invoke: Invoke, sandbox: Sandbox, config_file: Path, tmp_path: Path
) -> None:
    result = invoke(
        "export",
        CALL_DETAIL,
        "--end",
        "2026-11-20",
        "-o",
        tmp_path / "a.json",
        "--config",
        config_file,
    )

    assert result.exit_code == 2
    assert "--end needs --start" in result.stderr
    assert sandbox.request_log == []
