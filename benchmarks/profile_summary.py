"""Profile summary of the tap: one cProfile run, grouped into a few buckets.

cProfile adds a fixed cost to every Python call, so work done in many small
Python calls (the SDK's per-record path, `conform`) shows larger against
work done inside C (socket reads, JSON parsing) than it is without the
profiler. The shares are for ranking, not for subtracting.
"""

from __future__ import annotations

import pstats
from dataclasses import dataclass
from pathlib import Path

from children import ChildRun, run_child, tap_record_count
from tap_runs import TapFiles, select, tap_command, tap_config
from throughput import CALL_DETAIL, Replay
from windows import Window

# (file suffix, function name) of the functions whose cumulative time
# defines a bucket.
SEND = ("tap_brightmetrics/client.py", "_send_once")
PARSE = ("tap_brightmetrics/client.py", "parse_json_object")
CONFORM = ("tap_brightmetrics/records.py", "conform")
GET_RECORDS = ("tap_brightmetrics/streams.py", "get_records")
SYNC_RECORDS = ("singer_sdk/streams/core.py", "_sync_records")
WRITE_RECORD = ("singer_sdk/streams/core.py", "_write_record_message")
DESELECT = ("singer_sdk/helpers/_catalog.py", "pop_deselected_record_properties")
WRITE_MESSAGE = ("singer_sdk/contrib/msgspec.py", "write_message")


@dataclass
class Profile:
    """Seconds per bucket, the hottest functions, and the run that made them."""

    rows: int
    total: float
    buckets: list[tuple[str, float]]
    hottest: list[tuple[str, int, float]]  # (function, calls, own seconds)
    run: ChildRun


def profile_tap(
    files: TapFiles, catalog: dict, replay: Replay, window: Window, pages: int
) -> Profile:
    """Profile the tap over the first `pages` replayed pages.

    `max_requests` stops the tap cleanly after that many pages.
    """
    config = files.write(
        "profile-config",
        tap_config(
            replay.url,
            start_date=window.start_text,
            end_date=window.end_text,
            max_requests=pages,
        ),
    )
    catalog_path = files.write("profile-catalog", select(catalog, CALL_DETAIL))
    output = files.folder / "tap.pstats"
    command = tap_command(
        config, catalog_path, python_options=("-m", "cProfile", "-o", str(output))
    )
    run = run_child(command, env=files.env).check("the profiled tap")
    return summarise(output, tap_record_count(run.stderr), run)


def summarise(path: Path, rows: int, run: ChildRun) -> Profile:
    """Group a cProfile dump into buckets."""
    stats = pstats.Stats(str(path))
    raw = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]

    def cumulative(key: tuple[str, str]) -> float:
        return sum(
            entry[3]
            for (filename, _, name), entry in raw.items()
            if name == key[1] and filename.endswith(key[0])
        )

    send, parse, conform = cumulative(SEND), cumulative(PARSE), cumulative(CONFORM)
    sync, write = cumulative(SYNC_RECORDS), cumulative(WRITE_RECORD)
    deselect, writer = cumulative(DESELECT), cumulative(WRITE_MESSAGE)
    get_records = cumulative(GET_RECORDS)
    buckets = [
        ("HTTP: sending and reading responses (requests, urllib3)", send),
        ("JSON parsing of pages (msgspec, in parse_json_object)", parse),
        ("Conforming values (records.py)", conform),
        (
            "Tap paging and state (streams.py, paging.py)",
            get_records - send - parse - conform,
        ),
        ("SDK: removing deselected properties", deselect),
        ("SDK: serialising and writing messages (msgspec)", writer),
        ("SDK: building RECORD messages", write - deselect - writer),
        ("SDK: per-record bookkeeping in _sync_records", sync - get_records - write),
        ("Start-up: imports, catalog, CLI", total - sync),
    ]
    hottest = sorted(
        (
            (_function_name(filename, name), entry[1], entry[2])
            for (filename, _, name), entry in raw.items()
        ),
        key=lambda item: item[2],
        reverse=True,
    )[:12]
    return Profile(rows, total, buckets, hottest, run)


def _function_name(filename: str, name: str) -> str:
    """Return `path:function`, the path from its package root, or a builtin's name."""
    if filename == "~":  # cProfile's file name for built-in functions
        return name
    return f"{_short(filename)}:{name}"


def _short(filename: str) -> str:
    """Return a path from the package root, such as `singer_sdk/mapper.py`."""
    if "site-packages/" in filename:
        return filename.rsplit("site-packages/", 1)[1]
    if "tap_brightmetrics/" in filename:
        return filename[filename.rindex("tap_brightmetrics/") :]
    return filename.rsplit("/", 1)[-1]
