"""Response bodies on the wire: chunked transfer encoding and cut-off bodies."""

from __future__ import annotations

import typing

CHUNK_BYTES = 64 * 1024


class ByteStream(typing.Protocol):
    """A writable binary stream such as a socket file."""

    def write(self, data: bytes, /) -> typing.Any:
        """Write bytes."""

    def flush(self) -> typing.Any:
        """Flush buffered bytes."""


class ChunkedWriter:
    """Writes a body with chunked transfer encoding, in chunks of about 64 KiB."""

    def __init__(self, stream: ByteStream) -> None:
        self._stream = stream
        self._buffer = bytearray()

    def write(self, data: bytes) -> None:
        """Buffer data and send full chunks."""
        self._buffer += data
        if len(self._buffer) >= CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        """Send the buffered data as one chunk."""
        if self._buffer:
            self._stream.write(
                b"%x\r\n%s\r\n" % (len(self._buffer), bytes(self._buffer))
            )
            self._buffer.clear()
        self._stream.flush()

    def close(self) -> None:
        """Send the rest and the terminating zero-length chunk."""
        self.flush()
        self._stream.write(b"0\r\n\r\n")
        self._stream.flush()


class BodyCut(Exception):
    """Raised by :class:`TruncatingWriter` once it has sent part of a body."""


class TruncatingWriter:
    """Collects the start of a body, sends half of it, then raises BodyCut.

    The caller then closes the connection without the terminating chunk, so a
    client sees a body that ends too early.
    """

    LIMIT = 32 * 1024

    def __init__(self, target: ChunkedWriter) -> None:
        self._target = target
        self._buffer = bytearray()

    def write(self, data: bytes) -> None:
        """Collect data; past the limit, send half of it and raise BodyCut."""
        self._buffer += data
        if len(self._buffer) >= self.LIMIT:
            self.cut()

    def cut(self) -> typing.NoReturn:
        """Send half of what was collected and raise BodyCut."""
        self._target.write(bytes(self._buffer[: max(1, len(self._buffer) // 2)]))
        self._target.flush()
        raise BodyCut
