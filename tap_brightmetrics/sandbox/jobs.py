"""Asynchronous export jobs created by ``Prefer: respond-async``."""

from __future__ import annotations

import dataclasses
import threading
import time
import typing
import uuid

STATUS_PATH = "status"
MOVED_STATUS_PATH = "jobs"


@dataclasses.dataclass
class Job:
    """One export job.

    Attributes:
        id: Job id in the status URL.
        request: The request to run, in the form a $skiptoken payload uses.
        created: ``time.monotonic()`` at creation.
        moved_id: Id under the moved status path, once the job has moved.
    """

    id: str
    request: dict[str, typing.Any]
    created: float
    moved_id: str | None = None

    def age(self) -> float:
        """Seconds since creation."""
        return time.monotonic() - self.created


class JobRegistry:
    """Thread-safe store of jobs, addressable by status or moved path id."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._moved: dict[str, Job] = {}
        self._lock = threading.Lock()

    def create(self, request: dict[str, typing.Any]) -> Job:
        """Register a new job."""
        job = Job(str(uuid.uuid4()), request, time.monotonic())
        with self._lock:
            self._jobs[job.id] = job
        return job

    def find(self, path_kind: str, job_id: str) -> Job | None:
        """Return the job under ``status/<id>`` or ``jobs/<id>``."""
        with self._lock:
            table = self._jobs if path_kind == STATUS_PATH else self._moved
            return table.get(job_id.lower())

    def move(self, job: Job) -> str:
        """Give a job an id under the moved path (once) and return it."""
        with self._lock:
            if job.moved_id is None:
                job.moved_id = str(uuid.uuid4())
                self._moved[job.moved_id] = job
            return job.moved_id

    def clear(self) -> None:
        """Forget every job."""
        with self._lock:
            self._jobs.clear()
            self._moved.clear()
