"""`brightmetrics reports` and `brightmetrics filters`, and shared settings rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tap_brightmetrics.cli.settings import read_settings
from tap_brightmetrics.sandbox import DEMO_EMAIL, DEMO_PASSWORD, Sandbox
from tests.cli.helpers import CALL_DETAIL, Invoke, last_line, write_config
from tests.conftest import small_sandbox_config


def test_reports_table_sends_one_request(
    invoke: Invoke, sandbox: Sandbox, config_file: Path
) -> None:
    result = invoke("reports", "--config", config_file)

    assert result.exit_code == 0, result.stderr
    for report in sandbox.reports:
        line = next(line for line in result.stdout.splitlines() if report.id in line)
        assert line.startswith(report.title)
        assert line.endswith(report.name)
    assert [entry["path"] for entry in sandbox.request_log] == ["/OData.ashx"]
    assert last_line(result.stderr) == "Requests used: 1 (discovery 1)"


def test_reports_json_lists_title_id_name(
    invoke: Invoke, sandbox: Sandbox, config_file: Path
) -> None:
    result = invoke("reports", "--json", "--config", config_file)

    assert result.exit_code == 0, result.stderr
    expected = [{"title": r.title, "id": r.id, "name": r.name} for r in sandbox.reports]
    assert json.loads(result.stdout) == expected


def test_filters_by_id_sends_one_request(
    invoke: Invoke, sandbox: Sandbox, config_file: Path
) -> None:
    result = invoke("filters", CALL_DETAIL, "--config", config_file)

    assert result.exit_code == 0, result.stderr
    assert [entry["path"] for entry in sandbox.request_log] == [
        f"/OData.ashx/{CALL_DETAIL}/$metadata"
    ]
    lines = [line.split(None, 2) for line in result.stdout.splitlines() if line]
    rows = {cells[0]: cells[1:] for cells in lines}
    assert rows["Queue_Name"] == ["Edm.String", "eq, in, ne"]
    assert rows["Call_Date_Time"] == ["Edm.DateTimeOffset", "gt, ge, lt, le, ne"]
    assert rows["Transfer_Count"] == ["Edm.Int32", "gt, ge, lt, le, ne"]
    assert "Agent_Name, Agent_Name_by_Queue_Membership" in result.stdout
    assert "cannot be combined" in result.stdout


def test_filters_by_title_reads_service_document(
    invoke: Invoke, sandbox: Sandbox, config_file: Path
) -> None:
    result = invoke("filters", "Call Detail", "--json", "--config", config_file)

    assert result.exit_code == 0, result.stderr
    assert [entry["path"] for entry in sandbox.request_log] == [
        "/OData.ashx",
        f"/OData.ashx/{CALL_DETAIL}/$metadata",
    ]
    listing = json.loads(result.stdout)
    assert listing["report"] == {"id": CALL_DETAIL, "title": "Call Detail"}
    operators = {item["name"]: item["operators"] for item in listing["filters"]}
    assert operators["Direction"] == ["eq", "in", "ne"]
    assert operators["Time_Wait"] == ["gt", "ge", "lt", "le", "ne"]
    assert listing["exclusive_groups"] == [
        [
            "Agent_Name",
            "Agent_Name_by_Queue_Membership",
            "Agent_Name_by_Skill",
            "Agent_Name_by_Group_Membership",
        ]
    ]


def test_filters_by_stream_name(
    invoke: Invoke, sandbox: Sandbox, config_file: Path
) -> None:
    name = sandbox.report(CALL_DETAIL).name
    result = invoke("filters", name, "--config", config_file)

    assert result.exit_code == 0, result.stderr
    assert "Filters of report Call Detail:" in result.stdout


def test_unknown_report_is_usage_error(
    invoke: Invoke, sandbox: Sandbox, config_file: Path
) -> None:
    result = invoke("filters", "Call Detial", "--config", config_file)

    assert result.exit_code == 2
    assert "No report has the id, stream name or title 'Call Detial'" in result.stderr
    assert "Call Detail (9b1f3c2e" in result.stderr
    assert len(sandbox.request_log) == 1


def test_settings_from_environment(invoke: Invoke, sandbox: Sandbox) -> None:
    env = {
        "TAP_BRIGHTMETRICS_API_URL": sandbox.url,
        "TAP_BRIGHTMETRICS_USERNAME": DEMO_EMAIL,
        "TAP_BRIGHTMETRICS_PASSWORD": DEMO_PASSWORD,
    }
    result = invoke("reports", "--json", env=env)

    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == len(sandbox.reports)


def test_option_environment_file_precedence(
    invoke: Invoke, sandbox: Sandbox, tmp_path: Path
) -> None:
    dead_url = "http://127.0.0.1:9/OData.ashx"
    config = write_config(tmp_path / "config.json", sandbox, password="wrong")
    env = {
        "TAP_BRIGHTMETRICS_PASSWORD": DEMO_PASSWORD,
        "TAP_BRIGHTMETRICS_API_URL": dead_url,
    }
    result = invoke("reports", "--config", config, "--api-url", sandbox.url, env=env)

    assert result.exit_code == 0, result.stderr
    assert sandbox.request_log[0]["auth"] is not None


def test_later_config_file_wins(
    invoke: Invoke, sandbox: Sandbox, tmp_path: Path
) -> None:
    first = write_config(tmp_path / "first.json", sandbox, password="wrong")
    second = tmp_path / "second.json"
    second.write_text(json.dumps({"password": DEMO_PASSWORD}), encoding="utf-8")

    result = invoke("reports", "--config", first, "--config", second)

    assert result.exit_code == 0, result.stderr


def test_unauthorized_is_one_clean_line(
    invoke: Invoke, sandbox: Sandbox, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.json", sandbox, password="wrong")

    result = invoke("reports", "--config", config)

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert "Authentication failed (401)" in errors[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert last_line(result.stderr) == "Requests used: 1 (discovery 1)"


def test_unknown_setting_is_usage_error(
    invoke: Invoke, sandbox: Sandbox, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.json", sandbox, api_urll="typo")

    result = invoke("reports", "--config", config)

    assert result.exit_code == 2
    assert "Unknown setting api_urll" in result.stderr
    assert sandbox.request_log == []


def test_missing_config_file_is_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("reports", "--config", tmp_path / "absent.json")

    assert result.exit_code == 2
    assert "Could not read the config file" in result.stderr
    assert last_line(result.stderr) == "Requests used: 0"


def test_spent_quota_exits_3(invoke: Invoke, tmp_path: Path) -> None:
    with Sandbox(small_sandbox_config(quota=1)) as sandbox:
        config = write_config(tmp_path / "config.json", sandbox)
        result = invoke("filters", "Call Detail", "--config", config)

    assert result.exit_code == 3
    assert "quota is spent" in result.stderr
    assert last_line(result.stderr) == "Requests used: 2 (discovery 1, $metadata 1)"


def test_max_requests_exits_3_before_sending(
    invoke: Invoke, sandbox: Sandbox, config_file: Path
) -> None:
    result = invoke(
        "filters", "Call Detail", "--config", config_file, "--max-requests", "1"
    )

    assert result.exit_code == 3
    assert "max_requests (1) reached" in result.stderr
    assert len(sandbox.request_log) == 1


def test_async_auto_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert read_settings([], {})["async_export"] == "false"

    monkeypatch.setenv("TAP_BRIGHTMETRICS_ASYNC_EXPORT", "auto")
    assert read_settings([], {})["async_export"] == "auto"

    monkeypatch.setenv("TAP_BRIGHTMETRICS_ASYNC_EXPORT", "true")
    assert read_settings([], {})["async_export"] == "true"
