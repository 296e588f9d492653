"""The OData endpoints: service document, $metadata, report data, job status."""

from __future__ import annotations

import datetime
import typing
import urllib.parse

from tap_brightmetrics.sandbox import formats, metadata, reports, timezones, tokens
from tap_brightmetrics.sandbox.errors import ODataError, bad_request
from tap_brightmetrics.sandbox.filters import compile_filter
from tap_brightmetrics.sandbox.jobs import MOVED_STATUS_PATH, STATUS_PATH, Job
from tap_brightmetrics.sandbox.pdf import write_pdf
from tap_brightmetrics.sandbox.query import ReportRequest, Window
from tap_brightmetrics.sandbox.reports import Report
from tap_brightmetrics.sandbox.responses import (
    ODATA_VERSION,
    Response,
    error_response,
    json_response,
)
from tap_brightmetrics.sandbox.state import SandboxState
from tap_brightmetrics.sandbox.writers import Sink, write_csv, write_json_collection
from tap_brightmetrics.sandbox.xlsx import write_xlsx

SUPPORTED_OPTIONS = frozenset({"$filter", "$format", "$skiptoken"})
ASYNC_CONTENT_TYPE = "application/json; odata.metadata=minimal; odata.streaming=true"
XML_CONTENT_TYPE = "application/xml; charset=utf-8"


class Headers(typing.Protocol):
    """Request headers with case-insensitive lookup, like email.message.Message."""

    def get(self, name: str, /) -> str | None:
        """Return a header value or None."""


def _not_found(path: str) -> ODataError:
    return ODataError(
        404,
        "NotFound",
        f"No report or resource at {path}. Report URLs are the service root "
        "followed by the report GUID listed in the service document.",
    )


