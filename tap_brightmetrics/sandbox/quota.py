"""The request quota: a rolling 24-hour window of counted requests."""

from __future__ import annotations

import collections
import collections.abc
import math
import threading
import time

WINDOW_SECONDS = 24 * 3600


class Quota:
    """Counts requests in the last 24 hours and rejects those past the limit.

    Requests rejected with 429 because of the quota are not counted, so the
    Retry-After value is the time until the oldest counted request leaves
    the window.
    """

    def __init__(
        self, limit: int, clock: collections.abc.Callable[[], float] = time.time
    ) -> None:
        self.limit = limit
        self._clock = clock
        self._times: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._times and self._times[0] <= now - WINDOW_SECONDS:
            self._times.popleft()

    def acquire(self) -> int | None:
        """Count one request; return None, or the Retry-After seconds if over quota."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            if len(self._times) >= self.limit:
                if not self._times:
                    return WINDOW_SECONDS
                return max(1, math.ceil(self._times[0] + WINDOW_SECONDS - now))
            self._times.append(now)
            return None

    @property
    def used(self) -> int:
        """Requests counted in the current window."""
        with self._lock:
            self._expire(self._clock())
            return len(self._times)

    def reset(self) -> None:
        """Forget every counted request, like the My Account reset button."""
        with self._lock:
            self._times.clear()
