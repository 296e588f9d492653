"""Report filters, the timezone parameter and asynchronous export, end to end."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from tap_brightmetrics.sandbox import Sandbox
from tests.conftest import small_sandbox_config
from tests.tapruns import discover, only, run_tap, sandbox_config

UTC = datetime.timezone.utc
START = datetime.datetime(2026, 11, 20, tzinfo=UTC)
END = datetime.datetime(2026, 11, 30, tzinfo=UTC)
ONE_SECOND = datetime.timedelta(seconds=1)
ODD_QUEUES = [
    "O'Brien & Sons Support",
    "Billing + Payments",
    "Tier #2 Escalations",
    "東京 Desk",
]


def report_of(sandbox, kind, index=0):
    return [r for r in sandbox.reports if r.kind == kind][index]


def data_requests(sandbox, report):
    return [e for e in sandbox.request_log if e["path"] == f"/OData.ashx/{report.id}"]


def test_filter_values_with_special_characters(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    config = sandbox_config(sandbox, filters={report.title: {"Queue Name": ODD_QUEUES}})
    run = run_tap(tmp_path, config, catalog=only(catalog, report.name))
    assert run.returncode == 0, run.stderr
    queues = Counter(r["Queue_Name"] for r in run.records(report.name))
    expected = sandbox.rows(
        report.id, START, END + ONE_SECOND, filters={"Queue_Name": ODD_QUEUES}
    )
    assert set(queues) == set(ODD_QUEUES)
    assert sum(queues.values()) == len(expected)


def test_operator_filters_on_numbers_and_text(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    spec = {"Time - Talk - Total": {"ge": 60, "le": 300}, "Queue_Name": {"ne": "Sales"}}
    config = sandbox_config(sandbox, filters={report.id: spec})
    run = run_tap(tmp_path, config, catalog=only(catalog, report.name))
    assert run.returncode == 0, run.stderr
    rows = run.records(report.name)
    assert rows
    assert all(60 <= r["Time_Talk_Total"] <= 300 for r in rows)
    assert all(r["Queue_Name"] != "Sales" for r in rows)


def test_wildcard_filter_applies_where_property_exists(sandbox, tmp_path, catalog):
    config = sandbox_config(sandbox, filters={"*": {"Media_Type": "Voice"}})
    run = run_tap(tmp_path, config, catalog=catalog)
    assert run.returncode == 0, run.stderr
    detail = report_of(sandbox, "detail")
    assert {r["Media_Type"] for r in run.records(detail.name)} == {"Voice"}
    roster = report_of(sandbox, "roster")
    assert all("$filter" not in e["query"] for e in data_requests(sandbox, roster))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"Queue Nmae": "Sales"}, "Queue_Name"),
        ({"Queue_Name": "Sales", "Queue Name": "Billing + Payments"}, "Queue_Name"),
        ({"Queue_Name": {"gt": "A"}}, "gt"),
        ({"Time_Talk_Total": 60}, "ge"),
        (
            {"Agent_Name": "Zoë Adams", "Agent_Name_by_Skill": "Billing"},
            "Agent_Name_by_Skill",
        ),
        ({"Call_Date_Time": {"ge": "2026-11-01T00:00:00Z"}}, "start_date"),
        ({"Time_Talk_Total": {"ge": "ten"}}, "ten"),
    ],
    ids=[
        "unknown",
        "twice",
        "gt-on-text",
        "eq-on-number",
        "two-proxies",
        "date-property",
        "bad-literal",
    ],
)
def test_bad_filter_fails_before_data_requests(
    sandbox, tmp_path, catalog, spec, message
):
    report = next(r for r in sandbox.reports if r.title == "Agent Activity Summary")
    config = sandbox_config(sandbox, filters={report.title: spec})
    run = run_tap(tmp_path, config, catalog=catalog)
    assert run.returncode != 0
    assert message in run.stderr
    assert "Agent Activity Summary" in run.stderr
    assert not any(data_requests(sandbox, r) for r in sandbox.reports)


def test_discovery_keeps_filter_metadata_in_catalog(sandbox, tmp_path):
    report = report_of(sandbox, "summary")
    config = sandbox_config(sandbox, filters={report.title: {"Queue Name": "Sales"}})
    catalog = discover(tmp_path / "discover", config)
    assert [e["path"] for e in sandbox.request_log] == [
        "/OData.ashx",
        "/OData.ashx/$metadata",
        f"/OData.ashx/{report.id}/$metadata",
    ]
    sandbox.reset()
    run = run_tap(tmp_path / "sync", config, catalog=only(catalog, report.name))
    assert run.returncode == 0, run.stderr
    assert not any(e["path"].endswith("$metadata") for e in sandbox.request_log)
    assert {r["Queue_Name"] for r in run.records(report.name)} == {"Sales"}


def test_timezone_only_on_first_request(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    config = sandbox_config(sandbox, timezone="pacific standard time")
    run = run_tap(tmp_path, config, catalog=only(catalog, report.name))
    assert run.returncode == 0, run.stderr
    queries = [e["query"] for e in data_requests(sandbox, report)]
    assert "timezone=Pacific Standard Time" in queries[0]
    assert all("timezone=" not in q for q in queries[1:])
    bookmark = run.final_state["bookmarks"][report.name]["replication_key_value"]
    assert bookmark == "2026-11-30T00:00:01Z"


def test_timezone_parameter_name_is_configurable(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "roster")
    config = sandbox_config(sandbox, timezone="UTC", timezone_parameter="tz")
    run_tap(tmp_path, config, catalog=only(catalog, report.name))
    assert "tz=UTC" in data_requests(sandbox, report)[0]["query"]


def test_local_days_across_dst_change(tmp_path, catalog):
    sandbox_settings = small_sandbox_config(end_date=datetime.date(2026, 11, 5), days=8)
    with Sandbox(sandbox_settings) as sandbox:
        summary = report_of(sandbox, "summary")
        detail = report_of(sandbox, "detail")
        config = sandbox_config(
            sandbox,
            start_date="2026-10-29T07:00:00Z",
            end_date="2026-11-04T08:00:00Z",
            timezone="Pacific Standard Time",
        )
        run = run_tap(
            tmp_path, config, catalog=only(catalog, summary.name, detail.name)
        )
        assert run.returncode == 0, run.stderr
        intervals = sorted(
            {
                (r["_interval_start"], r["_interval_end"])
                for r in run.records(summary.name)
            }
        )
        assert ("2026-11-01T07:00:00Z", "2026-11-02T08:00:00Z") in intervals
        assert intervals[0] == ("2026-10-29T07:00:00Z", "2026-10-30T07:00:00Z")
        assert intervals[-1] == ("2026-11-03T08:00:00Z", "2026-11-04T08:00:00Z")

        calls = [
            r
            for r in run.records(detail.name)
            if r["Direction"] == "Inbound" and r["Queue_Name"]
        ]
        for start, end in intervals:
            offered = sum(
                r["Calls_Offered"]
                for r in run.records(summary.name)
                if r["_interval_start"] == start
            )
            in_day = [c for c in calls if start <= c["Call_Date_Time"] < end]
            assert offered == len(in_day), start
        assert (
            run.final_state["bookmarks"][summary.name]["replication_key_value"]
            == "2026-11-04T08:00:00Z"
        )


def test_async_export_costs_one_request_plus_polls(tmp_path, catalog):
    with Sandbox(small_sandbox_config(async_seconds=2.5)) as sandbox:
        report = report_of(sandbox, "detail")
        config = sandbox_config(sandbox, async_export=True)
        run = run_tap(tmp_path, config, catalog=only(catalog, report.name))
        assert run.returncode == 0, run.stderr
        log = sandbox.request_log
        assert log[0]["prefer"] == "respond-async"
        assert all(e["path"].startswith("/OData.ashx/status/") for e in log[1:])
        assert all(e["prefer"] is None for e in log[1:])
        assert len(log) >= 3, "a 2.5 s job needs several polls"
        ids = sorted(int(r["Call_ID"]) for r in run.records(report.name))
        assert ids == sorted(
            int(r["Call_ID"]) for r in sandbox.rows(report.id, START, END + ONE_SECOND)
        )
        assert (
            run.final_state["bookmarks"][report.name]["replication_key_value"]
            == "2026-11-30T00:00:01Z"
        )


def test_async_auto_uses_threshold(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    config = sandbox_config(sandbox, async_export="auto", async_threshold_days=30)
    run_tap(tmp_path / "paged", config, catalog=only(catalog, report.name))
    assert all(e["prefer"] is None for e in sandbox.request_log)
    sandbox.reset()
    config = sandbox_config(sandbox, async_export="auto", async_threshold_days=5)
    run_tap(tmp_path / "async", config, catalog=only(catalog, report.name))
    assert sandbox.request_log[0]["prefer"] == "respond-async"


def test_async_follows_moved_location(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    sandbox.faults.async_move_location = True
    run = run_tap(
        tmp_path,
        sandbox_config(sandbox, async_export=True),
        catalog=only(catalog, report.name),
    )
    assert run.returncode == 0, run.stderr
    paths = [e["path"] for e in sandbox.request_log[1:]]
    assert len(set(paths)) == 2
    assert run.records(report.name)


def test_async_expiry_restarts_once_then_fails(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    sandbox.faults.async_expire = True
    run = run_tap(
        tmp_path,
        sandbox_config(sandbox, async_export=True),
        catalog=only(catalog, report.name),
    )
    assert run.returncode == 1
    assert "expired (its status URL returned 404), then expired" in run.stderr
    assert [e["prefer"] for e in sandbox.request_log].count("respond-async") == 2


def test_async_status_on_other_host_is_refused(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    sandbox.faults.foreign_next_link = "http://127.0.0.2:9"
    run = run_tap(
        tmp_path,
        sandbox_config(sandbox, async_export=True),
        catalog=only(catalog, report.name),
    )
    assert run.returncode == 1
    assert "127.0.0.2" in run.stderr
    assert len(sandbox.request_log) == 1


def test_filter_key_for_no_report_is_rejected(sandbox, tmp_path):
    config = sandbox_config(
        sandbox, filters={"Service Sumary": {"Queue Name": "Sales"}}
    )
    run = run_tap(tmp_path, config, args=("--discover",))
    assert run.returncode != 0
    assert "'Service Sumary'" in run.stderr
    assert len(sandbox.request_log) == 2


def test_failed_async_job_is_started_again(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    sandbox.faults.async_fail = True
    run = run_tap(
        tmp_path,
        sandbox_config(sandbox, async_export=True),
        catalog=only(catalog, report.name),
    )
    assert run.returncode == 1
    assert "failed (" in run.stderr
    assert [e["prefer"] for e in sandbox.request_log].count("respond-async") == 2
    assert len(sandbox.request_log) == 4, "a failed job is not polled again"
    assert run.final_state["bookmarks"][report.name]["pending_export"] is None


def test_stopped_export_is_polled_again_next_run(tmp_path, catalog):
    with Sandbox(small_sandbox_config(async_seconds=3)) as sandbox:
        report = report_of(sandbox, "detail")
        catalog = only(catalog, report.name)
        first = run_tap(
            tmp_path / "1",
            sandbox_config(sandbox, async_export=True, max_requests=2),
            catalog=catalog,
        )
        assert first.returncode == 0, first.stderr
        job = first.final_state["bookmarks"][report.name]["pending_export"]
        assert job["status_url"].startswith(sandbox.origin)
        assert "polls the export" in first.stderr

        second = run_tap(
            tmp_path / "2",
            sandbox_config(sandbox, async_export=True),
            catalog=catalog,
            state=first.final_state,
        )
        assert second.returncode == 0, second.stderr
        assert [e["prefer"] for e in sandbox.request_log].count("respond-async") == 1
        ids = sorted(int(r["Call_ID"]) for r in second.records(report.name))
        assert ids == sorted(
            int(r["Call_ID"]) for r in sandbox.rows(report.id, START, END + ONE_SECOND)
        )
        assert second.final_state["bookmarks"][report.name]["pending_export"] is None
