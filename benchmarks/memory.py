"""Memory: peak RSS of the tap process, paged and as one asynchronous export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from children import ChildRun, requests_used_line, run_child, tap_record_count
from sandbox_process import SandboxProcess
from tap_runs import TapFiles, select, tap_command, tap_config
from throughput import CALL_DETAIL
from windows import Window

# 2026-11-26 to 29. The sandbox leaves the 28th without calls, so the 26th and
# 27th are two full pages in a row, as in a long sync.
PAGE_SIZE_DAYS = 4


@dataclass
class MemoryRun:
    """One tap run over a window of Call Detail.

    Attributes:
        mode: "paged" or "async export", or the page size of a page size run.
        rows: Records the tap wrote.
        run: The measured process.
        requests: The tap's closing `Requests used` summary.
    """

    mode: str
    rows: int
    run: ChildRun
    requests: str


def measure_startup(files: TapFiles, api_url: str) -> ChildRun:
    """Run `--about`: the interpreter, the SDK and the tap imported, no sync."""
    config = files.write("about-config", tap_config(api_url))
    return run_child(tap_command(config, None, None, "--about"), env=files.env).check(
        "tap --about"
    )


def measure(
    files: TapFiles,
    catalog: dict,
    sandbox_url: str,
    windows: list[Window],
    progress: Callable[[str], None],
) -> list[MemoryRun]:
    """Sync each window paged, then as one asynchronous export, and return the runs."""
    catalog_path = files.write("memory-catalog", select(catalog, CALL_DETAIL))
    runs = []
    for window in windows:
        for mode, async_export in (("paged", False), ("async export", True)):
            progress(f"memory: {window.utc_days()} days, {mode}")
            config = files.write(
                "memory-config",
                tap_config(
                    sandbox_url,
                    start_date=window.start_text,
                    end_date=window.end_text,
                    async_export=async_export,
                ),
            )
            run = run_child(tap_command(config, catalog_path), env=files.env)
            run.check(f"the tap ({mode})")
            rows = tap_record_count(run.stderr)
            runs.append(MemoryRun(mode, rows, run, requests_used_line(run.stderr)))
    return runs


def measure_page_sizes(
    files: TapFiles,
    catalog: dict,
    calls_per_day: tuple[int, ...],
    progress: Callable[[str], None],
) -> list[MemoryRun]:
    """Sync a few days paged from sandboxes with these page sizes and return the runs.

    The sandbox sends one page per day, so calls per day is rows per page.
    """
    catalog_path = files.write("page-size-catalog", select(catalog, CALL_DETAIL))
    window = Window.last_days(PAGE_SIZE_DAYS)
    runs = []
    for size in calls_per_day:
        progress(f"memory: pages of {size:,} rows")
        with SandboxProcess(days=PAGE_SIZE_DAYS, calls_per_day=size) as sandbox:
            config = files.write(
                "page-size-config",
                tap_config(
                    sandbox.url,
                    start_date=window.start_text,
                    end_date=window.end_text,
                ),
            )
            run = run_child(tap_command(config, catalog_path), env=files.env)
            run.check("the tap (page size)")
        rows = tap_record_count(run.stderr)
        runs.append(MemoryRun(f"{size:,} rows a page", rows, run, ""))
    return runs
