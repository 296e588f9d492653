"""Running the tap as a process: config, catalog and state files, and the command."""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

from children import ChildRun, run_child

from tap_brightmetrics.sandbox import DEMO_EMAIL, DEMO_PASSWORD


class TapFiles:
    """A folder for one benchmark's tap config, catalog, state and output files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.env = child_env(folder / "bytecode")
        self._count = 0

    def write(self, name: str, content: dict[str, Any]) -> Path:
        """Write `content` as JSON to a new file of the folder and return its path."""
        self._count += 1
        path = self.folder / f"{self._count:03d}-{name}.json"
        path.write_text(json.dumps(content))
        return path

    def output(self, name: str) -> Path:
        """Return a new path for a run's standard output."""
        self._count += 1
        return self.folder / f"{self._count:03d}-{name}.jsonl"


def tap_config(api_url: str, **settings: Any) -> dict[str, Any]:
    """Return tap settings signed in to the sandbox's demo account.

    The sandbox has no daily quota to protect, so the tap's default
    `max_requests` is lifted for runs of a hundred pages and more.
    """
    config: dict[str, Any] = {
        "api_url": api_url,
        "username": DEMO_EMAIL,
        "password": DEMO_PASSWORD,
        "max_requests": 1_000_000,
    }
    config.update(settings)
    return config


def tap_command(
    config: Path,
    catalog: Path | None = None,
    state: Path | None = None,
    *extra: str,
    python_options: tuple[str, ...] = (),
) -> list[str]:
    """Return the command line of `python -m tap_brightmetrics`."""
    command = [sys.executable, *python_options, "-m", "tap_brightmetrics"]
    command += ["--config", str(config)]
    if catalog is not None:
        command += ["--catalog", str(catalog)]
    if state is not None:
        command += ["--state", str(state)]
    return command + list(extra)


def child_env(bytecode_cache: Path) -> dict[str, str]:
    """Return the environment for measured processes, with a bytecode cache.

    With PYTHONDONTWRITEBYTECODE set, as on some development machines, every
    process would compile each module it imports again (about 0.7 s for the
    tap), a cost an installed package does not have. PYTHONPYCACHEPREFIX
    keeps the bytecode in the benchmark's own folder instead of the source
    tree. TAP_BRIGHTMETRICS_* settings are left out.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TAP_BRIGHTMETRICS_") and key != "PYTHONDONTWRITEBYTECODE"
    }
    env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    return env


def discover(files: TapFiles, api_url: str) -> tuple[dict[str, Any], ChildRun]:
    """Run discovery and return the catalog and the run."""
    config = files.write("discover-config", tap_config(api_url))
    output = files.output("catalog")
    run = run_child(
        tap_command(config, None, None, "--discover"),
        stdout_path=output,
        env=files.env,
    ).check("discovery")
    return json.loads(output.read_text()), run


def select(catalog: dict[str, Any], *titles: str) -> dict[str, Any]:
    """Return a copy of `catalog` with the reports of these titles selected.

    No titles selects every stream.
    """
    selected = copy.deepcopy(catalog)
    for entry in selected["streams"]:
        for item in entry["metadata"]:
            if not item["breadcrumb"]:
                title = item["metadata"].get("brightmetrics-title")
                item["metadata"]["selected"] = not titles or title in titles
    return selected


def last_state(output: Path) -> dict[str, Any]:
    """Return the value of the last STATE message a run wrote, or {}."""
    state: dict[str, Any] = {}
    with output.open(encoding="utf-8") as lines:
        for line in lines:
            message = json.loads(line)
            if message.get("type") == "STATE":
                state = message["value"]
    return state


def report_id(catalog: dict[str, Any], title: str) -> str:
    """Return the report id the catalog keeps for the report of this title."""
    for entry in catalog["streams"]:
        for item in entry["metadata"]:
            metadata = item["metadata"]
            if not item["breadcrumb"] and metadata.get("brightmetrics-title") == title:
                return str(metadata["brightmetrics-report-id"])
    raise KeyError(title)
