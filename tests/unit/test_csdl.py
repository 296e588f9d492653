from __future__ import annotations

import pytest

from tap_brightmetrics.odata.csdl import (
    MetadataError,
    json_schema_for,
    json_schema_for_type,
    parse_entity_sets,
    parse_filter_properties,
)

METADATA = b"""<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Brightmetrics" Alias="BM" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="roster">
        <Key><PropertyRef Name="Agent_ID" /></Key>
        <Property Name="Agent_ID" Type="Edm.Int64" Nullable="false" />
        <Property Name="Agent_Name" Type="Edm.String" />
        <Property Name="Hire_Date" Type="Edm.Date" />
      </EntityType>
      <EntityType Name="calls">
        <Property Name="Call_Date_Time" Type="Edm.DateTimeOffset" />
        <Property Name="Cost" Type="Edm.Decimal" />
        <Property Name="Location" Type="Edm.GeographyPoint" />
      </EntityType>
      <EntityContainer Name="Saved Reports">
        <EntitySet Name="Agent_Roster_1" EntityType="Brightmetrics.roster" />
        <EntitySet Name="Call_Detail_2" EntityType="BM.calls" />
        <EntitySet Name="Orphan_3" EntityType="Brightmetrics.missing" />
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"""


def test_entity_sets_map_to_types():
    sets = parse_entity_sets(METADATA)
    assert sorted(sets) == ["Agent_Roster_1", "Call_Detail_2"]
    roster = sets["Agent_Roster_1"]
    assert roster.key == ("Agent_ID",)
    assert roster.properties[0].nullable is False
    assert roster.properties[1].nullable is True


def test_alias_qualified_type_resolves():
    sets = parse_entity_sets(METADATA)
    assert sets["Call_Detail_2"].property_types()["Cost"] == "Edm.Decimal"


def test_schema_types_and_nullability():
    schema = json_schema_for(parse_entity_sets(METADATA)["Agent_Roster_1"])
    assert schema["properties"]["Agent_ID"] == {"type": ["integer"]}
    assert schema["properties"]["Agent_Name"] == {"type": ["string", "null"]}
    assert schema["properties"]["Hire_Date"] == {
        "type": ["string", "null"],
        "format": "date",
    }


@pytest.mark.parametrize(
    ("edm_type", "expected"),
    [
        ("Edm.Boolean", {"type": ["boolean", "null"]}),
        ("Edm.Int32", {"type": ["integer", "null"]}),
        ("Edm.Double", {"type": ["number", "null"]}),
        ("Edm.Decimal", {"type": ["number", "null"]}),
        ("Edm.Single", {"type": ["number", "null"]}),
        ("Edm.DateTimeOffset", {"type": ["string", "null"], "format": "date-time"}),
        ("Edm.TimeOfDay", {"type": ["string", "null"], "format": "time"}),
        ("Edm.Duration", {"type": ["string", "null"], "format": "duration"}),
        ("Edm.Guid", {"type": ["string", "null"], "format": "uuid"}),
        ("Edm.GeographyPoint", {}),
    ],
)
def test_json_schema_for_type(edm_type, expected):
    assert json_schema_for_type(edm_type) == expected


def test_doubles_are_always_nullable():
    assert json_schema_for_type("Edm.Double", nullable=False) == {
        "type": ["number", "null"]
    }
    assert json_schema_for_type("Edm.Decimal", nullable=False) == {"type": ["number"]}


def test_filter_properties_of_report_metadata():
    document = b"""<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
      <edmx:DataServices><Schema Namespace="Brightmetrics" xmlns="http://docs.oasis-open.org/odata/ns/edm">
        <EntityType Name="filters_6f40">
          <Property Name="Call_Date_Time" Type="Edm.DateTimeOffset" />
          <Property Name="Agent_Name_by_Skill" Type="Edm.String" />
        </EntityType>
      </Schema></edmx:DataServices></edmx:Edmx>"""
    assert parse_filter_properties(document) == {
        "Call_Date_Time": "Edm.DateTimeOffset",
        "Agent_Name_by_Skill": "Edm.String",
    }


def test_invalid_xml_raises_metadata_error():
    with pytest.raises(MetadataError, match="not valid XML"):
        parse_entity_sets(b"<html>")


def test_document_without_schema_raises():
    with pytest.raises(MetadataError, match="no Schema"):
        parse_entity_sets(b"<root/>")
