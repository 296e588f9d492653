"""Settings checked as a whole, before any request is sent."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tap_brightmetrics.auth import Credentials, credentials_from_config
from tap_brightmetrics.errors import ConfigurationError
from tap_brightmetrics.intervals import INTERVALS
from tap_brightmetrics.odata.filters import FilterError, parse_conditions
from tap_brightmetrics.timezones import validate_timezone
from tap_brightmetrics.urls import validate_api_url


@dataclass(frozen=True)
class TapConfig:
    """The settings a run uses, parsed and checked."""

    api_url: str
    credentials: Credentials
    start_date: datetime.datetime | None
    end_date: datetime.datetime | None
    timezone: str | None
    async_export: bool | str
    max_requests: int | None


def parse_datetime_setting(name: str, value: str) -> datetime.datetime:
    """Parse an ISO 8601 setting; a value without an offset is taken as UTC.

    Raises:
        ConfigurationError: the value is not an ISO 8601 date or date-time.
    """
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        msg = (
            f"{name} {value!r} is not an ISO 8601 date-time. Use a form such as "
            "2026-01-31T00:00:00Z or 2026-01-31."
        )
        raise ConfigurationError(msg) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.astimezone(datetime.timezone.utc)


def _optional_datetime(
    config: Mapping[str, Any], name: str
) -> datetime.datetime | None:
    value = config.get(name)
    return parse_datetime_setting(name, value) if value else None


def _check_filters(config: Mapping[str, Any]) -> None:
    for report, spec in (config.get("filters") or {}).items():
        if not isinstance(spec, Mapping):
            msg = (
                f"filters[{report!r}] must be an object mapping filter properties "
                f"to values, not {spec!r}."
            )
            raise ConfigurationError(msg)
        try:
            parse_conditions(report, spec)
        except FilterError as exc:
            raise ConfigurationError(str(exc)) from None


def _check_limits(config: Mapping[str, Any]) -> None:
    for name in ("max_requests", "max_tries"):
        value = config.get(name)
        if value is not None and value < 1:
            msg = f"{name} is {value}; set it to 1 or more, or leave it out."
            raise ConfigurationError(msg)
    delay = config.get("delay_minutes")
    if delay is not None and delay < 0:
        msg = f"delay_minutes is {delay}; set 0 or more minutes."
        raise ConfigurationError(msg)
    for name in ("max_retry_wait", "request_timeout", "async_timeout"):
        value = config.get(name)
        if value is not None and value <= 0:
            msg = f"{name} is {value}; set a positive number of seconds."
            raise ConfigurationError(msg)
    interval = config.get("summary_interval", "day")
    if interval not in INTERVALS:
        msg = f"summary_interval {interval!r} is not one of {', '.join(INTERVALS)}."
        raise ConfigurationError(msg)


def load_config(config: Mapping[str, Any]) -> TapConfig:
    """Check the settings as a whole and return them parsed.

    Raises:
        ConfigurationError: the first problem found, naming the setting and the fix.
    """
    api_url = validate_api_url(str(config.get("api_url") or ""))
    credentials = credentials_from_config(config)
    start = _optional_datetime(config, "start_date")
    end = _optional_datetime(config, "end_date")
    if start and end and end < start:
        msg = (
            f"end_date {config['end_date']!r} is before start_date "
            f"{config['start_date']!r}. Swap them or leave end_date out (default: now)."
        )
        raise ConfigurationError(msg)

    timezone = config.get("timezone")
    if timezone:
        try:
            timezone = validate_timezone(timezone)
        except ValueError as exc:
            raise ConfigurationError(f"timezone: {exc}") from None

    _check_filters(config)
    _check_limits(config)
    return TapConfig(
        api_url=api_url,
        credentials=credentials,
        start_date=start,
        end_date=end,
        timezone=timezone,
        async_export=config.get("async_export", False),
        max_requests=config.get("max_requests"),
    )
