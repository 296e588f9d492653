"""Response values that the OData service builds and the HTTP handler sends."""

from __future__ import annotations

import collections.abc
import dataclasses
import json
import typing

from tap_brightmetrics.sandbox.errors import ODataError
from tap_brightmetrics.sandbox.writers import Sink

ODATA_VERSION = ("OData-Version", "4.0")
JSON_MINIMAL = "application/json; odata.metadata=minimal"


@dataclasses.dataclass
class Response:
    """An HTTP response.

    Attributes:
        status: HTTP status.
        headers: Header name and value pairs (names may repeat).
        body: Whole body, or None when ``stream`` writes it.
        stream: Writes the body to a sink; sent with chunked encoding.
        data: True for report data, the responses the truncate and
            malformed faults act on.
        context_url: Context URL of a JSON data response (for malformed JSON).
    """

    status: int
    headers: list[tuple[str, str]]
    body: bytes | None = None
    stream: collections.abc.Callable[[Sink], typing.Any] | None = None
    data: bool = False
    context_url: str = ""


def json_response(
    status: int,
    payload: typing.Any,
    headers: list[tuple[str, str]] | None = None,
    content_type: str = JSON_MINIMAL,
) -> Response:
    """Return a JSON response with OData-Version 4.0."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    all_headers = [("Content-Type", content_type), ODATA_VERSION, *(headers or [])]
    return Response(status, all_headers, body)


def error_response(error: ODataError) -> Response:
    """Return the OData JSON error response of an ODataError."""
    return json_response(error.status, error.body(), error.headers)
