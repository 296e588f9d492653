"""Conforming OData JSON values to the stream's JSON Schema."""

from __future__ import annotations

import datetime
import decimal
import math
from collections import Counter
from collections.abc import Callable
from typing import Any

_NON_FINITE = frozenset({"NaN", "INF", "-INF", "Infinity", "-Infinity"})

Converter = Callable[[Any], Any]


def to_utc_text(value: str) -> str:
    """Normalise an ISO-8601 date-time with an offset to UTC `...Z` text.

    Bookmarks and replication keys are compared as text, so every date-time
    the tap emits or stores has this one form.
    """
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
    Date-times become UTC text. The converters come from the JSON Schema, so
    a catalog edited by hand still conforms.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.non_finite: Counter[str] = Counter()
        self._converters: list[tuple[str, Converter]] = []
        for name, property_schema in schema.get("properties", {}).items():
            converter = self._converter_for(name, property_schema)
            if converter is not None:
                self._converters.append((name, converter))

    def conform(self, record: dict[str, Any]) -> dict[str, Any]:
        """Convert the record's values in place and return it."""
        for name, converter in self._converters:
            value = record.get(name)
            if value is not None:
                record[name] = converter(value)
        return record

    def _converter_for(self, name: str, schema: dict[str, Any]) -> Converter | None:
        types = schema.get("type", [])
        types = [types] if isinstance(types, str) else types
        if "integer" in types:
            return _to_int
        if "number" in types:
            return self._number_converter(name)
        if "string" in types and schema.get("format") == "date-time":
            return _to_utc
        return None

    def _number_converter(self, name: str) -> Converter:
        def convert(value: Any) -> Any:
            if isinstance(value, str):
                if value in _NON_FINITE:
                    self.non_finite[name] += 1
                    return None
                return decimal.Decimal(value)
            if isinstance(value, float) and not math.isfinite(value):
                self.non_finite[name] += 1
                return None
            return value

        return convert


def _to_int(value: Any) -> Any:
    return int(value) if isinstance(value, str) else value


def _to_utc(value: Any) -> Any:
    return to_utc_text(value) if isinstance(value, str) else value
