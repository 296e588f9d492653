"""The benchmark script completes on tiny data and prints its tables."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"
HEADINGS = ("## 1. Throughput", "## 2. Memory", "## 3. Requests")


def _section(output: str, heading: str) -> str:
    start = output.index(heading)
    following = output.find("\n## ", start + len(heading))
    return output[start : following if following != -1 else len(output)]


def test_quick_run_prints_tables(tmp_path):
    markdown = tmp_path / "benchmarks.md"
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--output", str(markdown)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    output = completed.stdout
    for heading in HEADINGS:
        assert heading in output, output
        assert "| --: |" in _section(output, heading), heading
    assert markdown.read_text(encoding="utf-8").strip() == output.strip()

    throughput = _section(output, HEADINGS[0])
    passes = re.findall(r"^\| \d+ \| (tap|raw) \| ([\d,]+) \|", throughput, re.M)
    clients = [client for client, _ in passes]
    assert clients.count("tap") >= 2, throughput
    assert clients.count("raw") == clients.count("tap"), throughput
    assert len({rows for _, rows in passes}) == 1, passes

    requests = _section(output, HEADINGS[2])
    assert "| Discovery (a run without a catalog) |  | 2 / 2 |" in requests
    assert re.search(r"^\| Call Detail \| detail \| \d+ / \d+ \|", requests, re.M)
