"""Discovery: the service document and the root `$metadata`, two requests in all."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from tap_brightmetrics.errors import APIError
from tap_brightmetrics.odata.csdl import (
    MetadataError,
    json_schema_for,
    parse_entity_sets,
    parse_filter_properties,
)
from tap_brightmetrics.reports import Report

if TYPE_CHECKING:
    from tap_brightmetrics.client import ODataClient

DISCOVERY_LABEL = "discovery"


def report_url(api_url: str, report_id: str) -> str:
    """Return the absolute URL of a report.

    The vendor documents the service document's `url` as relative to the
    service root, so it is resolved against the root, not the context URL.
    """
    return urljoin(api_url.rstrip("/") + "/", report_id)


def list_entity_sets(client: ODataClient) -> list[dict[str, Any]]:
    """Read the service document and return its entity sets."""
    document = client.get_json(client.api_url, label=DISCOVERY_LABEL)
    items = document.get("value")
    if not isinstance(items, list):
        msg = (
            f"The service document at {client.api_url} has no 'value' list. "
            "Check that api_url is the OData root, ending in /OData.ashx."
        )
        raise APIError(msg)
    return [
        item
        for item in items
        if isinstance(item, dict) and item.get("kind", "EntitySet") == "EntitySet"
    ]


def discover_reports(client: ODataClient, logger: logging.Logger) -> list[Report]:
    """Return every report the service document lists and `$metadata` describes.

    A report missing from `$metadata` has no known columns, so no schema can
    be given to a target: it is left out with a warning naming it.
    """
    entity_sets = list_entity_sets(client)
    response = client.get(f"{client.api_url}/$metadata", label=DISCOVERY_LABEL)
    try:
        types = parse_entity_sets(response.content)
    except MetadataError as exc:
        msg = f"Could not read {client.api_url}/$metadata: {exc}"
        raise APIError(msg) from exc

    reports = []
    for item in entity_sets:
        name = str(item.get("name", ""))
        entity_type = types.get(name)
        if entity_type is None:
            logger.warning(
                "Report %r (%s) is listed by the service document but not "
                "described by $metadata, so its columns are unknown; it is left "
                "out of the catalog.",
                item.get("title", name),
                item.get("url", name),
            )
            continue
        reports.append(
            Report(
                id=str(item.get("url") or name),
                name=name,
                title=str(item.get("title") or name),
                schema=json_schema_for(entity_type),
                key=entity_type.key,
            )
        )
    return reports


def fetch_filter_properties(
    client: ODataClient, report: Report, *, label: str
) -> dict[str, str]:
    """Read `<report>/$metadata` and return the report's filters and their Edm types."""
    url = report_url(client.api_url, report.id) + "/$metadata"
    response = client.get(url, label=label)
    try:
        return parse_filter_properties(response.content)
    except MetadataError as exc:
        msg = f"Could not read the filters of report {report.title!r} at {url}: {exc}"
        raise APIError(msg) from exc
