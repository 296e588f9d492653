"""The `export` command: one report, one format, one file."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click
import requests

from tap_brightmetrics.async_export import AsyncExport
from tap_brightmetrics.cli.download import (
    JsonRowsWriter,
    OutputFile,
    copy_body,
    with_retries,
    write_pages,
    write_result_rows,
)
from tap_brightmetrics.cli.errors import EXIT_FAILURE, CommandError
from tap_brightmetrics.cli.export_request import (
    ExportRequest,
    build_request,
    date_window,
    filter_text,
    wants_async,
)
from tap_brightmetrics.cli.filter_options import filter_spec
from tap_brightmetrics.cli.formats import FORMATS, VIA_ACCEPT, VIA_QUERY, ExportFormat
from tap_brightmetrics.cli.progress import Progress
from tap_brightmetrics.cli.report_ref import resolve_report
from tap_brightmetrics.cli.run import Run, api_command
from tap_brightmetrics.client import ODataClient
from tap_brightmetrics.odata.filters import parse_conditions

FILTER_HELP = (
    "Report filter, repeatable: NAME=VALUE, NAME!=VALUE, NAME>VALUE, NAME>=VALUE, "
    "NAME<VALUE or NAME<=VALUE. NAME is the label the report shows ('Queue "
    "Name') or its OData name (Queue_Name). Repeat NAME=VALUE to match any of "
    "several values (in); pair >= with <= for a range. Or a JSON object, as one "
    'report\'s entry of the filters setting: \'{"Queue Name": ["Sales"]}\'. '
    "Checked against the report's $metadata before the data request. The "
    "filters setting of the config file is not applied."
)


@contextlib.contextmanager
def _session_accept(client: ODataClient, media_type: str) -> Iterator[None]:
    """Send `media_type` as Accept on every request: the first, polls and nextLinks."""
    previous = client.session.headers.get("Accept", "application/json")
    client.session.headers["Accept"] = media_type
    try:
        yield
    finally:
        client.session.headers["Accept"] = previous


def _download(
    run: Run,
    request: ExportRequest,
    export_format: ExportFormat,
    *,
    file: IO[bytes],
    progress: Progress,
    label: str,
) -> None:
    client = run.client
    export = AsyncExport(
        client, logger=run.logger, timeout=float(run.settings["async_timeout"])
    )

    def attempt() -> None:
        if export_format.is_json:
            writer = JsonRowsWriter(file, progress)
            if request.use_async:
                write_result_rows(export.run(request.url, label=label), writer)
            else:
                write_pages(client, request.url, writer, label=label)
            return
        if request.use_async:
            response = export.run(request.url, label=label)
        else:
            response = client.get(request.url, label=label, stream=True)
        copy_body(response, file, progress, export_format)

    with _session_accept(client, request.accept):
        with_retries(
            attempt,
            client=client,
            file=file,
            progress=progress,
            label=label,
            logger=run.logger,
        )


@click.command("export")
@click.argument("report")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="File to write. The data goes to a temporary file in the same folder, "
    "renamed to FILE only when complete.",
)
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(list(FORMATS)),
    default="json",
    show_default=True,
    help='Export format. json writes one document, {"value": [rows]}, from '
    "every page; csv has raw values, csv-formatted the values as the report "
    "shows them.",
)
@click.option(
    "--format-via",
    type=click.Choice([VIA_ACCEPT, VIA_QUERY]),
    default=VIA_ACCEPT,
    show_default=True,
    help="Ask for the format with the Accept header (accept) or with the "
    "$format query option (query).",
)
@click.option("--filter", "filters", multiple=True, metavar="EXPR", help=FILTER_HELP)
@click.option(
    "--start",
    metavar="DATETIME",
    help="Export from this date-time on, inclusive (ISO 8601, such as 2026-11-01 "
    "or 2026-11-01T08:00:00+01:00; UTC without an offset). Sent as "
    "`<date filter> ge START`. Default: the report's own date range.",
)
@click.option(
    "--end",
    metavar="DATETIME",
    help="Export up to this date-time, inclusive (ISO 8601). A date alone means "
    "the end of that day (UTC). Needs --start. Default with --start: now.",
)
@click.option(
    "--date-filter",
    metavar="PROPERTY",
    help="Filter property that --start and --end bound. Default: the date_filter "
    "setting, else Call_Date_Time.",
)
@click.option(
    "--timezone",
    metavar="NAME",
    help="Windows time zone name, such as 'Pacific Standard Time', sent as the "
    "timezone URL parameter (it only affects Genesys Cloud and MiContact Center "
    "Business data). Default: the timezone setting, else the API's default, UTC.",
)
@click.option(
    "--async/--no-async",
    "use_async",
    default=None,
    help="Request an asynchronous export (Prefer: respond-async), then poll its "
    "status URL as Retry-After asks (1 to 60 s) for up to async_timeout seconds "
    "(default 1800). Default: the async_export setting, which is false; with "
    "auto, only when --start to --end spans more than async_threshold_days.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace FILE if it exists. Default: stop before any request.",
)
@api_command
def export_command(
    run: Run,
    *,
    report: str,
    output: Path,
    format_name: str,
    format_via: str,
    filters: tuple[str, ...],
    start: str | None,
    end: str | None,
    date_filter: str | None,
    timezone: str | None,
    use_async: bool | None,
    force: bool,
) -> None:
    """Export REPORT (an id, stream name or title) to FILE.

    Requests: one for the service document unless REPORT is an id, one for
    the report's $metadata when filtering, then the data: one per JSON page,
    or one export (plus polls with --async). Progress is shown on stderr
    when it is a terminal.

    \b
    Example:
      brightmetrics export "Call Detail" --start 2026-11-01 --end 2026-11-07 \\
        --filter "Queue Name=Sales" --format csv -o calls.csv
    """  # noqa: D301 - click's paragraph marker is the \b (backspace) escape
    destination = OutputFile(output, force=force)
    run.start(timezone=timezone, date_filter=date_filter, async_export=use_async)
    destination.check()
    conditions = parse_conditions(report, filter_spec(filters))
    window = date_window(start, end)

    found = resolve_report(run.client, report)
    value = filter_text(
        run.client, found, conditions, window, run.settings["date_filter"]
    )
    export_format = FORMATS[format_name]
    request = build_request(
        run.config.api_url,
        found,
        export_format,
        via=format_via,
        filter_value=value,
        timezone=run.config.timezone,
        settings=run.settings,
        use_async=wants_async(run.settings, window),
    )
    progress = Progress(f"Exporting {found.title}")
    try:
        with destination.writing() as file:
            _download(
                run,
                request,
                export_format,
                file=file,
                progress=progress,
                label=found.title,
            )
    except OSError as exc:
        if isinstance(exc, requests.RequestException):
            raise
        msg = f"Could not write {output}: {exc.strerror or exc}."
        raise CommandError(msg, exit_code=EXIT_FAILURE) from None
    finally:
        progress.finish()
    click.echo(f"Wrote {progress.describe()} to {output}.", err=True)
