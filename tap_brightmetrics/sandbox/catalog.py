"""Reference data of the demo call centre: workgroups, queues, agents, callers.

Names deliberately contain apostrophes, "&", "+", "#" and letters outside
ASCII, so that clients must quote and percent-encode filter values properly.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal


@dataclasses.dataclass(frozen=True)
class Queue:
    """An ACD queue.

    Attributes:
        name: Queue name.
        workgroup: Workgroup that owns the queue.
        weight: Relative share of inbound calls; 0 means the queue never rings.
        abandon_rate: Probability that a caller hangs up before an agent picks up.
    """

    name: str
    workgroup: str
    weight: float
    abandon_rate: float


@dataclasses.dataclass(frozen=True)
class Agent:
    """An agent on the roster."""

    agent_id: str
    name: str
    email: str
    workgroup: str
    queues: frozenset[str]
    skills: frozenset[str]
    groups: frozenset[str]
    extension: int
    employee_number: int
    hire_date: datetime.date
    active: bool
    hourly_rate: decimal.Decimal
    shift_hours: float


WORKGROUPS: tuple[str, ...] = (
    "Helpdesk",
    "Sales & Renewals",
    "Finance",
    "APAC",
    "Night Shift",
    "Training",
)

# "Tier #2 Escalations" never abandons, "After Hours" always abandons and
# "Overflow" never rings, so summaries show INF, -INF and NaN values.
QUEUES: tuple[Queue, ...] = (
    Queue("Customer Service", "Helpdesk", 30, 0.08),
    Queue("Sales", "Sales & Renewals", 22, 0.06),
    Queue("Billing + Payments", "Finance", 14, 0.12),
    Queue("O'Brien & Sons Support", "Helpdesk", 10, 0.10),
    Queue("Tier #2 Escalations", "Helpdesk", 6, 0.0),
    Queue("Zoë's Callbacks", "Sales & Renewals", 6, 0.05),
    Queue("東京 Desk", "APAC", 8, 0.09),
    Queue("After Hours", "Night Shift", 4, 1.0),
    Queue("Overflow", "Finance", 0, 0.0),
)

QUEUE_BY_NAME = {queue.name: queue for queue in QUEUES}


# number, name, email, workgroup, queues, skills, groups, hire date, hourly rate,
# active, shift hours
_AgentRow = tuple[
    int,
    str,
    str,
    str,
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    str,
    str,
    bool,
    float,
]

_AGENT_ROWS: tuple[_AgentRow, ...] = (
    (
        1, "Siobhán O'Brien", "siobhan.obrien@example.com", "Helpdesk",
        ("Customer Service", "O'Brien & Sons Support", "Tier #2 Escalations"),
        ("English", "Irish"), ("Team Red",), "2019-03-11", "24.50", True, 8.0,
    ),
    (
        2, "Łukasz Nowak", "lukasz.nowak@example.com", "Helpdesk",
        ("Customer Service", "Tier #2 Escalations"),
        ("English", "Polski"), ("Team Red",), "2020-07-01", "22.75", True, 8.0,
    ),
    (
        3, "Jürgen Müller", "juergen.mueller@example.com", "Finance",
        ("Billing + Payments", "Customer Service"),
        ("English", "Deutsch", "Billing"), ("Team Blue",),
        "2018-01-15", "27.00", True, 8.0,
    ),
    (
        4, "Zoë Adams", "zoe.adams@example.com", "Sales & Renewals",
        ("Sales", "Zoë's Callbacks"),
        ("English", "Français"), ("Team Blue",), "2021-09-20", "23.10", True, 8.0,
    ),
    (
        5, "田中 太郎", "taro.tanaka@example.com", "APAC",
        ("東京 Desk",),
        ("日本語", "English"), ("Night Owls",), "2022-04-01", "25.00", True, 8.0,
    ),
    (
        6, "José Ramírez", "jose.ramirez@example.com", "Sales & Renewals",
        ("Sales", "Customer Service"),
        ("English", "Español"), ("Team Blue",), "2017-11-06", "26.40", True, 8.0,
    ),
    (
        7, "Mary-Kate O'Neil", "marykate.oneil@example.com", "Helpdesk",
        ("Customer Service", "O'Brien & Sons Support"),
        ("English",), ("Team Red",), "2023-02-13", "21.00", True, 6.5,
    ),
    (
        8, "Chloé Dubois", "chloe.dubois@example.com", "Finance",
        ("Billing + Payments",),
        ("Français", "English", "Billing"), ("Team Blue",),
        "2020-10-05", "24.00", True, 8.0,
    ),
    (
        9, "Ana Lúcia Souza", "ana.souza@example.com", "Sales & Renewals",
        ("Sales", "Zoë's Callbacks", "Customer Service"),
        ("Português", "Español", "English"), ("Night Owls",),
        "2019-08-26", "23.80", True, 8.0,
    ),
    (
        10, "Sven Øberg", "sven.oberg@example.com", "APAC",
        ("東京 Desk", "Tier #2 Escalations"),
        ("English", "日本語"), ("Night Owls",), "2016-05-30", "29.95", True, 8.0,
    ),
    (
        11, "Agent Spare 1", "spare1@example.com", "Training",
        (), (), (), "2024-01-02", "18.00", False, 0.0,
    ),
)  # fmt: skip


def _agent(row: _AgentRow) -> Agent:
    (
        number,
        name,
        email,
        workgroup,
        queues,
        skills,
        groups,
        hired,
        rate,
        active,
        shift,
    ) = row
    return Agent(
        agent_id=f"AG{number:03d}",
        name=name,
        email=email,
        workgroup=workgroup,
        queues=frozenset(queues),
        skills=frozenset(skills),
        groups=frozenset(groups),
        extension=4000 + number,
        employee_number=9_000_000_000 + number * 7919,
        hire_date=datetime.date.fromisoformat(hired),
        active=active,
        hourly_rate=decimal.Decimal(rate),
        shift_hours=shift,
    )


AGENTS: tuple[Agent, ...] = tuple(_agent(row) for row in _AGENT_ROWS)

AGENT_BY_NAME = {agent.name: agent for agent in AGENTS}

# Agents of each queue who take its calls.
QUEUE_MEMBERS: dict[str, tuple[Agent, ...]] = {
    queue.name: tuple(a for a in AGENTS if a.active and queue.name in a.queues)
    for queue in QUEUES
}

ACTIVE_AGENTS: tuple[Agent, ...] = tuple(agent for agent in AGENTS if agent.active)

CALLER_NAMES: tuple[str | None, ...] = (
    "Müller & Söhne GmbH",
    "O'Hara + Partners",
    "Unit #4 Café",
    "東京 Trading Co.",
    "Zoë Whitfield",
    "Acme Widgets",
    "Northwind Traders",
    "Łódź Logistics",
    "D'Angelo, Rossi & Co",
    None,
)

MEDIA_TYPES = ("Voice", "Chat", "Email", "Callback")
IVR_NAME = "Main IVR"
