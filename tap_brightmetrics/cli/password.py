"""The `hash-password` command: the password hash that the API accepts."""

from __future__ import annotations

import sys

import click

from tap_brightmetrics.auth import hash_password
from tap_brightmetrics.cli.errors import CommandError
from tap_brightmetrics.cli.run import report_outcome


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _read_password() -> str:
    if _stdin_is_terminal():
        # Prompts go to stderr, so `$(brightmetrics hash-password)` captures
        # only the hash.
        return str(
            click.prompt(
                "Password", hide_input=True, confirmation_prompt=True, err=True
            )
        )
    line = sys.stdin.readline()
    return line.removesuffix("\n").removesuffix("\r")


@click.command("hash-password")
def hash_password_command() -> None:
    """Print the base64 SHA-256 of a password, for the password_hash setting.

    On a terminal it prompts for the password twice without echo. Otherwise it
    reads one line from stdin, without its line break, for scripts:

    \b
      printf '%s\\n' "$PASSWORD" | brightmetrics hash-password

    Sends no request. The API accepts the hash in place of the password, so
    the password itself need not be stored.
    """  # noqa: D301 - click's paragraph marker is the \b (backspace) escape

    def body() -> None:
        password = _read_password()
        if not password:
            raise CommandError("The password is empty. Give the password to hash.")
        click.echo(hash_password(password))

    report_outcome(body, lambda: "0")
