"""The `brightmetrics` command: reports, filters, export and hash-password."""

from __future__ import annotations

from tap_brightmetrics.cli.main import main

__all__ = ["main"]
