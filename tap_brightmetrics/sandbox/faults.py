"""Injectable faults: failures the sandbox produces on request.

Tests mutate a :class:`Faults` instance between or during requests. The server
reads and consumes it under :data:`FAULTS_LOCK`, so the one-shot counters
(``fail_next``, ``drop_next``, ``truncate_next``, ``malformed_next``) are
used by exactly one request each.
"""

from __future__ import annotations

import dataclasses
import threading
import typing

FAULTS_LOCK = threading.RLock()


@dataclasses.dataclass
class Faults:
    """Fault switches; every field is off by default.

    Attributes:
        fail_next: HTTP statuses of the responses to the next OData requests, one per
            request, each with an OData error body.
        retry_after: Retry-After value (seconds or an HTTP date) sent with the
            ``fail_next`` responses.
        drop_next: Number of next OData requests whose connection is closed
            without a response.
        slow_seconds: Delay before every OData response.
        truncate_next: Number of next data responses cut off mid-body (the
            connection closes before the announced length or the last chunk).
        malformed_next: Number of next JSON data responses sent as invalid JSON
            with status 200.
        relative_next_links: Send nextLinks relative to the context URL.
        odata_401_names: Use the OData 4.01 control names ``@context`` and
            ``@nextLink``.
        foreign_next_link: Origin (scheme://host:port) put into nextLinks and
            asynchronous status URLs in place of the sandbox's own.
        next_link_loop: The second page's nextLink repeats the first page's.
        async_fail: Status URLs respond with 500 and an OData error (the job failed).
        async_expire: Status URLs respond with 404 from the first poll on.
        async_move_location: The first poll of each job gets 202 with a new
            Location on a different path.
        expired_tokens: Every $skiptoken is rejected with 400 as expired.
    """

    fail_next: list[int] = dataclasses.field(default_factory=list)
    retry_after: str | None = None
    drop_next: int = 0
    slow_seconds: float = 0.0
    truncate_next: int = 0
    malformed_next: int = 0
    relative_next_links: bool = False
    odata_401_names: bool = False
    foreign_next_link: str | None = None
    next_link_loop: bool = False
    async_fail: bool = False
    async_expire: bool = False
    async_move_location: bool = False
    expired_tokens: bool = False

    def reset(self) -> None:
        """Switch every fault off, keeping this instance."""
        with FAULTS_LOCK:
            for field in dataclasses.fields(self):
                setattr(self, field.name, _default_of(field))

    def update(self, values: typing.Mapping[str, object]) -> None:
        """Set fields from a mapping, as sent to the admin endpoint.

        Raises:
            ValueError: A key is not a field name or a value has the wrong type.
        """
        converted = {name: _convert(name, value) for name, value in values.items()}
        with FAULTS_LOCK:
            for name, value in converted.items():
                setattr(self, name, value)

    def take_counter(self, name: str) -> bool:
        """Consume one unit of a one-shot counter; return whether one was left."""
        with FAULTS_LOCK:
            remaining = getattr(self, name)
            if remaining <= 0:
                return False
            setattr(self, name, remaining - 1)
            return True

    def take_failure(self) -> tuple[int, str | None] | None:
        """Pop the next ``fail_next`` status with the Retry-After to send."""
        with FAULTS_LOCK:
            if not self.fail_next:
                return None
            return self.fail_next.pop(0), self.retry_after


def _default_of(field: dataclasses.Field[typing.Any]) -> object:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return field.default


def _statuses(name: str, value: object) -> object:
    if not isinstance(value, list) or not all(_is_int(v) for v in value):
        raise ValueError(f"fault {name!r} must be a list of HTTP statuses")
    return list(value)


def _optional_text(name: str, value: object) -> object:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"fault {name!r} must be a string or null")


def _count(name: str, value: object) -> object:
    if not _is_int(value) or typing.cast(int, value) < 0:
        raise ValueError(f"fault {name!r} must be a non-negative integer")
    return value


def _seconds(name: str, value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"fault {name!r} must be a non-negative number")
    return float(value)


def _flag(name: str, value: object) -> object:
    if not isinstance(value, bool):
        raise ValueError(f"fault {name!r} must be true or false")
    return value


_CONVERTERS: dict[str, typing.Callable[[str, object], object]] = {
    "fail_next": _statuses,
    "retry_after": _optional_text,
    "drop_next": _count,
    "slow_seconds": _seconds,
    "truncate_next": _count,
    "malformed_next": _count,
    "relative_next_links": _flag,
    "odata_401_names": _flag,
    "foreign_next_link": _optional_text,
    "next_link_loop": _flag,
    "async_fail": _flag,
    "async_expire": _flag,
    "async_move_location": _flag,
    "expired_tokens": _flag,
}


def _convert(name: str, value: object) -> object:
    converter = _CONVERTERS.get(name)
    if converter is None:
        known = ", ".join(sorted(_CONVERTERS))
        raise ValueError(f"unknown fault {name!r}; known faults: {known}")
    return converter(name, value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
