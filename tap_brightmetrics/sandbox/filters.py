"""Validation of parsed $filter conditions against a report, and evaluation.

The rules are those of the Brightmetrics API. A property may appear only once,
except as one ``ge`` with one ``le``. The operators gt, ge, lt and le apply only
to dates and numbers, while eq and in apply only to text. The API shows ne only
with text, so ne is text-only here as well. Agent_Name and its proxies (by
queue membership, by skill, by group membership) are one filter, so they cannot
be combined.
"""

from __future__ import annotations

import collections
import collections.abc
import dataclasses
import datetime
import typing

from tap_brightmetrics.sandbox import edm
from tap_brightmetrics.sandbox.errors import bad_request
from tap_brightmetrics.sandbox.filter_parser import Condition, Literal, parse_filter
from tap_brightmetrics.sandbox.identifiers import odata_identifier

DATE_FILTER = "Call_Date_Time"
TEXT_OPERATORS = frozenset({"eq", "ne", "in"})
RANGE_OPERATORS = frozenset({"gt", "ge", "lt", "le"})

# Returned by a value getter for a filter that does not apply to the subject.
NOT_APPLICABLE = object()

ValueGetter = collections.abc.Callable[[str], typing.Any]


@dataclasses.dataclass(frozen=True)
class FilterProperty:
    """A filter of a saved report.

    Attributes:
        title: Filter label in the UI; the property name derives from it.
        edm_type: Edm.String, Edm.Double, Edm.Int32 or Edm.DateTimeOffset.
        agent_name_family: True for Agent_Name and its proxies.
    """

    title: str
    edm_type: str
    agent_name_family: bool = False

    @property
    def name(self) -> str:
        """Property name, derived from the title."""
        return odata_identifier(self.title)


@dataclasses.dataclass(frozen=True)
class TimeRange:
    """Bounds of Call_Date_Time; None means unbounded on that side."""

    lower: datetime.datetime | None = None
    lower_inclusive: bool = True
    upper: datetime.datetime | None = None
    upper_inclusive: bool = False


@dataclasses.dataclass(frozen=True)
class FilterSet:
    """Validated conditions of one request.

    Attributes:
        text: The $filter text as received (None when absent).
        time_range: Bounds from the Call_Date_Time conditions.
        conditions: The other conditions.
    """

    text: str | None
    time_range: TimeRange
    conditions: tuple[Condition, ...]

    def matches(self, value_of: ValueGetter) -> bool:
        """Return whether a subject passes every applicable condition.

        ``value_of`` maps a filter name to the subject's value, a frozenset of
        values (an agent's queues, skills or groups), or NOT_APPLICABLE.
        """
        for condition in self.conditions:
            value = value_of(condition.prop)
            if value is NOT_APPLICABLE:
                continue
            if not _condition_holds(condition, value):
                return False
        return True

    def values_for(self, prop: str) -> list[Condition]:
        """Return the conditions on one property."""
        return [c for c in self.conditions if c.prop == prop]


def compile_filter(
    text: str | None, properties: typing.Sequence[FilterProperty], report_title: str
) -> FilterSet:
    """Parse and validate a $filter against a report's filter properties.

    Raises:
        ODataError: 400 naming the property and the broken rule.
    """
    if text is None:
        return FilterSet(text, TimeRange(), ())
    conditions = parse_filter(text)
    by_name = {prop.name: prop for prop in properties}
    for condition in conditions:
        prop = by_name.get(condition.prop)
        if prop is None:
            raise _unknown_property(condition.prop, by_name, report_title)
        _check_operator(condition, prop)
        _check_literals(condition, prop)
    _check_repeats(conditions)
    _check_agent_name_family(conditions, by_name)
    dated = [c for c in conditions if by_name[c.prop].edm_type == edm.DATE_TIME_OFFSET]
    others = tuple(c for c in conditions if c not in dated)
    return FilterSet(text, _time_range(dated), others)


