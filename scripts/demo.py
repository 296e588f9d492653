"""Run the main job end to end: sandbox, tap, target-csv through Meltano.

Starts a sandbox on a free loopback port, runs
`meltano run tap-brightmetrics target-csv` twice (a first sync, then an
incremental one) and prints what landed per report and the requests each
run spent.
"""

from __future__ import annotations

import csv
import datetime
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tap_brightmetrics.sandbox import DEMO_PASSWORD, Sandbox, SandboxConfig

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "output"
DAYS = 7


def meltano(*args: str, env: dict[str, str]) -> None:
    """Run a meltano command in the project, failing loudly."""
    command = [str(Path(sys.executable).parent / "meltano"), *args]
    print("$ meltano " + " ".join(args), flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603


def requests_per_report(sandbox: Sandbox, since: int) -> Counter[str]:
    """Count the sandbox's logged requests from index `since`, per report title."""
    titles = {report.id: report.title for report in sandbox.reports}
    counts: Counter[str] = Counter()
    for entry in sandbox.request_log[since:]:
        segments = entry["path"].split("/")
        report_id = segments[2] if len(segments) > 2 else ""
        counts[titles.get(report_id, "discovery")] += 1
    return counts


def rows_per_report(sandbox: Sandbox) -> Counter[str]:
    """Count the data rows target-csv wrote in all runs, per report title."""
    counts: Counter[str] = Counter()
    for report in sandbox.reports:
        for path in OUTPUT.glob(f"{report.name}-*.csv"):
            with path.open(newline="", encoding="utf-8") as file:
                counts[report.title] += max(0, sum(1 for _ in csv.reader(file)) - 1)
    return counts


def main() -> int:
    """Run the demo and print the summary table."""
    end = datetime.datetime.now(datetime.timezone.utc).date()
    start = end - datetime.timedelta(days=DAYS)
    config = SandboxConfig(days=DAYS, end_date=end, quota=150)
    shutil.rmtree(OUTPUT, ignore_errors=True)
    with Sandbox(config) as sandbox:
        env = dict(os.environ)
        env.update(
            {
                "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
                "TAP_BRIGHTMETRICS_API_URL": sandbox.url,
                "TAP_BRIGHTMETRICS_PASSWORD": DEMO_PASSWORD,
                "TAP_BRIGHTMETRICS_START_DATE": f"{start}T00:00:00Z",
            }
        )
        print(f"Sandbox: {sandbox.url}", flush=True)
        meltano("install", env=env)
        first_start = len(sandbox.request_log)
        meltano("run", "--full-refresh", "tap-brightmetrics", "target-csv", env=env)
        second_start = len(sandbox.request_log)
        meltano("run", "tap-brightmetrics", "target-csv", env=env)
        first = requests_per_report(sandbox, first_start) - requests_per_report(
            sandbox, second_start
        )
        second = requests_per_report(sandbox, second_start)
        rows = rows_per_report(sandbox)
        titles = ["discovery"] + [report.title for report in sandbox.reports]
        print()
        print(f"{'report':<50} {'rows':>7} {'requests 1st':>13} {'requests 2nd':>13}")
        for title in titles:
            landed = "" if title == "discovery" else rows[title]
            print(f"{title:<50} {landed:>7} {first[title]:>13} {second[title]:>13}")
        print(
            f"{'total':<50} {sum(rows.values()):>7} {sum(first.values()):>13} "
            f"{sum(second.values()):>13}"
        )
        print(
            f"\nCSV files are in {OUTPUT.relative_to(ROOT)}/; quota used "
            f"{sandbox.quota_used} of {config.quota}."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
