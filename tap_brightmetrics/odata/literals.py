"""OData v4 URL literals for filter values of a given Edm type.

Strings are quoted with each `'` doubled inside. Numbers, dates, date-times,
booleans and GUIDs are written without quotes.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Callable
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from functools import partial

INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "Edm.Byte": (0, 2**8 - 1),
    "Edm.SByte": (-(2**7), 2**7 - 1),
    "Edm.Int16": (-(2**15), 2**15 - 1),
    "Edm.Int32": (-(2**31), 2**31 - 1),
    "Edm.Int64": (-(2**63), 2**63 - 1),
}
"""Inclusive value range of each OData integer type."""

# Largest finite magnitudes of IEEE 754 binary32 and binary64.
_FLOAT_MAXIMUMS: dict[str, Decimal] = {
    "Edm.Single": Decimal("3.4028234663852886e38"),
    "Edm.Double": Decimal("1.7976931348623157e308"),
}
FLOATING_TYPES = frozenset({"Edm.Double", "Edm.Single", "Edm.Decimal"})
"""Edm types whose literals are decimals with an optional fraction."""


# Decimal places allowed in a number literal. It bounds the text that a value
# such as Decimal("1E-999999") would expand to, and exceeds the 324 places of
# the smallest binary64 subnormal.
_MAX_DECIMAL_PLACES = 350
# A number written as text: optional sign, digits with an optional fraction,
# optional exponent. It excludes "NaN", "Infinity" and the "_" separators that
# Decimal() would also accept.
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Texts, without sign and in lower case, that name a value that is not finite.
_NOT_FINITE = frozenset({"nan", "inf", "infinity"})


class LiteralError(ValueError):
    """A value that cannot be written as a literal of the requested Edm type."""


def _show(value: object) -> str:
    """Return the value as the JSON configuration would show it, if it can."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _literal_error(
    value: object, edm_type: str, problem: str, fix: str
) -> LiteralError:
    return LiteralError(
        f"{_show(value)} is not a valid {edm_type} value because {problem}. {fix}"
    )


