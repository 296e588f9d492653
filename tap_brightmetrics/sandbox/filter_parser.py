"""Tokenizer and parser of the $filter subset that Brightmetrics supports.

The grammar is ``condition ("and" condition)*`` where a condition is
``Property op literal`` (op one of eq, ne, gt, ge, lt, le) or
``Property in (literal, ...)``. Literals are single-quoted strings (a quote
inside is doubled), numbers and DateTimeOffset values. Type and combination
rules are checked afterwards, by :mod:`tap_brightmetrics.sandbox.filters`.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from tap_brightmetrics.sandbox.errors import ODataError, bad_request

COMPARISON_OPERATORS = ("eq", "ne", "gt", "ge", "lt", "le")

_DATE_TIME_OFFSET = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?"
    r"(Z|[+-]\d{2}:\d{2})",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_BARE_WORD = re.compile(r"[^\s(),']+")
# An offset whose "+" was sent unencoded and so decoded as a space.
_SPACED_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}T[\d:.]+ \d{2}:\d{2}")


@dataclasses.dataclass(frozen=True)
class Literal:
    """A literal value with its OData kind: "string", "number" or "datetime"."""

    kind: str
    value: str | float | int | datetime.datetime
    text: str


@dataclasses.dataclass(frozen=True)
class Condition:
    """One ``Property op value`` or ``Property in (...)`` condition."""

    prop: str
    operator: str
    values: tuple[Literal, ...]


@dataclasses.dataclass(frozen=True)
class _Token:
    kind: str  # "ident", "string", "number", "datetime", "punct"
    text: str
    position: int
    literal: Literal | None = None


def parse_filter(text: str) -> list[Condition]:
    """Parse a $filter expression into its conditions.

    Raises:
        ODataError: 400 with code FilterSyntaxError naming the position.
    """
    tokens = _tokenize(text)
    if not tokens:
        raise _syntax_error(text, 0, "the $filter expression is empty")
    conditions: list[Condition] = []
    index = 0
    while True:
        condition, index = _parse_condition(text, tokens, index)
        conditions.append(condition)
        if index == len(tokens):
            return conditions
        token = tokens[index]
        if token.kind != "ident" or token.text != "and":
            raise _unexpected(text, token, "'and' or the end of the expression")
        index += 1
        if index == len(tokens):
            raise _syntax_error(text, len(text), "a condition must follow 'and'")


def _parse_condition(
    text: str, tokens: list[_Token], index: int
) -> tuple[Condition, int]:
    prop = tokens[index]
    if prop.kind == "punct" and prop.text == "(":
        raise _syntax_error(
            text,
            prop.position,
            "parentheses are not supported; join conditions with 'and'",
        )
    if prop.kind != "ident" or prop.text in ("and", "or", "not"):
        raise _unexpected(text, prop, "a property name")
    if index + 1 >= len(tokens):
        raise _syntax_error(text, len(text), f"an operator must follow {prop.text}")
    operator = tokens[index + 1]
    if operator.kind == "punct" and operator.text == "(":
        raise _syntax_error(
            text, prop.position, f"functions such as {prop.text}() are not supported"
        )
    if operator.kind != "ident":
        raise _unexpected(text, operator, "an operator (eq, ne, gt, ge, lt, le, in)")
    if operator.text == "in":
        values, index = _parse_list(text, tokens, index + 2)
        return Condition(prop.text, "in", values), index
    if operator.text not in COMPARISON_OPERATORS:
        raise _syntax_error(
            text,
            operator.position,
            f"unsupported operator {operator.text!r} after {prop.text}; "
            "use eq, ne, gt, ge, lt, le or in",
        )
    value, index = _parse_literal(text, tokens, index + 2, prop.text)
    return Condition(prop.text, operator.text, (value,)), index


def _parse_list(
    text: str, tokens: list[_Token], index: int
) -> tuple[tuple[Literal, ...], int]:
    if index >= len(tokens) or tokens[index].text != "(":
        position = tokens[index].position if index < len(tokens) else len(text)
        raise _syntax_error(text, position, "'in' must be followed by '(' and a list")
    values: list[Literal] = []
    index += 1
    while True:
        value, index = _parse_literal(text, tokens, index, "in")
        values.append(value)
        if index >= len(tokens):
            raise _syntax_error(text, len(text), "the 'in' list is missing ')'")
        token = tokens[index]
        index += 1
        if token.text == ")":
            return tuple(values), index
        if token.text != ",":
            raise _unexpected(text, token, "',' or ')' in the 'in' list")


def _parse_literal(
    text: str, tokens: list[_Token], index: int, after: str
) -> tuple[Literal, int]:
    if index >= len(tokens):
        raise _syntax_error(text, len(text), f"a value must follow {after}")
    token = tokens[index]
    if token.literal is None:
        if token.kind == "ident" and token.text in ("null", "true", "false"):
            raise _syntax_error(
                text, token.position, f"{token.text} values are not supported"
            )
        raise _unexpected(text, token, "a quoted string, a number or a date/time")
    return token.literal, index + 1


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif char in "(),":
            tokens.append(_Token("punct", char, position))
            position += 1
        elif char == "'":
            token, position = _read_string(text, position)
            tokens.append(token)
        elif char.isalpha() or char == "_":
            end = position
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            tokens.append(_Token("ident", text[position:end], position))
            position = end
        else:
            token, position = _read_value(text, position)
            tokens.append(token)
    return tokens


def _read_string(text: str, start: int) -> tuple[_Token, int]:
    parts: list[str] = []
    position = start + 1
    while position < len(text):
        char = text[position]
        if char == "'":
            if text.startswith("''", position):
                parts.append("'")
                position += 2
                continue
            value = "".join(parts)
            literal = Literal("string", value, text[start : position + 1])
            return _Token("string", value, start, literal), position + 1
        parts.append(char)
        position += 1
    raise _syntax_error(text, start, "the string literal is not closed with '")


def _read_value(text: str, start: int) -> tuple[_Token, int]:
    match = _BARE_WORD.match(text, start)
    if match is None:
        raise _syntax_error(text, start, f"unexpected character {text[start]!r}")
    word = match.group()
    date_match = _DATE_TIME_OFFSET.fullmatch(word)
    if date_match:
        literal = Literal("datetime", _to_datetime(text, start, date_match), word)
        return _Token("datetime", word, start, literal), match.end()
    if _NUMBER.fullmatch(word):
        number: float | int = (
            float(word) if any(c in word for c in ".eE") else int(word)
        )
        return _Token(
            "number", word, start, Literal("number", number, word)
        ), match.end()
    raise _syntax_error(text, start, _bad_value_reason(text, start, word))


def _bad_value_reason(text: str, start: int, word: str) -> str:
    if _SPACED_OFFSET.match(text, start):
        return (
            f"invalid date/time {word!r}: its '+' offset arrived as a space; "
            "percent-encode '+' as %2B in the query string"
        )
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[\d:.]+)?", word):
        return (
            f"invalid date/time {word!r}: a DateTimeOffset needs a time and "
            "'Z' or an offset, for example 2020-06-01T00:00:00Z"
        )
    return f"invalid value {word!r}; quote text values like 'Sales'"


def _to_datetime(text: str, start: int, match: re.Match[str]) -> datetime.datetime:
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micros = int((fraction or "0")[:6].ljust(6, "0"))
    if offset.upper() == "Z":
        zone = datetime.timezone.utc
    else:
        sign = -1 if offset[0] == "-" else 1
        delta = datetime.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
        zone = datetime.timezone(sign * delta)
    try:
        return datetime.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            micros,
            tzinfo=zone,
        )
    except ValueError as error:
        raise _syntax_error(
            text, start, f"invalid date/time {match.group()!r}: {error}"
        ) from None


def _unexpected(text: str, token: _Token, expected: str) -> ODataError:
    return _syntax_error(
        text, token.position, f"expected {expected} but found {token.text!r}"
    )


def _syntax_error(text: str, position: int, reason: str) -> ODataError:
    return bad_request(
        "FilterSyntaxError",
        f"Invalid $filter at position {position}: {reason}. The expression was: {text}",
    )
