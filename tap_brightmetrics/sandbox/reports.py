"""The saved reports the sandbox serves: GUIDs, titles, columns and filters."""

from __future__ import annotations

import dataclasses
import typing

from tap_brightmetrics.sandbox import edm
from tap_brightmetrics.sandbox.edm import Column
from tap_brightmetrics.sandbox.filters import DATE_FILTER, FilterProperty
from tap_brightmetrics.sandbox.identifiers import entity_set_name

DETAIL = "detail"
SUMMARY = "summary"
ROSTER = "roster"


@dataclasses.dataclass(frozen=True)
class Report:
    """A saved report, exposed as one OData entity set.

    Attributes:
        id: GUID with dashes, the report's URL relative to the service root.
        title: Report title in the UI.
        kind: "detail" (paged rows), "summary" (rows aggregated over the
            requested Call_Date_Time range) or "roster" (no date filter).
        columns: Properties of the entity type, in output order.
        filters: Filter properties, from the report-specific $metadata.
        key: Key properties; only the roster has one.
    """

    id: str
    title: str
    kind: str
    columns: tuple[Column, ...]
    filters: tuple[FilterProperty, ...]
    key: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """Entity set name: title identifier, "_" and the GUID without dashes."""
        return entity_set_name(self.title, self.id)

    @property
    def dated(self) -> bool:
        """Whether the report has the Call_Date_Time filter."""
        return any(prop.name == DATE_FILTER for prop in self.filters)

    @property
    def column_names(self) -> list[str]:
        """Property names in output order."""
        return [column.name for column in self.columns]

    def __getitem__(self, key: str) -> typing.Any:
        """Return an attribute by name, so descriptors also read like dicts."""
        return getattr(self, key)


def _col(title: str, edm_type: str, *, null: bool = True, display: str = "") -> Column:
    return Column(title, edm_type, nullable=null, display=display)


def _seconds(title: str) -> Column:
    return Column(title, edm.DOUBLE, nullable=False, display="seconds")


def _percent(title: str) -> Column:
    return Column(title, edm.DOUBLE, nullable=False, display="percent")


_CALL_DATE_TIME = FilterProperty("Call Date/Time", edm.DATE_TIME_OFFSET)
_AGENT_NAME_FILTERS = (
    FilterProperty("Agent Name", edm.STRING, agent_name_family=True),
    FilterProperty(
        "Agent Name by Queue Membership", edm.STRING, agent_name_family=True
    ),
    FilterProperty("Agent Name by Skill", edm.STRING, agent_name_family=True),
    FilterProperty(
        "Agent Name by Group Membership", edm.STRING, agent_name_family=True
    ),
)
_QUEUE_NAME = FilterProperty("Queue Name", edm.STRING)
_MEDIA_TYPE = FilterProperty("Media Type", edm.STRING)
_DIRECTION = FilterProperty("Direction", edm.STRING)
_WORKGROUP_NAME = FilterProperty("Workgroup Name", edm.STRING)
_TIME_TALK_TOTAL = FilterProperty("Time - Talk - Total", edm.DOUBLE)
_TIME_WAIT = FilterProperty("Time - Wait", edm.DOUBLE)

CALL_DETAIL = Report(
    id="9b1f3c2e-5d47-4a8e-b6c1-2e7f9a0d4c11",
    title="Call Detail",
    kind=DETAIL,
    columns=(
        _col("Call ID", edm.INT64, null=False),
        _col("Call Date/Time", edm.DATE_TIME_OFFSET, null=False),
        _col("Call Date", edm.DATE, null=False),
        _col("Direction", edm.STRING, null=False),
        _col("Media Type", edm.STRING, null=False),
        _col("Queue Name", edm.STRING),
        _col("Agent Name", edm.STRING),
        _col("Caller Name", edm.STRING),
        _col("Caller Number", edm.STRING, null=False),
        _col("Trunk", edm.STRING),
        _col("Answered", edm.BOOLEAN, null=False),
        _col("Abandoned", edm.BOOLEAN, null=False),
        _col("Answered within Service Level", edm.BOOLEAN),
        _seconds("Time - Wait"),
        _seconds("Time - Talk - Total"),
        _seconds("Time - Hold"),
        _seconds("Time - Call - Total"),
        _col("Call Duration", edm.DURATION, null=False),
        _col("Hold Count", edm.INT32, null=False),
        _col("Transfer Count", edm.INT32, null=False),
        _col("Cost (USD)", edm.DECIMAL, display="currency"),
    ),
    filters=(
        _CALL_DATE_TIME,
        _DIRECTION,
        _MEDIA_TYPE,
        _QUEUE_NAME,
        *_AGENT_NAME_FILTERS,
        _TIME_TALK_TOTAL,
        _TIME_WAIT,
        FilterProperty("Transfer Count", edm.INT32),
    ),
)

PARTY_ACTIVITY_DETAIL = Report(
    id="c3a8e2d1-7b64-4f0a-9e25-81d6b4f7a302",
    title="Party Activity Detail",
    kind=DETAIL,
    columns=(
        _col("Call ID", edm.INT64, null=False),
        _col("Party Sequence", edm.INT32, null=False),
        _col("Call Date/Time", edm.DATE_TIME_OFFSET, null=False),
        _col("Party Start Time", edm.DATE_TIME_OFFSET, null=False),
        _col("Party Type", edm.STRING, null=False),
        _col("Party Name", edm.STRING, null=False),
        _col("Trunk", edm.STRING),
        _col("Direction", edm.STRING, null=False),
        _col("Media Type", edm.STRING, null=False),
        _col("Queue Name", edm.STRING),
        _seconds("Time - Talk"),
        _seconds("Time - Party - Total"),
        _col("Party Duration", edm.DURATION, null=False),
    ),
    filters=(
        _CALL_DATE_TIME,
        FilterProperty("Party Type", edm.STRING),
        _DIRECTION,
        _MEDIA_TYPE,
        _QUEUE_NAME,
        FilterProperty("Time - Talk", edm.DOUBLE),
    ),
)