class ODataService:
    """Serves authenticated GET requests below the service root."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def handle(
        self, path: str, query: list[tuple[str, str]], headers: Headers
    ) -> Response:
        """Return the response to a GET below the root, errors as OData errors."""
        try:
            return self._route(path, query, headers)
        except ODataError as error:
            return error_response(error)

    def _route(
        self, path: str, query: list[tuple[str, str]], headers: Headers
    ) -> Response:
        rest = path[len("/OData.ashx") :].strip("/")
        parts = rest.split("/") if rest else []
        if not parts:
            names = self._control_names()
            return json_response(
                200, metadata.service_document(self.state.root_url, names[0])
            )
        if parts == ["$metadata"]:
            return _xml(metadata.service_metadata())
        if len(parts) == 2 and parts[0] in (STATUS_PATH, MOVED_STATUS_PATH):
            return self._job_status(parts[0], parts[1], path)
        report = reports.find_report(parts[0])
        if report is None or len(parts) > 2:
            raise _not_found(path)
        if len(parts) == 2:
            if parts[1] != "$metadata":
                raise _not_found(path)
            return _xml(metadata.filter_metadata(report))
        return self._report_data(report, query, headers)

    def _control_names(self) -> tuple[str, str]:
        if self.state.faults.odata_401_names:
            return "@context", "@nextLink"
        return "@odata.context", "@odata.nextLink"

    # Report data -----------------------------------------------------------

    def _report_data(
        self,
        report: Report,
        query: list[tuple[str, str]],
        headers: Headers,
    ) -> Response:
        options = _query_options(query)
        if "$skiptoken" in options:
            return self._next_page(report, options)
        zone_name = self._zone_name(options.get("timezone"))
        if "$format" in options:
            export_format = formats.from_format_option(options["$format"])
        else:
            export_format = formats.from_accept(headers.get("Accept"))
        filters = compile_filter(options.get("$filter"), report.filters, report.title)
        request = ReportRequest(report, filters, timezones.zone_for(zone_name))
        spec = {
            "r": report.id,
            "f": options.get("$filter"),
            "z": zone_name,
            "fmt": export_format.token,
        }
        if _prefers_async(headers.get("Prefer")):
            return self._start_job(spec)
        if report.kind == reports.DETAIL and export_format == formats.JSON:
            window = self.state.engine.window(filters.time_range)
            spec.update(_window_fields(window))
            return self._page(request, spec, window, 0)
        return self._whole_result(request, export_format)

    def _zone_name(self, requested: str | None) -> str:
        if requested is None or not self.state.config.timezone_aware:
            return "UTC"
        name = timezones.canonical_windows_name(requested)
        if name is None:
            raise bad_request(
                "InvalidTimezone",
                f"Unknown timezone {requested!r}. Use a Windows time zone name such "
                "as 'Pacific Standard Time', 'Eastern Standard Time' or 'UTC'.",
                "timezone",
            )
        return name

    def _next_page(self, report: Report, options: dict[str, str]) -> Response:
        extra = sorted(set(options) - {"$skiptoken"})
        if extra:
            raise bad_request(
                "InvalidSkipToken",
                f"A request with $skiptoken must not add {', '.join(extra)}: send "
                "the nextLink exactly as received, because the token carries the "
                "filter, time zone and format.",
                extra[0],
            )
        if self.state.faults.expired_tokens:
            raise bad_request(
                "ExpiredSkipToken",
                "The $skiptoken has expired. Restart the query without $skiptoken.",
                "$skiptoken",
            )
        spec = tokens.decode_token(options["$skiptoken"], self.state.token_key)
        if spec.get("r") != report.id:
            raise bad_request(
                "InvalidSkipToken",
                "The $skiptoken belongs to another report; follow each nextLink "
                "on the report that returned it.",
                "$skiptoken",
            )
        filters = compile_filter(spec["f"], report.filters, report.title)
        request = ReportRequest(report, filters, timezones.zone_for(spec["z"]))
        window = Window(
            datetime.datetime.fromisoformat(spec["lo"]),
            spec["loi"],
            datetime.datetime.fromisoformat(spec["hi"]),
            spec["hii"],
        )
        return self._page(request, spec, window, spec["p"])

    def _page(
        self,
        request: ReportRequest,
        spec: dict[str, typing.Any],
        window: Window,
        index: int,
    ) -> Response:
        pages = self.state.engine.pages(window)
        if index >= len(pages):
            raise bad_request(
                "InvalidSkipToken",
                "The $skiptoken points past the last page.",
                "$skiptoken",
            )
        context_key, next_key = self._control_names()
        context_url = f"{self.state.root_url}/$metadata#{request.report.name}"
        tail = {}
        if index + 1 < len(pages):
            target = (
                index
                if (index == 1 and self.state.faults.next_link_loop)
                else index + 1
            )
            tail[next_key] = self._next_link(request.report, {**spec, "p": target})
        rows = self.state.engine.detail_rows(request, pages[index])
        head = {context_key: context_url}

        def stream(sink: Sink) -> None:
            write_json_collection(
                sink,
                request.report.columns,
                rows,
                zone=request.zone,
                head=head,
                tail=tail,
            )

        return _data_response(formats.JSON, request.report, stream, context_url)

    def _next_link(self, report: Report, spec: dict[str, typing.Any]) -> str:
        token = tokens.encode_token(spec, self.state.token_key)
        relative = f"{report.id}?$skiptoken={urllib.parse.quote(token, safe='')}"
        if self.state.faults.relative_next_links:
            return relative
        return f"{self.state.link_origin()}/OData.ashx/{relative}"

    def _whole_result(
        self, request: ReportRequest, export_format: formats.ExportFormat
    ) -> Response:
        report = request.report
        engine = self.state.engine
        rows = engine.all_rows(request)
        columns = report.columns
        zone = request.zone
        context_url = f"{self.state.root_url}/$metadata#{report.name}"

        def stream(sink: Sink) -> None:
            if export_format.kind == "json":
                head = {self._control_names()[0]: context_url}
                write_json_collection(
                    sink, columns, rows, zone=zone, head=head, tail={}
                )
            elif export_format.kind == "csv":
                write_csv(
                    sink,
                    columns,
                    rows,
                    zone,
                    formatted=export_format.variant == "formatted",
                )
            elif export_format.kind == "xlsx":
                write_xlsx(sink, report.title, columns, rows, zone)
            else:
                subtitle = self._subtitle(request)
                landscape = export_format.variant == "landscape"
                write_pdf(
                    sink,
                    report.title,
                    subtitle=subtitle,
                    columns=columns,
                    rows=rows,
                    zone=zone,
                    landscape=landscape,
                )

        return _data_response(export_format, report, stream, context_url)

    def _subtitle(self, request: ReportRequest) -> str:
        if not request.report.dated:
            return "All agents"
        window = self.state.engine.window(request.filters.time_range)
        start = window.start.astimezone(request.zone).strftime("%Y-%m-%d %H:%M")
        end = window.end.astimezone(request.zone).strftime("%Y-%m-%d %H:%M")
        return f"Call Date/Time {start} to {end}"

    # Asynchronous export ---------------------------------------------------

    def _status_url(self, kind: str, job_id: str) -> str:
        return f"{self.state.link_origin()}/OData.ashx/{kind}/{job_id}"

    def _accepted(self, status_url: str, *, applied: bool = False) -> Response:
        headers = [
            ("Location", status_url),
            ("Retry-After", str(self.state.config.async_retry_after)),
        ]
        if applied:
            headers.append(("Preference-Applied", "respond-async"))
        return json_response(
            202, {"statusUrl": status_url}, headers, content_type=ASYNC_CONTENT_TYPE
        )

    def _start_job(self, spec: dict[str, typing.Any]) -> Response:
        job = self.state.jobs.create(spec)
        return self._accepted(self._status_url(STATUS_PATH, job.id), applied=True)

    def _job_status(self, kind: str, job_id: str, path: str) -> Response:
        job = self.state.jobs.find(kind, job_id)
        if job is None:
            raise _not_found(path)
        faults = self.state.faults
        config = self.state.config
        if faults.async_expire or job.age() > config.async_expiry_seconds:
            raise ODataError(
                404,
                "AsyncJobExpired",
                "The status URL has expired: results are kept for "
                f"{config.async_expiry_seconds:g} seconds. Request the export again.",
            )
        if faults.async_fail:
            raise ODataError(
                500,
                "AsyncJobFailed",
                f"The export job {job.id} failed. Request it again.",
            )
        if faults.async_move_location and job.moved_id is None:
            moved_id = self.state.jobs.move(job)
            return self._accepted(self._status_url(MOVED_STATUS_PATH, moved_id))
        if job.age() < config.async_seconds:
            return self._accepted(self._status_url(kind, job_id))
        return self._job_result(job)

    def _job_result(self, job: Job) -> Response:
        spec = job.request
        report = reports.find_report(spec["r"])
        assert report is not None
        filters = compile_filter(spec["f"], report.filters, report.title)
        request = ReportRequest(report, filters, timezones.zone_for(spec["z"]))
        return self._whole_result(request, formats.from_token(spec["fmt"]))


def _xml(text: str) -> Response:
    return Response(
        200, [("Content-Type", XML_CONTENT_TYPE), ODATA_VERSION], text.encode()
    )


def _data_response(
    export_format: formats.ExportFormat,
    report: Report,
    stream: typing.Callable[[Sink], typing.Any],
    context_url: str,
) -> Response:
    headers = [("Content-Type", export_format.content_type), ODATA_VERSION]
    if export_format.kind != "json":
        filename = report.title.replace("/", "-") + "." + export_format.extension
        quoted = urllib.parse.quote(filename)
        headers.append(
            (
                "Content-Disposition",
                f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quoted}",
            )
        )
    return Response(200, headers, stream=stream, data=True, context_url=context_url)


def _window_fields(window: Window) -> dict[str, typing.Any]:
    return {
        "lo": window.start.isoformat(),
        "loi": window.start_inclusive,
        "hi": window.end.isoformat(),
        "hii": window.end_inclusive,
        "p": 0,
    }


def _query_options(query: list[tuple[str, str]]) -> dict[str, str]:
    options: dict[str, str] = {}
    for name, value in query:
        if name.startswith("$") and name not in SUPPORTED_OPTIONS:
            raise bad_request(
                "UnsupportedQueryOption",
                f"The query option {name} is not supported; reports accept "
                "$filter, $format, $skiptoken and timezone.",
                name,
            )
        if name in options and (name.startswith("$") or name == "timezone"):
            raise bad_request(
                "DuplicateQueryOption",
                f"The query option {name} appears more than once.",
                name,
            )
        options[name] = value
    return options


def _prefers_async(header: str | None) -> bool:
    if not header:
        return False
    preferences = (item.split(";")[0].strip().lower() for item in header.split(","))
    return "respond-async" in preferences
