"""Errors the tap raises, each with a message a user can act on."""

from __future__ import annotations


class BrightmetricsError(Exception):
    """Base class for errors that end a run with a clear message."""

    exit_code = 1


class ConfigurationError(BrightmetricsError):
    """Invalid settings, found before any request is spent where possible."""


class APIError(BrightmetricsError):
    """The API returned an error that retrying will not fix."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class AuthenticationError(APIError):
    """401 or 403: the credentials or the account's permissions are wrong."""


class QuotaExhaustedError(APIError):
    """The company's daily request quota is spent."""


class UnsafeURLError(BrightmetricsError):
    """A URL points away from the configured API host or uses plain http."""


class RequestBudgetReached(BrightmetricsError):
    """The run reached `max_requests`; state is written and the run stops cleanly."""

    exit_code = 0
