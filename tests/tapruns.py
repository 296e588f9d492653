"""Running the tap as a real process and reading its Singer output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tap_brightmetrics.sandbox import DEMO_EMAIL, DEMO_PASSWORD, Sandbox


def sandbox_config(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    """Return tap settings for a sandbox, signed in with the demo password."""
    config: dict[str, Any] = {
        "api_url": sandbox.url,
        "username": DEMO_EMAIL,
        "password": DEMO_PASSWORD,
        "start_date": "2026-11-20T00:00:00Z",
        "end_date": "2026-11-30T00:00:00Z",
        "max_retry_wait": 0.2,
    }
    config.update(overrides)
    return {key: value for key, value in config.items() if value is not None}


@dataclass
class TapRun:
    """The outcome of one tap process."""

    returncode: int
    messages: list[dict[str, Any]]
    stderr: str
    stdout: str = field(repr=False)

    def records(self, stream: str | None = None) -> list[dict[str, Any]]:
        """Return the records, of one stream or of all."""
        return [
            message["record"]
            for message in self.messages
            if message["type"] == "RECORD" and stream in (None, message["stream"])
        ]

    def record_counts(self) -> Counter[str]:
        """Count records per stream."""
        return Counter(
            message["stream"]
            for message in self.messages
            if message["type"] == "RECORD"
        )

    @property
    def states(self) -> list[dict[str, Any]]:
        """Every STATE value, in order."""
        return [m["value"] for m in self.messages if m["type"] == "STATE"]

    @property
    def final_state(self) -> dict[str, Any]:
        """The last STATE value, or {} when none was written."""
        return self.states[-1] if self.states else {}


def run_tap(
    tmp_path: Path,
    config: dict[str, Any],
    *,
    catalog: dict[str, Any] | None = None,
    state: dict[str, Any] | None = None,
    args: tuple[str, ...] = (),
    timeout: float = 120,
    log_level: str | None = None,
) -> TapRun:
    """Run `python -m tap_brightmetrics` with files for config, catalog and state."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    config_file = tmp_path / "config.json"
    config_file.write_text(json.dumps(config))
    command = [sys.executable, "-m", "tap_brightmetrics", "--config", str(config_file)]
    if catalog is not None:
        catalog_file = tmp_path / "catalog.json"
        catalog_file.write_text(json.dumps(catalog))
        command += ["--catalog", str(catalog_file)]
    if state is not None:
        state_file = tmp_path / "state.json"
        state_file.write_text(json.dumps(state))
        command += ["--state", str(state_file)]
    command += list(args)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("TAP_BRIGHTMETRICS_")
    }
    if log_level:
        env["LOGLEVEL"] = log_level
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    messages = []
    if "--discover" not in args and "--about" not in args:
        messages = [json.loads(line) for line in completed.stdout.splitlines() if line]
    return TapRun(completed.returncode, messages, completed.stderr, completed.stdout)


def discover(tmp_path: Path, config: dict[str, Any]) -> dict[str, Any]:
    """Run discovery and return the catalog, every stream selected."""
    run = run_tap(tmp_path / "discover", config, args=("--discover",))
    assert run.returncode == 0, run.stderr
    catalog = json.loads(run.stdout)
    for entry in catalog["streams"]:
        for item in entry["metadata"]:
            if not item["breadcrumb"]:
                item["metadata"]["selected"] = True
    return catalog


def only(catalog: dict[str, Any], *names: str) -> dict[str, Any]:
    """Return a copy of a catalog with only the named streams selected."""
    copy = json.loads(json.dumps(catalog))
    for entry in copy["streams"]:
        for item in entry["metadata"]:
            if not item["breadcrumb"]:
                item["metadata"]["selected"] = entry["tap_stream_id"] in names
    return copy


def run_tap_until_killed(
    tmp_path: Path,
    config: dict[str, Any],
    *,
    catalog: dict[str, Any],
    state: dict[str, Any] | None,
    kill_after_records: int,
) -> list[dict[str, Any]]:
    """Run the tap and SIGKILL it once it has written `kill_after_records` records.

    Returns the messages read before the kill (all of them when the run
    ended first), as a target reading the pipe would have seen them.
    """
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "config.json").write_text(json.dumps(config))
    (tmp_path / "catalog.json").write_text(json.dumps(catalog))
    command = [
        sys.executable,
        "-m",
        "tap_brightmetrics",
        "--config",
        str(tmp_path / "config.json"),
        "--catalog",
        str(tmp_path / "catalog.json"),
    ]
    if state is not None:
        (tmp_path / "state.json").write_text(json.dumps(state))
        command += ["--state", str(tmp_path / "state.json")]
    messages: list[dict[str, Any]] = []
    records = 0
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            message = json.loads(line)
            messages.append(message)
            records += message["type"] == "RECORD"
            if records >= kill_after_records:
                process.kill()
                break
        process.wait(timeout=60)
    return messages
