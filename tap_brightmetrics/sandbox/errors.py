"""The OData error raised anywhere in request handling."""

from __future__ import annotations


class ODataError(Exception):
    """An error returned with an OData JSON error body.

    Attributes:
        status: HTTP status code.
        code: Value of ``error.code``.
        message: Value of ``error.message``.
        target: Value of ``error.target`` (the property at fault), if any.
        headers: Extra response headers as name and value pairs.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        target: str | None = None,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.target = target
        self.headers = list(headers or [])

    def body(self) -> dict[str, dict[str, str]]:
        """Return the OData JSON error object."""
        error = {"code": self.code, "message": self.message}
        if self.target:
            error["target"] = self.target
        return {"error": error}


def bad_request(code: str, message: str, target: str | None = None) -> ODataError:
    """Return a 400 ODataError."""
    return ODataError(400, code, message, target=target)
