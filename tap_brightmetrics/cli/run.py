"""Parts shared by the API commands: settings, one client, errors, request count."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

import click

from tap_brightmetrics.cli.errors import (
    KNOWN_ERRORS,
    CommandError,
    exit_code_for,
    one_line,
)
from tap_brightmetrics.cli.settings import read_settings
from tap_brightmetrics.client import ODataClient
from tap_brightmetrics.config import TapConfig, load_config

LOGGER_NAME = "brightmetrics"


class _EchoHandler(logging.Handler):
    """Writes log records to `sys.stderr` as it is at each record.

    Click's test runner replaces `sys.stderr` for each run, so a handler that
    kept the stream of its creation would write to a closed stream.
    """

    def emit(self, record: logging.LogRecord) -> None:
        prefix = "" if record.levelno < logging.WARNING else "Warning: "
        click.echo(prefix + self.format(record), err=True)


def configure_logging(*, verbose: bool) -> logging.Logger:
    """Return the command's logger: warnings on stderr, requests too with --verbose."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(_EchoHandler())
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False
    return logger


class Run:
    """One command run: its settings, its client and the requests it used.

    Nothing is read or sent until `start`, so usage errors cost no request.
    """

    def __init__(
        self,
        config_files: Sequence[str],
        overrides: dict[str, Any],
        logger: logging.Logger,
    ) -> None:
        self.config_files = config_files
        self.overrides = overrides
        self.logger = logger
        self.settings: dict[str, Any] = {}
        self._config: TapConfig | None = None
        self._client: ODataClient | None = None

    def start(self, **overrides: Any) -> None:
        """Read and check the settings, with `overrides` from command options.

        Raises:
            ConfigurationError: a setting is missing or invalid.
        """
        self.settings = read_settings(
            self.config_files, {**self.overrides, **overrides}
        )
        self._config = load_config(self.settings)
        self._client = ODataClient(
            self._config.api_url,
            self._config.credentials,
            logger=self.logger,
            max_requests=self._config.max_requests,
            max_tries=int(self.settings["max_tries"]),
            max_retry_wait=float(self.settings["max_retry_wait"]),
            timeout=float(self.settings["request_timeout"]),
        )

    @property
    def config(self) -> TapConfig:
        """The checked settings; `start` must have been called."""
        if self._config is None:
            raise RuntimeError("Run.start() must be called before Run.config.")
        return self._config

    @property
    def client(self) -> ODataClient:
        """The run's one HTTP client; `start` must have been called."""
        if self._client is None:
            raise RuntimeError("Run.start() must be called before Run.client.")
        return self._client

    def usage_summary(self) -> str:
        """Return the request count, such as `3 (discovery 1, Call Detail 2)`."""
        return self._client.usage.summary() if self._client else "0"

    def close(self) -> None:
        """Close the client's pooled connections."""
        if self._client is not None:
            self._client.close()


def report_outcome(body: Callable[[], None], usage: Callable[[], str]) -> None:
    """Run a command body; end with its error, if any, and the requests used.

    A known error prints `Error: <message>` on one line, without a traceback,
    and exits with its code from `exit_code_for`. `Requests used: N` is the
    last line on stderr either way.
    """
    code = 0
    try:
        body()
    except (*KNOWN_ERRORS, CommandError) as exc:
        code = exit_code_for(exc)
        click.echo(f"Error: {one_line(str(exc))}", err=True)
    finally:
        click.echo(f"Requests used: {usage()}", err=True)
    if code:
        raise click.exceptions.Exit(code)


def api_command(func: Callable[..., None]) -> Callable[..., None]:
    """Add the options every API command takes and run `func(run, **options)`."""

    @click.option(
        "--config",
        "config_files",
        multiple=True,
        metavar="FILE",
        help="Settings file in the tap's JSON format. Repeat to merge several; "
        "later files win. TAP_BRIGHTMETRICS_* environment variables override "
        "the files, and command-line options override both.",
    )
    @click.option(
        "--api-url",
        metavar="URL",
        help="OData service root. Default: the api_url setting, else "
        "https://webapp.brightmetrics.com/OData.ashx.",
    )
    @click.option(
        "--max-requests",
        type=click.IntRange(min=1),
        metavar="N",
        help="Stop with exit code 3 instead of sending request N+1; retries and "
        "asynchronous polls count. Default: the max_requests setting, else no "
        "limit. All users of a company share 150 requests per 24 hours.",
    )
    @click.option(
        "-v",
        "--verbose",
        is_flag=True,
        help="Log each request's path, query and status on stderr.",
    )
    @functools.wraps(func)
    def command(
        config_files: tuple[str, ...],
        api_url: str | None,
        max_requests: int | None,
        verbose: bool,
        **options: Any,
    ) -> None:
        logger = configure_logging(verbose=verbose)
        run = Run(
            config_files, {"api_url": api_url, "max_requests": max_requests}, logger
        )

        def body() -> None:
            try:
                func(run, **options)
            finally:
                run.close()

        report_outcome(body, run.usage_summary)

    return command
