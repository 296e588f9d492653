"""Report columns and their OData JSON representation.

Rows are dicts of typed Python values: ``datetime`` (aware) for
Edm.DateTimeOffset, ``date`` for Edm.Date, ``float`` for Edm.Double, ``int``
for Edm.Int32 and Edm.Int64, ``Decimal`` for Edm.Decimal, ``bool``,
``timedelta`` for Edm.Duration, ``str`` and None. The JSON form follows OData
JSON 4.0 with IEEE754Compatible=true: Int64 and Decimal values are strings,
and non-finite doubles are the strings "NaN", "INF" and "-INF".
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import typing

from tap_brightmetrics.sandbox.identifiers import odata_identifier

STRING = "Edm.String"
DATE_TIME_OFFSET = "Edm.DateTimeOffset"
DATE = "Edm.Date"
DOUBLE = "Edm.Double"
INT32 = "Edm.Int32"
INT64 = "Edm.Int64"
DECIMAL = "Edm.Decimal"
BOOLEAN = "Edm.Boolean"
DURATION = "Edm.Duration"

NUMERIC_TYPES = frozenset({DOUBLE, INT32, INT64, DECIMAL})
# Types whose Python values json.dumps already writes in OData JSON form.
JSON_NATIVE_TYPES = frozenset({STRING, INT32, BOOLEAN})


@dataclasses.dataclass(frozen=True)
class Column:
    """One property of a report's entity type.

    Attributes:
        title: Column title in the UI; the property name derives from it.
        edm_type: EDM primitive type name.
        nullable: False when the value is never null (``Nullable="false"``).
        display: Human format for formatted exports: "seconds" (h:mm:ss),
            "percent", "currency" or "" for the type's default.
    """

    title: str
    edm_type: str
    nullable: bool = True
    display: str = ""

    @property
    def name(self) -> str:
        """Property name, derived from the title."""
        return odata_identifier(self.title)


def format_offset_datetime(value: datetime.datetime, zone: datetime.tzinfo) -> str:
    """Return an ISO 8601 timestamp in ``zone`` with "Z" or a +hh:mm offset."""
    local = value.astimezone(zone)
    text = (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d}"
        f"T{local.hour:02d}:{local.minute:02d}:{local.second:02d}"
    )
    if local.microsecond:
        text += f".{local.microsecond:06d}".rstrip("0")
    offset = local.utcoffset() or datetime.timedelta(0)
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def format_duration(value: datetime.timedelta) -> str:
    """Return an OData Edm.Duration literal such as "PT1M30S" or "P1DT2H"."""
    sign = ""
    if value < datetime.timedelta(0):
        sign, value = "-", -value
    days, seconds, micros = value.days, value.seconds, value.microseconds
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    time_part = ""
    if hours:
        time_part += f"{hours}H"
    if minutes:
        time_part += f"{minutes}M"
    if micros:
        time_part += f"{seconds}.{micros:06d}".rstrip("0") + "S"
    elif seconds or not (days or hours or minutes):
        time_part += f"{seconds}S"
    day_part = f"{days}D" if days else ""
    return f"{sign}P{day_part}T{time_part}" if time_part else f"{sign}P{day_part}"


def format_double(value: float) -> float | str:
    """Return a double as OData JSON sends it: a number or NaN/INF/-INF text."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return value


def json_converter(
    edm_type: str, zone: datetime.tzinfo
) -> typing.Callable[[typing.Any], typing.Any]:
    """Return a function that maps a non-null typed value to its JSON form."""
    if edm_type == DATE_TIME_OFFSET:
        return lambda value: format_offset_datetime(value, zone)
    if edm_type == DATE:
        return lambda value: value.isoformat()
    if edm_type == DOUBLE:
        return format_double
    if edm_type in (INT64, DECIMAL):
        return str
    if edm_type == DURATION:
        return format_duration
    return _identity


def _identity(value: typing.Any) -> typing.Any:
    return value
