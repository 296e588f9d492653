from __future__ import annotations

import datetime
from collections import Counter

import jsonschema
import pytest

from tests.tapruns import only, run_tap, sandbox_config

START = datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc)
ONE_SECOND = datetime.timedelta(seconds=1)


def report_of(sandbox, kind, index=0):
    return [r for r in sandbox.reports if r.kind == kind][index]


def detail_key(record):
    return (int(record["Call_ID"]), record.get("Party_Sequence"))


def expected_keys(sandbox, report, start=START, end=END):
    """Keys of the rows the server holds for [start, end], both ends inclusive."""
    return sorted(
        detail_key(row) for row in sandbox.rows(report.id, start, end + ONE_SECOND)
    )


def requests_for(sandbox, report):
    return [e for e in sandbox.request_log if e["path"] == f"/OData.ashx/{report.id}"]


def test_full_sync_lands_every_detail_row_once(sandbox, tmp_path, catalog):
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=catalog)
    assert run.returncode == 0, run.stderr
    for report in (report_of(sandbox, "detail", 0), report_of(sandbox, "detail", 1)):
        keys = [detail_key(r) for r in run.records(report.name)]
        assert len(keys) == len(set(keys)), f"duplicates in {report.title}"
        assert sorted(keys) == expected_keys(sandbox, report), report.title


def test_detail_sync_requests_one_per_page(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=only(catalog, report.name))
    assert run.returncode == 0, run.stderr
    entries = requests_for(sandbox, report)
    queries = [e["query"] for e in entries]
    assert len(queries) == len(set(queries)), "a page was requested twice"
    assert "$filter" in queries[0]
    assert all("$skiptoken" in q and "$filter" not in q for q in queries[1:]), (
        "nextLinks must go out exactly as sent, without parameters added"
    )
    assert len(entries) == (END - START).days


def test_empty_pages_are_followed(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    days = [START + datetime.timedelta(days=n) for n in range((END - START).days)]
    empty = [
        d
        for d in days
        if not sandbox.rows(report.id, d, d + datetime.timedelta(days=1))
    ]
    assert empty, "the sandbox data should contain a day without calls"
    assert empty[0] < days[-1], "the empty day must not be the last page"
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=only(catalog, report.name))
    last_day = max(r["Call_Date_Time"] for r in run.records(report.name))
    assert last_day >= days[-1].strftime("%Y-%m-%d")


def test_records_conform_to_their_schema(sandbox, tmp_path, catalog):
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=catalog)
    schemas = {m["stream"]: m["schema"] for m in run.messages if m["type"] == "SCHEMA"}
    checked = Counter()
    for message in run.messages:
        if message["type"] == "RECORD":
            jsonschema.validate(message["record"], schemas[message["stream"]])
            checked[message["stream"]] += 1
    assert set(checked) == {r.name for r in sandbox.reports}


def test_int64_and_decimal_become_numbers(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=only(catalog, report.name))
    record = run.records(report.name)[0]
    assert isinstance(record["Call_ID"], int)
    costs = [
        r["Cost_USD_"] for r in run.records(report.name) if r["Cost_USD_"] is not None
    ]
    assert costs
    assert all(isinstance(cost, (int, float)) for cost in costs)


def test_replication_key_is_utc(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    config = sandbox_config(sandbox, timezone="Pacific Standard Time")
    run = run_tap(tmp_path, config, catalog=only(catalog, report.name))
    assert run.returncode == 0, run.stderr
    values = [r["Call_Date_Time"] for r in run.records(report.name)]
    assert values
    assert all(value.endswith("Z") for value in values)


def test_incremental_run_fetches_only_new_data(sandbox, tmp_path, catalog):
    report = report_of(sandbox, "detail")
    middle = "2026-11-25T00:00:00Z"
    catalog = only(catalog, report.name)
    first = run_tap(
        tmp_path / "1", sandbox_config(sandbox, end_date=middle), catalog=catalog
    )
    assert first.returncode == 0, first.stderr
    bookmark = first.final_state["bookmarks"][report.name]
    assert bookmark["replication_key_value"] == "2026-11-25T00:00:01Z"
    sandbox.reset()

    second = run_tap(
        tmp_path / "2",
        sandbox_config(sandbox),
        catalog=catalog,
        state=first.final_state,
    )
    assert second.returncode == 0, second.stderr
    keys = [
        detail_key(r) for r in first.records(report.name) + second.records(report.name)
    ]
    assert len(keys) == len(set(keys))
    assert sorted(keys) == expected_keys(sandbox, report)
    assert len(requests_for(sandbox, report)) == 5


def test_up_to_date_run_sends_no_data_request(sandbox, tmp_path, catalog):
    first = run_tap(tmp_path / "1", sandbox_config(sandbox), catalog=catalog)
    sandbox.reset()
    second = run_tap(
        tmp_path / "2",
        sandbox_config(sandbox),
        catalog=catalog,
        state=first.final_state,
    )
    assert second.returncode == 0, second.stderr
    roster = report_of(sandbox, "roster")
    assert [e["path"] for e in sandbox.request_log] == [f"/OData.ashx/{roster.id}"]
    assert second.records(roster.name)
    assert len(second.records()) == len(second.records(roster.name))


@pytest.mark.parametrize("fault", ["relative_next_links", "odata_401_names"])
def test_next_link_variants_give_same_rows(sandbox, tmp_path, catalog, fault):
    report = report_of(sandbox, "detail")
    setattr(sandbox.faults, fault, True)
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=only(catalog, report.name))
    assert run.returncode == 0, run.stderr
    assert sorted(detail_key(r) for r in run.records(report.name)) == expected_keys(
        sandbox, report
    )


