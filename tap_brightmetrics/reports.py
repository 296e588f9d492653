"""Saved reports: what discovery learns about each, and how the catalog keeps it.

The Singer catalog is the only thing a scheduled run gets besides config and
state, so everything needed to sync a report without discovery requests
lives in the stream's top-level metadata under `brightmetrics-*` keys.
The SDK's catalog classes drop unknown metadata keys, so the tap reads
them from the raw catalog document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

INTERVAL_START = "_interval_start"
INTERVAL_END = "_interval_end"

META_REPORT_ID = "brightmetrics-report-id"
META_TITLE = "brightmetrics-title"
META_FILTERS = "brightmetrics-filter-properties"


@dataclass
class Report:
    """A saved report: one OData entity set.

    `id` is the URL of the report relative to the service root (the
    service document's `url`). `filter_properties` maps each filter of the
    report to its Edm type, and is None until its `<report>/$metadata` has
    been read.
    """

    id: str
    name: str
    title: str
    schema: dict[str, Any]
    key: tuple[str, ...] = ()
    filter_properties: dict[str, str] | None = field(default=None)

    def has_column(self, name: str) -> bool:
        """Tell whether the report's rows carry the property `name`."""
        return name in self.schema.get("properties", {})

    def matches(self, reference: str) -> bool:
        """Tell whether a settings reference (id, name or title) names this report.

        Titles compare without regard to case, as users type them from the UI.
        """
        return reference in (self.id, self.name) or reference.casefold() == (
            self.title.casefold()
        )

    def catalog_metadata(self) -> dict[str, Any]:
        """Return the `brightmetrics-*` keys for the stream's top-level metadata."""
        values: dict[str, Any] = {META_REPORT_ID: self.id, META_TITLE: self.title}
        if self.filter_properties is not None:
            values[META_FILTERS] = self.filter_properties
        return values


def report_from_catalog_entry(entry: Mapping[str, Any]) -> Report | None:
    """Rebuild a report from a raw catalog entry, or None without the tap's metadata."""
    top: Mapping[str, Any] = next(
        (
            item.get("metadata", {})
            for item in entry.get("metadata", [])
            if not item.get("breadcrumb")
        ),
        {},
    )
    report_id = top.get(META_REPORT_ID)
    if not report_id:
        return None
    schema = dict(entry.get("schema") or {})
    if not catalog_schema_is_complete(schema):
        return None
    return Report(
        id=str(report_id),
        name=str(entry["tap_stream_id"]),
        title=str(top.get(META_TITLE, entry["tap_stream_id"])),
        schema=schema,
        key=tuple(entry.get("key_properties") or top.get("table-key-properties") or ()),
        filter_properties=top.get(META_FILTERS),
    )


def catalog_schema_is_complete(schema: Mapping[str, Any]) -> bool:
    """Tell whether a catalog schema lists properties the tap can conform."""
    return isinstance(schema.get("properties"), Mapping) and bool(schema["properties"])
