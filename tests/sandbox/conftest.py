"""Fixtures: one shared sandbox (state reset per test) and HTTP sessions."""

from __future__ import annotations

import datetime
import typing

import pytest
import requests

from tap_brightmetrics.sandbox import DEMO_API_KEY, Sandbox, SandboxConfig

END_DATE = datetime.date(2026, 11, 30)


def make_config(**overrides: typing.Any) -> SandboxConfig:
    settings: dict[str, typing.Any] = {
        "seed": 7,
        "days": 30,
        "calls_per_day": 40,
        "quota": 100_000,
        "page_days": 1,
        "async_seconds": 0.3,
        "async_retry_after": 1,
        "end_date": END_DATE,
    }
    settings.update(overrides)
    return SandboxConfig(**settings)


@pytest.fixture(scope="session")
def shared_sandbox() -> typing.Iterator[Sandbox]:
    with Sandbox(make_config()) as sandbox:
        yield sandbox


@pytest.fixture
def sb(shared_sandbox: Sandbox) -> typing.Iterator[Sandbox]:
    shared_sandbox.reset()
    yield shared_sandbox
    shared_sandbox.reset()


@pytest.fixture
def http() -> typing.Iterator[requests.Session]:
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {DEMO_API_KEY}"
        yield session
