"""Data sizes of a benchmark run: full, or quick for a smoke test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """Data sizes of one benchmark run.

    Attributes:
        days: Days of Call Detail for throughput and the large memory run.
        calls_per_day: Call Detail rows per day, which is one page each.
        small_days: Days of the small memory run.
        page_sizes: Rows per page of the runs that show memory against page size.
        rounds: Passes of each client in the throughput comparison.
        end_to_end_rounds: Passes of each client against the sandbox itself.
        profile_pages: Pages the profiled tap run reads, or 0 for no profile.
        quick: Whether these are the tiny sizes of `--quick`.
    """

    days: int
    calls_per_day: int
    small_days: int
    page_sizes: tuple[int, ...]
    rounds: int
    end_to_end_rounds: int
    profile_pages: int
    quick: bool = False


# The sandbox has no calls on days whose proleptic ordinal is divisible by
# 11, so 110 days of 10,000 calls are exactly 1,000,000 rows and 11 days
# exactly 100,000.
FULL = Sizes(
    days=110,
    calls_per_day=10_000,
    small_days=11,
    page_sizes=(10_000, 20_000, 40_000),
    rounds=3,
    end_to_end_rounds=2,
    profile_pages=10,
)
QUICK = Sizes(
    days=6,
    calls_per_day=100,
    small_days=2,
    page_sizes=(200,),
    rounds=2,
    end_to_end_rounds=2,
    profile_pages=3,
    quick=True,
)
