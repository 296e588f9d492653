"""A one-line download progress display on stderr, shown only on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tap_brightmetrics.cli.tables import display_width

_REFRESH_SECONDS = 0.2
_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


def format_bytes(count: int) -> str:
    """Return a byte count for people, such as `12.3 MiB`."""
    value = float(count)
    for unit in _UNITS:
        if value < 1024 or unit == _UNITS[-1]:
            return f"{count} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


class Progress:
    """Bytes and pages downloaded so far, redrawn at most every 0.2 s.

    It writes nothing unless `stream` (stderr by default) is a terminal, so
    logs and scripts get no carriage returns.
    """

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self.bytes = 0
        self.pages = 0
        self.rows = 0
        self._drawn_at = 0.0
        self._width = 0

    def restart(self) -> None:
        """Start counting again, for a retried download."""
        self.bytes = self.pages = self.rows = 0

    def advance(self, nbytes: int = 0, *, pages: int = 0, rows: int = 0) -> None:
        """Count data written and redraw the line when it is due."""
        self.bytes += nbytes
        self.pages += pages
        self.rows += rows
        now = time.monotonic()
        if self.enabled and now - self._drawn_at >= _REFRESH_SECONDS:
            self._drawn_at = now
            self._draw()

    def finish(self) -> None:
        """Erase the progress line."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def describe(self) -> str:
        """Return the counts, such as `1.2 MiB, 3 pages, 4,000 rows`."""
        parts = [format_bytes(self.bytes)]
        if self.pages:
            parts.append(f"{self.pages:,} page{'' if self.pages == 1 else 's'}")
        if self.pages or self.rows:
            parts.append(f"{self.rows:,} row{'' if self.rows == 1 else 's'}")
        return ", ".join(parts)

    def _draw(self) -> None:
        text = f"{self.label}: {self.describe()}"
        padding = " " * max(0, self._width - display_width(text))
        self.stream.write("\r" + text + padding)
        self.stream.flush()
        self._width = display_width(text)
