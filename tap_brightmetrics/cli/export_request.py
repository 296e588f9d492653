"""The export's request: report URL, `$filter`, time zone, format and async choice."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tap_brightmetrics.cli.errors import CommandError
from tap_brightmetrics.cli.formats import VIA_QUERY, ExportFormat
from tap_brightmetrics.cli.report_ref import METADATA_LABEL
from tap_brightmetrics.client import ODataClient
from tap_brightmetrics.config import parse_datetime_setting
from tap_brightmetrics.discovery import fetch_filter_properties, report_url
from tap_brightmetrics.errors import ConfigurationError
from tap_brightmetrics.odata.filters import (
    Condition,
    build_filter,
    date_range_conditions,
    validate_conditions,
)
from tap_brightmetrics.odata.query import with_query
from tap_brightmetrics.reports import Report

DateWindow = tuple[datetime.datetime, datetime.datetime]


@dataclass(frozen=True)
class ExportRequest:
    """Everything the data request needs, checked before it is sent."""

    url: str
    accept: str
    use_async: bool


def _is_date_only(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def date_window(start: str | None, end: str | None) -> DateWindow | None:
    """Parse --start and --end, with --end defaulting to now. None without --start.

    Raises:
        CommandError: --end is given without --start.
        ConfigurationError: a value is not ISO 8601, or --end is before --start.
    """
    if start is None:
        if end is not None:
            raise CommandError("--end needs --start. Give both, or neither.")
        return None
    lower = parse_datetime_setting("--start", start)
    if end is None:
        upper = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    elif _is_date_only(end):
        # A whole day: --end 2026-11-07 means through 23:59:59 of that day.
        upper = parse_datetime_setting("--end", end) + datetime.timedelta(
            days=1, seconds=-1
        )
    else:
        upper = parse_datetime_setting("--end", end)
    if upper < lower:
        msg = f"--end {end!r} is before --start {start!r}. Swap them."
        raise ConfigurationError(msg)
    return lower, upper


def _date_conditions(
    report: Report,
    date_property: str,
    window: DateWindow,
    conditions: list[Condition],
    properties: Mapping[str, str],
) -> list[Condition]:
    if date_property not in properties:
        names = ", ".join(sorted(properties)) or "none"
        msg = (
            f"--start and --end bound {date_property}, which is not a filter of "
            f"report '{report.title}' (its filters: {names}). Choose one with "
            "--date-filter, or leave --start and --end out."
        )
        raise CommandError(msg)
    if any(condition.property == date_property for condition in conditions):
        msg = (
            f"--filter sets {date_property}, which --start and --end bound too. "
            "Use either --filter or --start and --end for it."
        )
        raise CommandError(msg)
    return date_range_conditions(date_property, *window)


def filter_text(
    client: ODataClient,
    report: Report,
    conditions: list[Condition],
    window: DateWindow | None,
    date_property: str,
) -> str:
    """Check the conditions against the report's `$metadata` and return `$filter`.

    Sends one request, for `<report>/$metadata`, when there is anything to
    filter, and none otherwise.

    Raises:
        FilterError: as `validate_conditions` does, with the tap's messages.
        CommandError: --start and --end cannot bound `date_property`.
    """
    if not conditions and window is None:
        return ""
    properties = fetch_filter_properties(client, report, label=METADATA_LABEL)
    every = list(conditions)
    if window is not None:
        every += _date_conditions(report, date_property, window, every, properties)
    validate_conditions(report.title, every, properties, date_property=None)
    return build_filter(every, properties)


def wants_async(settings: Mapping[str, Any], window: DateWindow | None) -> bool:
    """Apply the async_export setting: true, false, or auto for long date ranges."""
    mode = str(settings.get("async_export", "false")).lower()
    if mode == "auto":
        threshold = datetime.timedelta(days=settings.get("async_threshold_days", 7))
        return window is not None and window[1] - window[0] > threshold
    return mode == "true"


def build_request(
    api_url: str,
    report: Report,
    export_format: ExportFormat,
    *,
    via: str,
    filter_value: str,
    timezone: str | None,
    settings: Mapping[str, Any],
    use_async: bool,
) -> ExportRequest:
    """Return the data request: its URL with query options, and its Accept header."""
    params: list[tuple[str, str]] = []
    if filter_value:
        params.append(("$filter", filter_value))
    if timezone:
        # The vendor page leaves the parameter's name out; the tap's
        # timezone_parameter setting names it, "timezone" by default.
        params.append((settings.get("timezone_parameter") or "timezone", timezone))
    accept = export_format.media_type
    if via == VIA_QUERY:
        params.append(("$format", export_format.format_option))
        accept = "*/*"
    url = with_query(report_url(api_url, report.id), params)
    return ExportRequest(url=url, accept=accept, use_async=use_async)
