from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

from tap_brightmetrics.intervals import iter_intervals

UTC = datetime.timezone.utc
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def test_days_in_utc_never_overlap():
    intervals = list(iter_intervals(at(2026, 11, 1, 5), at(2026, 11, 3, 12), "day"))
    assert [i.start for i in intervals] == [
        at(2026, 11, 1),
        at(2026, 11, 2),
        at(2026, 11, 3),
    ]
    for first, second in itertools.pairwise(intervals):
        assert first.end == second.start
        assert first.last_second == second.start - datetime.timedelta(seconds=1)


def test_last_interval_may_be_unfinished():
    intervals = list(iter_intervals(at(2026, 11, 1), at(2026, 11, 1, 12), "day"))
    assert len(intervals) == 1
    assert intervals[0].end == at(2026, 11, 2)


def test_local_days_across_dst_end():
    intervals = list(
        iter_intervals(at(2026, 10, 31, 12), at(2026, 11, 2, 12), "day", LOS_ANGELES)
    )
    lengths = [i.end - i.start for i in intervals]
    assert lengths == [
        datetime.timedelta(hours=24),
        datetime.timedelta(hours=25),
        datetime.timedelta(hours=24),
    ]
    assert intervals[1].start == at(2026, 11, 1, 7)


def test_local_days_across_dst_start():
    intervals = list(
        iter_intervals(at(2026, 3, 8, 12), at(2026, 3, 8, 13), "day", LOS_ANGELES)
    )
    assert intervals[0].end - intervals[0].start == datetime.timedelta(hours=23)


def test_weeks_start_on_monday():
    intervals = list(iter_intervals(at(2026, 11, 4), at(2026, 11, 10), "week"))
    assert intervals[0].start == at(2026, 11, 2)
    assert intervals[1].start == at(2026, 11, 9)


def test_months_roll_over_year_end():
    intervals = list(iter_intervals(at(2026, 12, 15), at(2027, 1, 2), "month"))
    assert [i.start for i in intervals] == [at(2026, 12, 1), at(2027, 1, 1)]
    assert intervals[-1].end == at(2027, 2, 1)


def test_hours_in_half_hour_zone():
    kolkata = ZoneInfo("Asia/Kolkata")
    intervals = list(
        iter_intervals(at(2026, 11, 1, 4, 45), at(2026, 11, 1, 5, 40), "hour", kolkata)
    )
    assert intervals[0].start == at(2026, 11, 1, 4, 30)
    assert intervals[-1].start == at(2026, 11, 1, 5, 30)
