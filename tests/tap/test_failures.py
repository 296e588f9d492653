"""Quota, retries, fatal errors, same-host rule and configuration errors."""

from __future__ import annotations

import base64
import datetime

import pytest

from tap_brightmetrics.auth import hash_password
from tap_brightmetrics.sandbox import DEMO_API_KEY, DEMO_EMAIL, DEMO_PASSWORD, Sandbox
from tests.conftest import small_sandbox_config
from tests.tapruns import only, run_tap, sandbox_config

ONE_SECOND = datetime.timedelta(seconds=1)
START = datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc)


def detail(sandbox):
    return next(r for r in sandbox.reports if r.kind == "detail")


def call_ids(records):
    return [int(r["Call_ID"]) for r in records]


def all_call_ids(sandbox):
    return {
        int(r["Call_ID"])
        for r in sandbox.rows(detail(sandbox).id, START, END + ONE_SECOND)
    }


@pytest.fixture
def one_report(sandbox, catalog):
    return only(catalog, detail(sandbox).name)


def test_max_requests_stops_cleanly_and_resumes(sandbox, tmp_path, one_report):
    report = detail(sandbox)
    first = run_tap(
        tmp_path / "1", sandbox_config(sandbox, max_requests=4), catalog=one_report
    )
    assert first.returncode == 0, first.stderr
    assert len(sandbox.request_log) == 4
    assert "max_requests (4) reached" in first.stderr
    assert "Requests used: 4" in first.stderr
    assert first.final_state["bookmarks"][report.name]["pending"]

    second = run_tap(
        tmp_path / "2",
        sandbox_config(sandbox),
        catalog=one_report,
        state=first.final_state,
    )
    assert second.returncode == 0, second.stderr
    ids = call_ids(first.records(report.name) + second.records(report.name))
    assert sorted(ids) == sorted(all_call_ids(sandbox))


@pytest.mark.parametrize(
    "fault",
    [
        {"fail_next": [503, 500]},
        {"fail_next": [429], "retry_after": "0"},
        {"drop_next": 2},
        {"truncate_next": 1},
        {"malformed_next": 1},
    ],
    ids=["5xx", "short-429", "dropped", "truncated", "malformed"],
)
def test_transient_faults_are_retried(sandbox, tmp_path, one_report, fault):
    sandbox.faults.update(fault)
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=one_report)
    assert run.returncode == 0, run.stderr
    assert "Retrying after" in run.stderr
    assert sorted(call_ids(run.records())) == sorted(all_call_ids(sandbox))


def test_retry_after_http_date_is_honoured(sandbox, tmp_path, one_report):
    sandbox.faults.update(
        {"fail_next": [503], "retry_after": "Thu, 01 Jan 2026 00:00:00 GMT"}
    )
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=one_report)
    assert run.returncode == 0, run.stderr
    assert "waiting 0.0 s" in run.stderr


def test_retries_run_out_with_clear_message(sandbox, tmp_path, one_report):
    sandbox.faults.update({"fail_next": [503] * 10})
    run = run_tap(tmp_path, sandbox_config(sandbox, max_tries=3), catalog=one_report)
    assert run.returncode == 1
    assert "Gave up after 3 tries" in run.stderr
    assert len(sandbox.request_log) == 3
    assert "Traceback" not in run.stderr


def test_quota_stops_with_state_and_resumes(tmp_path, one_report):
    with Sandbox(small_sandbox_config(quota=5)) as sandbox:
        check_quota_stop_and_resume(sandbox, tmp_path, one_report)


def check_quota_stop_and_resume(sandbox, tmp_path, one_report):
    report = detail(sandbox)
    first = run_tap(tmp_path / "1", sandbox_config(sandbox), catalog=one_report)
    assert first.returncode == 1
    assert "150 requests per 24 hours" in first.stderr
    assert "An unhandled error occurred" not in first.stderr
    assert "My Account" in first.stderr
    assert len(sandbox.request_log) == 6, "a quota 429 must not be retried"
    state = first.final_state
    assert state["bookmarks"][report.name]["pending"]

    sandbox.reset_quota()
    second = run_tap(
        tmp_path / "2", sandbox_config(sandbox), catalog=one_report, state=state
    )
    assert second.returncode == 0, second.stderr
    ids = call_ids(first.records(report.name) + second.records(report.name))
    assert sorted(ids) == sorted(all_call_ids(sandbox))


def test_wrong_password_fails_without_retry(sandbox, tmp_path, one_report):
    run = run_tap(
        tmp_path, sandbox_config(sandbox, password="wrong"), catalog=one_report
    )
    assert run.returncode == 1
    assert len(sandbox.request_log) == 1
    assert f"user {DEMO_EMAIL!r}" in run.stderr
    assert "Enterprise module" in run.stderr
    assert "Administrator" in run.stderr


