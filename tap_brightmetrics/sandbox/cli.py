"""Command line: run the sandbox server until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import logging
import pathlib
import signal
import sys
import threading
import typing

from tap_brightmetrics.sandbox.config import (
    DEMO_API_KEY,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_PASSWORD_HASH,
    SandboxConfig,
)
from tap_brightmetrics.sandbox.faults import Faults
from tap_brightmetrics.sandbox.server import Sandbox

DEFAULT_PORT = 8765


def _statuses(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid status list {text!r}; "
            "use comma-separated HTTP statuses like 503,500"
        ) from None


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r}; use YYYY-MM-DD"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser."""
    parser = argparse.ArgumentParser(
        prog="brightmetrics-sandbox",
        description="Serve a local Brightmetrics-compatible OData API.",
    )
    _add_server_options(parser)
    _add_fault_options(parser)
    return parser


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    defaults = SandboxConfig()
    server = parser.add_argument_group("server and data")
    server.add_argument(
        "--host",
        default=defaults.host,
        help="interface to listen on (default: %(default)s)",
    )

    server.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help="TCP port; 0 picks a free port (default: %(default)s)",
    )

    server.add_argument(
        "--seed",
        type=int,
        default=defaults.seed,
        help="seed of the generated data (default: %(default)s)",
    )

    server.add_argument(
        "--days",
        type=int,
        default=defaults.days,
        help="days of data before the end date (default: %(default)s)",
    )

    server.add_argument(
        "--calls-per-day",
        type=int,
        default=defaults.calls_per_day,
        help="calls on each day with calls (default: %(default)s)",
    )

    server.add_argument(
        "--quota",
        type=int,
        default=defaults.quota,
        help="requests allowed per rolling 24 hours (default: %(default)s)",
    )

    server.add_argument(
        "--page-days",
        type=float,
        default=defaults.page_days,
        help="days of data per detail page (default: %(default)s)",
    )

    server.add_argument(
        "--async-seconds",
        type=float,
        default=defaults.async_seconds,
        help="seconds until an asynchronous export completes (default: %(default)s)",
    )

    server.add_argument(
        "--async-retry-after",
        type=int,
        default=defaults.async_retry_after,
        help="Retry-After seconds of 202 responses (default: %(default)s)",
    )

    server.add_argument(
        "--async-expiry",
        type=float,
        default=defaults.async_expiry_seconds,
        help="seconds until a status URL expires (default: %(default)s)",
    )

    server.add_argument(
        "--end-date",
        type=_date,
        default=None,
        help="day after the last day of data, YYYY-MM-DD (default: today, UTC)",
    )

    server.add_argument(
        "--not-timezone-aware",
        action="store_true",
        help="ignore the timezone parameter, as MiVoice Connect data sets do",
    )

    server.add_argument(
        "--url-file",
        type=pathlib.Path,
        help="write the service root URL to this file once listening",
    )

    server.add_argument(
        "--verbose", action="store_true", help="log every request to stderr"
    )


def _add_fault_options(parser: argparse.ArgumentParser) -> None:
    faults = parser.add_argument_group("faults")
    faults.add_argument(
        "--fail-next",
        type=_statuses,
        default=[],
        metavar="STATUSES",
        help="respond to the next requests with these statuses, e.g. 503,500",
    )

    faults.add_argument(
        "--retry-after", help="Retry-After value sent with --fail-next responses"
    )

    faults.add_argument(
        "--drop-next",
        type=int,
        default=0,
        metavar="N",
        help="close the connection of the next N requests without a response",
    )

    faults.add_argument(
        "--slow-seconds",
        type=float,
        default=0.0,
        help="delay before every response, in seconds",
    )

    faults.add_argument(
        "--truncate-next",
        type=int,
        default=0,
        metavar="N",
        help="cut off the next N data responses",
    )

    faults.add_argument(
        "--malformed-next",
        type=int,
        default=0,
        metavar="N",
        help="send invalid JSON in the next N JSON data responses",
    )

    faults.add_argument(
        "--relative-next-links",
        action="store_true",
        help="send nextLinks relative to the context URL",
    )

    faults.add_argument(
        "--odata-401-names",
        action="store_true",
        help="use @context and @nextLink instead of @odata.context and @odata.nextLink",
    )

    faults.add_argument(
        "--foreign-next-link",
        metavar="ORIGIN",
        help="put this origin into nextLinks and status URLs",
    )

    faults.add_argument(
        "--next-link-loop",
        action="store_true",
        help="make the second page's nextLink repeat the first page's",
    )

    faults.add_argument(
        "--async-fail",
        action="store_true",
        help="status URLs respond with 500: the export job failed",
    )

    faults.add_argument(
        "--async-expire",
        action="store_true",
        help="status URLs respond with 404 from the first poll on",
    )

    faults.add_argument(
        "--async-move-location",
        action="store_true",
        help="the first poll gets 202 with a new Location",
    )

    faults.add_argument(
        "--expired-tokens",
        action="store_true",
        help="reject every $skiptoken as expired",
    )


def config_from_args(args: argparse.Namespace) -> SandboxConfig:
    """Return the SandboxConfig of parsed arguments."""
    return SandboxConfig(
        seed=args.seed,
        days=args.days,
        calls_per_day=args.calls_per_day,
        quota=args.quota,
        page_days=args.page_days,
        async_seconds=args.async_seconds,
        async_retry_after=args.async_retry_after,
        async_expiry_seconds=args.async_expiry,
        end_date=args.end_date,
        host=args.host,
        port=args.port,
        timezone_aware=not args.not_timezone_aware,
    )


def faults_from_args(args: argparse.Namespace) -> Faults:
    """Return the Faults of parsed arguments."""
    names = {field.name for field in dataclasses.fields(Faults)}
    return Faults(**{name: getattr(args, name) for name in names})


def _print_banner(sandbox: Sandbox) -> None:
    start, end = sandbox.data_range
    lines = [
        f"Brightmetrics sandbox OData service root: {sandbox.url}",
        f"  email:         {DEMO_EMAIL}",
        f"  password:      {DEMO_PASSWORD}  (send as *pass{DEMO_PASSWORD})",
        f"  password hash: {DEMO_PASSWORD_HASH}  (base64 SHA-256)",
        f"  API key:       {DEMO_API_KEY}  (Bearer, or Basic user apikey)",
        f"  data:          {start:%Y-%m-%d} to {end:%Y-%m-%d} (UTC, end exclusive)",
        f"Ready: listening on {sandbox.origin}",
    ]
    print("\n".join(lines), flush=True)


def main(argv: typing.Sequence[str] | None = None) -> int:
    """Run the server until SIGINT or SIGTERM; return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    stop = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop.set())
    sandbox = Sandbox(config_from_args(args), faults_from_args(args))
    try:
        sandbox.start()
    except OSError as error:
        print(f"Cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    try:
        if args.url_file is not None:
            args.url_file.write_text(sandbox.url + "\n", encoding="utf-8")
        _print_banner(sandbox)
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
    print("Stopped.", flush=True)
    return 0
