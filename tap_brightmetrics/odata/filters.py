"""Report filters: the `filters` setting, its validation and the `$filter` text.

The setting is an object keyed by report id (GUID), entity set name, report
title or "*". Each value maps a filter property, as `$metadata` names it or as
the report shows it ("Queue Name"), to one of:

- a string or number, meaning `eq`;
- a list, meaning `in`;
- an object of operators among eq, ne, gt, ge, lt, le and in (in takes a list).

Brightmetrics adds these rules to OData:

- A property may appear once, or twice as one `ge` with one `le`.
- `gt`, `ge`, `lt` and `le` apply to dates and numbers only.
- `eq` and `in` apply to text only.
- `X` and each `X_by_*` property (for example Agent_Name and
  Agent_Name_by_Skill) are one filter, so only one of them may be given.
"""

from __future__ import annotations

import difflib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from tap_brightmetrics.odata.identifiers import to_identifier
from tap_brightmetrics.odata.literals import (
    FLOATING_TYPES,
    INTEGER_RANGES,
    LiteralError,
    format_literal,
)

WILDCARD = "*"
"""Setting key whose filters apply to every report that has the property."""

OPERATORS = ("eq", "ne", "in", "gt", "ge", "lt", "le")
"""Supported filter operators, in the order `build_filter` writes them."""

ORDERED_TYPES = frozenset(
    {"Edm.DateTimeOffset", "Edm.Date", *INTEGER_RANGES, *FLOATING_TYPES}
)
"""Edm types of dates and numbers, the only ones that take gt, ge, lt and le."""

LIST_FILTERS_HINT = "Run `brightmetrics filters <report>` to list them."
"""Sentence that ends an unknown-property message when a report has many filters."""

_ORDERING_OPERATORS = frozenset({"gt", "ge", "lt", "le"})
_TEXT_ONLY_OPERATORS = frozenset({"eq", "in"})
_PROXY_MARKER = "_by_"
# Reports with at most this many filters list them all in an unknown-property
# message, so the user can pick one without another request.
_MAX_LISTED_PROPERTIES = 12


class FilterError(ValueError):
    """One or more problems in the `filters` setting, one sentence group each.

    Attributes:
        problems: each problem's message, which names the report, the property
            and the fix.
    """

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Condition:
    """One filter condition: `property operator value`.

    For `in`, `value` is a tuple of values. `label` is the property name as the
    setting wrote it, used in messages only, so it takes no part in equality.
    """

    property: str
    operator: str
    value: object
    label: str = field(default="", compare=False)


def _shown_name(condition: Condition) -> str:
    """Return the property name for messages: as the setting wrote it, if known."""
    return condition.label or condition.property