def test_bad_request_shows_server_message_and_filter(sandbox, tmp_path, one_report):
    sandbox.faults.update({"fail_next": [400]})
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=one_report)
    assert run.returncode == 1
    assert "The $filter sent was: Call_Date_Time ge 2026-11-20T00:00:00Z" in run.stderr


def test_missing_report_names_id_and_fix(sandbox, tmp_path, one_report):
    sandbox.faults.update({"fail_next": [404]})
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=one_report)
    assert run.returncode == 1
    assert detail(sandbox).id in run.stderr
    assert "brightmetrics reports" in run.stderr


def test_foreign_next_link_is_refused(sandbox, tmp_path, one_report):
    sandbox.faults.foreign_next_link = "http://127.0.0.2:9"
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=one_report)
    assert run.returncode == 1
    assert "Rejected a request to http://127.0.0.2:9" in run.stderr
    assert len(sandbox.request_log) == 1


def test_next_link_loop_stops_without_duplicates(sandbox, tmp_path, one_report):
    sandbox.faults.next_link_loop = True
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=one_report)
    assert run.returncode == 1
    assert "already followed" in run.stderr
    ids = call_ids(run.records())
    assert len(ids) == len(set(ids))


def test_rejected_saved_next_link_restarts_window(sandbox, tmp_path, one_report):
    first = run_tap(
        tmp_path / "1", sandbox_config(sandbox, max_requests=3), catalog=one_report
    )
    sandbox.faults.expired_tokens = True
    second = run_tap(
        tmp_path / "2",
        sandbox_config(sandbox, max_requests=2),
        catalog=one_report,
        state=first.final_state,
    )
    assert second.returncode == 0, second.stderr
    assert "syncing the window" in second.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"start_date": "yesterday"}, "start_date 'yesterday' is not an ISO 8601"),
        (
            {"end_date": "2026-11-01T00:00:00Z"},
            "end_date '2026-11-01T00:00:00Z' is before start_date",
        ),
        ({"timezone": "Pacific Time"}, "Pacific Time"),
        ({"timezone": "America/Los_Angeles"}, "Pacific Standard Time"),
        ({"api_url": "http://example.com/OData.ashx"}, "plain http"),
        ({"api_url": "not a url"}, "not a valid"),
        ({"password": None, "api_key": DEMO_API_KEY}, "Both api_key and username"),
        ({"max_requests": 0}, "max_requests is 0"),
        ({"summary_interval": "fortnight"}, "fortnight"),
        ({"filters": {"*": {"Queue Name": {"gte": 1}}}}, "gte"),
        ({"unknown_setting": 1}, "unknown_setting"),
    ],
)
def test_bad_config_fails_before_any_request(
    sandbox, tmp_path, catalog, override, message
):
    run = run_tap(tmp_path, sandbox_config(sandbox, **override), catalog=catalog)
    assert run.returncode != 0
    assert message in run.stderr
    assert sandbox.request_log == []


def test_missing_start_date_fails_before_data(sandbox, tmp_path, one_report):
    run = run_tap(
        tmp_path, sandbox_config(sandbox, start_date=None), catalog=one_report
    )
    assert run.returncode != 0
    assert "start_date is required" in run.stderr
    assert sandbox.request_log == []


def secret_forms():
    hashed = hash_password(DEMO_PASSWORD)
    forms = {DEMO_PASSWORD, hashed, f"*pass{DEMO_PASSWORD}", DEMO_API_KEY}
    for user, secret in [
        (DEMO_EMAIL, hashed),
        (DEMO_EMAIL, f"*pass{DEMO_PASSWORD}"),
        ("apikey", DEMO_API_KEY),
    ]:
        forms.add(base64.b64encode(f"{user}:{secret}".encode()).decode())
    return forms


@pytest.mark.parametrize(
    ("credentials", "fault"),
    [
        ({"password": DEMO_PASSWORD}, {"fail_next": [401]}),
        ({"password": DEMO_PASSWORD}, {"fail_next": [500] * 10}),
        ({"password": DEMO_PASSWORD}, {"fail_next": [400]}),
        ({"password": DEMO_PASSWORD}, {"foreign_next_link": "http://127.0.0.2:9"}),
        (
            {"password": None, "password_hash": hash_password(DEMO_PASSWORD)},
            {"fail_next": [403]},
        ),
        (
            {"username": None, "password": None, "api_key": DEMO_API_KEY},
            {"fail_next": [429]},
        ),
        (
            {
                "username": None,
                "password": None,
                "api_key": DEMO_API_KEY,
                "api_key_auth": "basic",
            },
            {"malformed_next": 9},
        ),
    ],
)
def test_no_secret_in_any_output(sandbox, tmp_path, one_report, credentials, fault):
    sandbox.faults.update(fault)
    config = sandbox_config(sandbox, max_tries=2, **credentials)
    run = run_tap(tmp_path, config, catalog=one_report, log_level="debug")
    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert "DEBUG" in run.stderr
    for secret in secret_forms():
        assert secret not in output


