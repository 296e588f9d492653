"""Running a child process and measuring it: wall time, CPU time, peak RSS.

`os.wait4` returns the resource usage of the one child it reaps, so each
figure belongs to that process alone, not to every child the script ran.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

_METRIC = re.compile(r"METRIC: (\{.*\})")


@dataclass
class ChildRun:
    """The outcome and cost of one child process.

    Attributes:
        returncode: Exit status, negative for a signal.
        wall: Seconds from start to exit.
        cpu: User plus system CPU seconds of the child itself.
        peak_rss_mib: Peak resident set size in MiB (`ru_maxrss`, Linux units).
        stderr: Everything the child wrote to standard error.
    """

    returncode: int
    wall: float
    cpu: float
    peak_rss_mib: float
    stderr: str

    def check(self, label: str) -> ChildRun:
        """Return self, or raise with the end of stderr when the child failed.

        Raises:
            RuntimeError: the child exited with a status other than 0.
        """
        if self.returncode != 0:
            tail = "\n".join(self.stderr.splitlines()[-20:])
            raise RuntimeError(
                f"{label} failed with exit status {self.returncode}:\n{tail}"
            )
        return self


def run_child(
    command: list[str],
    *,
    stdout_path: str | Path = os.devnull,
    env: dict[str, str] | None = None,
    timeout: float = 900.0,
) -> ChildRun:
    """Run a command to completion, its stdout to a file, and measure it.

    Raises:
        subprocess.TimeoutExpired: the child ran longer than `timeout` seconds;
            it is killed first.
    """
    with open(stdout_path, "wb") as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise subprocess.TimeoutExpired(command, timeout)
            time.sleep(0.02)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
    return ChildRun(
        returncode=process.returncode,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_rss_mib=usage.ru_maxrss / 1024,
        stderr=text,
    )


def tap_record_count(stderr: str) -> int:
    """Sum the SDK's `record_count` metrics that a tap logged.

    The SDK logs a counter every minute and at the end of a stream, each
    time with the count since the last log line, so the sum is the total.
    """
    total = 0
    for match in _METRIC.finditer(stderr):
        point = json.loads(match.group(1))
        if point.get("metric") == "record_count":
            total += int(point.get("value", 0))
    return total


def requests_used_line(stderr: str) -> str:
    """Return the tap's closing `Requests used: ...` summary, or "" if absent."""
    found = re.findall(r"Requests used: (.*?)\.?$", stderr, flags=re.MULTILINE)
    return found[-1] if found else ""
