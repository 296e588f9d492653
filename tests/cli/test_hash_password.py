"""`brightmetrics hash-password`: the base64 SHA-256 the API accepts."""

from __future__ import annotations

import pytest

from tap_brightmetrics.cli import password
from tests.cli.helpers import Invoke, last_line

# The vendor's example: password abcd1234 and its accepted hash.
VENDOR_HASH = "6c7nGrky/ehjM40Ivk3p3+OeoEm9r7NCzmWexUULaa4="


@pytest.mark.parametrize("text", ["abcd1234\n", "abcd1234", "abcd1234\r\n"])
def test_hash_password_reads_stdin_line(invoke: Invoke, text: str) -> None:
    result = invoke("hash-password", input=text)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == VENDOR_HASH + "\n"
    assert last_line(result.stderr) == "Requests used: 0"


def test_hash_password_reads_first_line_only(invoke: Invoke) -> None:
    result = invoke("hash-password", input="abcd1234\nsomething else\n")

    assert result.stdout == VENDOR_HASH + "\n"


def test_hash_password_prompts_twice_on_terminal(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(password, "_stdin_is_terminal", lambda: True)

    result = invoke("hash-password", input="abcd1234\nabcd1234\n")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == VENDOR_HASH + "\n"
    assert result.stderr.count("Password") == 1
    assert "Repeat for confirmation" in result.stderr
    assert "abcd1234" not in result.stderr


def test_hash_password_rejects_empty_input(invoke: Invoke) -> None:
    result = invoke("hash-password", input="\n")

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: The password is empty.")
    assert result.stdout == ""
