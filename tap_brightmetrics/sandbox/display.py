"""Human formatting of values, as the web UI shows them (formatted CSV, PDF)."""

from __future__ import annotations

import datetime
import decimal
import math
import typing

from tap_brightmetrics.sandbox import edm
from tap_brightmetrics.sandbox.edm import Column


def clock(seconds: float) -> str:
    """Return seconds as h:mm:ss, rounded to the second."""
    whole = round(seconds)
    sign = "-" if whole < 0 else ""
    minutes, secs = divmod(abs(whole), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}"


def _us_date(value: datetime.date) -> str:
    return f"{value.month}/{value.day}/{value.year}"


def _us_date_time(value: datetime.datetime, zone: datetime.tzinfo) -> str:
    local = value.astimezone(zone)
    hour = local.hour % 12 or 12
    half = "AM" if local.hour < 12 else "PM"
    return f"{_us_date(local)} {hour}:{local.minute:02d}:{local.second:02d} {half}"


def _double(column: Column, value: float) -> str:
    if math.isnan(value):
        return "-"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if column.display == "seconds":
        return clock(value)
    if column.display == "percent":
        return f"{value:.1f}%"
    return f"{value:,.2f}"


def _decimal(column: Column, value: decimal.Decimal) -> str:
    amount = f"{value:,.2f}"
    return f"${amount}" if column.display == "currency" else amount


_FORMATTERS: dict[str, typing.Callable[[Column, typing.Any, datetime.tzinfo], str]] = {
    edm.DATE_TIME_OFFSET: lambda column, value, zone: _us_date_time(value, zone),
    edm.DATE: lambda column, value, zone: _us_date(value),
    edm.DOUBLE: lambda column, value, zone: _double(column, value),
    edm.DURATION: lambda column, value, zone: clock(value.total_seconds()),
    edm.BOOLEAN: lambda column, value, zone: "Yes" if value else "No",
    edm.DECIMAL: lambda column, value, zone: _decimal(column, value),
    edm.INT32: lambda column, value, zone: f"{value:,}",
}


def display_value(column: Column, value: typing.Any, zone: datetime.tzinfo) -> str:
    """Return a typed value as the UI shows it; null is the empty string.

    Int64 values (ids) print without thousands separators.
    """
    if value is None:
        return ""
    formatter = _FORMATTERS.get(column.edm_type)
    return str(value) if formatter is None else formatter(column, value, zone)
