"""A description of the machine a benchmark ran on."""

from __future__ import annotations

import datetime
import os
import platform
from importlib import metadata
from pathlib import Path


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo, or the platform's guess."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages, or "n/a"."""
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


def describe() -> list[tuple[str, str]]:
    """Return (item, value) pairs: date, CPU, cores, OS, Python, SDK, load."""
    return [
        (
            "Date",
            datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        ),
        ("CPU", cpu_model()),
        ("Cores", str(os.cpu_count())),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("singer-sdk", _version("singer-sdk")),
        ("requests", _version("requests")),
        ("Load average at start", load_average()),
    ]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"
