"""Helpers for the `brightmetrics` command tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

from tap_brightmetrics.sandbox import DEMO_EMAIL, DEMO_PASSWORD, Sandbox

Invoke = Callable[..., Result]

CALL_DETAIL = "9b1f3c2e-5d47-4a8e-b6c1-2e7f9a0d4c11"
SERVICE_SUMMARY = "4e2b7d90-1c3f-4a6e-8d5b-9f0c2a7e6b13"


def write_config(path: Path, sandbox: Sandbox, **overrides: Any) -> Path:
    """Write settings for the sandbox, signed in with the demo password.

    An override of None removes the setting.
    """
    settings: dict[str, Any] = {
        "api_url": sandbox.url,
        "username": DEMO_EMAIL,
        "password": DEMO_PASSWORD,
        "max_retry_wait": 0.01,
    }
    settings.update(overrides)
    settings = {key: value for key, value in settings.items() if value is not None}
    path.write_text(json.dumps(settings), encoding="utf-8")
    return path


def data_requests(sandbox: Sandbox, report_id: str) -> list[dict[str, Any]]:
    """Return the logged requests for a report's data, not for its $metadata."""
    return [
        entry
        for entry in sandbox.request_log
        if entry["path"] == f"/OData.ashx/{report_id}"
    ]


def last_line(text: str) -> str:
    """Return the last non-empty line of an output."""
    return [line for line in text.splitlines() if line.strip()][-1]