def test_future_end_date_never_passes_now(sandbox, tmp_path, one_report):
    report = detail(sandbox)
    run = run_tap(
        tmp_path,
        sandbox_config(sandbox, end_date="2099-01-01T00:00:00Z", delay_minutes=30),
        catalog=one_report,
    )
    assert run.returncode == 0, run.stderr
    assert "later than now less delay_minutes" in run.stderr
    bookmark = run.final_state["bookmarks"][report.name]["replication_key_value"]
    latest = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(
        minutes=29
    )
    assert bookmark < latest.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_invalid_bookmark_is_named(sandbox, tmp_path, one_report):
    report = detail(sandbox)
    state = {"bookmarks": {report.name: {"replication_key_value": "not-a-date"}}}
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=one_report, state=state)
    assert run.returncode == 1
    assert f"The state of stream {report.name} cannot be resumed" in run.stderr
    assert "'not-a-date'" in run.stderr
    assert "Traceback" not in run.stderr
    assert sandbox.request_log == []


def test_state_wrapped_by_meltano_is_read(sandbox, tmp_path, one_report):
    report = detail(sandbox)
    first = run_tap(tmp_path / "1", sandbox_config(sandbox), catalog=one_report)
    sandbox.reset()
    wrapped = {"singer_state": first.final_state}
    second = run_tap(
        tmp_path / "2", sandbox_config(sandbox), catalog=one_report, state=wrapped
    )
    assert second.returncode == 0, second.stderr
    assert second.records(report.name) == []
    assert sandbox.request_log == []


def test_sigterm_writes_state_and_fails(sandbox, tmp_path, one_report):
    import json
    import signal
    import subprocess
    import sys

    report = detail(sandbox)
    sandbox.faults.slow_seconds = 0.3
    (tmp_path / "config.json").write_text(json.dumps(sandbox_config(sandbox)))
    (tmp_path / "catalog.json").write_text(json.dumps(one_report))
    command = [
        sys.executable,
        "-m",
        "tap_brightmetrics",
        "--config",
        str(tmp_path / "config.json"),
        "--catalog",
        str(tmp_path / "catalog.json"),
    ]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if sum('"RECORD"' in entry for entry in lines) >= 50:
                process.send_signal(signal.SIGTERM)
                break
        out, err = process.communicate(timeout=60)
    lines += out.splitlines()
    assert process.returncode == 128 + signal.SIGTERM
    assert "Stopped by SIGTERM" in err
    states = [json.loads(line)["value"] for line in lines if '"STATE"' in line]
    assert states[-1]["bookmarks"][report.name]["pending"]


def test_default_cap_leaves_quota_for_colleagues(sandbox, tmp_path, catalog):
    summary = next(r for r in sandbox.reports if r.kind == "summary")
    config = sandbox_config(
        sandbox, summary_interval="hour", start_date="2026-11-25T00:00:00Z"
    )
    run = run_tap(tmp_path, config, catalog=only(catalog, summary.name))
    assert run.returncode == 0, run.stderr
    assert len(sandbox.request_log) == 100
    assert "120 hour intervals to request" in run.stderr
    assert "need 120 interval requests in all, but max_requests leaves 99" in run.stderr
    assert "max_requests (100) reached" in run.stderr
    bookmark = run.final_state["bookmarks"][summary.name]["replication_key_value"]
    assert bookmark == "2026-11-29T03:00:00Z"


@pytest.mark.parametrize(
    "bookmark",
    [
        {"replication_key_value": 12345},
        {
            "replication_key_value": "2026-11-25T00:00:00Z",
            "pending": {"window_start": "x", "window_end": "garbage", "next_link": "y"},
        },
        {
            "pending_export": {
                "window_start": "2026-11-20T00:00:00Z",
                "window_end": "2026-11-30T00:00:00Z",
                "status_url": "u",
                "started_at": "soon",
            }
        },
    ],
    ids=["number", "bad-window", "bad-export"],
)
def test_malformed_state_is_one_line(sandbox, tmp_path, one_report, bookmark):
    report = detail(sandbox)
    state = {"bookmarks": {report.name: bookmark}}
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=one_report, state=state)
    assert run.returncode == 1
    assert f"The state of stream {report.name} cannot be resumed" in run.stderr
    assert "Traceback" not in run.stderr
    assert sandbox.request_log == []


def test_invalid_state_file_is_one_line(sandbox, tmp_path, one_report):
    import json
    import subprocess
    import sys

    (tmp_path / "config.json").write_text(json.dumps(sandbox_config(sandbox)))
    (tmp_path / "state.json").write_text("{not json")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tap_brightmetrics",
            "--config",
            str(tmp_path / "config.json"),
            "--state",
            str(tmp_path / "state.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "is not valid JSON" in done.stderr
    assert "Traceback" not in done.stderr
