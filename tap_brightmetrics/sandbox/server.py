"""The Sandbox: an in-process Brightmetrics-compatible OData server."""

from __future__ import annotations

import datetime
import threading
import typing

from tap_brightmetrics.sandbox import reports, timezones
from tap_brightmetrics.sandbox.config import SandboxConfig
from tap_brightmetrics.sandbox.faults import Faults
from tap_brightmetrics.sandbox.filters import FilterSet, TimeRange, compile_filter
from tap_brightmetrics.sandbox.handler import SandboxHTTPServer
from tap_brightmetrics.sandbox.query import ReportRequest
from tap_brightmetrics.sandbox.reports import Report
from tap_brightmetrics.sandbox.state import SandboxState
from tap_brightmetrics.sandbox.writers import json_encoder

Moment = datetime.datetime | datetime.date


class Sandbox:
    """A Brightmetrics OData server that serves generated data in a thread.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(
        self, config: SandboxConfig | None = None, faults: Faults | None = None
    ) -> None:
        self.config = config or SandboxConfig()
        self.state = SandboxState(self.config, faults)
        self._server: SandboxHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Sandbox:
        """Bind the socket and serve in a daemon thread."""
        if self._server is not None:
            return self
        server = SandboxHTTPServer((self.config.host, self.config.port), self.state)
        host, port = server.server_address[:2]
        if isinstance(host, bytes):
            host = host.decode()
        if ":" in host:
            host = f"[{host}]"
        self.state.origin = f"http://{host}:{port}"
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"brightmetrics-sandbox-{port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        server, thread = self._server, self._thread
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        """Origin of the server, "http://host:port"."""
        return self.state.origin

    @property
    def url(self) -> str:
        """The OData service root URL, origin + "/OData.ashx"."""
        return self.state.root_url

    @property
    def faults(self) -> Faults:
        """The live fault switches; change them at any time."""
        return self.state.faults

    @property
    def request_log(self) -> list[dict[str, typing.Any]]:
        """A copy of the log of OData requests (no secrets, no admin calls)."""
        return self.state.log_snapshot()

    @property
    def quota_used(self) -> int:
        """Requests counted in the current 24-hour window."""
        return self.state.quota.used

    def reset_quota(self) -> None:
        """Forget counted requests."""
        self.state.quota.reset()

    def reset(self) -> None:
        """Clear the request log, quota, faults and asynchronous jobs."""
        self.state.reset()

    @property
    def reports(self) -> list[Report]:
        """The saved reports, as listed in the service document."""
        return list(reports.REPORTS)

    def report(self, key: str) -> Report:
        """Return a report by GUID, entity set name or title.

        Raises:
            KeyError: No report matches.
        """
        found = reports.find_report(key)
        if found is None:
            found = next((r for r in reports.REPORTS if r.title == key), None)
        if found is None:
            raise KeyError(key)
        return found

    @property
    def data_range(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Start and (exclusive) end of the generated data, in UTC."""
        return self.state.engine.data_start, self.state.engine.data_end

    def rows(
        self,
        report_id: str,
        start: Moment | None = None,
        end: Moment | None = None,
        timezone: str | None = None,
        filters: str | typing.Mapping[str, str | typing.Sequence[str]] | None = None,
    ) -> list[dict[str, typing.Any]]:
        """Return the rows the server sends for a request, in their JSON form.

        Args:
            report_id: Report GUID, entity set name or title.
            start: Inclusive lower bound of Call_Date_Time (a date means its
                UTC midnight; a naive datetime is UTC).
            end: Exclusive upper bound of Call_Date_Time.
            timezone: Windows time zone name, as the ``timezone`` parameter.
            filters: A $filter expression, or a mapping of filter names to a
                value (eq) or a list of values (in).

        Detail reports return the rows of all pages. Without start, end or a
        Call_Date_Time condition, the report's default range applies.

        Raises:
            ValueError: Invalid filters, time zone, or both start/end and a
                Call_Date_Time condition.
        """
        report = self.report(report_id)
        filter_set = self._filter_set(report, filters, start, end)
        zone_name = "UTC"
        if timezone is not None and self.config.timezone_aware:
            canonical = timezones.canonical_windows_name(timezone)
            if canonical is None:
                raise ValueError(f"unknown timezone {timezone!r}")
            zone_name = canonical
        zone = timezones.zone_for(zone_name)
        request = ReportRequest(report, filter_set, zone)
        encode = json_encoder(report.columns, zone)
        return [encode(row) for row in self.state.engine.all_rows(request)]

    def _filter_set(
        self,
        report: Report,
        filters: str | typing.Mapping[str, str | typing.Sequence[str]] | None,
        start: Moment | None,
        end: Moment | None,
    ) -> FilterSet:
        text = (
            filters
            if isinstance(filters, str) or filters is None
            else _filter_text(filters)
        )
        try:
            filter_set = compile_filter(text, report.filters, report.title)
        except Exception as error:
            raise ValueError(str(error)) from None
        if start is None and end is None:
            return filter_set
        if filter_set.time_range != TimeRange():
            raise ValueError("give start/end or a Call_Date_Time condition, not both")
        time_range = TimeRange(_instant(start), True, _instant(end), False)
        return FilterSet(text, time_range, filter_set.conditions)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _filter_text(filters: typing.Mapping[str, str | typing.Sequence[str]]) -> str:
    parts = []
    for name, value in filters.items():
        if isinstance(value, str):
            parts.append(f"{name} eq {_quote(value)}")
        else:
            parts.append(f"{name} in ({', '.join(_quote(v) for v in value)})")
    return " and ".join(parts)


def _instant(value: Moment | None) -> datetime.datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value
