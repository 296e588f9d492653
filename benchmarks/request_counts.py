"""Requests: what each report's first and next-day sync cost, against the floor.

The floor is what any client needs for the same rows. That is one request
per page the server sends, counted by walking the same window with plain
requests, and one per summary interval. An asynchronous export needs its
first request and one status read. A report that is not a detail report
needs one filter `$metadata` read on its first sync. Discovery, when a run
does it, reads the service document and the root `$metadata`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from children import requests_used_line, run_child
from tap_runs import TapFiles, last_state, select, tap_command, tap_config
from windows import ONE_SECOND, Window

from tap_brightmetrics.sandbox import (
    DEMO_EMAIL,
    DEMO_PASSWORD_HASH,
    Sandbox,
    SandboxConfig,
)

DISCOVERY = "discovery"
END_DATE = datetime.date(2026, 11, 30)
DISCOVERY_FLOOR = 2
ASYNC_FLOOR = 2  # the request that starts the export, then one status read


def request_sandbox() -> Sandbox:
    """Return a small sandbox: 30 days of 40 calls, one day per detail page."""
    config = SandboxConfig(
        seed=7,
        days=30,
        calls_per_day=40,
        quota=1_000_000,
        page_days=1,
        async_seconds=0.2,
        async_retry_after=1,
        end_date=END_DATE,
    )
    return Sandbox(config)


def sync_windows() -> tuple[Window, Window]:
    """Return the first sync's 28 days and the next day after them."""
    end = datetime.datetime.combine(END_DATE, datetime.time(), datetime.timezone.utc)
    first = Window(
        end - datetime.timedelta(days=29), end - datetime.timedelta(days=1) - ONE_SECOND
    )
    return first, Window(first.end + ONE_SECOND, end - ONE_SECOND)


@dataclass
class SyncCost:
    """Requests of one tap run.

    Attributes:
        by_report: Requests per report title, from the sandbox request log.
        tap_summary: The tap's own closing `Requests used` line.
    """

    by_report: Counter[str]
    tap_summary: str


@dataclass
class RequestTable:
    """Requests used and their floors, per column (sync and mode) and report."""

    reports: list[tuple[str, str]]  # (title, kind), in service document order
    used: dict[str, SyncCost] = field(default_factory=dict)
    floors: dict[str, Counter[str]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    discovery_used: int = 0


# (column, async_export): a first sync, then the next day from its state.
COLUMNS = (
    ("first", False),
    ("next day", False),
    ("first, async", True),
    ("next day, async", True),
)


def measure(
    files: TapFiles,
    catalog: dict[str, Any],
    sandbox: Sandbox,
    progress: Callable[[str], None],
) -> RequestTable:
    """Run a first and a next-day sync of every report, paged and async."""
    table = RequestTable(reports=[(r.title, r.kind) for r in sandbox.reports])
    first, next_day = sync_windows()
    catalog_path = files.write("requests-catalog", select(catalog))
    state: dict[str, Any] = {}
    for column, async_export in COLUMNS:
        progress(f"requests: {column} sync")
        window = first if column.startswith("first") else next_day
        config = tap_config(
            sandbox.url,
            start_date=first.start_text,
            end_date=window.end_text,
            async_export=async_export,
        )
        if window is first:
            state = {}
        cost, state = _sync(
            files,
            sandbox,
            config=config,
            catalog_path=catalog_path,
            state=state,
            column=column,
        )
        table.used[column] = cost
        logged = sum(cost.by_report.values())
        if cost.tap_summary.split(" ", 1)[0] != str(logged):
            table.mismatches.append(
                f"{column}: the sandbox logged {logged} requests, the tap "
                f"reported {cost.tap_summary or 'nothing'}"
            )
    table.floors = floors(sandbox, first, next_day)
    return table


def _sync(
    files: TapFiles,
    sandbox: Sandbox,
    *,
    config: dict[str, Any],
    catalog_path: Path,
    state: dict[str, Any],
    column: str,
) -> tuple[SyncCost, dict[str, Any]]:
    """Run one sync and return its cost and the last state it wrote."""
    config_path = files.write("requests-config", config)
    state_path = files.write("requests-state", state) if state else None
    output = files.output("requests-messages")
    before = len(sandbox.request_log)
    run = run_child(
        tap_command(config_path, catalog_path, state_path),
        stdout_path=output,
        env=files.env,
    ).check(f"the tap ({column} sync)")
    log = sandbox.request_log[before:]
    cost = SyncCost(attribute(log, sandbox), requests_used_line(run.stderr))
    return cost, last_state(output)


def measure_discovery(
    sandbox: Sandbox, discover: Callable[[], dict[str, Any]]
) -> tuple[dict[str, Any], int]:
    """Run `discover` and return the catalog and the requests it sent."""
    before = len(sandbox.request_log)
    catalog = discover()
    return catalog, len(sandbox.request_log) - before


def attribute(log: list[dict[str, Any]], sandbox: Sandbox) -> Counter[str]:
    """Count log entries per report title.

    A path that names no report, such as an export's status URL, belongs to
    the report requested last: the tap syncs one report at a time.
    """
    ids = {report.id.lower(): report.title for report in sandbox.reports}
    names = {report.name.lower(): report.title for report in sandbox.reports}
    counts: Counter[str] = Counter()
    current = DISCOVERY
    for entry in log:
        segments = entry["path"].lower().strip("/").split("/")
        title = next(
            (ids.get(s) or names.get(s) for s in segments if s in ids or s in names),
            None,
        )
        if title is not None:
            current = title
        elif len(segments) <= 2:  # the service document or the root $metadata
            current = DISCOVERY
        counts[current] += 1
    return counts


def floors(
    sandbox: Sandbox, first: Window, next_day: Window
) -> dict[str, Counter[str]]:
    """Return the floor per column and report title."""
    result: dict[str, Counter[str]] = {column: Counter() for column, _ in COLUMNS}
    for report in sandbox.reports:
        for column, async_export in COLUMNS:
            is_first = column.startswith("first")
            window = first if is_first else next_day
            if report.kind == "detail":
                if async_export:
                    floor = ASYNC_FLOOR
                else:
                    floor = count_pages(sandbox.url, report.id, window.filter_text())
            elif report.kind == "summary":
                floor = window.utc_days() + is_first
            else:
                floor = count_pages(sandbox.url, report.id, None) + is_first
            result[column][report.title] = floor
    return result


def count_pages(root: str, report_id: str, filter_text: str | None) -> int:
    """Follow every nextLink of one request and return the number of pages."""
    session = requests.Session()
    session.auth = (DEMO_EMAIL, DEMO_PASSWORD_HASH)
    url: str | None = f"{root}/{report_id}"
    params = {"$filter": filter_text} if filter_text else None
    pages = 0
    while url:
        response = session.get(url, params=params, timeout=60)
        response.raise_for_status()
        pages += 1
        url, params = response.json().get("@odata.nextLink"), None
    return pages
