"""The command line: options, the banner, the URL file and a clean stop."""

from __future__ import annotations

import dataclasses
import signal
import subprocess
import sys
import time

import requests

from tap_brightmetrics.sandbox import DEMO_API_KEY, DEMO_EMAIL, Faults
from tap_brightmetrics.sandbox.cli import (
    build_parser,
    config_from_args,
    faults_from_args,
)


def test_parser_sets_config_and_every_fault():
    args = build_parser().parse_args(
        [
            "--port",
            "0",
            "--seed",
            "3",
            "--days",
            "5",
            "--calls-per-day",
            "9",
            "--quota",
            "12",
            "--page-days",
            "2",
            "--async-seconds",
            "0.5",
            "--async-retry-after",
            "4",
            "--async-expiry",
            "60",
            "--end-date",
            "2026-11-30",
            "--not-timezone-aware",
            "--fail-next",
            "503,500",
            "--retry-after",
            "3",
            "--drop-next",
            "1",
            "--slow-seconds",
            "0.1",
            "--truncate-next",
            "2",
            "--malformed-next",
            "3",
            "--relative-next-links",
            "--odata-401-names",
            "--foreign-next-link",
            "http://127.0.0.2:9",
            "--next-link-loop",
            "--async-fail",
            "--async-expire",
            "--async-move-location",
            "--expired-tokens",
        ]
    )

    config = config_from_args(args)
    assert (config.port, config.seed, config.days, config.calls_per_day) == (0, 3, 5, 9)
    assert (config.quota, config.page_days, config.async_retry_after) == (12, 2, 4)
    assert config.timezone_aware is False
    assert config.end_date.isoformat() == "2026-11-30"

    faults = faults_from_args(args)
    assert faults.fail_next == [503, 500]
    assert faults.retry_after == "3"
    assert faults.foreign_next_link == "http://127.0.0.2:9"

    defaults = Faults()
    for field in dataclasses.fields(Faults):
        assert getattr(faults, field.name) != getattr(defaults, field.name), field.name


def test_defaults():
    args = build_parser().parse_args([])
    assert args.port == 8765
    assert args.host == "127.0.0.1"
    assert faults_from_args(args) == Faults()


def test_server_process_runs_and_stops(tmp_path):
    url_file = tmp_path / "url.txt"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tap_brightmetrics.sandbox",
            "--port",
            "0",
            "--url-file",
            str(url_file),
            "--fail-next",
            "503",
            "--calls-per-day",
            "10",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while not (url_file.exists() and url_file.read_text().strip()):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        url = url_file.read_text().strip()
        headers = {"Authorization": f"Bearer {DEMO_API_KEY}"}
        assert requests.get(url, headers=headers, timeout=10).status_code == 503
        assert requests.get(url, headers=headers, timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=15)
    assert process.returncode == 0, stderr
    assert url in stdout
    assert DEMO_EMAIL in stdout
    assert DEMO_API_KEY in stdout
    assert "Ready" in stdout