def _show(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


# ---------------------------------------------------------------- selection


def _same_guid(key: str, report_id: str) -> bool:
    try:
        return uuid.UUID(key.strip()) == uuid.UUID(report_id.strip())
    except ValueError:
        return False


def _match_rank(key: str, *, report_id: str, stream_name: str, title: str) -> int:
    """Rank how specifically a setting key names a report: 0 when it does not."""
    if key == report_id or _same_guid(key, report_id):
        return 3
    if key == stream_name:
        return 2
    if key.strip() == title.strip():
        return 1
    return 0


def _spec_entry(key: str, spec: object) -> Mapping[str, object]:
    if not isinstance(spec, Mapping):
        raise FilterError(
            f"The filters entry {key!r} is {_show(spec)}, but it must be an object "
            "that maps filter properties to values, for example "
            '{"Queue Name": "Sales"}.'
        )
    return spec


def _identifier_of(owner: str, name: object) -> str:
    """Convert a property name of the setting, naming `owner` in messages."""
    if not isinstance(name, str):
        raise FilterError(
            f"{owner} has the property name {_show(name)}, which is not text. "
            "Write property names as strings."
        )
    try:
        return to_identifier(name)
    except ValueError as exc:
        raise FilterError(f"{owner} has an invalid property name. {exc}") from exc


def _merge_specs(
    ranked: list[tuple[int, str, Mapping[str, object]]],
) -> dict[str, object]:
    """Merge specs in rising rank, so that a higher rank wins per property.

    Properties are compared by OData identifier, so "Queue Name" in one spec and
    Queue_Name in another are the same property, and the winner keeps its
    spelling. Two spellings within one spec are both kept, so that
    `parse_conditions` reports them.
    """
    merged: dict[str, object] = {}
    # Identifier -> (position of the spec in rank order, spelling).
    origin: dict[str, tuple[int, str]] = {}
    ordered = sorted(ranked, key=lambda item: item[0])
    for position, (_rank, key, spec) in enumerate(ordered):
        for name, value in spec.items():
            identifier = _identifier_of(f"The filters entry {key!r}", name)
            previous = origin.get(identifier)
            if previous is not None and previous[0] != position:
                merged.pop(previous[1], None)
            origin[identifier] = (position, name)
            merged[name] = value
    return merged


def select_filter_spec(
    setting: Mapping[str, Mapping],
    *,
    report_id: str,
    stream_name: str,
    title: str,
) -> tuple[Mapping[str, object], Mapping[str, object]]:
    """Select the filters that a report's entries in the setting give.

    Returns `(explicit, wildcard)`. `explicit` merges every entry keyed by the
    report id (any GUID spelling), the entity set name or the title (ignoring
    surrounding spaces). When several of them set the same property, the report
    id wins over the entity set name, which wins over the title. So a title can
    give defaults for all reports of that name, and an id can override one of
    them. `wildcard` is the "*" entry. `resolve_conditions` lets `explicit`
    win over `wildcard` per property.

    Raises:
        FilterError: an entry that applies to this report is not an object, or
            one of its property names is not text or has no letter or digit.
    """
    ranked: list[tuple[int, str, Mapping[str, object]]] = []
    wildcard: Mapping[str, object] = {}
    for key, spec in setting.items():
        if key == WILDCARD:
            wildcard = _spec_entry(key, spec)
            continue
        rank = _match_rank(
            key, report_id=report_id, stream_name=stream_name, title=title
        )
        if rank:
            ranked.append((rank, key, _spec_entry(key, spec)))
    return _merge_specs(ranked), _merge_specs([(0, WILDCARD, wildcard)])


def unmatched_filter_keys(
    setting: Mapping[str, object], reports: Iterable[tuple[str, str, str]]
) -> list[str]:
    """Return the setting keys, other than "*", that name none of the reports.

    `reports` contains `(report_id, stream_name, title)` for each report. A key
    that matches nothing is most likely a typo, so callers should report it.
    """
    catalog = list(reports)
    return [
        key
        for key in setting
        if key != WILDCARD
        and not any(
            _match_rank(key, report_id=report_id, stream_name=name, title=title)
            for report_id, name, title in catalog
        )
    ]


# ------------------------------------------------------------------ parsing


def _is_scalar(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, (str, int, float, Decimal, date, uuid.UUID))


def _value_problem(report: str, label: str, value: object, context: str) -> str:
    """Describe why a value is not a string or number.

    `context` describes where the value sits, for example " for eq", or is "".
    """
    subject = f"Filter {label} on report '{report}' has"
    if value is None:
        return (
            f"{subject} null{context}. Give a string or number, a list for in, "
            'or an object of operators such as {"ge": 10}, or remove the filter.'
        )
    if isinstance(value, bool):
        return (
            f"{subject} {_show(value)}{context}, which filters do not take. "
            'Write a string or number. For an Edm.Boolean property write "true" '
            'or "false" in quotes.'
        )
    if isinstance(value, Mapping):
        return (
            f"{subject} a nested object{context}. An operator takes a string or "
            'number, and in takes a list, for example {"in": ["Sales", "Support"]}.'
        )
    return (
        f"{subject} {_show(value)}{context}, which is a {type(value).__name__}. "
        "Write a string or a number."
    )


def _parse_list(report: str, label: str, values: object) -> tuple:
    if not isinstance(values, (list, tuple)):
        raise FilterError(
            f"Operator in of filter {label} on report '{report}' takes a list, "
            f"not {_show(values)}. Write [{_show(values)}] or use eq."
        )
    if not values:
        raise FilterError(
            f"Filter {label} on report '{report}' has an empty list. Give at "
            "least one value, or remove the filter."
        )
    for item in values:
        if not _is_scalar(item):
            raise FilterError(_value_problem(report, label, item, " in its list"))
    return tuple(values)


def _parse_operator(
    report: str, prop: str, label: str, operator: object, operand: object
) -> Condition:
    if operator not in OPERATORS:
        raise FilterError(
            f"Filter {label} on report '{report}' has the unknown operator "
            f"{_show(operator)}. Use one of {', '.join(OPERATORS)}."
        )
    if operator == "in":
        values = _parse_list(report, label, operand)
        return Condition(prop, "in", values, label)
    if isinstance(operand, (list, tuple)):
        raise FilterError(
            f"Operator {operator} of filter {label} on report '{report}' takes "
            "one value, not a list. Use in for a list of values."
        )
    if not _is_scalar(operand):
        raise FilterError(_value_problem(report, label, operand, f" for {operator}"))
    return Condition(prop, str(operator), operand, label)


def _parse_property(
    report: str, prop: str, label: str, spec: object
) -> list[Condition]:
    if isinstance(spec, Mapping):
        if not spec:
            raise FilterError(
                f"Filter {label} on report '{report}' has an empty object. Give "
                'at least one operator, for example {"ne": "Sales"}, or remove '
                "the filter."
            )
        return [
            _parse_operator(report, prop, label, operator, operand)
            for operator, operand in spec.items()
        ]
    if isinstance(spec, (list, tuple)):
        return [Condition(prop, "in", _parse_list(report, label, spec), label)]
    if not _is_scalar(spec):
        raise FilterError(_value_problem(report, label, spec, ""))
    return [Condition(prop, "eq", spec, label)]


def parse_conditions(report: str, spec: Mapping[str, object]) -> list[Condition]:
    """Parse one report's filter spec into conditions, in the spec's order.

    Property names go through `to_identifier`. A string or number becomes
    `eq`, a list becomes `in` with a tuple value, and an object gives one
    condition per operator. `report` names the report in messages.

    Raises:
        FilterError: every shape problem found: an unknown operator, an empty
            list or object, a nested object, null, a boolean, a list for an
            operator other than in, or two names for the same property.
    """
    conditions: list[Condition] = []
    problems: list[str] = []
    spelling: dict[str, str] = {}
    for label, value in spec.items():
        try:
            prop = _identifier_of(f"Report '{report}'", label)
        except FilterError as exc:
            problems.extend(exc.problems)
            continue
        if prop in spelling:
            problems.append(
                f"Filters {spelling[prop]} and {label} on report '{report}' are "
                f"both the property {prop}. Keep one, and put all its operators "
                'in one object, for example {"ge": 10, "le": 20}.'
            )
            continue
        spelling[prop] = label
        try:
            conditions.extend(_parse_property(report, prop, label, value))
        except FilterError as exc:
            problems.extend(exc.problems)
    if problems:
        raise FilterError(problems)
    return conditions


# --------------------------------------------------------------- validation


def proxy_group(prop: str) -> str:
    """Return the filter that a property belongs to: `X` for `X` and `X_by_*`."""
    return prop.split(_PROXY_MARKER, 1)[0]


def _close_names(prop: str, names: Sequence[str]) -> list[str]:
    """Return up to three property names close to `prop`, ignoring case.

    A name that differs from `prop` only in case is returned alone.
    """
    by_folded = {name.casefold(): name for name in names}
    if prop.casefold() in by_folded:
        return [by_folded[prop.casefold()]]
    matches = difflib.get_close_matches(prop.casefold(), list(by_folded), n=3)
    return [by_folded[match] for match in matches]


def _unknown_property_problem(
    report: str, condition: Condition, filter_properties: Mapping[str, str]
) -> str:
    names = sorted(filter_properties)
    sentences = [f"{_shown_name(condition)} is not a filter of report '{report}'."]
    close = _close_names(condition.property, names)
    if close:
        sentences.append(f"Did you mean {' or '.join(close)}?")
    if not names:
        sentences.append("This report has no filters, so remove this one.")
    elif len(names) <= _MAX_LISTED_PROPERTIES:
        sentences.append(f"Its filters are {', '.join(names)}.")
    else:
        sentences.append(LIST_FILTERS_HINT)
    return " ".join(sentences)


def _date_property_problem(report: str, condition: Condition) -> str:
    return (
        f"{_shown_name(condition)} on report '{report}' is the date filter that "
        "the tap sets itself from start_date, end_date and the bookmark. Remove "
        "it from filters and use the start_date and end_date settings instead."
    )


def _condition_values(condition: Condition) -> Sequence[object]:
    if condition.operator == "in" and isinstance(condition.value, (tuple, list)):
        return condition.value
    return (condition.value,)


def _operator_problem(report: str, condition: Condition, edm_type: str) -> str | None:
    name = _shown_name(condition)
    operator = condition.operator
    if operator not in OPERATORS:
        return (
            f"Filter {name} on report '{report}' has the unknown operator "
            f"{operator!r}. Use one of {', '.join(OPERATORS)}."
        )
    values = _condition_values(condition)
    if operator == "in" and not values:
        return (
            f"Operator in of filter {name} on report '{report}' has no values. "
            "Give at least one value, or remove the filter."
        )
    if operator in _ORDERING_OPERATORS and edm_type not in ORDERED_TYPES:
        return (
            f"Operator {operator} cannot be applied to {name} on report "
            f"'{report}' because it is {edm_type}, and Brightmetrics supports "
            "gt, ge, lt and le on dates and numbers only. Use eq, ne or in."
        )
    if operator in _TEXT_ONLY_OPERATORS and edm_type in ORDERED_TYPES:
        example = _show(values[0])
        return (
            f"Operator {operator} cannot be applied to {name} on report "
            f"'{report}' because it is {edm_type}, and Brightmetrics supports "
            "eq and in on text only. Use ge and le for a range, or ne. To "
            f'match one value, write {{"ge": {example}, "le": {example}}}.'
        )
    return None


def _literal_problem(report: str, condition: Condition, edm_type: str) -> str | None:
    for value in _condition_values(condition):
        try:
            format_literal(value, edm_type)
        except LiteralError as exc:
            return (
                f"Filter {_shown_name(condition)} on report '{report}' has an "
                f"invalid value. {exc}"
            )
    return None


def _repeat_problems(report: str, conditions: Sequence[Condition]) -> list[str]:
    operators: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for condition in conditions:
        operators.setdefault(condition.property, []).append(condition.operator)
        names.setdefault(condition.property, _shown_name(condition))
    return [
        f"{names[prop]} has more than one condition on report '{report}' "
        f"({', '.join(found)}). A property may appear twice only as one ge with "
        'one le, for example {"ge": 10, "le": 20}.'
        for prop, found in operators.items()
        if len(found) > 1 and sorted(found) != ["ge", "le"]
    ]


def _join_names(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _proxy_problems(report: str, conditions: Sequence[Condition]) -> list[str]:
    groups: dict[str, list[str]] = {}
    for condition in conditions:
        members = groups.setdefault(proxy_group(condition.property), [])
        if condition.property not in members:
            members.append(condition.property)
    return [
        f"{_join_names(members)} on report '{report}' are the same {group} "
        "filter, and Brightmetrics accepts only one of them. Keep one."
        for group, members in groups.items()
        if len(members) > 1
    ]


def validate_conditions(
    report: str,
    conditions: Sequence[Condition],
    filter_properties: Mapping[str, str],
    *,
    date_property: str | None,
) -> None:
    """Check user conditions against a report's filter properties.

    `filter_properties` maps each filter property in the report's `$metadata`
    to its Edm type. `date_property` is the property that the tap bounds
    itself with `date_range_conditions`, so user conditions on it are
    rejected. `ne` is allowed on every type, although the service documents
    it for text.

    Raises:
        FilterError: listing every problem found. The checks are: an unknown
            property (with close names), a condition on `date_property`,
            gt/ge/lt/le on a type that is not a date or number, eq/in on a
            date or number, and a value that does not fit the type. A property
            may appear once, or as one ge with one le, and only one property of
            an `X`/`X_by_*` group may appear.
    """
    problems: list[str] = []
    reported: set[str] = set()
    known_conditions: list[Condition] = []
    for condition in conditions:
        prop = condition.property
        if prop == date_property or prop not in filter_properties:
            if prop not in reported:
                reported.add(prop)
                problems.append(
                    _date_property_problem(report, condition)
                    if prop == date_property
                    else _unknown_property_problem(report, condition, filter_properties)
                )
            continue
        edm_type = filter_properties[prop]
        problem = _operator_problem(report, condition, edm_type)
        problem = problem or _literal_problem(report, condition, edm_type)
        if problem:
            problems.append(problem)
        known_conditions.append(condition)
    problems.extend(_repeat_problems(report, known_conditions))
    problems.extend(_proxy_problems(report, known_conditions))
    if problems:
        raise FilterError(problems)


def resolve_conditions(
    report: str,
    explicit: Mapping[str, object],
    wildcard: Mapping[str, object],
    filter_properties: Mapping[str, str],
    *,
    date_property: str | None,
) -> list[Condition]:
    """Parse, combine and validate a report's explicit and wildcard filters.

    A wildcard condition is dropped when the report lacks its property, or when
    the explicit spec sets a property of the same `X`/`X_by_*` group, so
    explicit Agent_Name_by_Skill replaces wildcard Agent_Name. A wildcard
    condition on `date_property` is kept, so validation reports it.
    Returns the explicit conditions, then the kept wildcard ones, whose label
    ends in '(from "*")' so that messages show where they came from.

    Raises:
        FilterError: as `parse_conditions` and `validate_conditions` do.
    """
    explicit_conditions = parse_conditions(report, explicit)
    try:
        wildcard_conditions = parse_conditions(report, wildcard)
    except FilterError as exc:
        raise FilterError(
            [f'In the "{WILDCARD}" entry: {problem}' for problem in exc.problems]
        ) from exc
    explicit_groups = {proxy_group(c.property) for c in explicit_conditions}
    applicable_wildcard = [
        replace(condition, label=f'{_shown_name(condition)} (from "{WILDCARD}")')
        for condition in wildcard_conditions
        if condition.property in filter_properties
        and proxy_group(condition.property) not in explicit_groups
    ]
    conditions = explicit_conditions + applicable_wildcard
    validate_conditions(
        report, conditions, filter_properties, date_property=date_property
    )
    return conditions


# ----------------------------------------------------------------- building


def _format_condition(condition: Condition, edm_type: str) -> str:
    if condition.operator == "in":
        values = condition.value
        if not isinstance(values, (tuple, list)) or not values:
            raise FilterError(
                f"Condition {condition.property} in {values!r} needs a non-empty "
                "tuple of values."
            )
        literals = ", ".join(format_literal(value, edm_type) for value in values)
        return f"{condition.property} in ({literals})"
    return (
        f"{condition.property} {condition.operator} "
        f"{format_literal(condition.value, edm_type)}"
    )


def build_filter(
    conditions: Sequence[Condition], filter_properties: Mapping[str, str]
) -> str:
    """Write conditions as `$filter` text, joined with " and ".

    Conditions are sorted by property, then by operator in `OPERATORS` order,
    so the same conditions always give the same text. Values of `in` keep their
    order. An empty sequence gives "". Conditions are not validated here: call
    `validate_conditions` or `resolve_conditions` for user input.

    Raises:
        FilterError: a condition's property is not in `filter_properties`, its
            operator is not supported, or its value does not fit the type.
    """
    for condition in conditions:
        if condition.operator not in OPERATORS:
            raise FilterError(
                f"Condition on {condition.property} has the unknown operator "
                f"{condition.operator!r}. Use one of {', '.join(OPERATORS)}."
            )
    ordered = sorted(
        conditions, key=lambda c: (c.property, OPERATORS.index(c.operator))
    )
    parts: list[str] = []
    for condition in ordered:
        edm_type = filter_properties.get(condition.property)
        if edm_type is None:
            raise FilterError(
                f"{condition.property} is not a filter property of this report, "
                "so it cannot be used in $filter."
            )
        try:
            parts.append(_format_condition(condition, edm_type))
        except LiteralError as exc:
            raise FilterError(
                f"Filter {_shown_name(condition)} cannot be written. {exc}"
            ) from exc
    return " and ".join(parts)


def date_range_conditions(
    date_property: str, start: datetime, end: datetime
) -> list[Condition]:
    """Return the `ge start` and `le end` pair that bounds a report's dates.

    Both bounds are inclusive, as `le` is.

    Raises:
        ValueError: a bound is naive, or `start` is after `end`.
    """
    for bound_name, bound in (("start", start), ("end", end)):
        if bound.tzinfo is None or bound.utcoffset() is None:
            raise ValueError(
                f"The {bound_name} of the {date_property} range, "
                f"{bound.isoformat()}, has no time zone. Give an aware datetime."
            )
    if start > end:
        raise ValueError(
            f"The {date_property} range starts at {start.isoformat()}, after its "
            f"end {end.isoformat()}. Give a start at or before the end."
        )
    return [
        Condition(date_property, "ge", start),
        Condition(date_property, "le", end),
    ]
