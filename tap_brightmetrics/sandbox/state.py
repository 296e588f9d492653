"""Shared state of one running sandbox: data, faults, quota, jobs and log."""

from __future__ import annotations

import threading
import typing

from tap_brightmetrics.sandbox.auth import SECRETS
from tap_brightmetrics.sandbox.config import SandboxConfig
from tap_brightmetrics.sandbox.faults import Faults
from tap_brightmetrics.sandbox.jobs import JobRegistry
from tap_brightmetrics.sandbox.query import Engine
from tap_brightmetrics.sandbox.quota import Quota
from tap_brightmetrics.sandbox.tokens import token_key

ODATA_ROOT_PATH = "/OData.ashx"
REDACTED = "***"


def redact(text: str) -> str:
    """Replace every demo secret in a text by ***."""
    for secret in SECRETS:
        text = text.replace(secret, REDACTED)
    return text


class SandboxState:
    """Everything request handlers share.

    Attributes:
        origin: "http://host:port" of the listening socket, set once bound.
    """

    def __init__(self, config: SandboxConfig, faults: Faults | None = None) -> None:
        self.config = config
        self.engine = Engine(config)
        self.faults = faults if faults is not None else Faults()
        self.quota = Quota(config.quota)
        self.jobs = JobRegistry()
        self.token_key = token_key(config.seed)
        self.origin = ""
        self._log: list[dict[str, typing.Any]] = []
        self._log_lock = threading.Lock()

    @property
    def root_url(self) -> str:
        """URL of the OData service root."""
        return self.origin + ODATA_ROOT_PATH

    def link_origin(self) -> str:
        """Origin for nextLinks and status URLs (a foreign one when faulted)."""
        foreign = self.faults.foreign_next_link
        return foreign.rstrip("/") if foreign else self.origin

    def record(self, entry: dict[str, typing.Any]) -> None:
        """Append a request log entry."""
        with self._log_lock:
            self._log.append(entry)

    def log_snapshot(self) -> list[dict[str, typing.Any]]:
        """Return a copy of the request log."""
        with self._log_lock:
            return [dict(entry) for entry in self._log]

    def reset(self) -> None:
        """Clear the log, quota, faults and jobs."""
        with self._log_lock:
            self._log.clear()
        self.quota.reset()
        self.faults.reset()
        self.jobs.clear()
