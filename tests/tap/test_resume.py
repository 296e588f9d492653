from __future__ import annotations

import datetime
import random
from collections import Counter

from tests.tapruns import only, run_tap, run_tap_until_killed, sandbox_config

ONE_SECOND = datetime.timedelta(seconds=1)
START = datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc)


def detail_report(sandbox):
    return next(r for r in sandbox.reports if r.kind == "detail")


def last_state(messages, previous):
    states = [m["value"] for m in messages if m["type"] == "STATE"]
    return states[-1] if states else previous


def record_ids(messages, stream):
    return [
        int(m["record"]["Call_ID"])
        for m in messages
        if m["type"] == "RECORD" and m["stream"] == stream
    ]


def largest_page(sandbox, report):
    days = [START + datetime.timedelta(days=n) for n in range((END - START).days + 1)]
    return max(
        len(sandbox.rows(report.id, d, d + datetime.timedelta(days=1))) for d in days
    )


def test_resume_after_kill_loses_nothing(sandbox, tmp_path, catalog):
    report = detail_report(sandbox)
    catalog = only(catalog, report.name)
    config = sandbox_config(sandbox)
    killed = run_tap_until_killed(
        tmp_path / "killed", config, catalog=catalog, state=None, kill_after_records=150
    )
    state = last_state(killed, None)
    assert state is not None
    assert state["bookmarks"][report.name]["pending"], "state should hold the next page"

    resumed = run_tap(tmp_path / "resumed", config, catalog=catalog, state=state)
    assert resumed.returncode == 0, resumed.stderr
    ids = record_ids(killed, report.name) + [
        int(r["Call_ID"]) for r in resumed.records(report.name)
    ]
    expected = {
        int(r["Call_ID"]) for r in sandbox.rows(report.id, START, END + ONE_SECOND)
    }
    assert set(ids) == expected
    duplicates = len(ids) - len(set(ids))
    assert duplicates <= largest_page(sandbox, report)


def test_twenty_random_kills_lose_nothing(sandbox, tmp_path, catalog):
    report = detail_report(sandbox)
    catalog = only(catalog, report.name)
    config = sandbox_config(sandbox)
    expected = {
        int(r["Call_ID"]) for r in sandbox.rows(report.id, START, END + ONE_SECOND)
    }
    chooser = random.Random(20261204)
    state = None
    seen: list[int] = []
    interrupted_pages = 0
    for attempt in range(20):
        messages = run_tap_until_killed(
            tmp_path / f"run{attempt}",
            config,
            catalog=catalog,
            state=state,
            kill_after_records=chooser.randint(1, 60),
        )
        seen += record_ids(messages, report.name)
        interrupted_pages += 1
        state = last_state(messages, state)
    final = run_tap(tmp_path / "final", config, catalog=catalog, state=state)
    assert final.returncode == 0, final.stderr
    seen += [int(r["Call_ID"]) for r in final.records(report.name)]
    assert set(seen) == expected
    duplicates = sum(count - 1 for count in Counter(seen).values())
    assert duplicates <= interrupted_pages * largest_page(sandbox, report)
