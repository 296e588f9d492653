"""Exit codes of the `brightmetrics` command and the errors that map to them."""

from __future__ import annotations

from tap_brightmetrics.errors import (
    BrightmetricsError,
    ConfigurationError,
    QuotaExhaustedError,
    RequestBudgetReached,
)
from tap_brightmetrics.odata.filters import FilterError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_QUOTA = 3

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  the API, the network or the output file failed
  2  invalid usage, settings, filters or report name
  3  the daily request quota is spent, or --max-requests was reached
  130, 143  stopped by Ctrl-C or SIGTERM; a partial file is removed"""

KNOWN_ERRORS = (BrightmetricsError, FilterError)
"""Errors that are reported by their message alone, without a traceback."""


class CommandError(Exception):
    """A problem with the command line itself, such as an existing output file."""

    def __init__(self, message: str, *, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def exit_code_for(error: Exception) -> int:
    """Return the exit code for a failure, following `EXIT_CODES_HELP`."""
    if isinstance(error, CommandError):
        return error.exit_code
    if isinstance(error, (QuotaExhaustedError, RequestBudgetReached)):
        return EXIT_QUOTA
    if isinstance(error, (ConfigurationError, FilterError)):
        return EXIT_USAGE
    return EXIT_FAILURE


def one_line(message: str) -> str:
    """Join a multi-line message (a FilterError lists one problem per line)."""
    return " ".join(part.strip() for part in message.splitlines() if part.strip())
