"""Typed rows of the detail reports and the roster, and filter value getters."""

from __future__ import annotations

import datetime
import typing

from tap_brightmetrics.sandbox import catalog
from tap_brightmetrics.sandbox.calls import Call, Leg
from tap_brightmetrics.sandbox.filters import NOT_APPLICABLE

Row = dict[str, typing.Any]

_NO_AGENT = catalog.Agent(
    agent_id="",
    name="",
    email="",
    workgroup="",
    queues=frozenset(),
    skills=frozenset(),
    groups=frozenset(),
    extension=0,
    employee_number=0,
    hire_date=datetime.date.min,
    active=False,
    hourly_rate=catalog.AGENTS[0].hourly_rate,
    shift_hours=0.0,
)


def _agent(name: str | None) -> catalog.Agent:
    if name is None:
        return _NO_AGENT
    return catalog.AGENT_BY_NAME.get(name, _NO_AGENT)


def _workgroup(call: Call) -> str | None:
    if call.queue is None:
        return None
    return catalog.QUEUE_BY_NAME[call.queue].workgroup


_CALL_VALUES: dict[str, typing.Callable[[Call, Leg | None], typing.Any]] = {
    "Direction": lambda call, leg: call.direction,
    "Media_Type": lambda call, leg: call.media,
    "Queue_Name": lambda call, leg: call.queue,
    "Workgroup_Name": lambda call, leg: _workgroup(call),
    "Agent_Name": lambda call, leg: call.agent,
    "Agent_Name_by_Queue_Membership": lambda call, leg: _agent(call.agent).queues,
    "Agent_Name_by_Skill": lambda call, leg: _agent(call.agent).skills,
    "Agent_Name_by_Group_Membership": lambda call, leg: _agent(call.agent).groups,
    "Time_Talk_Total": lambda call, leg: call.talk,
    "Time_Wait": lambda call, leg: call.wait,
    "Transfer_Count": lambda call, leg: call.transfer_count,
    "Party_Type": lambda call, leg: NOT_APPLICABLE if leg is None else leg.party_type,
    "Time_Talk": lambda call, leg: NOT_APPLICABLE if leg is None else leg.talk,
}

_AGENT_VALUES: dict[str, typing.Callable[[catalog.Agent], typing.Any]] = {
    "Agent_Name": lambda agent: agent.name,
    "Agent_Name_by_Queue_Membership": lambda agent: agent.queues,
    "Agent_Name_by_Skill": lambda agent: agent.skills,
    "Agent_Name_by_Group_Membership": lambda agent: agent.groups,
    "Workgroup_Name": lambda agent: agent.workgroup,
}


def call_value_getter(
    call: Call, leg: Leg | None = None
) -> typing.Callable[[str], typing.Any]:
    """Return the filter value getter of a call (or of one of its legs)."""
    return lambda name: _CALL_VALUES.get(name, _not_applicable)(call, leg)


def agent_value_getter(agent: catalog.Agent) -> typing.Callable[[str], typing.Any]:
    """Return the filter value getter of a roster agent."""
    getters = _AGENT_VALUES
    return lambda name: getters[name](agent) if name in getters else NOT_APPLICABLE


def _not_applicable(*_: typing.Any) -> object:
    return NOT_APPLICABLE


def call_detail_row(call: Call, zone: datetime.tzinfo) -> Row:
    """Return the Call Detail row of a call; Call_Date is the date in ``zone``."""
    return {
        "Call_ID": call.call_id,
        "Call_Date_Time": call.start,
        "Call_Date": call.start.astimezone(zone).date(),
        "Direction": call.direction,
        "Media_Type": call.media,
        "Queue_Name": call.queue,
        "Agent_Name": call.agent,
        "Caller_Name": call.caller_name,
        "Caller_Number": call.caller_number,
        "Trunk": call.trunk,
        "Answered": call.answered,
        "Abandoned": call.abandoned,
        "Answered_within_Service_Level": call.within_service_level,
        "Time_Wait": call.wait,
        "Time_Talk_Total": call.talk,
        "Time_Hold": call.hold,
        "Time_Call_Total": call.total,
        "Call_Duration": datetime.timedelta(seconds=call.total),
        "Hold_Count": call.hold_count,
        "Transfer_Count": call.transfer_count,
        "Cost_USD_": call.cost,
    }


def party_row(call: Call, leg: Leg) -> Row:
    """Return the Party Activity Detail row of one leg of a call."""
    return {
        "Call_ID": call.call_id,
        "Party_Sequence": leg.sequence,
        "Call_Date_Time": call.start,
        "Party_Start_Time": leg.start,
        "Party_Type": leg.party_type,
        "Party_Name": leg.party_name,
        "Trunk": leg.trunk,
        "Direction": call.direction,
        "Media_Type": call.media,
        "Queue_Name": call.queue,
        "Time_Talk": leg.talk,
        "Time_Party_Total": leg.total,
        "Party_Duration": datetime.timedelta(seconds=leg.total),
    }


def roster_row(agent: catalog.Agent, data_end: datetime.datetime) -> Row:
    """Return the Agent Roster row of an agent.

    Active agents last logged in on the last day of data; inactive agents never.
    """
    last_login = None
    if agent.active:
        last_login = data_end - datetime.timedelta(
            hours=10, minutes=agent.extension % 60
        )
    return {
        "Agent_ID": agent.agent_id,
        "Agent_Name": agent.name,
        "Email": agent.email,
        "Workgroup_Name": agent.workgroup,
        "Extension": agent.extension,
        "Employee_Number": agent.employee_number,
        "Hire_Date": agent.hire_date,
        "Active": agent.active,
        "Skills": ", ".join(sorted(agent.skills)) or None,
        "Queues": ", ".join(sorted(agent.queues)) or None,
        "Hourly_Rate_USD_": agent.hourly_rate,
        "Shift_Length": datetime.timedelta(hours=agent.shift_hours),
        "Last_Login": last_login,
    }
