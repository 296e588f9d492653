"""Throughput: the tap and the raw client, alternately, over the same pages."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from children import ChildRun, run_child, tap_record_count
from sandbox_process import wait_for_url_file
from tap_runs import TapFiles, select, tap_command, tap_config
from windows import Window

from tap_brightmetrics.sandbox import DEMO_EMAIL, DEMO_PASSWORD_HASH

HERE = Path(__file__).resolve().parent
CALL_DETAIL = "Call Detail"


@dataclass
class Replay:
    """A running replay server and what its recording pass measured."""

    url: str
    pages: int
    rows: int
    bytes: int
    seconds: float

    @property
    def serving_rate(self) -> float:
        """Rows per second the sandbox served to a client that parsed nothing."""
        return self.rows / self.seconds


@contextmanager
def replay_server(sandbox_url: str, report_id: str, window: Window) -> Iterator[Replay]:
    """Record `window` of a report from the sandbox and serve it from memory."""
    with tempfile.TemporaryDirectory(prefix="benchmark-replay-") as folder:
        url_file = Path(folder) / "url"
        stats_file = Path(folder) / "stats.json"
        command = [
            sys.executable,
            str(HERE / "replay_server.py"),
            f"--source={sandbox_url}",
            f"--report-id={report_id}",
            f"--filter={window.filter_text()}",
            f"--url-file={url_file}",
            f"--stats-file={stats_file}",
        ]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        try:
            url = wait_for_url_file(url_file, process, timeout=900)
            stats = json.loads(stats_file.read_text())
            yield Replay(url=url, **stats)
        finally:
            process.terminate()
            process.wait(timeout=10)


@dataclass
class ClientRun:
    """One pass of one client over the replayed pages."""

    client: str
    round: int
    rows: int
    run: ChildRun

    @property
    def rate(self) -> float:
        """Rows per wall-clock second."""
        return self.rows / self.run.wall

    @property
    def cpu_us_per_row(self) -> float:
        """CPU microseconds of the client process per row."""
        return self.run.cpu / self.rows * 1e6


class Clients:
    """The tap and the raw client, set up to read one window of Call Detail."""

    def __init__(
        self, files: TapFiles, catalog: dict, report_id: str, window: Window
    ) -> None:
        self.files = files
        self.report_id = report_id
        self.window = window
        self.catalog_path = files.write(
            "throughput-catalog", select(catalog, CALL_DETAIL)
        )

    def tap_pass(self, api_url: str, number: int) -> ClientRun:
        """Run the tap once against `api_url`, its messages to /dev/null."""
        config = self.files.write(
            "throughput-config",
            tap_config(
                api_url,
                start_date=self.window.start_text,
                end_date=self.window.end_text,
            ),
        )
        command = tap_command(config, self.catalog_path)
        run = run_child(command, env=self.files.env).check("the tap")
        return ClientRun("tap", number, tap_record_count(run.stderr), run)

    def raw_pass(self, api_url: str, number: int) -> ClientRun:
        """Run the raw client once against `api_url`, its lines to /dev/null."""
        command = [
            sys.executable,
            str(HERE / "raw_client.py"),
            f"--root={api_url}",
            f"--report-id={self.report_id}",
            f"--filter={self.window.filter_text()}",
            f"--user={DEMO_EMAIL}",
            f"--password-hash={DEMO_PASSWORD_HASH}",
        ]
        run = run_child(command, env=self.files.env).check("the raw client")
        rows = json.loads(run.stderr.strip().splitlines()[-1])["rows"]
        return ClientRun("raw", number, rows, run)


def measure_rounds(
    clients: Clients,
    replay: Replay,
    *,
    rounds: int,
    progress: Callable[[str], None],
) -> list[ClientRun]:
    """Run tap, raw, tap, raw, ... against the replay server and return every pass.

    Raises:
        RuntimeError: a client failed or read a different number of rows.
    """
    runs: list[ClientRun] = []
    for number in range(1, rounds + 1):
        progress(f"throughput pass {number} of {rounds}: tap")
        runs.append(clients.tap_pass(replay.url, number))
        progress(f"throughput pass {number} of {rounds}: raw client")
        runs.append(clients.raw_pass(replay.url, number))
    check_rows(runs, replay.rows)
    return runs


def measure_end_to_end(
    clients: Clients,
    sandbox_url: str,
    first_tap: ClientRun,
    *,
    rounds: int,
    progress: Callable[[str], None],
) -> list[ClientRun]:
    """Alternate the clients against the sandbox itself, after a tap pass made earlier.

    The tap's first pass is the paged run of the memory benchmark, which
    reads the same window, so it is not run twice.
    """
    runs = [first_tap]
    for number in range(1, rounds + 1):
        if number > 1:
            progress(f"against the sandbox, pass {number} of {rounds}: tap")
            runs.append(clients.tap_pass(sandbox_url, number))
        progress(f"against the sandbox, pass {number} of {rounds}: raw client")
        runs.append(clients.raw_pass(sandbox_url, number))
    check_rows(runs, first_tap.rows)
    return runs


def check_rows(runs: list[ClientRun], expected: int) -> None:
    """Raise RuntimeError unless every pass read `expected` rows."""
    wrong = [r for r in runs if r.rows != expected]
    if wrong:
        counts = ", ".join(f"{r.client} {r.rows}" for r in wrong)
        raise RuntimeError(f"expected {expected} rows per pass, got {counts}")


def best(runs: list[ClientRun], client: str) -> ClientRun:
    """Return the fastest pass of a client (least disturbed by other load)."""
    return max((r for r in runs if r.client == client), key=lambda r: r.rate)


def median_rate(runs: list[ClientRun], client: str) -> float:
    """Return the median rows per second of a client's passes."""
    return statistics.median(r.rate for r in runs if r.client == client)
