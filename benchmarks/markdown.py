"""Markdown tables."""

from __future__ import annotations

from collections.abc import Sequence


def table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, text_columns: int = 1
) -> str:
    """Return a GitHub-flavoured Markdown table.

    The first `text_columns` columns align left, the others right.
    """
    align = [":--"] * text_columns + ["--:"] * (len(headers) - text_columns)
    lines = [_row(headers), _row(align)]
    lines += [_row([str(cell) for cell in row]) for row in rows]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def number(value: float, digits: int = 0) -> str:
    """Format a number with thousands separators."""
    return f"{value:,.{digits}f}"
