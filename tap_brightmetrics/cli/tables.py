"""Plain-text tables for the terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

_COLUMN_GAP = "  "


def display_width(text: str) -> int:
    """Return the terminal columns `text` takes: wide East Asian letters take two."""
    return sum(
        2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
        for character in text
    )


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return the rows under their headers, in left-aligned columns."""
    widths = [display_width(header) for header in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], display_width(cell))

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell + " " * (width - display_width(cell))
            for cell, width in zip(cells, widths, strict=True)
        ]
        return _COLUMN_GAP.join(padded).rstrip()

    return "\n".join([line(headers), *(line(row) for row in rows)])