def test_summary_intervals_agree_with_detail(sandbox, tmp_path, catalog):
    summary = report_of(sandbox, "summary")
    detail = report_of(sandbox, "detail")
    run = run_tap(
        tmp_path, sandbox_config(sandbox), catalog=only(catalog, summary.name)
    )
    rows = run.records(summary.name)
    assert f"{summary.name}: 10 day intervals to request" in run.stderr
    starts = sorted({r["_interval_start"] for r in rows})
    assert starts[0] == "2026-11-20T00:00:00Z"
    assert starts[-1] == "2026-11-29T00:00:00Z"
    for row in rows:
        start = datetime.datetime.fromisoformat(
            row["_interval_start"].replace("Z", "+00:00")
        )
        end = datetime.datetime.fromisoformat(
            row["_interval_end"].replace("Z", "+00:00")
        )
        assert end - start == datetime.timedelta(days=1)
    offered = sum(r["Calls_Offered"] for r in rows)
    calls = sandbox.rows(detail.id, START, END)
    inbound = [c for c in calls if c["Direction"] == "Inbound" and c["Queue_Name"]]
    assert offered == len(inbound)


def test_summary_row_on_boundary_counts_once(sandbox, tmp_path, catalog):
    summary = report_of(sandbox, "summary")
    detail = report_of(sandbox, "detail")
    calls = sandbox.rows(detail.id, START, END)
    on_midnight = [c for c in calls if c["Call_Date_Time"].endswith("T00:00:00Z")]
    assert on_midnight, "the sandbox data should contain a call exactly at midnight"
    run = run_tap(
        tmp_path, sandbox_config(sandbox), catalog=only(catalog, summary.name)
    )
    by_interval = Counter()
    for row in run.records(summary.name):
        by_interval[row["_interval_start"]] += row["Calls_Offered"]
    for call in on_midnight:
        day = call["Call_Date_Time"][:10]
        expected = sum(
            1
            for c in calls
            if c["Call_Date_Time"][:10] == day
            and c["Direction"] == "Inbound"
            and c["Queue_Name"]
        )
        assert by_interval[f"{day}T00:00:00Z"] == expected


def test_unfinished_interval_is_fetched_again(sandbox, tmp_path, catalog):
    summary = report_of(sandbox, "summary")
    noon = "2026-11-25T12:00:00Z"
    catalog = only(catalog, summary.name)
    first = run_tap(
        tmp_path / "1", sandbox_config(sandbox, end_date=noon), catalog=catalog
    )
    bookmark = first.final_state["bookmarks"][summary.name]["replication_key_value"]
    assert bookmark == "2026-11-25T00:00:00Z"
    second = run_tap(
        tmp_path / "2",
        sandbox_config(sandbox),
        catalog=catalog,
        state=first.final_state,
    )
    starts = Counter(r["_interval_start"] for r in second.records(summary.name))
    assert min(starts) == "2026-11-25T00:00:00Z"


def test_report_without_date_filter_is_full_table(sandbox, tmp_path, catalog):
    roster = report_of(sandbox, "roster")
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=only(catalog, roster.name))
    schema = next(
        m for m in run.messages if m["type"] == "SCHEMA" and m["stream"] == roster.name
    )
    assert schema["key_properties"] == ["Agent_ID"]
    assert schema.get("bookmark_properties") in (None, [])
    assert {r["_interval_start"] for r in run.records(roster.name)} == {None}
    assert len(run.records(roster.name)) == len(sandbox.rows(roster.id))


def test_non_finite_values_are_logged(sandbox, tmp_path, catalog):
    run = run_tap(tmp_path, sandbox_config(sandbox), catalog=catalog)
    assert "NaN or infinite values sent as null" in run.stderr
