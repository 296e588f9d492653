"""The sandbox CLI in its own process, so it does not share the client's GIL."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

END_DATE = "2026-11-30"


class SandboxProcess:
    """`python -m tap_brightmetrics.sandbox` on a free loopback port.

    Use it as a context manager; `url` is the OData service root.
    """

    def __init__(
        self,
        *,
        days: int,
        calls_per_day: int,
        page_days: float = 1,
        async_seconds: float = 0.2,
    ) -> None:
        self.options = [
            "--port=0",
            f"--end-date={END_DATE}",
            f"--days={days}",
            f"--calls-per-day={calls_per_day}",
            f"--page-days={page_days}",
            "--quota=100000000",
            f"--async-seconds={async_seconds}",
            "--async-retry-after=1",
        ]
        self.url = ""
        self._folder = tempfile.TemporaryDirectory(prefix="benchmark-sandbox-")
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> SandboxProcess:
        url_file = Path(self._folder.name) / "url"
        command = [sys.executable, "-m", "tap_brightmetrics.sandbox", *self.options]
        command.append(f"--url-file={url_file}")
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.url = wait_for_url_file(url_file, self._process)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._folder.cleanup()

    @property
    def pid(self) -> int:
        """Process id of the server."""
        assert self._process is not None
        return self._process.pid


def wait_for_url_file(
    url_file: Path, process: subprocess.Popen[bytes], timeout: float = 120.0
) -> str:
    """Return the URL a server writes to `url_file` once it listens.

    Raises:
        RuntimeError: the server exited or wrote nothing within `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        text = url_file.read_text() if url_file.exists() else ""
        if text.endswith("\n"):  # written whole
            return text.strip()
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{process.args!r} wrote no URL within {timeout:.0f} s")
