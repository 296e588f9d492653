"""Service document and CSDL ($metadata) documents."""

from __future__ import annotations

import typing
from xml.sax.saxutils import quoteattr

from tap_brightmetrics.sandbox.reports import REPORTS, Report

_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">\n'
    "  <edmx:DataServices>\n"
    '    <Schema Namespace="Brightmetrics" '
    'xmlns="http://docs.oasis-open.org/odata/ns/edm">\n'
)
_TAIL = "    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n"
CONTAINER_NAME = "Saved Reports"


def entity_type_name(report: Report) -> str:
    """Return the entity type name of a report's rows ("report_<GUID>").

    Like the vendor's filter types ("filters_<GUID>"), the name keeps the
    dashes of the GUID.
    """
    return f"report_{report.id}"


def service_document(root_url: str, context_key: str) -> dict[str, typing.Any]:
    """Return the OData service document listing every report."""
    return {
        context_key: f"{root_url}/$metadata",
        "value": [
            {"name": r.name, "title": r.title, "kind": "EntitySet", "url": r.id}
            for r in REPORTS
        ],
    }


def _property(
    name: str, edm_type: str, nullable: bool = True, scale: bool = False
) -> str:
    attributes = f"Name={quoteattr(name)} Type={quoteattr(edm_type)}"
    if not nullable:
        attributes += ' Nullable="false"'
    if scale:
        attributes += ' Precision="18" Scale="2"'
    return f"        <Property {attributes} />\n"


def _entity_type(report: Report) -> str:
    lines = [f"      <EntityType Name={quoteattr(entity_type_name(report))}>\n"]
    if report.key:
        refs = "".join(f"<PropertyRef Name={quoteattr(k)} />" for k in report.key)
        lines.append(f"        <Key>{refs}</Key>\n")
    for column in report.columns:
        lines.append(
            _property(
                column.name,
                column.edm_type,
                column.nullable,
                column.edm_type == "Edm.Decimal",
            )
        )
    lines.append("      </EntityType>\n")
    return "".join(lines)


def service_metadata() -> str:
    """Return the CSDL of the service: one entity type and entity set per report."""
    parts = [_HEAD]
    parts.extend(_entity_type(report) for report in REPORTS)
    parts.append(f"      <EntityContainer Name={quoteattr(CONTAINER_NAME)}>\n")
    for report in REPORTS:
        parts.append(
            f"        <EntitySet Name={quoteattr(report.name)} "
            f"EntityType={quoteattr('Brightmetrics.' + entity_type_name(report))} />\n"
        )
    parts.append("      </EntityContainer>\n")
    parts.append(_TAIL)
    return "".join(parts)


def filter_metadata(report: Report) -> str:
    """Return the report-specific CSDL that lists its filter properties."""
    type_name = f"filters_{report.id}"
    parts = [_HEAD, f"      <EntityType Name={quoteattr(type_name)}>\n"]
    parts.extend(_property(prop.name, prop.edm_type) for prop in report.filters)
    parts.append("      </EntityType>\n")
    parts.append(f"      <EntityContainer Name={quoteattr(CONTAINER_NAME)}>\n")
    parts.append(
        f"        <EntitySet Name={quoteattr(report.name + '_filters')} "
        f"EntityType={quoteattr('Brightmetrics.' + type_name)} />\n"
    )
    parts.append("      </EntityContainer>\n")
    parts.append(_TAIL)
    return "".join(parts)