SERVICE_SUMMARY = Report(
    id="4e2b7d90-1c3f-4a6e-8d5b-9f0c2a7e6b13",
    title="Service Summary",
    kind=SUMMARY,
    columns=(
        _col("Queue Name", edm.STRING, null=False),
        _col("Workgroup Name", edm.STRING, null=False),
        _col("Period Start", edm.DATE_TIME_OFFSET, null=False),
        _col("Period End", edm.DATE_TIME_OFFSET, null=False),
        _col("Calls Offered", edm.INT32, null=False),
        _col("Calls Answered", edm.INT32, null=False),
        _col("Calls Abandoned", edm.INT32, null=False),
        _col("Calls Answered within Service Level", edm.INT32, null=False),
        _percent("Service Level %"),
        _percent("Abandon Rate %"),
        _seconds("Time - Wait - Total"),
        _seconds("Time - Talk - Total"),
        _col("Average Speed of Answer", edm.DURATION),
        _col("Answer to Abandon Ratio (log10)", edm.DOUBLE, null=False),
        _col("Total Cost (USD)", edm.DECIMAL, null=False, display="currency"),
    ),
    filters=(_CALL_DATE_TIME, _QUEUE_NAME, _MEDIA_TYPE, _TIME_WAIT),
)

AGENT_ACTIVITY_SUMMARY = Report(
    id="7d5e1a04-2b9c-4f37-a1e8-5c6d3b2f9e24",
    title="Agent Activity Summary",
    kind=SUMMARY,
    columns=(
        _col("Agent Name", edm.STRING, null=False),
        _col("Workgroup Name", edm.STRING, null=False),
        _col("Period Start", edm.DATE_TIME_OFFSET, null=False),
        _col("Period End", edm.DATE_TIME_OFFSET, null=False),
        _col("Calls Handled", edm.INT32, null=False),
        _col("Inbound Calls Handled", edm.INT32, null=False),
        _col("Outbound Calls", edm.INT32, null=False),
        _col("Calls Transferred", edm.INT32, null=False),
        _seconds("Time - Talk - Total"),
        _seconds("Time - Hold - Total"),
        _col("Average Talk Time", edm.DURATION),
        _percent("Talk Share %"),
        _col("Handled Call Cost (USD)", edm.DECIMAL, null=False, display="currency"),
    ),
    filters=(
        _CALL_DATE_TIME,
        _MEDIA_TYPE,
        _QUEUE_NAME,
        *_AGENT_NAME_FILTERS,
        _TIME_TALK_TOTAL,
    ),
)

WORKGROUP_SERVICE_LEVEL_SUMMARY = Report(
    id="a1c94f6b-83d2-4e5a-b7f0-6d2e9c1b8a35",
    title="Workgroup Service-Level Summary w/o Wait Time",
    kind=SUMMARY,
    columns=(
        _col("Workgroup Name", edm.STRING, null=False),
        _col("Period Start", edm.DATE_TIME_OFFSET, null=False),
        _col("Period End", edm.DATE_TIME_OFFSET, null=False),
        _col("Active Agents", edm.INT32, null=False),
        _col("Calls Offered", edm.INT32, null=False),
        _col("Calls Answered", edm.INT32, null=False),
        _col("Calls Abandoned", edm.INT32, null=False),
        _col("Calls Answered within Service Level", edm.INT32, null=False),
        _percent("Service Level %"),
        _percent("Service Level Target %"),
        _col("Service Level Met", edm.BOOLEAN),
    ),
    filters=(_CALL_DATE_TIME, _WORKGROUP_NAME, _QUEUE_NAME, _MEDIA_TYPE),
)

AGENT_ROSTER = Report(
    id="e8f2b5c7-4d1a-4b9e-8c3f-0a7d6e5b4c46",
    title="Agent Roster",
    kind=ROSTER,
    columns=(
        _col("Agent ID", edm.STRING, null=False),
        _col("Agent Name", edm.STRING, null=False),
        _col("Email", edm.STRING, null=False),
        _col("Workgroup Name", edm.STRING, null=False),
        _col("Extension", edm.INT32, null=False),
        _col("Employee Number", edm.INT64, null=False),
        _col("Hire Date", edm.DATE, null=False),
        _col("Active", edm.BOOLEAN, null=False),
        _col("Skills", edm.STRING),
        _col("Queues", edm.STRING),
        _col("Hourly Rate (USD)", edm.DECIMAL, null=False, display="currency"),
        _col("Shift Length", edm.DURATION, null=False),
        _col("Last Login", edm.DATE_TIME_OFFSET),
    ),
    filters=(*_AGENT_NAME_FILTERS, _WORKGROUP_NAME),
    key=("Agent_ID",),
)

REPORTS: tuple[Report, ...] = (
    SERVICE_SUMMARY,
    AGENT_ACTIVITY_SUMMARY,
    WORKGROUP_SERVICE_LEVEL_SUMMARY,
    CALL_DETAIL,
    PARTY_ACTIVITY_DETAIL,
    AGENT_ROSTER,
)


def find_report(key: str) -> Report | None:
    """Return the report addressed by GUID (any case, dashes optional) or name."""
    folded = key.strip().lower()
    for report in REPORTS:
        if folded in (report.id, report.id.replace("-", "")) or key == report.name:
            return report
    return None
