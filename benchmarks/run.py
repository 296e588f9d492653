"""Benchmarks of tap-brightmetrics: throughput, memory and requests, as Markdown.

Run `uv run python benchmarks/run.py` (about 6 minutes on 2 cores) or add
`--quick` for a few seconds on tiny data. The tables go to stdout, progress
to stderr. Linux only: it reads /proc/cpuinfo and uses `os.wait4`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import memory
import profile_summary
import report
import request_counts
import throughput
from machine import describe
from sandbox_process import SandboxProcess
from sizes import FULL, QUICK, Sizes
from tap_runs import TapFiles, discover, report_id
from windows import Window


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="tiny data, for a smoke test"
    )
    parser.add_argument(
        "--days",
        type=int,
        help="days of Call Detail for throughput and the large memory run "
        f"(default {FULL.days}; 1 day in 11 has no calls)",
    )
    parser.add_argument(
        "--calls-per-day",
        type=int,
        help="Call Detail rows per day, one page per day "
        f"(default {FULL.calls_per_day:,})",
    )
    parser.add_argument(
        "--small-days",
        type=int,
        help=f"days of the small memory run (default {FULL.small_days})",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        help=f"passes of each client, alternating (default {FULL.rounds})",
    )
    parser.add_argument(
        "--end-to-end-rounds",
        type=int,
        help="passes of each client against the sandbox itself "
        f"(default {FULL.end_to_end_rounds})",
    )
    parser.add_argument(
        "--profile-pages",
        type=int,
        help="pages the profiled tap run reads, 0 for no profile "
        f"(default {FULL.profile_pages})",
    )
    parser.add_argument(
        "--output", type=Path, help="also write the Markdown to this file"
    )
    return parser.parse_args(argv)


def sizes_from(args: argparse.Namespace) -> Sizes:
    base = QUICK if args.quick else FULL
    return Sizes(
        days=args.days or base.days,
        calls_per_day=args.calls_per_day or base.calls_per_day,
        small_days=args.small_days or base.small_days,
        page_sizes=base.page_sizes,
        rounds=args.rounds or base.rounds,
        end_to_end_rounds=args.end_to_end_rounds or base.end_to_end_rounds,
        profile_pages=base.profile_pages
        if args.profile_pages is None
        else args.profile_pages,
        quick=args.quick,
    )


def progress(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sizes_from(args)
    started = time.perf_counter()
    machine = describe()
    with tempfile.TemporaryDirectory(prefix="tap-brightmetrics-benchmark-") as folder:
        files = TapFiles(Path(folder))

        progress("requests: discovery")
        with request_counts.request_sandbox() as sandbox:
            catalog, discovery_requests = request_counts.measure_discovery(
                sandbox, lambda: discover(files, sandbox.url)[0]
            )
            requests_table = request_counts.measure(files, catalog, sandbox, progress)
            requests_table.discovery_used = discovery_requests

        detail_id = report_id(catalog, throughput.CALL_DETAIL)
        full = Window.last_days(sizes.days)
        small = Window.last_days(sizes.small_days)
        progress(
            f"starting the sandbox: {sizes.days} days of {sizes.calls_per_day:,} calls"
        )
        with SandboxProcess(days=sizes.days, calls_per_day=sizes.calls_per_day) as sb:
            clients = throughput.Clients(files, catalog, detail_id, full)
            progress("recording the window for replay (the sandbox's serving rate)")
            with throughput.replay_server(sb.url, detail_id, full) as replay:
                runs = throughput.measure_rounds(
                    clients, replay, rounds=sizes.rounds, progress=progress
                )
                profile = None
                if sizes.profile_pages:
                    progress(f"profiling the tap over {sizes.profile_pages} pages")
                    profile = profile_summary.profile_tap(
                        files, catalog, replay, full, sizes.profile_pages
                    )
            startup = memory.measure_startup(files, sb.url)
            memory_runs = memory.measure(
                files, catalog, sb.url, [small, full], progress
            )
            paged = max(
                (r for r in memory_runs if r.mode == "paged"), key=lambda r: r.rows
            )
            end_to_end = throughput.measure_end_to_end(
                clients,
                sb.url,
                throughput.ClientRun("tap", 1, paged.rows, paged.run),
                rounds=sizes.end_to_end_rounds,
                progress=progress,
            )
        page_size_runs = memory.measure_page_sizes(
            files, catalog, sizes.page_sizes, progress
        )

    elapsed = time.perf_counter() - started
    text = report.render(
        machine=machine,
        sizes=sizes,
        replay=replay,
        runs=runs,
        end_to_end=end_to_end,
        startup=startup,
        memory_runs=memory_runs,
        page_size_runs=page_size_runs,
        requests_table=requests_table,
        profile=profile,
        elapsed=elapsed,
    )
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    progress(f"done in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
