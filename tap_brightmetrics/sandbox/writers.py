"""Streaming writers of OData JSON and CSV bodies.

Writers take an iterator of typed rows and a byte sink with ``write(bytes)``,
and encode a batch of rows at a time, so memory does not grow with the size
of a result.
"""

from __future__ import annotations

import collections.abc
import csv
import datetime
import io
import itertools
import json
import typing

from tap_brightmetrics.sandbox import edm
from tap_brightmetrics.sandbox.display import display_value
from tap_brightmetrics.sandbox.edm import Column
from tap_brightmetrics.sandbox.rows import Row


class Sink(typing.Protocol):
    """Destination of a response body."""

    def write(self, data: bytes) -> typing.Any:
        """Write bytes."""


BATCH_ROWS = 500


def _batches(
    rows: collections.abc.Iterable[Row],
) -> collections.abc.Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_ROWS)):
        yield batch


def json_encoder(
    columns: typing.Sequence[Column], zone: datetime.tzinfo
) -> collections.abc.Callable[[Row], dict[str, typing.Any]]:
    """Return a function that turns a typed row into its OData JSON object.

    The function converts the row in place and returns it: row builders create
    a new dict per row, with keys in column order.
    """
    plan = [
        (c.name, edm.json_converter(c.edm_type, zone))
        for c in columns
        if c.edm_type not in edm.JSON_NATIVE_TYPES
    ]

    def encode(row: Row) -> dict[str, typing.Any]:
        for name, convert in plan:
            value = row[name]
            if value is not None:
                row[name] = convert(value)
        return row

    return encode


def write_json_collection(
    sink: Sink,
    columns: typing.Sequence[Column],
    rows: collections.abc.Iterable[Row],
    *,
    zone: datetime.tzinfo,
    head: dict[str, str],
    tail: dict[str, str],
) -> int:
    """Write ``{<head>, "value": [...], <tail>}``; return the number of rows.

    ``head`` contains control information before the rows (the context URL) and
    ``tail`` the information after them (the nextLink), as a streaming server
    sends it once the page is complete.
    """
    encode = json_encoder(columns, zone)
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    sink.write((opening + (',"value":[' if head else '"value":[')).encode())
    count = 0
    for batch in _batches(rows):
        text = json.dumps(
            [encode(row) for row in batch], ensure_ascii=False, separators=(",", ":")
        )
        sink.write((b"," if count else b"") + text[1:-1].encode())
        count += len(batch)
    closing = "]"
    if tail:
        closing += (
            "," + json.dumps(tail, ensure_ascii=False, separators=(",", ":"))[1:-1]
        )
    sink.write((closing + "}").encode())
    return count


def _plain_text_converter(
    column: Column, zone: datetime.tzinfo
) -> collections.abc.Callable[[typing.Any], str]:
    if column.edm_type == edm.BOOLEAN:
        return lambda value: "true" if value else "false"
    convert = edm.json_converter(column.edm_type, zone)
    return lambda value: str(convert(value))


def _csv_cells(
    columns: typing.Sequence[Column], zone: datetime.tzinfo, *, formatted: bool
) -> collections.abc.Callable[[Row], list[str]]:
    if formatted:
        return lambda row: [display_value(c, row[c.name], zone) for c in columns]
    plan = [(c.name, _plain_text_converter(c, zone)) for c in columns]
    return lambda row: [
        "" if row[name] is None else convert(row[name]) for name, convert in plan
    ]


def write_csv(
    sink: Sink,
    columns: typing.Sequence[Column],
    rows: collections.abc.Iterable[Row],
    zone: datetime.tzinfo,
    *,
    formatted: bool,
) -> int:
    """Write UTF-8 CSV with a header row; return the number of rows.

    Unformatted CSV has property names in the header and values in their
    OData JSON text form (ISO 8601 dates, seconds, true/false). Formatted CSV
    has the UI titles and values as the UI shows them (h:mm:ss, 11/3/2026).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if formatted:
        writer.writerow([column.title for column in columns])
    else:
        writer.writerow([column.name for column in columns])
    cells_of = _csv_cells(columns, zone, formatted=formatted)
    count = 0
    for batch in _batches(rows):
        writer.writerows(cells_of(row) for row in batch)
        count += len(batch)
        sink.write(buffer.getvalue().encode("utf-8"))
        buffer.seek(0)
        buffer.truncate()
    sink.write(buffer.getvalue().encode("utf-8"))
    return count
