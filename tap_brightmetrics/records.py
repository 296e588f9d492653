"""Conforming OData JSON values to the stream's JSON Schema."""

from __future__ import annotations

import datetime
import decimal
import re
from collections import Counter
from typing import Any

_NON_FINITE = frozenset({"NaN", "INF", "-INF", "Infinity", "-Infinity"})
_INF = float("inf")

# A date-time already in the form the tap emits, such as "2026-11-10T00:00:33Z",
# needs validating but not reformatting, which is several times faster. Hours
# stop at 23 so that a parser that reads "24:00:00" as the next day cannot
# change such a value.
_CANONICAL_UTC = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z"
)


def to_utc_text(value: str) -> str:
    """Normalise an ISO-8601 date-time to UTC `...Z` text, taking no offset as UTC.

    Bookmarks and replication keys are compared as text, so every date-time
    the tap emits or stores has this one form.

    Raises:
        ValueError: the value is not an ISO-8601 date-time.
    """
    if _CANONICAL_UTC.fullmatch(value):
        datetime.datetime.fromisoformat(value[:-1])  # rejects 2026-02-30 and such
        return value
    parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return format_utc(parsed)


def format_utc(moment: datetime.datetime) -> str:
    """Format an aware date-time as UTC text ending in Z, microseconds if any."""
    utc = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    spec = "seconds" if utc.microsecond == 0 else "microseconds"
    return utc.isoformat(timespec=spec) + "Z"


class RecordConformer:
    """Converts record values as OData JSON sends them to the stream's JSON Schema.

    Int64 and Decimal may arrive as strings (IEEE754Compatible). Double may
    be the strings "NaN", "INF" or "-INF", which neither JSON numbers nor the
    schema can carry: those become null and are counted in `non_finite`.
    Date-times become UTC text. The columns to convert come from the JSON
    Schema, so a catalog edited by hand still conforms.

    `conform` runs once per row, so it tests the common cases inline rather
    than calling a converter per value.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.non_finite: Counter[str] = Counter()
        integers: list[str] = []
        numbers: list[str] = []
        date_times: list[str] = []
        for name, property_schema in schema.get("properties", {}).items():
            types = property_schema.get("type", [])
            types = [types] if isinstance(types, str) else types
            if "integer" in types:
                integers.append(name)
            elif "number" in types:
                numbers.append(name)
            elif "string" in types and property_schema.get("format") == "date-time":
                date_times.append(name)
        self._integers = tuple(integers)
        self._numbers = tuple(numbers)
        self._date_times = tuple(date_times)

    def conform(self, record: dict[str, Any]) -> dict[str, Any]:
        """Convert the record's values in place and return it.

        Raises:
            ValueError: an integer or date-time string is invalid.
            decimal.InvalidOperation: a number string is invalid.
        """
        get = record.get
        for name in self._integers:
            value = get(name)
            if isinstance(value, str):
                record[name] = int(value)
        for name in self._numbers:
            value = get(name)
            if isinstance(value, float):
                if not -_INF < value < _INF:  # NaN fails both comparisons
                    self.non_finite[name] += 1
                    record[name] = None
            elif isinstance(value, str):
                record[name] = self._number_from_text(name, value)
        for name in self._date_times:
            value = get(name)
            if isinstance(value, str):
                record[name] = to_utc_text(value)
        return record

    def _number_from_text(self, name: str, value: str) -> decimal.Decimal | None:
        if value in _NON_FINITE:
            self.non_finite[name] += 1
            return None
        return decimal.Decimal(value)
