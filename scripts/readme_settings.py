"""Regenerate, or with --check verify, the settings table in README.md.

The table is the "Settings" section of `tap-brightmetrics --about
--format=markdown`, so the README cannot drift from the settings schema.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- settings:start -->"
END = "<!-- settings:end -->"


def settings_table() -> str:
    """Return the settings table the tap prints about itself."""
    about = subprocess.run(
        [sys.executable, "-m", "tap_brightmetrics", "--about", "--format=markdown"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    section = about.split("## Settings", 1)[1]
    lines = [line for line in section.strip().splitlines() if line.startswith("|")]
    return "\n".join(lines)


def render(readme: str) -> str:
    """Return the README text with a fresh table between the markers."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{settings_table()}\n{END}{tail}"


def main() -> int:
    """Rewrite README.md, or with --check exit 1 when it is out of date."""
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            print(
                "README.md settings table is out of date: "
                "run `uv run python scripts/readme_settings.py`."
            )
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
