"""No command prints a password, its hash, an API key or an Authorization value."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tap_brightmetrics.sandbox import (
    DEMO_API_KEY,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_PASSWORD_HASH,
    Sandbox,
)
from tests.cli.helpers import CALL_DETAIL, Invoke, write_config


def _secrets() -> list[str]:
    basic_values = [
        f"{DEMO_EMAIL}:{DEMO_PASSWORD_HASH}",
        f"apikey:{DEMO_API_KEY}",
        f"{DEMO_EMAIL}:wrong-{DEMO_PASSWORD}",
    ]
    return [
        DEMO_PASSWORD,
        DEMO_PASSWORD_HASH,
        DEMO_API_KEY,
        *(base64.b64encode(value.encode()).decode() for value in basic_values),
    ]


@pytest.mark.parametrize(
    "credentials",
    [
        {"password": DEMO_PASSWORD},
        {"password": f"wrong-{DEMO_PASSWORD}"},
        {"username": None, "password": None, "api_key": DEMO_API_KEY},
        {
            "username": None,
            "password": None,
            "api_key": DEMO_API_KEY,
            "api_key_auth": "basic",
        },
        {"password": None, "password_hash": DEMO_PASSWORD_HASH},
    ],
)
def test_no_secret_in_any_output(
    invoke: Invoke,
    sandbox: Sandbox,
    tmp_path: Path,
    credentials: dict[str, str | None],
) -> None:
    config = write_config(tmp_path / "config.json", sandbox, **credentials)
    runs = [
        invoke("reports", "-v", "--config", config),
        invoke("filters", "Call Detail", "-v", "--config", config),
        invoke(
            "export",
            CALL_DETAIL,
            "-v",
            "--config",
            config,
            "--start",
            "2026-11-28",
            "--filter",
            "Queue Name=Sales",
            "-o",
            tmp_path / "calls.json",
            "--force",
        ),
        invoke("export", CALL_DETAIL, "-v", "--config", config, "--api-url", "bad"),
    ]

    for result in runs:
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        for secret in _secrets():
            assert secret not in output
