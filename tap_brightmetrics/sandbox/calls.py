"""Seeded generation of calls and their party legs, one UTC day at a time.

Each day's calls derive from a random generator seeded with (seed, day), so a
request builds only the days it covers, and the same day always has the same
calls whatever range asked for it.
"""

from __future__ import annotations

import bisect
import collections
import collections.abc
import dataclasses
import datetime
import decimal
import itertools
import math
import random
import threading
import typing

from tap_brightmetrics.sandbox import catalog

UTC = datetime.timezone.utc
EPOCH_DAY = datetime.date(1970, 1, 1)
NO_CALL_DAY_PERIOD = 11
SERVICE_LEVEL_SECONDS = 20.0
CACHED_DAYS = 6

_CENT = decimal.Decimal("0.01")
_RATE_PER_MINUTE = {
    ("Inbound", "Voice"): decimal.Decimal("0.012"),
    ("Inbound", "Callback"): decimal.Decimal("0.025"),
    ("Outbound", "Voice"): decimal.Decimal("0.025"),
}
_INBOUND_MEDIA_WEIGHTS = list(itertools.accumulate((75, 12, 8, 5)))
_QUEUE_WEIGHTS = list(itertools.accumulate(queue.weight for queue in catalog.QUEUES))


@dataclasses.dataclass(slots=True)
class Leg:
    """One party's part in a call."""

    sequence: int
    party_type: str
    party_name: str
    start: datetime.datetime
    talk: float
    total: float
    trunk: str | None


@dataclasses.dataclass(slots=True)
class Call:
    """One call, with every attribute the reports show or filter on."""

    call_id: int
    start: datetime.datetime
    direction: str
    media: str
    queue: str | None
    agent: str | None
    caller_name: str | None
    caller_number: str
    trunk: str | None
    answered: bool
    abandoned: bool
    wait: float
    talk: float
    hold: float
    hold_count: int
    transfer_count: int
    total: float
    cost: decimal.Decimal | None
    within_service_level: bool | None


def is_no_call_day(day: datetime.date) -> bool:
    """Return whether the call centre was closed that day (no calls at all)."""
    return day.toordinal() % NO_CALL_DAY_PERIOD == 0


def generate_day(seed: int, day: datetime.date, calls_per_day: int) -> list[Call]:
    """Return the calls that started on a UTC day, sorted by start and id.

    The first call starts at 00:00:00 UTC.
    """
    if is_no_call_day(day) or calls_per_day <= 0:
        return []
    rng = random.Random(f"brightmetrics-sandbox:{seed}:{day.isoformat()}")
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=UTC)
    seconds = sorted(_second_of_day(rng) for _ in range(calls_per_day))
    # The first call of a day starts exactly at midnight UTC, a boundary that
    # inclusive ge/le ranges share with the previous day.
    seconds[0] = 0
    first_id = (day - EPOCH_DAY).days * 1_000_000 + 1
    return [
        _generate_call(rng, first_id + index, midnight + datetime.timedelta(seconds=s))
        for index, s in enumerate(seconds)
    ]


def _second_of_day(rng: random.Random) -> int:
    # Most calls arrive during North American business hours (13:00-23:00 UTC).
    if rng.random() < 0.8:
        return 13 * 3600 + int(rng.random() * 10 * 3600)
    return int(rng.random() * 86400)


def _weighted_index(rng: random.Random, cumulative: typing.Sequence[float]) -> int:
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


_T = typing.TypeVar("_T")


def _pick(rng: random.Random, items: typing.Sequence[_T]) -> _T:
    return items[int(rng.random() * len(items))]


def _generate_call(rng: random.Random, call_id: int, start: datetime.datetime) -> Call:
    roll = rng.random()
    if roll < 0.7:
        call = _inbound_call(rng, call_id, start)
    elif roll < 0.9:
        call = _outbound_call(rng, call_id, start)
    else:
        call = _internal_call(rng, call_id, start)
    call.total = round(call.wait + call.talk + call.hold, 1)
    call.cost = _cost(call)
    return call


def _blank_call(call_id: int, start: datetime.datetime, direction: str) -> Call:
    return Call(
        call_id=call_id,
        start=start,
        direction=direction,
        media="Voice",
        queue=None,
        agent=None,
        caller_name=None,
        caller_number="",
        trunk=None,
        answered=False,
        abandoned=False,
        wait=0.0,
        talk=0.0,
        hold=0.0,
        hold_count=0,
        transfer_count=0,
        total=0.0,
        cost=None,
        within_service_level=None,
    )


def _talk_and_hold(rng: random.Random, call: Call) -> None:
    call.answered = True
    call.talk = round(rng.lognormvariate(5.0, 0.6), 1)
    roll = rng.random()
    if roll < 0.7:
        call.hold_count = 0
    elif roll < 0.9:
        call.hold_count = 1
    else:
        call.hold_count = 2
    hold_times = (rng.uniform(10, 90) for _ in range(call.hold_count))
    call.hold = round(sum(hold_times, 0.0), 1)


