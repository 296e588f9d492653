"""The `brightmetrics` command group."""

from __future__ import annotations

import signal
import sys
from types import FrameType

import click

from tap_brightmetrics.cli.errors import EXIT_CODES_HELP
from tap_brightmetrics.cli.export import export_command
from tap_brightmetrics.cli.listing import filters_command, reports_command
from tap_brightmetrics.cli.password import hash_password_command


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EXIT_CODES_HELP,
)
def main() -> None:
    """List, inspect and export saved Brightmetrics reports over the OData API.

    Settings come from the tap's config file (--config FILE) and
    TAP_BRIGHTMETRICS_* environment variables, as for tap-brightmetrics;
    command-line options override both. Every command ends with `Requests
    used: N` on stderr: all users of a company share 150 requests per 24
    hours. Errors are one line on stderr, starting with `Error:`.
    """
    # SIGTERM and Ctrl-C become SystemExit with 128 + the signal number, as in
    # the tap, so an export removes its partial file on the way out.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, _exit_on_signal)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    sys.exit(128 + signum)


main.add_command(reports_command)
main.add_command(filters_command)
main.add_command(export_command)
main.add_command(hash_password_command)
