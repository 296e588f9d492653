"""Replay one detail window of the sandbox from memory, to measure clients alone.

The sandbox builds every page from its generator while the client waits,
so against it the client's speed is diluted by the server's. This script
first reads every page of one window from the sandbox without parsing it,
which measures the sandbox's serving rate. Then it serves those bytes again
from memory, with nextLinks and context URLs rewritten to its own origin.
The first request to the report's path, whatever its query, gets the first
page. Every other request must be one of the recorded nextLinks.

Run as a script: it writes the statistics of the recording pass to
--stats-file and then its service root to --url-file, and serves until
SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from tap_brightmetrics.sandbox import DEMO_EMAIL, DEMO_PASSWORD_HASH

_NEXT_LINK = re.compile(rb'"@odata\.nextLink"\s*:\s*"((?:[^"\\]|\\.)*)"')
_TAIL_BYTES = 8192


class Recording:
    """Page bodies keyed by request target ("/OData.ashx/...?query")."""

    def __init__(self, report_path: str) -> None:
        self.report_path = report_path
        self.first_page = b""
        self.content_type = "application/json"
        self.pages: dict[str, bytes] = {}
        self.stats: dict[str, Any] = {}


def record_window(
    source_root: str, report_id: str, filter_text: str, row_marker: str
) -> tuple[list[tuple[str, bytes]], str, dict[str, Any]]:
    """Read every page of one window and return (url, body) pairs, type and stats.

    Rows are counted by occurrences of `row_marker` (`"Call_Date_Time":` for
    a detail report), after the timed loop, so no parse slows the reading.
    """
    session = requests.Session()
    session.auth = (DEMO_EMAIL, DEMO_PASSWORD_HASH)
    first = requests.Request(
        "GET", f"{source_root}/{report_id}", params={"$filter": filter_text}
    ).prepare()
    url: str | None = first.url
    pages: list[tuple[str, bytes]] = []
    content_type = "application/json"
    started = time.perf_counter()
    while url:
        response = session.get(url)
        response.raise_for_status()
        body = response.content
        content_type = response.headers.get("Content-Type", content_type)
        pages.append((url, body))
        url = _next_link(body)
    seconds = time.perf_counter() - started
    marker = json.dumps(row_marker).encode() + b":"
    rows = sum(body.count(marker) for _, body in pages)
    size = sum(len(body) for _, body in pages)
    stats = {"pages": len(pages), "rows": rows, "bytes": size, "seconds": seconds}
    return pages, content_type, stats


def _next_link(body: bytes) -> str | None:
    # The sandbox writes the nextLink after the rows, so only the tail is searched.
    match = _NEXT_LINK.search(body, max(0, len(body) - _TAIL_BYTES))
    if match is None:
        return None
    link = json.loads(b'"' + match.group(1) + b'"')
    return link or None


def build_recording(
    pages: list[tuple[str, bytes]], content_type: str, source: str, target: str
) -> Recording:
    """Key the pages by request target, with `source` origin replaced by `target`."""
    first_url = pages[0][0]
    recording = Recording(urlsplit(first_url).path)
    recording.content_type = content_type
    old, new = source.encode(), target.encode()
    for index, (url, body) in enumerate(pages):
        rewritten = body.replace(old, new)
        if index == 0:
            recording.first_page = rewritten
        else:
            recording.pages[_request_target(url)] = rewritten
    return recording


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def make_handler(recording: Recording) -> type[BaseHTTPRequestHandler]:
    """Return a request handler class that serves `recording`."""

    class ReplayHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = recording.pages.get(self.path)
            if body is None and urlsplit(self.path).path == recording.report_path:
                body = recording.first_page
            if body is None:
                self.send_error(404, "not a recorded page")
                return
            self.send_response(200)
            self.send_header("Content-Type", recording.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Log nothing: the benchmark reads no server log."""

    return ReplayHandler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="sandbox service root")
    parser.add_argument("--report-id", required=True)
    parser.add_argument("--filter", required=True, help="$filter of the window")
    parser.add_argument("--row-marker", default="Call_Date_Time")
    parser.add_argument("--url-file", type=Path, required=True)
    parser.add_argument("--stats-file", type=Path, required=True)
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    pages, content_type, stats = record_window(
        args.source, args.report_id, args.filter, args.row_marker
    )
    source_origin = "{0.scheme}://{0.netloc}".format(urlsplit(args.source))
    recording = build_recording(pages, content_type, source_origin, origin)
    del pages
    server.RequestHandlerClass = make_handler(recording)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    args.stats_file.write_text(json.dumps(stats))
    root_path = urlsplit(args.source).path
    args.url_file.write_text(origin + root_path + "\n")
    server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