def _inbound_call(rng: random.Random, call_id: int, start: datetime.datetime) -> Call:
    call = _blank_call(call_id, start, "Inbound")
    call.media = catalog.MEDIA_TYPES[_weighted_index(rng, _INBOUND_MEDIA_WEIGHTS)]
    queue = catalog.QUEUES[_weighted_index(rng, _QUEUE_WEIGHTS)]
    call.queue = queue.name
    call.caller_name = _pick(rng, catalog.CALLER_NAMES)
    call.caller_number = f"+1 555 01{int(rng.random() * 100):02d}"
    if call.media in ("Voice", "Callback"):
        call.trunk = f"PRI ({1 + int(rng.random() * 8)})"
    call.wait = round(rng.expovariate(1 / 35), 1)
    members = catalog.QUEUE_MEMBERS[queue.name]
    if not members or rng.random() < queue.abandon_rate:
        call.abandoned = True
        call.within_service_level = False
        return call
    call.agent = _pick(rng, members).name
    _talk_and_hold(rng, call)
    call.within_service_level = call.wait <= SERVICE_LEVEL_SECONDS
    if rng.random() < 0.08:
        call.transfer_count = 1
    return call


def _outbound_call(rng: random.Random, call_id: int, start: datetime.datetime) -> Call:
    call = _blank_call(call_id, start, "Outbound")
    agent = _pick(rng, catalog.ACTIVE_AGENTS)
    call.agent = agent.name
    call.caller_name = agent.name
    call.caller_number = f"+1 555 02{int(rng.random() * 100):02d}"
    call.trunk = f"PRI ({1 + int(rng.random() * 8)})"
    if rng.random() < 0.85:
        _talk_and_hold(rng, call)
    return call


def _internal_call(rng: random.Random, call_id: int, start: datetime.datetime) -> Call:
    call = _blank_call(call_id, start, "Internal")
    caller, callee = rng.sample(catalog.ACTIVE_AGENTS, 2)
    call.agent = callee.name
    call.caller_name = caller.name
    call.caller_number = str(caller.extension)
    _talk_and_hold(rng, call)
    return call


def _cost(call: Call) -> decimal.Decimal | None:
    if call.direction == "Internal":
        return None
    rate = _RATE_PER_MINUTE.get((call.direction, call.media))
    if rate is None:
        return decimal.Decimal("0.00")
    minutes = math.ceil(call.total / 60)
    return (rate * minutes).quantize(_CENT)


def legs_of(call: Call) -> list[Leg]:
    """Return the party legs of a call, derived from its attributes alone."""
    legs: list[Leg] = []

    def add(kind: str, name: str, offset: float, talk: float, total: float) -> None:
        start = call.start + datetime.timedelta(seconds=offset)
        trunk = call.trunk if kind == "External" else None
        legs.append(Leg(len(legs) + 1, kind, name, start, talk, total, trunk))

    if call.direction == "Internal":
        add("Agent", call.caller_name or "", 0.0, call.talk, call.total)
        add("Agent", call.agent or "", 0.0, call.talk, call.total)
        return legs
    external = call.caller_name or call.caller_number
    if call.direction == "Outbound":
        add("Agent", call.agent or "", 0.0, call.talk, call.total)
        add("External", external, 0.0, call.talk, call.total)
        return legs
    add("External", external, 0.0, call.talk, call.total)
    ivr = round(min(call.wait, 6.0), 1) if call.media == "Voice" else 0.0
    if ivr:
        add("IVR", catalog.IVR_NAME, 0.0, 0.0, ivr)
    add("Queue", call.queue or "", ivr, 0.0, round(call.wait - ivr, 1))
    if call.answered and call.agent:
        _agent_legs(call, add)
    return legs


def _agent_legs(call: Call, add: collections.abc.Callable[..., None]) -> None:
    busy = round(call.talk + call.hold, 1)
    if not call.transfer_count:
        add("Agent", call.agent, call.wait, call.talk, busy)
        return
    first_talk = round(call.talk * 0.4, 1)
    first_total = round(first_talk + call.hold, 1)
    add("Agent", call.agent, call.wait, first_talk, first_total)
    colleague = _transfer_target(call)
    add(
        "Agent",
        colleague,
        call.wait + first_total,
        round(call.talk - first_talk, 1),
        round(busy - first_total, 1),
    )


def _transfer_target(call: Call) -> str:
    others = [agent.name for agent in catalog.ACTIVE_AGENTS if agent.name != call.agent]
    return others[call.call_id % len(others)]


class CallStore:
    """Calls of the configured days, generated on demand with a small LRU cache."""

    def __init__(self, seed: int, calls_per_day: int) -> None:
        self.seed = seed
        self.calls_per_day = calls_per_day
        self._cache: collections.OrderedDict[datetime.date, list[Call]] = (
            collections.OrderedDict()
        )
        self._lock = threading.Lock()

    def day(self, day: datetime.date) -> list[Call]:
        """Return the calls of one UTC day (shared list: do not modify it)."""
        with self._lock:
            cached = self._cache.get(day)
            if cached is not None:
                self._cache.move_to_end(day)
                return cached
        calls = generate_day(self.seed, day, self.calls_per_day)
        with self._lock:
            self._cache[day] = calls
            while len(self._cache) > CACHED_DAYS:
                self._cache.popitem(last=False)
        return calls
