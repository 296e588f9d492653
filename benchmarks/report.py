"""The benchmark results as Markdown sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from machine import load_average
from markdown import number, table
from request_counts import COLUMNS, DISCOVERY_FLOOR, RequestTable
from throughput import ClientRun, Replay, best, median_rate

if TYPE_CHECKING:
    from children import ChildRun
    from memory import MemoryRun
    from profile_summary import Profile
    from sizes import Sizes

THROUGHPUT_GOAL = 0.8
MEMORY_GOAL_MB = 150
FLAT_MB = 10  # growth from the small to the large run still called flat


QUICK_NOTE = (
    " With `--quick` the data is tiny and start-up dominates: these figures "
    "only show that the script works."
)


def render(
    *,
    machine: list[tuple[str, str]],
    sizes: Sizes,
    replay: Replay,
    runs: list[ClientRun],
    end_to_end: list[ClientRun],
    startup: ChildRun,
    memory_runs: list[MemoryRun],
    page_size_runs: list[MemoryRun],
    requests_table: RequestTable,
    profile: Profile | None,
    elapsed: float,
) -> str:
    """Return every section, separated by blank lines."""
    sections = [
        "## Machine\n\n" + table(["Item", "Value"], machine, text_columns=2),
        throughput_section(sizes, replay, runs),
        end_to_end_section(end_to_end),
        memory_section(startup, memory_runs, page_size_runs),
        requests_section(requests_table),
    ]
    if profile is not None:
        sections.append(profile_section(profile))
    sections.append(
        f"Benchmark run time: {elapsed:.0f} s. Load average at the end: "
        f"{load_average()}."
    )
    return "\n\n".join(sections)


def megabytes(mib: float) -> float:
    """Convert MiB (what ru_maxrss gives on Linux, in KiB) to MB."""
    return mib * 1024 * 1024 / 1e6


def throughput_section(sizes: Sizes, replay: Replay, runs: list[ClientRun]) -> str:
    rows = [
        [
            r.round,
            r.client,
            number(r.rows),
            f"{r.run.wall:.1f}",
            number(r.rate),
            f"{r.run.cpu:.1f}",
            f"{r.cpu_us_per_row:.1f}",
            f"{megabytes(r.run.peak_rss_mib):.0f}",
        ]
        for r in runs
    ]
    tap, raw = best(runs, "tap"), best(runs, "raw")
    tap_cpu = min(r.cpu_us_per_row for r in runs if r.client == "tap")
    raw_cpu = min(r.cpu_us_per_row for r in runs if r.client == "raw")
    summary = [
        [
            "Best pass, rows/s",
            number(tap.rate),
            number(raw.rate),
            f"{tap.rate / raw.rate:.2f}",
        ],
        [
            "Median pass, rows/s",
            number(median_rate(runs, "tap")),
            number(median_rate(runs, "raw")),
            f"{median_rate(runs, 'tap') / median_rate(runs, 'raw'):.2f}",
        ],
        [
            "Lowest CPU µs per row",
            f"{tap_cpu:.1f}",
            f"{raw_cpu:.1f}",
            f"{raw_cpu / tap_cpu:.2f}",
        ],
    ]
    ratio = tap.rate / raw.rate
    verdict = "met" if ratio >= THROUGHPUT_GOAL else "missed"
    return "\n\n".join(
        [
            "## 1. Throughput",
            f"{number(replay.rows)} Call Detail rows: {sizes.days} days of "
            f"{number(sizes.calls_per_day)} calls, {replay.pages} pages, "
            f"{replay.bytes / 1e6:,.0f} MB of JSON. The pages are read once from the "
            "sandbox process and then served again from memory by a replay "
            "server, so that both clients are measured rather than the sandbox. "
            f"Each client writes one Singer RECORD line per row to /dev/null; "
            f"they run alternately, {sizes.rounds} passes each.",
            f"Sandbox serving rate: **{number(replay.serving_rate)} rows/s** "
            f"({replay.seconds:.1f} s for the window, read by a client that "
            "parses nothing).",
            table(
                [
                    "Pass",
                    "Client",
                    "Rows",
                    "Wall s",
                    "Rows/s",
                    "CPU s",
                    "CPU µs/row",
                    "Peak RSS MB",
                ],
                rows,
                text_columns=2,
            ),
            table(["", "Tap", "Raw client", "Tap ÷ raw"], summary),
            f"Goal: the tap at {THROUGHPUT_GOAL} of the raw client or better "
            f"(best passes): **{ratio:.2f}, {verdict}**. In the last row the "
            "ratio is raw ÷ tap, so that higher is better there too."
            + QUICK_NOTE
            * sizes.quick,
        ]
    )


def end_to_end_section(runs: list[ClientRun]) -> str:
    rows = [
        [r.round, r.client, number(r.rows), f"{r.run.wall:.1f}", number(r.rate)]
        for r in runs
    ]
    ratio = best(runs, "tap").rate / best(runs, "raw").rate
    return "\n\n".join(
        [
            "Against the sandbox process itself, both clients also wait while the "
            "sandbox builds each page. The tap's first pass is the large paged "
            f"run of section 2. Best passes, tap ÷ raw: **{ratio:.2f}**.",
            table(["Pass", "Client", "Rows", "Wall s", "Rows/s"], rows, text_columns=2),
        ]
    )


def memory_section(
    startup: ChildRun, runs: list[MemoryRun], page_size_runs: list[MemoryRun]
) -> str:
    rows = [
        [
            number(r.rows),
            r.mode,
            f"{megabytes(r.run.peak_rss_mib):.0f}",
            f"{r.run.wall:.1f}",
            number(r.rows / r.run.wall),
            r.requests.split(" ", 1)[0],
        ]
        for r in runs
    ]
    peak = max(megabytes(r.run.peak_rss_mib) for r in runs)
    growth = []
    changes = []
    for mode in dict.fromkeys(r.mode for r in runs):
        sized = sorted((r for r in runs if r.mode == mode), key=lambda r: r.rows)
        low, high = sized[0], sized[-1]
        change = round(megabytes(high.run.peak_rss_mib - low.run.peak_rss_mib))
        changes.append(change)
        sizes = f"{number(low.rows)} to {number(high.rows)} rows"
        growth.append(f"{mode} {change:+d} MB from {sizes}")
    below = "met" if peak < MEMORY_GOAL_MB else "missed"
    flat = "met" if max(changes) <= FLAT_MB else "missed"
    return "\n\n".join(
        [
            "## 2. Memory",
            "Peak RSS of the tap process (`ru_maxrss` from `os.wait4`), syncing "
            "Call Detail from the sandbox process, paged (one page per day) and "
            "with `async_export: true` (the whole window as one export result). "
            "Rows/s here include the sandbox's time, unlike section 1.",
            table(
                ["Rows", "Mode", "Peak RSS MB", "Wall s", "Rows/s", "Requests"],
                rows,
            ),
            f"The tap after imports alone (`--about`): "
            f"{megabytes(startup.peak_rss_mib):.0f} MB. Growth with row count: "
            + "; ".join(growth)
            + ".",
            f"Goal: under {MEMORY_GOAL_MB} MB, highest peak {peak:.0f} MB: "
            f"**{below}**. Flat with row count (growth of at most {FLAT_MB} MB): "
            f"**{flat}**.",
            "Paged, the peak follows the rows of one page, which the server "
            "decides (the sandbox sends a day per page):",
            table(
                ["Page size", "Rows", "Peak RSS MB"],
                [
                    [
                        r.mode,
                        number(r.rows),
                        f"{megabytes(r.run.peak_rss_mib):.0f}",
                    ]
                    for r in page_size_runs
                ],
            ),
        ]
    )


def requests_section(data: RequestTable) -> str:
    headers = ["Report", "Kind"] + [f"{column}: used / floor" for column, _ in COLUMNS]
    rows: list[list[str]] = [
        [
            "Discovery (a run without a catalog)",
            "",
            f"{data.discovery_used} / {DISCOVERY_FLOOR}",
            "",
            "",
            "",
        ]
    ]
    totals = {column: [0, 0] for column, _ in COLUMNS}
    for title, kind in data.reports:
        cells = [title, kind]
        for column, _ in COLUMNS:
            used = data.used[column].by_report.get(title, 0)
            floor = data.floors[column][title]
            totals[column][0] += used
            totals[column][1] += floor
            cells.append(_used_cell(used, floor))
        rows.append(cells)
    stray = {
        column: cost.by_report.get("discovery", 0) for column, cost in data.used.items()
    }
    if any(stray.values()):
        rows.append(
            ["Discovery requests in a sync run", ""]
            + [str(stray[column]) for column, _ in COLUMNS]
        )
        for column, _ in COLUMNS:
            totals[column][0] += stray[column]
    rows.append(
        ["**Total with a catalog**", ""]
        + [_used_cell(*totals[column]) for column, _ in COLUMNS]
    )
    notes = [
        "## 3. Requests",
        "Every sandbox report, synced with a catalog: first 28 days, then the "
        "next day from the state the first run wrote, paged and with "
        "`async_export: true`. Requests are counted from the sandbox request "
        "log. The floor is one request per page the server sends for the "
        "window (walked with plain requests) and one per summary day. An "
        "asynchronous export needs two, the request and one status read. A "
        "summary or roster report also needs one filter `$metadata` read on "
        "its first sync. Asynchronous export applies to detail reports only.",
        table(headers, rows, text_columns=2),
    ]
    if data.mismatches:
        notes.append(
            "The tap's own `Requests used` line disagrees with the sandbox log: "
            + "; ".join(data.mismatches)
        )
    else:
        notes.append("Each run's `Requests used` line agrees with the sandbox log.")
    return "\n\n".join(notes)


def _used_cell(used: int, floor: int) -> str:
    cell = f"{used} / {floor}"
    return f"**{cell}**" if used > floor else cell


def profile_section(profile: Profile) -> str:
    buckets = [
        [name, f"{seconds:.2f}", f"{seconds / profile.total:.0%}"]
        for name, seconds in profile.buckets
    ]
    hottest = [
        [f"`{name}`", number(calls), f"{seconds:.2f}"]
        for name, calls, seconds in profile.hottest
    ]
    return "\n\n".join(
        [
            "## 4. Where the tap's time goes",
            f"cProfile of one tap run over {number(profile.rows)} replayed rows "
            f"(stopped by `max_requests`): {profile.total:.1f} s profiled, "
            f"{profile.run.cpu:.1f} s CPU. cProfile charges every Python call, "
            "so the per-record Python work weighs more here than it does "
            "unprofiled.",
            table(["Where", "Seconds", "Share"], buckets),
            "Functions with the most own time:",
            table(["Function", "Calls", "Own s"], hottest),
        ]
    )
