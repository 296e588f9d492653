"""Sandbox settings and the demo account."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password"
DEMO_API_KEY = "4df21f67c293413fa988d8f1535cd12f"


def password_hash(password: str) -> str:
    """Return base64(SHA-256(password)), the form Basic auth accepts as password."""
    digest = hashlib.sha256(password.encode("utf-8")).digest()
    return base64.b64encode(digest).decode("ascii")


DEMO_PASSWORD_HASH = password_hash(DEMO_PASSWORD)


@dataclasses.dataclass
class SandboxConfig:
    """Settings of one sandbox server.

    Attributes:
        seed: Seed of the generated data; each day's calls derive from (seed, day).
        days: Number of days of data, ending the day before ``end_date``.
        calls_per_day: Calls on every day that is not a no-call day. Days whose
            proleptic ordinal is divisible by 11 have no calls, so every range of
            11 days or more contains an empty day.
        quota: Requests allowed per rolling 24 hours.
        page_days: Length in days of the time range one detail page covers.
        async_seconds: Seconds an asynchronous export runs before it completes.
        async_retry_after: Retry-After seconds sent with 202 responses.
        async_expiry_seconds: Seconds after creation when a status URL expires.
        end_date: Day after the last day of data (UTC); None means today (UTC).
        host: Interface to listen on.
        port: TCP port; 0 picks a free port.
        timezone_aware: Whether the ``timezone`` query parameter has an effect.
        default_range_days: Days covered by a dated report requested without a
            Call_Date_Time filter (the last days of data).
    """

    seed: int = 7
    days: int = 30
    calls_per_day: int = 200
    quota: int = 150
    page_days: float = 1
    async_seconds: float = 2.0
    async_retry_after: int = 1
    async_expiry_seconds: float = 3600
    end_date: datetime.date | None = None
    host: str = "127.0.0.1"
    port: int = 0
    timezone_aware: bool = True
    default_range_days: int = 7

    def resolved_end_date(self) -> datetime.date:
        """Return ``end_date``, or today's UTC date when it is None."""
        if self.end_date is not None:
            return self.end_date
        return datetime.datetime.now(datetime.timezone.utc).date()
