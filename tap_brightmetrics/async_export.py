"""Asynchronous export: `Prefer: respond-async`, then polling the status URL.

OData v4 asynchronous requests: the first request returns 202 Accepted with
the status URL in `Location` (Brightmetrics also sends it as `statusUrl` in
the body). The status URL returns 202 until the job is done, then 200 with
the whole result, or 303 to where the result is. It lives for one hour.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import ijson
import requests

from tap_brightmetrics.errors import APIError
from tap_brightmetrics.http_errors import odata_error_message, retry_after_seconds

if TYPE_CHECKING:
    from tap_brightmetrics.client import ODataClient

STATUS_URL_LIFETIME = 3600.0
# 500 from a status URL means the job failed; 404 and 410 that it expired.
_POLL_STATUSES = frozenset({200, 202, 404, 410, 500})


@dataclass
class ExportJob:
    """An accepted export: where to poll it, and when it started (Unix time)."""

    status_url: str
    started_at: float


def _lost_job_reason(response: requests.Response) -> str:
    if response.status_code == 500:
        return f"failed ({odata_error_message(response)})"
    return f"expired (its status URL returned {response.status_code})"


class AsyncExport:
    """Runs one asynchronous export and returns its result response.

    Polls wait what `Retry-After` requests, at least `min_poll` seconds, and each
    wait at least doubles the one before, up to `max_poll`: a long job then
    costs a few dozen polls rather than one per `Retry-After`. The export gives
    up `timeout` seconds after the job started. Every poll is a request of
    the quota and goes through the shared client, so the same-host rule
    applies to `Location` and `statusUrl` too. `on_accepted` receives each
    job as the server accepts or moves it, so a caller can keep it in its
    state and resume polling it after a stop.
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
        on_accepted: Callable[[ExportJob], None] | None = None,
    ) -> None:
        self.client = client
        self.logger = logger
        self.timeout = min(timeout, STATUS_URL_LIFETIME)
        self.min_poll = min_poll
        self.max_poll = max_poll
        self._sleep = sleep
        self._on_accepted = on_accepted or (lambda job: None)

    def run(
        self, url: str, *, label: str, resume: ExportJob | None = None
    ) -> requests.Response:
        """Export `url` and return the streamed 200 response of its result.

        With `resume`, a job accepted by an earlier run, polling continues
        while the job is younger than `timeout`. A job that fails (500) or
        whose status URL expires (404 or 410) is started again once.

        Raises:
            APIError: the job failed or expired twice, or did not finish in time.
        """
        job = resume if resume is not None and self._is_alive(resume) else None
        problems: list[str] = []
        while len(problems) < 2:
            wait = 0.0
            if job is None:
                response = self._start(url, label)
                if response.status_code == 200:
                    return response  # the server returned the result at once
                job = ExportJob(self._status_url(response, url), time.time())
                wait = self._wait_after(response, 0.0)
                response.close()
                self._on_accepted(job)
            result = self._poll(job, wait, label, problems)
            if result is not None:
                return result
            job = None
            if len(problems) < 2:
                self.logger.warning(
                    "The export of %s %s; starting the export again.",
                    label,
                    problems[-1],
                )
        msg = (
            f"The asynchronous export of {label} {problems[0]}, then {problems[1]}. "
            "Set async_export to false, or raise async_threshold_days, to read it "
            "page by page."
        )
        raise APIError(msg)

    def _is_alive(self, job: ExportJob) -> bool:
        return time.time() - job.started_at < self.timeout

    def _start(self, url: str, label: str) -> requests.Response:
        return self.client.get(
            url,
            label=label,
            headers={"Prefer": "respond-async"},
            accept=frozenset({200, 202}),
            stream=True,
        )

    def _poll(
        self, job: ExportJob, wait: float, label: str, problems: list[str]
    ) -> requests.Response | None:
        """Poll until the result arrives, or return None and add why the job is lost."""
        while True:
            age = time.time() - job.started_at
            if age + wait > self.timeout:
                msg = (
                    f"The asynchronous export of {label} was not done {age:.0f} s "
                    f"after it started (async_timeout {self.timeout:.0f} s); its "
                    f"status URL is {job.status_url}. Raise async_timeout or set "
                    "async_export to false."
                )
                raise APIError(msg)
            self._sleep(wait)
            response = self.client.get(
                job.status_url, label=label, accept=_POLL_STATUSES, stream=True
            )
            if response.status_code == 200:
                return response
            if response.status_code != 202:
                problems.append(_lost_job_reason(response))
                response.close()
                return None
            moved = self._status_url(response, job.status_url)
            if moved != job.status_url:
                job.status_url = moved
                self._on_accepted(job)
            wait = self._wait_after(response, wait)
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

    def _wait_after(self, response: requests.Response, previous: float) -> float:
        requested = retry_after_seconds(response) or 0.0
        return min(self.max_poll, max(self.min_poll, requested, previous * 2))


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
