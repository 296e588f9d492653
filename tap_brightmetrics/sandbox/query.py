"""Execution of a report request: time range, pages and rows."""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import math

from tap_brightmetrics.sandbox import catalog, reports, rows, summaries
from tap_brightmetrics.sandbox.calls import UTC, Call, CallStore, legs_of
from tap_brightmetrics.sandbox.config import SandboxConfig
from tap_brightmetrics.sandbox.filters import FilterSet, TimeRange
from tap_brightmetrics.sandbox.reports import Report

_SUMMARIZERS = {
    reports.SERVICE_SUMMARY.id: summaries.service_summary,
    reports.AGENT_ACTIVITY_SUMMARY.id: summaries.agent_activity_summary,
    reports.WORKGROUP_SERVICE_LEVEL_SUMMARY.id: summaries.workgroup_summary,
}


@dataclasses.dataclass(frozen=True)
class Window:
    """A concrete Call_Date_Time interval with explicit bound inclusivity."""

    start: datetime.datetime
    start_inclusive: bool
    end: datetime.datetime
    end_inclusive: bool

    def contains(self, moment: datetime.datetime) -> bool:
        """Return whether an instant lies in the window."""
        if moment < self.start or (moment == self.start and not self.start_inclusive):
            return False
        return moment < self.end or (moment == self.end and self.end_inclusive)

    def days(self) -> list[datetime.date]:
        """Return the UTC days that overlap the window."""
        if self.end < self.start:
            return []
        first, last = self.start.date(), self.end.date()
        # An exclusive end at midnight needs nothing of that day.
        at_midnight = self.end == datetime.datetime.combine(last, datetime.time(), UTC)
        if at_midnight and not self.end_inclusive and last > first:
            last -= datetime.timedelta(days=1)
        return [
            first + datetime.timedelta(days=n) for n in range((last - first).days + 1)
        ]


@dataclasses.dataclass(frozen=True)
class ReportRequest:
    """A validated request for one report's rows."""

    report: Report
    filters: FilterSet
    zone: datetime.tzinfo


class Engine:
    """Builds report rows from the generated calls."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.store = CallStore(config.seed, config.calls_per_day)
        end_day = config.resolved_end_date()
        self.data_end = datetime.datetime.combine(end_day, datetime.time(), UTC)
        self.data_start = self.data_end - datetime.timedelta(days=config.days)

    def window(self, time_range: TimeRange) -> Window:
        """Return the interval a request covers.

        Without bounds a report covers its default range, the last
        ``default_range_days`` days of data. A missing lower bound is the start
        of the data, a missing upper bound its end (exclusive).
        """
        if time_range.lower is None and time_range.upper is None:
            days = min(self.config.default_range_days, self.config.days)
            start = self.data_end - datetime.timedelta(days=days)
            return Window(start, True, self.data_end, False)
        start, start_inclusive = self.data_start, True
        end, end_inclusive = self.data_end, False
        if time_range.lower is not None:
            start, start_inclusive = time_range.lower, time_range.lower_inclusive
        if time_range.upper is not None:
            end, end_inclusive = time_range.upper, time_range.upper_inclusive
        return Window(
            start.astimezone(UTC), start_inclusive, end.astimezone(UTC), end_inclusive
        )

    def pages(self, window: Window) -> list[Window]:
        """Split a window into pages of ``page_days`` days, starting at its start."""
        step = datetime.timedelta(days=self.config.page_days)
        span = window.end - window.start
        count = max(1, math.ceil(span / step)) if span > datetime.timedelta(0) else 1
        pages = []
        for index in range(count):
            start = window.start + step * index
            end = min(window.start + step * (index + 1), window.end)
            last = index == count - 1
            pages.append(
                Window(
                    start,
                    window.start_inclusive if index == 0 else True,
                    window.end if last else end,
                    window.end_inclusive if last else False,
                )
            )
        return pages

    def calls(
        self, window: Window, filters: FilterSet
    ) -> collections.abc.Iterator[Call]:
        """Yield the calls of a window that pass the filters, in output order."""
        data_days = range(self.data_start.toordinal(), self.data_end.toordinal())
        for day in window.days():
            if day.toordinal() not in data_days:
                continue
            for call in self.store.day(day):
                if not window.contains(call.start):
                    continue
                if filters.conditions and not filters.matches(
                    rows.call_value_getter(call)
                ):
                    continue
                yield call

    def detail_rows(
        self, request: ReportRequest, window: Window
    ) -> collections.abc.Iterator[rows.Row]:
        """Yield the typed rows of a detail report for one window."""
        filters = request.filters
        for call in self.calls(window, filters):
            if request.report.id == reports.CALL_DETAIL.id:
                yield rows.call_detail_row(call, request.zone)
                continue
            for leg in legs_of(call):
                if filters.conditions and not filters.matches(
                    rows.call_value_getter(call, leg)
                ):
                    continue
                yield rows.party_row(call, leg)

    def summary_rows(self, request: ReportRequest, window: Window) -> list[rows.Row]:
        """Return the rows of a summary report aggregated over a window."""
        summarize = _SUMMARIZERS[request.report.id]
        period = (window.start, window.end)
        return summarize(self.calls(window, request.filters), request.filters, period)

    def roster_rows(self, request: ReportRequest) -> list[rows.Row]:
        """Return the Agent Roster rows that pass the filters."""
        return [
            rows.roster_row(agent, self.data_end)
            for agent in catalog.AGENTS
            if request.filters.matches(rows.agent_value_getter(agent))
        ]

    def page_rows(
        self, request: ReportRequest, page: Window | None
    ) -> collections.abc.Iterator[rows.Row]:
        """Yield the rows of one page; ``page`` is None for summaries and the roster."""
        report = request.report
        if report.kind == reports.DETAIL:
            assert page is not None
            yield from self.detail_rows(request, page)
        elif report.kind == reports.SUMMARY:
            yield from self.summary_rows(
                request, self.window(request.filters.time_range)
            )
        else:
            yield from self.roster_rows(request)

    def all_rows(self, request: ReportRequest) -> collections.abc.Iterator[rows.Row]:
        """Yield every row of a request: all pages of a detail report in order."""
        if request.report.kind != reports.DETAIL:
            yield from self.page_rows(request, None)
            return
        for page in self.pages(self.window(request.filters.time_range)):
            yield from self.detail_rows(request, page)
