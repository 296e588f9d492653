"""Summary intervals: calendar hours, days, weeks or months that never overlap.

The API accepts only a ge/le pair on the date filter, so an interval
[start, next start) is requested as `ge start and le next start - 1 s`.
Boundaries fall on the calendar of the configured timezone, so a "day" is the
user's local day. Every instant here is timezone-aware and stored in UTC.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

INTERVALS = ("hour", "day", "week", "month")
ONE_SECOND = datetime.timedelta(seconds=1)


@dataclass(frozen=True)
class Interval:
    """One summary interval; `end` is the next interval's start (exclusive)."""

    start: datetime.datetime
    end: datetime.datetime

    @property
    def last_second(self) -> datetime.datetime:
        """The inclusive upper bound sent as `le`."""
        return self.end - ONE_SECOND


def floor_to_interval(
    moment: datetime.datetime, unit: str, zone: datetime.tzinfo
) -> datetime.datetime:
    """Return the start of the interval that contains `moment`."""
    local = moment.astimezone(zone)
    if unit == "hour":
        # replace() keeps `fold`, so the repeated hour of a DST change floors
        # to its own start rather than to the first of the two.
        floored = local.replace(minute=0, second=0, microsecond=0)
        return floored.astimezone(datetime.timezone.utc)
    local_midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "week":
        local_midnight -= datetime.timedelta(days=local_midnight.weekday())
    elif unit == "month":
        local_midnight = local_midnight.replace(day=1)
    return _localize(local_midnight.replace(tzinfo=None), zone)


def next_boundary(
    start: datetime.datetime, unit: str, zone: datetime.tzinfo
) -> datetime.datetime:
    """Return the start of the interval after the one beginning at `start`."""
    if unit == "hour":
        return start + datetime.timedelta(hours=1)
    local = start.astimezone(zone).replace(tzinfo=None)
    if unit == "day":
        following = local + datetime.timedelta(days=1)
    elif unit == "week":
        following = local + datetime.timedelta(days=7)
    else:
        year, month = (
            (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
        )
        following = local.replace(year=year, month=month, day=1)
    return _localize(following, zone)


def iter_intervals(
    start: datetime.datetime,
    end: datetime.datetime,
    unit: str,
    zone: datetime.tzinfo | None = None,
) -> Iterator[Interval]:
    """Yield the intervals that overlap [start, end).

    The last interval may end after `end`: it is unfinished, and a later run
    requests it again. An interval starting exactly at `end` is left for the
    next run, which requests it whole.
    """
    zone = zone or datetime.timezone.utc
    current = floor_to_interval(start, unit, zone)
    while current < end:
        following = next_boundary(current, unit, zone)
        yield Interval(current, following)
        current = following


def _localize(
    naive_local: datetime.datetime, zone: datetime.tzinfo
) -> datetime.datetime:
    """Attach a zone to a local wall time and convert to UTC.

    Midnight can fall in a DST gap in a few zones; fold=0 with zoneinfo then
    gives the instant just after the gap, which is still a valid boundary.
    """
    aware = naive_local.replace(tzinfo=zone)
    if isinstance(zone, ZoneInfo):
        aware = aware.replace(fold=0)
    return aware.astimezone(datetime.timezone.utc)
