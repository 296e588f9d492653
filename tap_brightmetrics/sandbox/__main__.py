"""Entry point of ``python -m tap_brightmetrics.sandbox``."""

from __future__ import annotations

import sys

from tap_brightmetrics.sandbox.cli import main

if __name__ == "__main__":
    sys.exit(main())
