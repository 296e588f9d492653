"""The export command's `--filter` options, turned into the tap's filter spec.

Each option is either an expression, `NAME OP VALUE` with OP one of `=`,
`!=`, `>`, `>=`, `<`, `<=`, or a JSON object in the form of one report's
entry of the tap's `filters` setting. Repeating `NAME=VALUE` for one property
gives `in`, and `NAME>=A` with `NAME<=B` gives a range. NAME is the filter
label as the report shows it or its OData identifier.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from tap_brightmetrics.odata.filters import FilterError

SYMBOLS = {"!=": "ne", ">=": "ge", "<=": "le", "=": "eq", ">": "gt", "<": "lt"}
"""Operator symbols of `--filter` expressions and the OData operators they mean."""

_EXPRESSION = re.compile(
    r"(?P<name>[^=<>!]+?)\s*(?P<symbol>!=|>=|<=|=|>|<)(?P<value>.*)", re.S
)


def _parse_expression(text: str) -> tuple[str, str, str]:
    """Split `NAME OP VALUE` into (name, OData operator, value)."""
    match = _EXPRESSION.fullmatch(text.strip())
    if match is None or not match["name"].strip():
        raise FilterError(
            f"--filter {text!r} is not a valid filter expression. Write "
            "NAME=VALUE, NAME!=VALUE, NAME>=VALUE (or >, <, <=), for example "
            "'Queue Name=Sales', or a "
            'JSON object such as \'{"Queue Name": ["Sales", "Support"]}\'.'
        )
    return match["name"].strip(), SYMBOLS[match["symbol"]], match["value"].strip()


def _parse_json(text: str) -> dict[str, object]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise FilterError(f"--filter {text!r} is not valid JSON: {exc}.") from None
    if not isinstance(value, dict):
        raise FilterError(
            f"--filter {text!r} must be a JSON object that maps filter properties "
            'to values, for example {"Queue Name": "Sales"}.'
        )
    return value


def _combine(name: str, pairs: list[tuple[str, str]]) -> object:
    """Return the spec value of one property's expressions."""
    equal = [value for operator, value in pairs if operator == "eq"]
    others: dict[str, object] = {}
    for operator, value in pairs:
        if operator == "eq":
            continue
        if operator in others:
            symbol = next(s for s, o in SYMBOLS.items() if o == operator)
            raise FilterError(
                f"--filter gives {name}{symbol} more than once. Give each operator "
                "once per property; repeat NAME=VALUE to match several values."
            )
        others[operator] = value
    if not others:
        return equal[0] if len(equal) == 1 else equal
    if len(equal) == 1:
        others["eq"] = equal[0]
    elif equal:
        others["in"] = equal
    return others


def filter_spec(options: Sequence[str]) -> dict[str, object]:
    """Turn `--filter` options into one report's spec for `parse_conditions`.

    Raises:
        FilterError: an option is neither an expression nor a JSON object, or
            it gives a property that another option gives in another form.
    """
    spec: dict[str, object] = {}
    expressions: dict[str, list[tuple[str, str]]] = {}
    for text in options:
        if text.lstrip().startswith("{"):
            for name, value in _parse_json(text).items():
                if name in spec or name in expressions:
                    raise FilterError(
                        f"--filter gives {name} more than once. Give all its "
                        'operators in one JSON object, such as {"ge": 10, "le": 20}.'
                    )
                spec[name] = value
            continue
        name, operator, value = _parse_expression(text)
        if name in spec:
            raise FilterError(
                f"--filter gives {name} both as JSON and as an expression. Use one "
                "form for each property."
            )
        expressions.setdefault(name, []).append((operator, value))
    for name, pairs in expressions.items():
        spec[name] = _combine(name, pairs)
    return spec
