"""Finding a report from what the user typed: an id, a stream name or a title."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from tap_brightmetrics.cli.errors import CommandError
from tap_brightmetrics.discovery import list_entity_sets
from tap_brightmetrics.reports import Report

if TYPE_CHECKING:
    from tap_brightmetrics.client import ODataClient

METADATA_LABEL = "$metadata"
"""Request label of a report's filter `$metadata`, as the request count shows it."""


def report_id_of(reference: str) -> str | None:
    """Return the canonical id if `reference` is a report id (a GUID), else None."""
    try:
        return str(uuid.UUID(reference.strip()))
    except ValueError:
        return None


def report_from_entity_set(item: dict[str, Any]) -> Report:
    """Build a report without columns from a service document entry."""
    name = str(item.get("name") or "")
    return Report(
        id=str(item.get("url") or name),
        name=name,
        title=str(item.get("title") or name),
        schema={},
    )


def resolve_report(client: ODataClient, reference: str) -> Report:
    """Return the report that `reference` names.

    An id costs no request, and the report's title is then the id. A stream
    name or title costs one request, for the service document. A title is
    matched exactly first, then ignoring case.

    Raises:
        CommandError: no report, or more than one, has that name or title.
    """
    report_id = report_id_of(reference)
    if report_id is not None:
        return Report(id=report_id, name=report_id, title=report_id, schema={})

    reports = [report_from_entity_set(item) for item in list_entity_sets(client)]
    matches = [r for r in reports if reference in (r.name, r.title)]
    if not matches:
        folded = reference.strip().casefold()
        matches = [r for r in reports if folded == r.title.strip().casefold()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        ids = ", ".join(r.id for r in matches)
        msg = f"{len(matches)} reports are titled {reference!r} ({ids}). Give the id."
        raise CommandError(msg)
    available = "; ".join(f"{r.title} ({r.id})" for r in reports) or "none"
    msg = (
        f"No report has the id, stream name or title {reference!r}. Available "
        f"reports: {available}."
    )
    raise CommandError(msg)
