"""Measure paging throughput: one million Call Detail rows as paged JSON.

Starts the sandbox CLI in a subprocess, follows every nextLink with a plain
requests loop, and prints rows per second and the server's peak resident
memory (VmHWM from /proc, so Linux only). Run it with
``uv run python tests/sandbox/measure_paging.py``; it is not a test.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile
import time

import requests

from tap_brightmetrics.sandbox import DEMO_API_KEY
from tap_brightmetrics.sandbox.reports import CALL_DETAIL


def peak_rss_mib(pid: int) -> float:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_export(
    session: requests.Session, root: str, filter_text: str, export_format: str
) -> tuple[str, int, float]:
    """Export the range asynchronously and stream the result; return its size."""
    started = time.perf_counter()
    accepted = session.get(
        f"{root}/{CALL_DETAIL.id}",
        params={"$filter": filter_text, "$format": export_format},
        headers={"Prefer": "respond-async"},
    )
    location = accepted.headers["Location"]
    while True:
        response = session.get(location, stream=True)
        if response.status_code != 202:
            break
        response.close()
        time.sleep(float(response.headers["Retry-After"]))
    response.raise_for_status()
    size = sum(len(piece) for piece in response.iter_content(1 << 20))
    return export_format, size, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=110)
    parser.add_argument("--calls-per-day", type=int, default=10_000)
    parser.add_argument("--page-days", type=float, default=1)
    parser.add_argument(
        "--export",
        action="append",
        default=[],
        help="also export the range asynchronously in this $format (repeatable)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url_file = pathlib.Path(folder) / "url"
        command = [
            sys.executable,
            "-m",
            "tap_brightmetrics.sandbox",
            "--port",
            "0",
            "--end-date",
            "2026-11-30",
            "--days",
            str(args.days),
            "--calls-per-day",
            str(args.calls_per_day),
            "--page-days",
            str(args.page_days),
            "--quota",
            "100000",
            "--url-file",
            str(url_file),
        ]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        try:
            while not url_file.exists() or not url_file.read_text().strip():
                time.sleep(0.05)
            root = url_file.read_text().strip()
            idle_mib = peak_rss_mib(server.pid)
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {DEMO_API_KEY}"
            filter_text = (
                "Call_Date_Time ge 2026-08-01T00:00:00Z and "
                "Call_Date_Time le 2026-11-30T00:00:00Z"
            )
            url: str | None = f"{root}/{CALL_DETAIL.id}"
            params: dict[str, str] | None = {"$filter": filter_text}
            rows = pages = 0
            started = time.perf_counter()
            while url:
                response = session.get(url, params=params)
                response.raise_for_status()
                payload = response.json()
                rows += len(payload["value"])
                pages += 1
                url, params = payload.get("@odata.nextLink"), None
            elapsed = time.perf_counter() - started
            peak = peak_rss_mib(server.pid)
            exports = [
                measure_export(session, root, filter_text, export_format)
                for export_format in args.export
            ]
            export_peak = peak_rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(
        f"rows={rows} pages={pages} seconds={elapsed:.1f} "
        f"rows_per_second={rows / elapsed:,.0f}"
    )
    print(f"server peak RSS: {peak:.0f} MiB (after start: {idle_mib:.0f} MiB)")
    for export_format, size, seconds in exports:
        print(
            f"async export {export_format}: {size / 2**20:,.0f} MiB in {seconds:.1f} s"
        )
    if exports:
        print(f"server peak RSS after exports: {export_peak:.0f} MiB")


if __name__ == "__main__":
    main()
