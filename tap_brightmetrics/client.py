"""The HTTP client: one session, every request counted, retried and guarded.

All traffic of a run goes through one `ODataClient`, so the request count
covers discovery, pages, retries, redirects and async polls alike: each of
them is spent from the company's shared daily quota.
"""

from __future__ import annotations

import json
import logging
import random
from collections import Counter
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit

import backoff
import msgspec
import requests

from tap_brightmetrics.errors import (
    APIError,
    AuthenticationError,
    QuotaExhaustedError,
    RequestBudgetReached,
)
from tap_brightmetrics.http_errors import (
    mentions_daily_quota,
    odata_error_message,
    retry_after_seconds,
)
from tap_brightmetrics.urls import check_same_origin, origin_of

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Mapping

    from tap_brightmetrics.auth import Credentials

T = TypeVar("T")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5


def _package_version() -> str:
    try:
        return metadata.version("tap-brightmetrics")
    except metadata.PackageNotFoundError:  # pragma: no cover - source checkout
        return "0"


class RetriableError(Exception):
    """A failure worth another try: 5xx, short 429, dropped or truncated response."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def retry_waits(*, maximum: float) -> Generator[float, Any, None]:
    """Yield backoff waits: the server's Retry-After, else full-jitter exponential.

    A `backoff` wait generator; `backoff` sends each raised exception in.
    Every wait is capped at `maximum` seconds.
    """
    error = yield 0.0
    attempt = 0
    while True:
        server_wait = getattr(error, "retry_after", None)
        if server_wait is not None:
            wait = min(float(server_wait), maximum)
        else:
            wait = random.uniform(0, min(maximum, 2.0**attempt))
        attempt += 1
        error = yield wait


@dataclass
class RequestUsage:
    """Requests sent in this run, per label (a stream name or "discovery")."""

    by_label: Counter[str]

    @property
    def total(self) -> int:
        """All requests sent, retries and polls included."""
        return sum(self.by_label.values())

    def summary(self) -> str:
        """Return a one-line summary such as `12 (discovery 2, Call_Detail 10)`."""
        parts = ", ".join(f"{label} {count}" for label, count in self.by_label.items())
        return f"{self.total} ({parts})" if parts else "0"


class ODataClient:
    """Sends GET requests to one OData service root, within a request budget.

    Redirects are followed by hand, so a Location on another host is refused
    before any credential goes there. Every attempt counts against
    `max_requests`; when the budget is spent the next call raises
    `RequestBudgetReached` without sending anything.
    """

    def __init__(
        self,
        api_url: str,
        credentials: Credentials,
        *,
        logger: logging.Logger,
        max_requests: int | None = None,
        max_tries: int = 5,
        max_retry_wait: float = 300.0,
        timeout: float = 300.0,
    ) -> None:
        self.api_url = api_url
        self.credentials = credentials
        self.logger = logger
        self.max_requests = max_requests
        self.max_tries = max_tries
        self.max_retry_wait = max_retry_wait
        self.timeout = timeout
        self.usage = RequestUsage(Counter())
        self._auth = credentials.requests_auth()
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Accept": "application/json",
                "OData-MaxVersion": "4.0",
                "User-Agent": f"tap-brightmetrics/{_package_version()}",
            }
        )

    @property
    def budget_left(self) -> int | None:
        """Requests left under `max_requests`, or None without a cap."""
        if self.max_requests is None:
            return None
        return max(0, self.max_requests - self.usage.total)

    def get(
        self,
        url: str,
        *,
        label: str,
        headers: Mapping[str, str] | None = None,
        stream: bool = False,
        accept: frozenset[int] = frozenset({200}),
    ) -> requests.Response:
        """Send a GET with retries; return the first response with a status in `accept`.

        The URL goes out exactly as given: callers build query strings
        themselves, and nextLinks stay byte for byte as the server sent them.

        Raises:
            RequestBudgetReached: `max_requests` is spent.
            QuotaExhaustedError: the daily quota is spent.
            AuthenticationError: 401 or 403.
            APIError: another status that retrying will not fix, or retries ran out.
            UnsafeURLError: the URL or a redirect points away from api_url.
        """
        return self._with_retries(
            lambda: self._send_once(url, label, headers, stream, accept)
        )

    def get_json(
        self, url: str, *, label: str, headers: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """GET a JSON object, retrying a body that is cut off or not JSON."""
        return self._with_retries(
            lambda: parse_json_object(
                self._send_once(url, label, headers, False, frozenset({200}))
            )
        )

    def _with_retries(self, attempt: Callable[[], T]) -> T:
        """Call `attempt` until it raises no RetriableError, within max_tries."""
        retrying = backoff.on_exception(
            lambda: retry_waits(maximum=self.max_retry_wait),
            RetriableError,
            max_tries=self.max_tries,
            jitter=None,
            on_backoff=self._log_retry,
            on_giveup=self._raise_gave_up,
            logger=None,  # _log_retry logs each retry once, in the tap's words
        )
        return retrying(attempt)()

    def close(self) -> None:
        """Close pooled connections."""
        self.session.close()

    def _send_once(
        self,
        url: str,
        label: str,
        headers: Mapping[str, str] | None,
        stream: bool,
        accept: frozenset[int],
    ) -> requests.Response:
        for _ in range(MAX_REDIRECTS + 1):
            response = self._request(url, label, headers, stream)
            if response.status_code not in REDIRECT_STATUSES:
                break
            location = response.headers.get("Location", "")
            response.close()
            url = urljoin(url, location)
            check_same_origin(url, self.api_url, kind="redirect")
        else:
            msg = f"More than {MAX_REDIRECTS} redirects starting at {label}."
            raise APIError(msg)

        if response.status_code in accept:
            return response
        raise self._error_for(response, label)

    def _request(
        self,
        url: str,
        label: str,
        headers: Mapping[str, str] | None,
        stream: bool,
    ) -> requests.Response:
        check_same_origin(url, self.api_url, kind="request")
        if self.max_requests is not None and self.usage.total >= self.max_requests:
            raise RequestBudgetReached(
                f"max_requests ({self.max_requests}) reached; "
                f"requests used: {self.usage.summary()}."
            )
        self.usage.by_label[label] += 1
        try:
            response = self.session.get(
                url,
                headers=dict(headers or {}),
                auth=self._auth,
                timeout=self.timeout,
                allow_redirects=False,
                stream=stream,
            )
        except (
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,
        ) as exc:
            scheme, host, port = origin_of(url)
            raise RetriableError(
                f"{type(exc).__name__} for {label} ({scheme}://{host}:{port}; "
                f"request_timeout {self.timeout:g} s)"
            ) from None
        self.logger.debug(
            "GET %s -> %s (%s)", _path_of(url), response.status_code, label
        )
        return response

    def _error_for(self, response: requests.Response, label: str) -> Exception:
        status = response.status_code
        message = odata_error_message(response)
        wait = retry_after_seconds(response)
        if status == 429:
            if (
                wait is None
                or wait > self.max_retry_wait
                or mentions_daily_quota(message)
            ):
                return QuotaExhaustedError(_quota_message(message), status=status)
            return RetriableError(
                f"429 Too Many Requests for {label}", retry_after=wait
            )
        if status >= 500 and status not in (501, 505):
            return RetriableError(f"{status} {message} for {label}", retry_after=wait)
        if status in (401, 403):
            return AuthenticationError(
                _auth_message(status, message, self.credentials.description)
                + self.credentials.hint,
                status=status,
            )
        return APIError(f"{status} for {label}: {message}", status=status)

    def _log_retry(self, details: Any) -> None:
        error = details["exception"]
        self.logger.warning(
            "Retrying after %s (try %d of %d, waiting %.1f s).",
            error.reason,
            details["tries"],
            self.max_tries,
            details["wait"],
        )

    def _raise_gave_up(self, details: Any) -> None:
        error = details["exception"]
        msg = (
            f"Gave up after {details['tries']} tries: {error.reason}. The service "
            "may be down or overloaded; run the tap again later, it resumes from "
            "its state."
        )
        raise APIError(msg) from None


_JSON_DECODER = msgspec.json.Decoder()


def parse_json_object(response: requests.Response) -> dict[str, Any]:
    """Parse a JSON object body; a cut-off or invalid body is retriable.

    msgspec parses a page in about half the time of the standard library
    (benchmarks/run.py). It rejects the bare NaN and Infinity tokens that
    some servers write, which the standard parser accepts, so those bodies
    get a second parse.
    """
    try:
        content = response.content
    except requests.exceptions.RequestException:
        raise RetriableError("a response body that was cut off") from None
    try:
        body = _JSON_DECODER.decode(content)
    except msgspec.DecodeError:
        try:
            body = json.loads(content)
        except ValueError:
            raise RetriableError("a response body that is not complete JSON") from None
    if not isinstance(body, dict):
        raise RetriableError("a JSON body that is not an object")
    return body


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _quota_message(server_message: str) -> str:
    return (
        "The Brightmetrics API quota is spent: every user of a company shares "
        "150 requests per 24 hours. State is written, so the next run resumes "
        "where this one stopped. Wait for the quota window to pass, or use the "
        "reset button on the My Account page in Brightmetrics. Server message: "
        f"{server_message}"
    )


def _auth_message(status: int, server_message: str, user: str) -> str:
    return (
        f"Authentication failed ({status}) for {user}: {server_message}. Check "
        "the credentials, and that the account has the Enterprise module and "
        "Administrator permission, which the Brightmetrics API requires."
    )
