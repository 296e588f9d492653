"""Shared fixtures: an in-process sandbox on a free loopback port."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest

from tap_brightmetrics.sandbox import Sandbox, SandboxConfig

END_DATE = datetime.date(2026, 11, 30)


def small_sandbox_config(**overrides: object) -> SandboxConfig:
    """A small, fast data set: 10 days of 40 calls before 2026-11-30."""
    settings: dict[str, object] = {
        "seed": 7,
        "days": 10,
        "calls_per_day": 40,
        "quota": 100_000,
        "page_days": 1,
        "async_seconds": 0.3,
        "async_retry_after": 0,
        "end_date": END_DATE,
    }
    settings.update(overrides)
    return SandboxConfig(**settings)  # type: ignore[arg-type]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A fresh sandbox per test, so request logs and quotas start empty."""
    with Sandbox(small_sandbox_config()) as server:
        yield server


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The catalog discovered from the small sandbox, every stream selected.

    The catalog contains no URL, so tests reuse it with their own sandbox.
    """
    from tests.tapruns import discover, sandbox_config

    with Sandbox(small_sandbox_config()) as server:
        return discover(tmp_path_factory.mktemp("catalog"), sandbox_config(server))
