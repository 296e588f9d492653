"""Summary rows aggregated from the calls of a Call_Date_Time range.

Every figure is computed from the same calls (and values) as the Call Detail
rows of that range, so totals of a summary equal totals of the detail rows.
"""

from __future__ import annotations

import collections
import collections.abc
import dataclasses
import datetime
import decimal
import math

from tap_brightmetrics.sandbox import catalog
from tap_brightmetrics.sandbox.calls import Call
from tap_brightmetrics.sandbox.filters import NOT_APPLICABLE, FilterSet
from tap_brightmetrics.sandbox.rows import Row, agent_value_getter

SERVICE_LEVEL_TARGET = 80.0
_ZERO = decimal.Decimal("0.00")


@dataclasses.dataclass
class _Totals:
    offered: int = 0
    answered: int = 0
    abandoned: int = 0
    within_service_level: int = 0
    wait: float = 0.0
    talk: float = 0.0
    answered_wait: float = 0.0
    cost: decimal.Decimal = _ZERO

    def add(self, call: Call) -> None:
        self.offered += 1
        self.answered += call.answered
        self.abandoned += call.abandoned
        self.within_service_level += bool(call.within_service_level)
        self.wait += call.wait
        self.talk += call.talk
        if call.answered:
            self.answered_wait += call.wait
        if call.cost is not None:
            self.cost += call.cost


def _percent(part: int | float, whole: int | float) -> float:
    if not whole:
        return math.nan
    return round(100.0 * part / whole, 2)


def _log_ratio(answered: int, abandoned: int) -> float:
    if not answered and not abandoned:
        return math.nan
    if not abandoned:
        return math.inf
    if not answered:
        return -math.inf
    return round(math.log10(answered / abandoned), 4)


def _average(total: float, count: int) -> datetime.timedelta | None:
    if not count:
        return None
    return datetime.timedelta(seconds=round(total / count, 1))


def _selected(filters: FilterSet, prop: str, value: str) -> bool:
    return filters.matches(lambda name: value if name == prop else NOT_APPLICABLE)


def service_summary(
    calls: collections.abc.Iterable[Call],
    filters: FilterSet,
    period: tuple[datetime.datetime, datetime.datetime],
) -> list[Row]:
    """Return one row per queue (queues without calls included)."""
    totals: dict[str, _Totals] = collections.defaultdict(_Totals)
    for call in calls:
        if call.queue is not None:
            totals[call.queue].add(call)
    rows = []
    for queue in catalog.QUEUES:
        if not _selected(filters, "Queue_Name", queue.name):
            continue
        total = totals[queue.name]
        rows.append(
            {
                "Queue_Name": queue.name,
                "Workgroup_Name": queue.workgroup,
                "Period_Start": period[0],
                "Period_End": period[1],
                "Calls_Offered": total.offered,
                "Calls_Answered": total.answered,
                "Calls_Abandoned": total.abandoned,
                "Calls_Answered_within_Service_Level": total.within_service_level,
                "Service_Level_": _percent(total.within_service_level, total.offered),
                "Abandon_Rate_": _percent(total.abandoned, total.offered),
                "Time_Wait_Total": round(total.wait, 1),
                "Time_Talk_Total": round(total.talk, 1),
                "Average_Speed_of_Answer": _average(
                    total.answered_wait, total.answered
                ),
                "Answer_to_Abandon_Ratio_log10_": _log_ratio(
                    total.answered, total.abandoned
                ),
                "Total_Cost_USD_": total.cost,
            }
        )
    return rows


@dataclasses.dataclass
class _AgentTotals:
    handled: int = 0
    inbound_handled: int = 0
    outbound: int = 0
    transferred: int = 0
    talk: float = 0.0
    hold: float = 0.0
    cost: decimal.Decimal = _ZERO


def agent_activity_summary(
    calls: collections.abc.Iterable[Call],
    filters: FilterSet,
    period: tuple[datetime.datetime, datetime.datetime],
) -> list[Row]:
    """Return one row per roster agent that passes the Agent Name filters."""
    totals: dict[str, _AgentTotals] = collections.defaultdict(_AgentTotals)
    all_talk = 0.0
    for call in calls:
        all_talk += call.talk
        if call.agent is None:
            continue
        total = totals[call.agent]
        total.handled += call.answered
        total.inbound_handled += call.answered and call.direction == "Inbound"
        total.outbound += call.direction == "Outbound"
        total.transferred += call.transfer_count > 0
        total.talk += call.talk
        total.hold += call.hold
        if call.cost is not None:
            total.cost += call.cost
    rows = []
    for agent in catalog.AGENTS:
        if not filters.matches(agent_value_getter(agent)):
            continue
        total = totals[agent.name]
        rows.append(
            {
                "Agent_Name": agent.name,
                "Workgroup_Name": agent.workgroup,
                "Period_Start": period[0],
                "Period_End": period[1],
                "Calls_Handled": total.handled,
                "Inbound_Calls_Handled": total.inbound_handled,
                "Outbound_Calls": total.outbound,
                "Calls_Transferred": total.transferred,
                "Time_Talk_Total": round(total.talk, 1),
                "Time_Hold_Total": round(total.hold, 1),
                "Average_Talk_Time": _average(total.talk, total.handled),
                "Talk_Share_": _percent(total.talk, all_talk),
                "Handled_Call_Cost_USD_": total.cost,
            }
        )
    return rows


def workgroup_summary(
    calls: collections.abc.Iterable[Call],
    filters: FilterSet,
    period: tuple[datetime.datetime, datetime.datetime],
) -> list[Row]:
    """Return one row per workgroup, counting the calls of its queues."""
    totals: dict[str, _Totals] = collections.defaultdict(_Totals)
    for call in calls:
        if call.queue is not None:
            totals[catalog.QUEUE_BY_NAME[call.queue].workgroup].add(call)
    rows = []
    for workgroup in catalog.WORKGROUPS:
        if not _selected(filters, "Workgroup_Name", workgroup):
            continue
        total = totals[workgroup]
        service_level = _percent(total.within_service_level, total.offered)
        met = (
            None if math.isnan(service_level) else service_level >= SERVICE_LEVEL_TARGET
        )
        rows.append(
            {
                "Workgroup_Name": workgroup,
                "Period_Start": period[0],
                "Period_End": period[1],
                "Active_Agents": sum(
                    1 for a in catalog.AGENTS if a.active and a.workgroup == workgroup
                ),
                "Calls_Offered": total.offered,
                "Calls_Answered": total.answered,
                "Calls_Abandoned": total.abandoned,
                "Calls_Answered_within_Service_Level": total.within_service_level,
                "Service_Level_": service_level,
                "Service_Level_Target_": SERVICE_LEVEL_TARGET,
                "Service_Level_Met": met,
            }
        )
    return rows
