"""Fixtures for the `brightmetrics` command: a config file and an invoker."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tap_brightmetrics.cli import main
from tap_brightmetrics.sandbox import Sandbox
from tests.cli.helpers import Invoke, write_config


@pytest.fixture(autouse=True)
def _no_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's TAP_BRIGHTMETRICS_* variables out of the tests."""
    for name in list(os.environ):
        if name.startswith("TAP_BRIGHTMETRICS_"):
            monkeypatch.delenv(name)


@pytest.fixture
def config_file(tmp_path: Path, sandbox: Sandbox) -> Path:
    """A config file for the test's sandbox."""
    return write_config(tmp_path / "config.json", sandbox)


@pytest.fixture
def invoke() -> Invoke:
    """Run `brightmetrics ARGS...` in-process; stdout and stderr stay apart."""
    runner = CliRunner()

    def run(*args: object, **kwargs: Any) -> Result:
        return runner.invoke(main, [str(arg) for arg in args], **kwargs)

    return run
