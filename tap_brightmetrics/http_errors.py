"""Reading OData error bodies and Retry-After headers."""

from __future__ import annotations

import datetime
import email.utils
import json
import re

import requests

_QUOTA_WORDS = re.compile(r"24[- ]?hour|daily|quota|per day", re.IGNORECASE)


def odata_error_message(response: requests.Response) -> str:
    """Return the `error.message` of an OData error body, or a short body excerpt."""
    try:
        body = response.json()
    except (ValueError, requests.exceptions.JSONDecodeError):
        text = response.text.strip()
        return text[:300] if text else response.reason or ""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        message = error.get("message")
        if isinstance(message, dict):  # OData v2/v3 style: {"lang", "value"}
            message = message.get("value")
        code = error.get("code")
        if message and code:
            return f"{message} (code {code})"
        if message or code:
            return str(message or code)
    return json.dumps(body)[:300]


def retry_after_seconds(
    response: requests.Response, *, now: datetime.datetime | None = None
) -> float | None:
    """Parse Retry-After as seconds or as an HTTP date; None when absent or invalid."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return max(0.0, (when - now).total_seconds())


def mentions_daily_quota(message: str) -> bool:
    """Tell whether an error message speaks of the daily request quota."""
    return bool(_QUOTA_WORDS.search(message))
