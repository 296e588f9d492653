"""Writing an export to disk: a temporary file, streamed bodies, JSON rows, retries."""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import ijson
import requests
import urllib3

from tap_brightmetrics.cli.errors import CommandError
from tap_brightmetrics.cli.formats import ExportFormat
from tap_brightmetrics.cli.progress import Progress, format_bytes
from tap_brightmetrics.client import ODataClient, retry_waits
from tap_brightmetrics.errors import APIError
from tap_brightmetrics.paging import LinkChain, page_rows, resolve_next_link

CHUNK_BYTES = 64 * 1024

CUT_OFF_ERRORS = (
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    requests.exceptions.ConnectionError,
    urllib3.exceptions.HTTPError,
    ijson.JSONError,
)
"""Errors of a response body that ends early or breaks off: the download is retried."""


def _current_umask() -> int:
    # os.umask can only be read by setting it, which is safe because the
    # command is single-threaded.
    mask = os.umask(0)
    os.umask(mask)
    return mask


class OutputFile:
    """An export's destination, written under a temporary name in the same folder.

    The data goes to `.<name>.<random>.part`, which gets the final name only
    after the last byte is written. A failed or interrupted export removes
    it, so a partial file never sits under the final name.
    """

    def __init__(self, path: Path, *, force: bool) -> None:
        self.path = path
        self.force = force

    def check(self) -> None:
        """Reject a destination that cannot be written, before any request is sent.

        Raises:
            CommandError: the path is a folder, its folder is missing, or the
                file exists and `force` is not set.
        """
        if self.path.is_dir():
            raise CommandError(f"{self.path} is a folder. Give a file name with -o.")
        if not self.path.parent.is_dir():
            raise CommandError(
                f"The folder {self.path.parent} does not exist. Create it or choose "
                "another -o path."
            )
        if self.path.exists() and not self.force:
            raise self._exists_error()

    @contextlib.contextmanager
    def writing(self) -> Iterator[IO[bytes]]:
        """Yield the temporary file and rename it to the final name on success."""
        self.check()
        descriptor, name = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".part"
        )
        temporary = Path(name)
        try:
            with os.fdopen(descriptor, "w+b") as file:
                yield file
                file.flush()
                os.fsync(file.fileno())
            # mkstemp creates the file readable by its owner only, so it gets
            # the permissions that a file created with open() would get.
            os.chmod(temporary, 0o666 & ~_current_umask())
            self._publish(temporary)
        finally:
            temporary.unlink(missing_ok=True)

    def _publish(self, temporary: Path) -> None:
        if self.force:
            os.replace(temporary, self.path)
            return
        try:
            # A hard link fails if the name exists, with no window for a race.
            os.link(temporary, self.path)
        except FileExistsError:
            raise self._exists_error() from None
        except OSError:  # the file system has no hard links
            if self.path.exists():
                raise self._exists_error() from None
            os.replace(temporary, self.path)

    def _exists_error(self) -> CommandError:
        return CommandError(
            f"{self.path} already exists. Choose another -o path, or add --force "
            "to replace it."
        )


class JsonRowsWriter:
    """Writes rows as one JSON document, `{"value": [...]}`, one row at a time."""

    def __init__(self, file: IO[bytes], progress: Progress) -> None:
        self.file = file
        self.progress = progress
        self.count = 0
        self._write(b'{"value": [')

    def write_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append rows to the `value` array."""
        for row in rows:
            separator = b",\n" if self.count else b"\n"
            self.count += 1
            self._write(separator + json.dumps(row, ensure_ascii=False).encode())
            self.progress.advance(rows=1)

    def close(self) -> None:
        """End the array and the document."""
        self._write(b"\n]}\n" if self.count else b"]}\n")

    def _write(self, data: bytes) -> None:
        self.file.write(data)
        self.progress.advance(len(data))


def check_content_type(response: requests.Response, expected: ExportFormat) -> None:
    """Reject a response in another format than requested, such as JSON for CSV.

    Raises:
        APIError: the Content-Type names another media type.
    """
    content_type = response.headers.get("Content-Type", "")
    received = content_type.split(";", 1)[0].strip().lower()
    if received and received != expected.base_media_type:
        response.close()
        msg = (
            f"The server answered with Content-Type {content_type}, not the "
            f"requested {expected.media_type}, so the file was not written. Try "
            "the other --format-via."
        )
        raise APIError(msg, status=response.status_code)


def copy_body(
    response: requests.Response,
    file: IO[bytes],
    progress: Progress,
    expected: ExportFormat,
) -> None:
    """Stream a response body into the file, then close the response."""
    with contextlib.closing(response):
        check_content_type(response, expected)
        for chunk in response.iter_content(CHUNK_BYTES):
            file.write(chunk)
            progress.advance(len(chunk))


def write_pages(
    client: ODataClient, url: str, writer: JsonRowsWriter, *, label: str
) -> None:
    """Write the rows of every page, following each nextLink exactly as sent.

    One page is held in memory at a time. Each page request is retried by the
    client when its body is cut off.
    """
    chain = LinkChain(label)
    next_url: str | None = url
    while next_url:
        chain.visit(next_url)
        payload = client.get_json(next_url, label=label)
        writer.write_rows(page_rows(payload, label))
        writer.progress.advance(pages=1)
        next_url = resolve_next_link(payload, next_url, client.api_url)
    writer.close()


def write_result_rows(response: requests.Response, writer: JsonRowsWriter) -> None:
    """Write the rows of one JSON result as they arrive, then close the response.

    NOTE: only `value` is read, as the tap does: a nextLink in an
    asynchronous export's result would not be followed.
    """
    with contextlib.closing(response):
        response.raw.decode_content = True
        writer.write_rows(ijson.items(response.raw, "value.item", use_float=True))
        writer.progress.advance(pages=1)
    writer.close()


def with_retries(
    attempt: Callable[[], None],
    *,
    client: ODataClient,
    file: IO[bytes],
    progress: Progress,
    label: str,
    logger: logging.Logger,
) -> None:
    """Run `attempt` until it writes the whole file, at most `max_tries` times.

    Each attempt starts from an empty file and sends its requests again, so
    every try is spent from the quota.

    Raises:
        APIError: every try was cut off.
    """
    waits = retry_waits(maximum=client.max_retry_wait)
    next(waits)
    for tries in itertools.count(1):
        file.seek(0)
        file.truncate()
        progress.restart()
        try:
            attempt()
        except CUT_OFF_ERRORS as exc:
            progress.finish()
            received = format_bytes(progress.bytes)
            if tries >= client.max_tries:
                msg = (
                    f"The download of {label} was cut off {tries} times, the last "
                    f"time after {received} ({type(exc).__name__}), so the file was "
                    "not written. The service may be overloaded; try again later."
                )
                raise APIError(msg) from None
            wait = waits.send(exc)
            logger.warning(
                "The download of %s was cut off after %s (%s); retrying (try %d of "
                "%d, waiting %.1f s).",
                label,
                received,
                type(exc).__name__,
                tries + 1,
                client.max_tries,
                wait,
            )
            time.sleep(wait)
        else:
            return
