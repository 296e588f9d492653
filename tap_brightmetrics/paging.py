"""Following OData server-driven paging: nextLinks, relative links and loops."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from tap_brightmetrics.errors import APIError

NEXT_LINK_NAMES = ("@odata.nextLink", "@nextLink")
CONTEXT_NAMES = ("@odata.context", "@context")


def _control(payload: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = payload.get(name)
        if value:
            return value
    return None


def resolve_next_link(
    payload: dict[str, Any], request_url: str, api_url: str
) -> str | None:
    """Return the absolute next link of a page, or None on the last page.

    OData 4.0 names the annotation `@odata.nextLink`, 4.01 also allows
    `@nextLink`; an empty string or null ends paging like an absent link.
    A relative link is resolved against the context URL, as the OData JSON
    format specifies. NOTE: the vendor's own example context URL lacks the
    `/OData.ashx` path, so a context URL outside the service root is not
    trusted as a base and the request URL is used instead.
    """
    link = _control(payload, NEXT_LINK_NAMES)
    if not isinstance(link, str) or not link.strip():
        return None
    base = request_url
    context = _control(payload, CONTEXT_NAMES)
    if isinstance(context, str):
        absolute_context = urljoin(request_url, context)
        if absolute_context.startswith(api_url.rstrip("/") + "/"):
            base = absolute_context
    return urljoin(base, link)


class LinkChain:
    """Links followed in one request chain, to stop a loop before rows repeat."""

    def __init__(self, report: str) -> None:
        self.report = report
        self._seen: set[str] = set()

    def visit(self, url: str) -> None:
        """Record a link about to be requested.

        Raises:
            APIError: the link was already followed in this chain.
        """
        if url in self._seen:
            msg = (
                f"The server sent a nextLink for report {self.report!r} that this "
                "run already followed, so paging would loop. Stopped without "
                "repeating rows; state points at the last complete page. Report "
                "this to Brightmetrics support if it persists."
            )
            raise APIError(msg)
        self._seen.add(url)


def page_rows(payload: dict[str, Any], report: str) -> list[dict[str, Any]]:
    """Return the rows of a page.

    Raises:
        APIError: the page has no `value` list.
    """
    rows = payload.get("value")
    if not isinstance(rows, list):
        msg = (
            f"A page of report {report!r} has no 'value' list. Check that api_url "
            "is the OData service root."
        )
        raise APIError(msg)
    return rows