def _unknown_property(
    name: str, by_name: dict[str, FilterProperty], report_title: str
) -> Exception:
    known = ", ".join(by_name) or "none"
    hint = ""
    folded = {key.casefold(): key for key in by_name}
    if name.casefold() in folded:
        suggestion = folded[name.casefold()]
        hint = f" Property names are case-sensitive: did you mean {suggestion}?"
    return bad_request(
        "UnknownFilterProperty",
        f"{name} is not a filter of report '{report_title}'.{hint} "
        f"Its filters are: {known}.",
        name,
    )


def _check_operator(condition: Condition, prop: FilterProperty) -> None:
    is_text = prop.edm_type == edm.STRING
    if is_text and condition.operator in RANGE_OPERATORS:
        raise bad_request(
            "InvalidFilterOperator",
            f"{condition.prop} is a text filter: '{condition.operator}' applies only "
            "to dates and numbers; use eq, ne or in.",
            condition.prop,
        )
    if not is_text and condition.operator in TEXT_OPERATORS:
        kind = "date" if prop.edm_type == edm.DATE_TIME_OFFSET else "number"
        raise bad_request(
            "InvalidFilterOperator",
            f"{condition.prop} is a {kind} filter: '{condition.operator}' applies "
            "only to text; use gt, ge, lt or le.",
            condition.prop,
        )


def _check_literals(condition: Condition, prop: FilterProperty) -> None:
    expected = {
        edm.STRING: "string",
        edm.DATE_TIME_OFFSET: "datetime",
    }.get(prop.edm_type, "number")
    examples = {
        "string": "a quoted string such as 'Sales'",
        "datetime": "a date/time such as 2020-06-01T00:00:00Z",
        "number": "a number such as 10",
    }
    for literal in condition.values:
        if literal.kind != expected:
            raise bad_request(
                "InvalidFilterValue",
                f"{condition.prop} ({prop.edm_type}) must be compared with "
                f"{examples[expected]}, not {literal.text}.",
                condition.prop,
            )
        if prop.edm_type == edm.INT32 and not isinstance(literal.value, int):
            raise bad_request(
                "InvalidFilterValue",
                f"{condition.prop} (Edm.Int32) must be compared with a whole "
                f"number, not {literal.text}.",
                condition.prop,
            )


def _check_repeats(conditions: list[Condition]) -> None:
    operators: dict[str, list[str]] = collections.defaultdict(list)
    for condition in conditions:
        operators[condition.prop].append(condition.operator)
    for prop, used in operators.items():
        if len(used) > 1 and sorted(used) != ["ge", "le"]:
            raise bad_request(
                "DuplicateFilterProperty",
                f"{prop} appears {len(used)} times ({', '.join(used)}); a property "
                "may appear only once, except as one ge with one le.",
                prop,
            )


def _check_agent_name_family(
    conditions: list[Condition], by_name: dict[str, FilterProperty]
) -> None:
    used = sorted({c.prop for c in conditions if by_name[c.prop].agent_name_family})
    if len(used) > 1:
        raise bad_request(
            "ConflictingAgentNameFilters",
            f"{' and '.join(used)} are all Agent Name filters and cannot be "
            "combined; use only one of them.",
            used[1],
        )


def _time_range(conditions: list[Condition]) -> TimeRange:
    lower = upper = None
    lower_inclusive, upper_inclusive = True, False
    for condition in conditions:
        value = condition.values[0].value
        if condition.operator in ("ge", "gt"):
            lower, lower_inclusive = value, condition.operator == "ge"
        else:
            upper, upper_inclusive = value, condition.operator == "le"
    return TimeRange(lower, lower_inclusive, upper, upper_inclusive)  # type: ignore[arg-type]


def _condition_holds(condition: Condition, value: typing.Any) -> bool:
    operator = condition.operator
    if operator in TEXT_OPERATORS:
        matched = any(_text_equals(value, literal) for literal in condition.values)
        return not matched if operator == "ne" else matched
    if value is None:
        return False
    bound = condition.values[0].value
    if operator == "gt":
        return value > bound
    if operator == "ge":
        return value >= bound
    if operator == "lt":
        return value < bound
    return value <= bound


def _text_equals(value: typing.Any, literal: Literal) -> bool:
    if isinstance(value, frozenset):
        return literal.value in value
    return value == literal.value
