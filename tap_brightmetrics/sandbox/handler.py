"""HTTP request handler: admin endpoints, fault injection, quota, auth, sending."""

from __future__ import annotations

import dataclasses
import http
import http.server
import json
import logging
import sys
import time
import typing
import urllib.parse

from tap_brightmetrics.sandbox import auth
from tap_brightmetrics.sandbox.errors import ODataError
from tap_brightmetrics.sandbox.httpio import BodyCut, ChunkedWriter, TruncatingWriter
from tap_brightmetrics.sandbox.odata_service import ODataService
from tap_brightmetrics.sandbox.responses import Response, error_response, json_response
from tap_brightmetrics.sandbox.state import ODATA_ROOT_PATH, SandboxState, redact

logger = logging.getLogger(__name__)

LOGGED_HEADERS = (
    "Accept",
    "Prefer",
    "User-Agent",
    "OData-Version",
    "OData-MaxVersion",
    "Accept-Encoding",
    "Connection",
)
ADMIN_PREFIX = "/_sandbox/"
RESET_QUOTA_PATH = "/account/reset-quota"


class SandboxHTTPServer(http.server.ThreadingHTTPServer):
    """Threading HTTP server that carries the sandbox state."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], state: SandboxState) -> None:
        self.state = state
        super().__init__(address, SandboxRequestHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore clients that hang up, as killed taps do; report anything else."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class SandboxRequestHandler(http.server.BaseHTTPRequestHandler):
    """Handles one connection; HTTP/1.1 keeps it open between requests."""

    protocol_version = "HTTP/1.1"
    server_version = "BrightmetricsSandbox/1.0"
    # Idle keep-alive connections close after this many seconds.
    timeout = 120
    # Headers and body go out in separate writes; without TCP_NODELAY the
    # second write can wait for a delayed ACK (about 40 ms).
    disable_nagle_algorithm = True
    server: SandboxHTTPServer

    def do_GET(self) -> None:
        """Handle GET."""
        self._handle("GET")

    def do_POST(self) -> None:
        """Handle POST."""
        self._handle("POST")

    def do_PUT(self) -> None:
        """Handle PUT (rejected below the service root)."""
        self._handle("PUT")

    def do_PATCH(self) -> None:
        """Handle PATCH (rejected below the service root)."""
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        """Handle DELETE (rejected below the service root)."""
        self._handle("DELETE")

    def log_message(self, format: str, *args: typing.Any) -> None:
        """Send the access log to the logging module at DEBUG level."""
        logger.debug("%s - %s", self.address_string(), redact(format % args))

    # Dispatch ----------------------------------------------------------------

    def _handle(self, method: str) -> None:
        state = self.server.state
        split = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(split.path)
        body = self._read_body()
        if path.startswith(ADMIN_PREFIX) or path == RESET_QUOTA_PATH:
            self._send(self._admin(method, path, body))
            return
        entry = self._log_entry(method, path, split.query)
        if path != ODATA_ROOT_PATH and not path.startswith(ODATA_ROOT_PATH + "/"):
            error = ODataError(
                404,
                "NotFound",
                f"No resource at {path}; the service root is {ODATA_ROOT_PATH}.",
            )
            self._finish(entry, error_response(error))
            return
        try:
            response = self._odata(method, path, split.query, entry)
        except Exception:
            logger.exception("Request %s %s failed", method, redact(path))
            response = error_response(
                ODataError(
                    500, "InternalError", "The sandbox failed to process the request."
                )
            )
        if response is None:
            entry["dropped"] = True
            state.record(entry)
            self.close_connection = True
            return
        self._finish(entry, response)

    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            return self.rfile.read(int(length))
        except ValueError:
            return b""

    def _log_entry(
        self, method: str, path: str, raw_query: str
    ) -> dict[str, typing.Any]:
        return {
            "time": time.time(),
            "method": method,
            "path": redact(path),
            "query": redact(urllib.parse.unquote_plus(raw_query)),
            "auth": None,
            "status": None,
            "prefer": self.headers.get("Prefer"),
            "headers": {
                name: self.headers[name]
                for name in LOGGED_HEADERS
                if name in self.headers
            },
            "dropped": False,
        }

    def _odata(
        self, method: str, path: str, raw_query: str, entry: dict[str, typing.Any]
    ) -> Response | None:
        state = self.server.state
        faults = state.faults
        header = self.headers.get("Authorization")
        entry["auth"] = auth.authenticate(header)
        if faults.slow_seconds:
            time.sleep(faults.slow_seconds)
        retry_after = state.quota.acquire()

        if faults.take_counter("drop_next"):
            logger.info("Fault drop_next: closing the connection of %s", entry["path"])
            return None
        failure = faults.take_failure()
        if failure is not None:
            logger.info("Fault fail_next: status %s for %s", failure[0], entry["path"])
            return _injected_failure(*failure)

        if retry_after is not None:
            return error_response(_quota_exceeded(state.config.quota, retry_after))
        if entry["auth"] is None:
            error = auth.unauthorized(header)
            error.headers = [
                ("WWW-Authenticate", challenge) for challenge in auth.CHALLENGES
            ]
            return error_response(error)

        if method != "GET":
            error = ODataError(
                405,
                "MethodNotAllowed",
                f"{method} is not supported; the API is read-only.",
            )
            error.headers = [("Allow", "GET")]
            return error_response(error)

        query = urllib.parse.parse_qsl(raw_query, keep_blank_values=True)
        return ODataService(state).handle(path, query, self.headers)

    def _admin(self, method: str, path: str, body: bytes) -> Response:
        state = self.server.state
        if path == RESET_QUOTA_PATH and method == "POST":
            state.quota.reset()
            return json_response(200, {"quotaUsed": 0, "quota": state.config.quota})
        if path == ADMIN_PREFIX + "requests" and method == "GET":
            return json_response(200, state.log_snapshot())
        if path == ADMIN_PREFIX + "faults" and method in ("GET", "POST"):
            if method == "POST":
                try:
                    values = json.loads(body or b"{}")
                    if not isinstance(values, dict):
                        raise ValueError(
                            "the body must be a JSON object of fault fields"
                        )
                    state.faults.update(values)
                except ValueError as error:
                    return json_response(
                        400, {"error": {"code": "InvalidFaults", "message": str(error)}}
                    )
            return json_response(200, dataclasses.asdict(state.faults))
        if path == ADMIN_PREFIX + "reset" and method == "POST":
            state.reset()
            return json_response(200, {"reset": True})
        message = f"No admin endpoint {method} {path}."
        return error_response(ODataError(404, "NotFound", message))

    # Sending -------------------------------------------------------------

    def _finish(self, entry: dict[str, typing.Any], response: Response) -> None:
        faults = self.server.state.faults
        truncate = False
        if response.data:
            if faults.take_counter("truncate_next"):
                logger.info("Fault truncate_next: cutting off %s", entry["path"])
                truncate = True
            elif _is_json(response) and faults.take_counter("malformed_next"):
                logger.info("Fault malformed_next: invalid JSON for %s", entry["path"])
                response = _malformed(response)
        entry["status"] = response.status
        self.server.state.record(entry)
        self._send(response, truncate=truncate)

    def _send(self, response: Response, *, truncate: bool = False) -> None:
        # Data responses always stream, so only streamed bodies are truncated.
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.body is not None:
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._stream(response, truncate)

    def _stream(self, response: Response, truncate: bool) -> None:
        assert response.stream is not None
        writer = ChunkedWriter(self.wfile)
        try:
            if truncate:
                cutter = TruncatingWriter(writer)
                response.stream(cutter)
                cutter.cut()
            response.stream(writer)
            writer.close()
        except BodyCut:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("Client closed the connection during a streamed response")
            self.close_connection = True
        except Exception:
            logger.exception("Streaming a response body failed")
            self.close_connection = True


def _is_json(response: Response) -> bool:
    return any(
        name == "Content-Type" and value.startswith("application/json")
        for name, value in response.headers
    )


def _malformed(response: Response) -> Response:
    body = (
        '{"@odata.context":'
        + json.dumps(response.context_url)
        + ',"value":[{"Call_ID":'
        "<html><body><h1>502 Bad Gateway</h1></body></html>"
    ).encode()
    return Response(200, response.headers, body)


def _injected_failure(status: int, retry_after: str | None) -> Response:
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Injected failure"
    code = phrase.replace(" ", "").replace("-", "")
    error = ODataError(status, code, f"{phrase} (injected by the sandbox).")
    if retry_after is not None:
        error.headers = [("Retry-After", retry_after)]
    return error_response(error)


def _quota_exceeded(limit: int, retry_after: int) -> ODataError:
    return ODataError(
        429,
        "RequestLimitExceeded",
        f"The API request limit of {limit} requests per 24 hours for this company "
        f"account has been reached. Retry after {retry_after} seconds, or reset the "
        "limit on the My Account page.",
        headers=[("Retry-After", str(retry_after))],
    )
