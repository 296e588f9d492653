"""The tap piped into a real Singer target, and run by Meltano itself."""

from __future__ import annotations

import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tap_brightmetrics.sandbox import DEMO_PASSWORD
from tests.tapruns import only, sandbox_config

ROOT = Path(__file__).resolve().parents[2]
START = datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)
# The tap's window includes its end second, the sandbox's ground truth does not.
END = datetime.datetime(2026, 11, 30, 0, 0, 1, tzinfo=datetime.timezone.utc)


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_tap_into_target_csv(sandbox, tmp_path, catalog):
    detail = next(r for r in sandbox.reports if r.kind == "detail")
    roster = next(r for r in sandbox.reports if r.kind == "roster")
    config_file = tmp_path / "tap.json"
    config_file.write_text(json.dumps(sandbox_config(sandbox)))
    catalog_file = tmp_path / "catalog.json"
    catalog_file.write_text(json.dumps(only(catalog, detail.name, roster.name)))
    output = tmp_path / "out"
    target_file = tmp_path / "target.json"
    target_file.write_text(json.dumps({"output_path": str(output)}))

    tap = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tap_brightmetrics",
            "--config",
            str(config_file),
            "--catalog",
            str(catalog_file),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    target = subprocess.run(
        [str(Path(sys.executable).parent / "target-csv"), "--config", str(target_file)],
        stdin=tap.stdout,
        capture_output=True,
        check=False,
        timeout=180,
    )
    assert tap.wait(timeout=60) == 0
    tap.stdout.close()
    assert target.returncode == 0, target.stderr.decode()[-2000:]

    written = csv_rows(output / f"{detail.name}.csv")
    expected = sandbox.rows(detail.id, START, END)
    assert len(written) == len(expected)
    assert {r["Caller_Name"] for r in written} == {
        r["Caller_Name"] or "" for r in expected
    }
    assert len(csv_rows(output / f"{roster.name}.csv")) == len(sandbox.rows(roster.id))


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_meltano_run_lands_every_report(sandbox, tmp_path):
    """`meltano install` and `meltano run` in a copy of this project (needs PyPI)."""
    project = tmp_path / "project"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(".venv", ".meltano", "output", ".git", "*cache*"),
    )
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("TAP_BRIGHTMETRICS_")
    }
    env.update(
        {
            "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
            "TAP_BRIGHTMETRICS_API_URL": sandbox.url,
            "TAP_BRIGHTMETRICS_PASSWORD": DEMO_PASSWORD,
            "TAP_BRIGHTMETRICS_START_DATE": "2026-11-27T00:00:00Z",
            "TAP_BRIGHTMETRICS_END_DATE": "2026-11-30T00:00:00Z",
        }
    )
    meltano = [str(Path(sys.executable).parent / "meltano")]
    for args in (["install"], ["run", "tap-brightmetrics", "target-csv"]):
        done = subprocess.run(
            meltano + args,
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=800,
        )
        assert done.returncode == 0, done.stderr[-3000:]

    for report in sandbox.reports:
        assert list((project / "output").glob(f"{report.name}-*.csv")), report.title
    detail = next(r for r in sandbox.reports if r.kind == "detail")
    (detail_file,) = (project / "output").glob(f"{detail.name}-*.csv")
    written = csv_rows(detail_file)
    assert len(written) == len(
        sandbox.rows(
            detail.id,
            datetime.datetime(2026, 11, 27, tzinfo=datetime.timezone.utc),
            END,
        )
    )

    state = subprocess.run(
        meltano + ["state", "get", "sandbox:tap-brightmetrics-to-target-csv"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    bookmarks = json.loads(state.stdout)["singer_state"]["bookmarks"]
    assert bookmarks[detail.name]["replication_key_value"] == "2026-11-30T00:00:01Z"
