"""CSDL `$metadata` documents: entity types, entity sets and their JSON Schemas."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

EDM_NS = "http://docs.oasis-open.org/odata/ns/edm"
_INTEGER_TYPES = frozenset(
    {"Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64"}
)
_NUMBER_TYPES = frozenset({"Edm.Double", "Edm.Single", "Edm.Decimal"})
_STRING_FORMATS = {
    "Edm.DateTimeOffset": "date-time",
    "Edm.Date": "date",
    "Edm.TimeOfDay": "time",
    "Edm.Duration": "duration",
    "Edm.Guid": "uuid",
}


class MetadataError(ValueError):
    """A `$metadata` document that cannot be read as CSDL."""


@dataclass(frozen=True)
class Property:
    """A structural property of an entity type."""

    name: str
    type: str
    nullable: bool = True


@dataclass(frozen=True)
class EntityType:
    """An entity type with its properties and, when declared, its key."""

    name: str
    properties: tuple[Property, ...]
    key: tuple[str, ...] = ()

    def property_types(self) -> dict[str, str]:
        """Map each property name to its Edm type."""
        return {prop.name: prop.type for prop in self.properties}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _parse_entity_type(element: ET.Element) -> EntityType:
    properties = tuple(
        Property(
            name=prop.attrib["Name"],
            type=prop.attrib.get("Type", "Edm.String"),
            nullable=prop.attrib.get("Nullable", "true").lower() != "false",
        )
        for prop in _children(element, "Property")
    )
    key = tuple(
        ref.attrib["Name"]
        for key_element in _children(element, "Key")
        for ref in _children(key_element, "PropertyRef")
    )
    return EntityType(element.attrib["Name"], properties, key)


def parse_entity_sets(document: bytes) -> dict[str, EntityType]:
    """Map each entity set name in a CSDL document to its entity type.

    Types are matched by qualified name (`Namespace.Type`) and also by alias,
    as CSDL allows either in `EntitySet/@EntityType`.

    Raises:
        MetadataError: the document is not XML or has no schema.
    """
    try:
        root = ET.fromstring(document)  # noqa: S314 - expat rejects entity bombs
    except ET.ParseError as exc:
        msg = f"$metadata is not valid XML: {exc}"
        raise MetadataError(msg) from exc

    types: dict[str, EntityType] = {}
    containers: list[ET.Element] = []
    schemas = [element for element in root.iter() if _local(element.tag) == "Schema"]
    if not schemas:
        msg = "$metadata has no Schema element; is this an OData v4 service?"
        raise MetadataError(msg)
    for schema in schemas:
        prefixes = [schema.attrib.get("Namespace", ""), schema.attrib.get("Alias", "")]
        for element in _children(schema, "EntityType"):
            entity_type = _parse_entity_type(element)
            for prefix in filter(None, prefixes):
                types[f"{prefix}.{entity_type.name}"] = entity_type
            types.setdefault(entity_type.name, entity_type)
        containers.extend(_children(schema, "EntityContainer"))

    entity_sets: dict[str, EntityType] = {}
    for container in containers:
        for entity_set in _children(container, "EntitySet"):
            type_name = entity_set.attrib.get("EntityType", "")
            if type_name in types:
                entity_sets[entity_set.attrib["Name"]] = types[type_name]
    return entity_sets


def parse_filter_properties(document: bytes) -> dict[str, str]:
    """Map each filter property of a report's `<report>/$metadata` to its Edm type.

    The document describes one entity type whose properties are the report's
    filters (Brightmetrics names it `filters_<report id>`).
    """
    entity_sets = parse_entity_sets(document)
    if entity_sets:
        entity_type = next(iter(entity_sets.values()))
        return entity_type.property_types()
    root = ET.fromstring(document)  # noqa: S314 - parsed once above already
    for element in root.iter():
        if _local(element.tag) == "EntityType":
            return _parse_entity_type(element).property_types()
    return {}


def json_schema_for_type(edm_type: str, *, nullable: bool = True) -> dict[str, Any]:
    """Return the JSON Schema of one Edm primitive type.

    Types the tap does not know (geography, streams, enums, complex types)
    are described as any JSON value rather than dropped. Double and Single
    are always nullable: their NaN and infinities have no JSON number form,
    so records carry them as null.
    """
    schema: dict[str, Any]
    if edm_type in _INTEGER_TYPES:
        schema = {"type": ["integer"]}
    elif edm_type in _NUMBER_TYPES:
        schema = {"type": ["number"]}
        nullable = nullable or edm_type != "Edm.Decimal"
    elif edm_type == "Edm.Boolean":
        schema = {"type": ["boolean"]}
    elif edm_type == "Edm.String":
        schema = {"type": ["string"]}
    elif edm_type in _STRING_FORMATS:
        schema = {"type": ["string"], "format": _STRING_FORMATS[edm_type]}
    else:
        return {}
    if nullable:
        schema["type"].append("null")
    return schema


def json_schema_for(entity_type: EntityType) -> dict[str, Any]:
    """Return the JSON Schema of records of an entity type."""
    properties = {
        prop.name: json_schema_for_type(prop.type, nullable=prop.nullable)
        for prop in entity_type.properties
    }
    return {"type": "object", "properties": properties}