def format_datetime(value: datetime) -> str:
    """Format an aware datetime as an OData DateTimeOffset literal in UTC.

    The result has whole seconds and a "Z" suffix, for example
    "2020-06-01T00:00:00Z". Microseconds are kept only when they are not zero,
    with trailing zeros removed ("2020-06-01T00:00:00.5Z").

    Raises:
        LiteralError: the datetime is naive, because its UTC offset would be a
            guess, or it cannot be converted to UTC.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise _literal_error(
            value.isoformat(),
            "Edm.DateTimeOffset",
            "it has no UTC offset",
            "Give an aware datetime, for example with tzinfo=timezone.utc.",
        )
    try:
        utc = value.astimezone(timezone.utc)
    except OverflowError as exc:
        raise _literal_error(
            value.isoformat(),
            "Edm.DateTimeOffset",
            "it is outside the years 1 to 9999 once converted to UTC",
            "Give a date-time within that range.",
        ) from exc
    text = utc.replace(tzinfo=None, microsecond=0).isoformat()
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


def _parse_datetime_text(text: str) -> datetime:
    # datetime.fromisoformat accepts "Z" only from Python 3.11.
    source = text.strip()
    if source[-1:] in ("Z", "z"):
        source = source[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(source)
    except ValueError as exc:
        raise _literal_error(
            text,
            "Edm.DateTimeOffset",
            "it is not an ISO 8601 date-time",
            "Write it as YYYY-MM-DDTHH:MM:SSZ, for example 2020-06-01T00:00:00Z.",
        ) from exc
    if parsed.tzinfo is None:
        raise _literal_error(
            text,
            "Edm.DateTimeOffset",
            "it has no UTC offset",
            "Add Z for UTC or an offset such as +02:00, for example "
            "2020-06-01T00:00:00Z.",
        )
    return parsed


def _format_datetimeoffset(value: object) -> str:
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, str):
        return format_datetime(_parse_datetime_text(value))
    if isinstance(value, date):
        raise _literal_error(
            value.isoformat(),
            "Edm.DateTimeOffset",
            "it is a date without a time",
            f"Write a date-time with Z, for example {value.isoformat()}T00:00:00Z.",
        )
    raise _literal_error(
        value,
        "Edm.DateTimeOffset",
        f"it is a {type(value).__name__}",
        "Write an ISO 8601 date-time with Z or an offset, for example "
        "2020-06-01T00:00:00Z.",
    )


def _format_date(value: object) -> str:
    if isinstance(value, datetime):
        raise _literal_error(
            value.isoformat(),
            "Edm.Date",
            "it has a time of day",
            f"Write the date alone, for example {value.date().isoformat()}.",
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise _literal_error(
        value,
        "Edm.Date",
        "it is not a date in the form YYYY-MM-DD",
        "Write it as YYYY-MM-DD, for example 2020-06-01.",
    )


def _format_string(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _literal_error(
            value,
            "Edm.String",
            f"it is a {type(value).__name__}, not text",
            "Write the value in quotes.",
        )
    return "'" + str(value).replace("'", "''") + "'"


def _format_boolean(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower()
    raise _literal_error(
        value, "Edm.Boolean", "it is not true or false", "Write true or false."
    )


def _format_guid(value: object) -> str:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value.strip()))
        except ValueError:
            pass
    raise _literal_error(
        value,
        "Edm.Guid",
        "it is not a GUID",
        "Write it as 8-4-4-4-12 hexadecimal digits, for example "
        "03bd1235-eb2c-410f-a415-fefacd98df41.",
    )


def _not_finite(value: object, edm_type: str) -> LiteralError:
    return _literal_error(
        value,
        edm_type,
        "it is not a finite number, and filters take finite numbers only",
        "Write a finite number.",
    )


def _to_decimal(value: object, edm_type: str) -> Decimal:
    """Convert a number or numeric text to a finite Decimal."""
    if isinstance(value, bool):
        raise _literal_error(value, edm_type, "it is a boolean", "Write a number.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _not_finite(value, edm_type)
        # repr gives the shortest text that round-trips, so 0.1 stays 0.1.
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _not_finite(value, edm_type)
        return value
    if isinstance(value, str) and value.strip().lower().lstrip("+-") in _NOT_FINITE:
        raise _not_finite(value, edm_type)
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            pass
    raise _literal_error(
        value, edm_type, "it is not a number", "Write a number such as 10 or 2.5."
    )


def _format_integer(value: object, edm_type: str) -> str:
    number = _to_decimal(value, edm_type)
    if number != number.to_integral_value():
        raise _literal_error(
            value, edm_type, "it has a fractional part", "Write a whole number."
        )
    minimum, maximum = INTEGER_RANGES[edm_type]
    # Compare as Decimal first, because int() of a value such as
    # Decimal("1E+999999999") would build a billion-digit integer.
    if not minimum <= number <= maximum:
        raise _literal_error(
            value,
            edm_type,
            f"it is outside the range {minimum} to {maximum}",
            "Write a number within that range.",
        )
    return str(int(number))


def _format_floating(value: object, edm_type: str) -> str:
    number = _to_decimal(value, edm_type)
    maximum = _FLOAT_MAXIMUMS.get(edm_type)
    if maximum is not None and abs(number) > maximum:
        raise _literal_error(
            value,
            edm_type,
            f"its magnitude exceeds the largest {edm_type} ({maximum:E})",
            "Write a smaller number.",
        )
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > _MAX_DECIMAL_PLACES:
        raise _literal_error(
            value,
            edm_type,
            f"it has more than {_MAX_DECIMAL_PLACES} decimal places",
            "Round it to fewer decimal places.",
        )
    if number.adjusted() > 308:
        raise _literal_error(
            value,
            edm_type,
            "it has more than 309 integer digits",
            "Write a smaller number.",
        )
    # Format "f" writes plain notation without exponent or grouping separators,
    # so Decimal("1E+3") becomes "1000" and Decimal("1E-7") "0.0000001".
    return format(number, "f")


_FORMATTERS: dict[str, Callable[[object], str]] = {
    "Edm.String": _format_string,
    "Edm.Boolean": _format_boolean,
    "Edm.Guid": _format_guid,
    "Edm.Date": _format_date,
    "Edm.DateTimeOffset": _format_datetimeoffset,
    **{name: partial(_format_integer, edm_type=name) for name in INTEGER_RANGES},
    **{name: partial(_format_floating, edm_type=name) for name in FLOATING_TYPES},
}

SUPPORTED_TYPES = frozenset(_FORMATTERS)
"""Edm types that `format_literal` accepts."""


def format_literal(value: object, edm_type: str) -> str:
    """Format a value as an OData URL literal of the given Edm type.

    Accepted values per type:

    - Edm.String: text or an integer, quoted with each `'` doubled.
    - Edm.Byte, SByte, Int16, Int32, Int64: an integer, a float or Decimal
      without fraction, or numeric text, within the type's range.
    - Edm.Double, Single, Decimal: a finite number or numeric text, written in
      plain decimal notation (no exponent, no grouping separators).
    - Edm.DateTimeOffset: an aware datetime, or ISO 8601 text with "Z" or an
      offset, written in UTC by `format_datetime`.
    - Edm.Date: a date (not a datetime) or "YYYY-MM-DD" text.
    - Edm.Boolean: a bool, or the text "true" or "false" in any case.
    - Edm.Guid: a UUID or GUID text, written in lower case with hyphens.

    Booleans are rejected for every type except Edm.Boolean. Before Python
    3.11, date-time text must be in the forms that `datetime.isoformat` writes.

    Raises:
        LiteralError: the value does not fit the type, or the type is not one
            of `SUPPORTED_TYPES`. The message names the value, the type and
            the fix.
    """
    formatter = _FORMATTERS.get(edm_type)
    if formatter is not None:
        return formatter(value)
    supported = ", ".join(sorted(SUPPORTED_TYPES))
    raise LiteralError(
        f"Cannot write {_show(value)} as a filter value because the Edm type "
        f"{edm_type!r} is not supported. Supported types are {supported}."
    )
