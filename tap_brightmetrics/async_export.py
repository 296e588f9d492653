"""Asynchronous export: `Prefer: respond-async`, then polling the status URL.

OData v4 asynchronous requests: the first request answers 202 Accepted with
the status URL in `Location` (Brightmetrics also sends it as `statusUrl` in
the body). The status URL answers 202 until the job is done, then 200 with
the whole result, or 303 to where the result is. It lives for one hour.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import ijson
import requests

from tap_brightmetrics.errors import APIError
from tap_brightmetrics.http_errors import retry_after_seconds

if TYPE_CHECKING:
    from tap_brightmetrics.client import ODataClient

STATUS_URL_LIFETIME = 3600.0
_POLL_STATUSES = frozenset({200, 202, 404, 410})


class AsyncExport:
    """Runs one asynchronous export and returns its result response.

    Polls wait what `Retry-After` asks, kept between `min_poll` and
    `max_poll` seconds, and give up after `timeout` seconds in all. Every
    poll is a request of the quota and goes through the shared client, so
    the same-host rule applies to `Location` and `statusUrl` too.
    """

    def __init__(
        self,
        client: ODataClient,
        *,
        logger: logging.Logger,
        timeout: float = 1800.0,
        min_poll: float = 1.0,
        max_poll: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.logger = logger
        self.timeout = min(timeout, STATUS_URL_LIFETIME)
        self.min_poll = min_poll
        self.max_poll = max_poll
        self._sleep = sleep

    def run(self, url: str, *, label: str) -> requests.Response:
        """Start the export of `url` and return the streamed 200 response of its result.

        A status URL that expires (404 or 410) restarts the export once.

        Raises:
            APIError: the job failed, expired twice, or did not finish in time.
        """
        for attempt in (1, 2):
            response = self._start(url, label)
            if response.status_code == 200:
                return response  # the server answered at once
            result = self._poll(response, url, label)
            if result is not None:
                return result
            if attempt == 1:
                self.logger.warning(
                    "The status URL of the export of %s expired; starting the "
                    "export again.",
                    label,
                )
        msg = (
            f"The asynchronous export of {label} expired twice before its result "
            "could be read. Lower async_threshold_days or set async_export to false."
        )
        raise APIError(msg)

    def _start(self, url: str, label: str) -> requests.Response:
        return self.client.get(
            url,
            label=label,
            headers={"Prefer": "respond-async"},
            accept=frozenset({200, 202}),
            stream=True,
        )

    def _poll(
        self, accepted: requests.Response, url: str, label: str
    ) -> requests.Response | None:
        status_url = self._status_url(accepted, url)
        wait = self._wait_after(accepted)
        accepted.close()
        started = time.monotonic()
        while True:
            waited = time.monotonic() - started
            if waited + wait > self.timeout:
                msg = (
                    f"The asynchronous export of {label} was not done after "
                    f"{waited:.0f} s (async_timeout {self.timeout:.0f} s); its "
                    f"status URL is {status_url}. Raise async_timeout or set "
                    "async_export to false."
                )
                raise APIError(msg)
            self._sleep(wait)
            response = self.client.get(
                status_url, label=label, accept=_POLL_STATUSES, stream=True
            )
            if response.status_code == 200:
                return response
            if response.status_code in (404, 410):
                response.close()
                return None
            status_url = self._status_url(response, status_url)
            wait = self._wait_after(response)
            response.close()

    def _status_url(self, response: requests.Response, base: str) -> str:
        location = response.headers.get("Location")
        if not location:
            body = _json_or_empty(response)
            location = body.get("statusUrl") or body.get("@odata.statusUrl")
        if not location:
            msg = (
                f"The server accepted an asynchronous export ({response.status_code}) "
                "but sent no Location header or statusUrl to poll."
            )
            raise APIError(msg, status=response.status_code)
        return urljoin(base, str(location))

    def _wait_after(self, response: requests.Response) -> float:
        wait = retry_after_seconds(response)
        if wait is None:
            wait = self.min_poll
        return max(self.min_poll, min(self.max_poll, wait))


def _json_or_empty(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def iter_result_rows(response: requests.Response) -> Iterator[dict[str, Any]]:
    """Yield the rows of a JSON result as they arrive, without holding the body.

    NOTE: rows are read from `value` alone; a nextLink in an asynchronous
    result is not followed. The vendor documents the result as the whole
    data set, and reading control information as well would need a slower
    event-by-event parse.
    """
    response.raw.decode_content = True
    try:
        yield from ijson.items(response.raw, "value.item", use_float=True)
    except (ijson.JSONError, ijson.IncompleteJSONError) as exc:
        msg = f"The asynchronous export result is not complete JSON ({exc})."
        raise APIError(msg) from exc
    finally:
        response.close()
