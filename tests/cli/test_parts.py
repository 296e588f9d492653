"""The command's parts: --filter parsing, progress, tables and the output file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import requests

from tap_brightmetrics.cli.download import OutputFile, check_content_type
from tap_brightmetrics.cli.errors import CommandError
from tap_brightmetrics.cli.filter_options import filter_spec
from tap_brightmetrics.cli.formats import FORMATS
from tap_brightmetrics.cli.progress import Progress, format_bytes
from tap_brightmetrics.cli.tables import format_table
from tap_brightmetrics.errors import APIError
from tap_brightmetrics.odata.filters import FilterError


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("options", "spec"),
    [
        (["Queue Name=Sales"], {"Queue Name": "Sales"}),
        (
            ["Queue Name = Sales", "Queue Name=東京 Desk"],
            {"Queue Name": ["Sales", "東京 Desk"]},
        ),
        (["Time_Wait>=10", "Time_Wait<=20"], {"Time_Wait": {"ge": "10", "le": "20"}}),
        (["Direction!=Outbound"], {"Direction": {"ne": "Outbound"}}),
        (["A>1", "A<9", "A=5"], {"A": {"gt": "1", "lt": "9", "eq": "5"}}),
        (["A!=x", "A=y", "A=z"], {"A": {"ne": "x", "in": ["y", "z"]}}),
        (["Caller=a=b"], {"Caller": "a=b"}),
        (['{"Time - Wait": {"ge": 5}}'], {"Time - Wait": {"ge": 5}}),
        (['{"Q": ["a"]}', "R=b"], {"Q": ["a"], "R": "b"}),
    ],
)
def test_filter_spec_forms(options: list[str], spec: dict[str, object]) -> None:
    assert filter_spec(options) == spec


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["Queue Name"], "is not a valid filter"),
        (["=Sales"], "is not a valid filter"),
        (["A>=1", "A>=2"], "gives A>= more than once"),
        (['{"A": 1}', "A=2"], "both as JSON and as an expression"),
        (["A=2", '{"A": 1}'], "gives A more than once"),
        (['{"A": 1'], "is not valid JSON"),
        (["[1]"], "is not a valid filter"),
        (['{"A": 1} '], None),
    ],
)
def test_filter_spec_errors(options: list[str], message: str | None) -> None:
    if message is None:
        assert filter_spec(options) == {"A": 1}
        return
    with pytest.raises(FilterError, match=message):
        filter_spec(options)


def test_progress_draws_on_terminal() -> None:
    stream = _Terminal()
    progress = Progress("Exporting Call Detail", stream)

    progress.advance(2048, pages=1, rows=3)
    drawn = stream.getvalue()
    progress.finish()

    assert drawn == "\rExporting Call Detail: 2.0 KiB, 1 page, 3 rows"
    assert stream.getvalue().endswith("\r" + " " * len(drawn[1:]) + "\r")


def test_progress_quiet_without_terminal() -> None:
    stream = io.StringIO()
    progress = Progress("Exporting", stream)

    progress.advance(10_000_000, pages=5)
    progress.finish()

    assert stream.getvalue() == ""
    assert progress.describe() == "9.5 MiB, 5 pages, 0 rows"


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (5 * 1024**3, "5.0 GiB")],
)
def test_format_bytes(count: int, text: str) -> None:
    assert format_bytes(count) == text


def test_table_aligns_wide_letters() -> None:
    table = format_table(("TITLE", "ID"), [("東京", "1"), ("Sales", "2")])

    assert table.splitlines() == ["TITLE  ID", "東京   1", "Sales  2"]


def _write_while_file_appears(target: Path) -> None:
    with OutputFile(target, force=False).writing() as file:
        file.write(b"new data")
        target.write_bytes(b"written by someone else")


def _fail_during_write(target: Path) -> None:
    with OutputFile(target, force=False).writing() as file:
        file.write(b"half")
        raise RuntimeError("download failed")


def test_output_file_keeps_file_created_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"

    with pytest.raises(CommandError, match="already exists"):
        _write_while_file_appears(target)

    assert target.read_bytes() == b"written by someone else"
    assert list(tmp_path.glob(".*.part")) == []


def test_output_file_removes_partial_on_error(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"

    with pytest.raises(RuntimeError, match="download failed"):
        _fail_during_write(target)

    assert not target.exists()
    assert list(tmp_path.glob(".*.part")) == []


def test_content_type_mismatch_is_rejected() -> None:
    response = requests.Response()
    response.status_code = 200
    response.raw = io.BytesIO(b"{}")
    response.headers["Content-Type"] = "application/json; odata.metadata=minimal"

    with pytest.raises(APIError, match="not the requested text/csv"):
        check_content_type(response, FORMATS["csv"])

    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    check_content_type(response, FORMATS["csv-formatted"])


def test_end_date_alone_means_whole_day():
    import datetime

    from tap_brightmetrics.cli.export_request import date_window

    window = date_window("2026-11-01", "2026-11-07")
    assert window is not None
    assert window[1] == datetime.datetime(
        2026, 11, 7, 23, 59, 59, tzinfo=datetime.timezone.utc
    )
    window = date_window("2026-11-01", "2026-11-07T12:00:00Z")
    assert window is not None
    assert window[1] == datetime.datetime(2026, 11, 7, 12, tzinfo=datetime.timezone.utc)
