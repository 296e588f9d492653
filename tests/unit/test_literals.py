from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from tap_brightmetrics.odata.literals import (
    INTEGER_RANGES,
    SUPPORTED_TYPES,
    LiteralError,
    format_datetime,
    format_literal,
)

UTC = timezone.utc
PLUS_TWO = timezone(timedelta(hours=2))
MINUS_FIVE = timezone(timedelta(hours=-5))

# ---------------------------------------------------------------- datetimes

DATETIME_CASES = [
    (datetime(2020, 6, 1, tzinfo=UTC), "2020-06-01T00:00:00Z"),
    (datetime(2020, 6, 1, 2, 0, tzinfo=PLUS_TWO), "2020-06-01T00:00:00Z"),
    (datetime(2020, 5, 31, 19, 0, tzinfo=MINUS_FIVE), "2020-06-01T00:00:00Z"),
    (datetime(2020, 5, 31, 23, 59, 59, tzinfo=UTC), "2020-05-31T23:59:59Z"),
    (datetime(2020, 6, 1, 0, 0, 0, 500000, tzinfo=UTC), "2020-06-01T00:00:00.5Z"),
    (datetime(2020, 6, 1, 0, 0, 0, 123456, tzinfo=UTC), "2020-06-01T00:00:00.123456Z"),
    (datetime(2020, 6, 1, 0, 0, 0, 1, tzinfo=UTC), "2020-06-01T00:00:00.000001Z"),
    (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00Z"),
]


@pytest.mark.parametrize(("value", "expected"), DATETIME_CASES)
def test_format_datetime_writes_utc(value: datetime, expected: str) -> None:
    assert format_datetime(value) == expected


def test_format_datetime_rejects_naive() -> None:
    with pytest.raises(LiteralError, match="no UTC offset") as caught:
        format_datetime(datetime(2020, 6, 1))
    assert "2020-06-01T00:00:00" in str(caught.value)
    assert "Edm.DateTimeOffset" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_format_datetime_rejects_overflow() -> None:
    early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
    with pytest.raises(LiteralError, match="years 1 to 9999"):
        format_datetime(early)


# ------------------------------------------------------------------ strings

STRING_CASES = [
    ("Sales", "'Sales'"),
    ("Customer Service", "'Customer Service'"),
    ("O'Brien", "'O''Brien'"),
    ("''", "''''''"),
    ("", "''"),
    ("R&D #1 + 100%", "'R&D #1 + 100%'"),
    ("Zoë", "'Zoë'"),
    ("東京", "'東京'"),
    (5, "'5'"),
    (-12, "'-12'"),
]


@pytest.mark.parametrize(("value", "expected"), STRING_CASES)
def test_format_literal_string(value: object, expected: str) -> None:
    assert format_literal(value, "Edm.String") == expected


@pytest.mark.parametrize("value", [True, False, 1.5, None, [1], date(2020, 6, 1)])
def test_format_literal_string_rejects(value: object) -> None:
    with pytest.raises(LiteralError, match=r"Edm\.String") as caught:
        format_literal(value, "Edm.String")
    assert "quotes" in str(caught.value)


# ----------------------------------------------------------------- integers

INTEGER_CASES = [
    (0, "Edm.Byte", "0"),
    (255, "Edm.Byte", "255"),
    (-128, "Edm.SByte", "-128"),
    (127, "Edm.SByte", "127"),
    (-32768, "Edm.Int16", "-32768"),
    (32767, "Edm.Int16", "32767"),
    (-(2**31), "Edm.Int32", "-2147483648"),
    (2**31 - 1, "Edm.Int32", "2147483647"),
    (-(2**63), "Edm.Int64", "-9223372036854775808"),
    (2**63 - 1, "Edm.Int64", "9223372036854775807"),
    (10.0, "Edm.Int32", "10"),
    (-0.0, "Edm.Int32", "0"),
    (Decimal("1E+3"), "Edm.Int32", "1000"),
    (Decimal("7.000"), "Edm.Int32", "7"),
    ("42", "Edm.Int32", "42"),
    (" -7 ", "Edm.Int32", "-7"),
    ("+8", "Edm.Int32", "8"),
    ("1e3", "Edm.Int64", "1000"),
]


@pytest.mark.parametrize(("value", "edm_type", "expected"), INTEGER_CASES)
def test_format_literal_integer(value: object, edm_type: str, expected: str) -> None:
    assert format_literal(value, edm_type) == expected


INTEGER_REJECTIONS = [
    (256, "Edm.Byte", "outside the range 0 to 255"),
    (-1, "Edm.Byte", "outside the range 0 to 255"),
    (128, "Edm.SByte", "outside the range -128 to 127"),
    (-129, "Edm.SByte", "outside the range -128 to 127"),
    (32768, "Edm.Int16", "outside the range"),
    (2**31, "Edm.Int32", "outside the range"),
    (2**63, "Edm.Int64", "outside the range"),
    (1e20, "Edm.Int64", "outside the range"),
    (Decimal("1E+999999999"), "Edm.Int64", "outside the range"),
    ("-1e999999999", "Edm.Int32", "outside the range"),
    (1.5, "Edm.Int32", "fractional part"),
    (Decimal("0.1"), "Edm.Int32", "fractional part"),
    ("1.5", "Edm.Int32", "fractional part"),
    (True, "Edm.Int32", "boolean"),
    (False, "Edm.Byte", "boolean"),
    ("abc", "Edm.Int32", "not a number"),
    ("1_000", "Edm.Int32", "not a number"),
    ("1,000", "Edm.Int32", "not a number"),
    ("", "Edm.Int32", "not a number"),
    (None, "Edm.Int32", "not a number"),
    (float("nan"), "Edm.Int32", "not a finite number"),
    (float("inf"), "Edm.Int64", "not a finite number"),
]


@pytest.mark.parametrize(("value", "edm_type", "problem"), INTEGER_REJECTIONS)
def test_format_literal_integer_rejects(
    value: object, edm_type: str, problem: str
) -> None:
    with pytest.raises(LiteralError) as caught:
        format_literal(value, edm_type)
    assert problem in str(caught.value)
    assert edm_type in str(caught.value)


def test_integer_ranges_cover_all_integer_types() -> None:
    assert set(INTEGER_RANGES) == {
        "Edm.Byte",
        "Edm.SByte",
        "Edm.Int16",
        "Edm.Int32",
        "Edm.Int64",
    }


# ----------------------------------------------------------- floating point

FLOATING_CASES = [
    (Decimal("1E+3"), "Edm.Double", "1000"),
    (1e-7, "Edm.Double", "0.0000001"),
    (1e22, "Edm.Double", "10000000000000000000000"),
    (0.1, "Edm.Double", "0.1"),
    (2.5, "Edm.Single", "2.5"),
    (-3, "Edm.Double", "-3"),
    (10, "Edm.Decimal", "10"),
    (Decimal("0.00"), "Edm.Decimal", "0.00"),
    (Decimal("-1.25E-2"), "Edm.Decimal", "-0.0125"),
    (Decimal("12345678901234567890.123"), "Edm.Decimal", "12345678901234567890.123"),
    ("1e3", "Edm.Double", "1000"),
    ("2.50", "Edm.Double", "2.50"),
    (" .5 ", "Edm.Double", "0.5"),
    (1.7976931348623157e308, "Edm.Double", "17976931348623157" + "0" * 292),
    (5e-324, "Edm.Double", "0." + "0" * 323 + "5"),
]


@pytest.mark.parametrize(("value", "edm_type", "expected"), FLOATING_CASES)
def test_format_literal_floating(value: object, edm_type: str, expected: str) -> None:
    assert format_literal(value, edm_type) == expected


@pytest.mark.parametrize(("value", "edm_type", "_expected"), FLOATING_CASES)
def test_format_literal_floating_is_plain(
    value: object, edm_type: str, _expected: str
) -> None:
    text = format_literal(value, edm_type)
    assert "e" not in text.lower()
    assert "," not in text
    assert " " not in text
    assert Decimal(text) == Decimal(str(value).strip())


FLOATING_REJECTIONS = [
    (float("nan"), "Edm.Double", "not a finite number"),
    (float("inf"), "Edm.Double", "not a finite number"),
    (float("-inf"), "Edm.Single", "not a finite number"),
    (Decimal("NaN"), "Edm.Decimal", "not a finite number"),
    (Decimal("-Infinity"), "Edm.Decimal", "not a finite number"),
    ("NaN", "Edm.Double", "not a finite number"),
    ("INF", "Edm.Double", "not a finite number"),
    ("-Infinity", "Edm.Double", "not a finite number"),
    (True, "Edm.Double", "boolean"),
    ("abc", "Edm.Double", "not a number"),
    ("1,5", "Edm.Double", "not a number"),
    (None, "Edm.Double", "not a number"),
    (1e39, "Edm.Single", "exceeds the largest Edm.Single"),
    (Decimal("1E+309"), "Edm.Double", "exceeds the largest Edm.Double"),
    (Decimal("1E+400"), "Edm.Decimal", "integer digits"),
    (Decimal("1E-400"), "Edm.Double", "decimal places"),
]


@pytest.mark.parametrize(("value", "edm_type", "problem"), FLOATING_REJECTIONS)
def test_format_literal_floating_rejects(
    value: object, edm_type: str, problem: str
) -> None:
    with pytest.raises(LiteralError) as caught:
        format_literal(value, edm_type)
    assert problem in str(caught.value)
    assert edm_type in str(caught.value)


def test_format_literal_nan_message() -> None:
    with pytest.raises(LiteralError) as caught:
        format_literal(float("nan"), "Edm.Double")
    message = str(caught.value)
    assert message.startswith("NaN is not a valid Edm.Double value")
    assert "Write a finite number." in message


# ---------------------------------------------------------- DateTimeOffset

DATETIMEOFFSET_CASES = [
    (datetime(2020, 6, 1, tzinfo=UTC), "2020-06-01T00:00:00Z"),
    (datetime(2020, 6, 1, 2, tzinfo=PLUS_TWO), "2020-06-01T00:00:00Z"),
    ("2020-06-01T00:00:00Z", "2020-06-01T00:00:00Z"),
    ("2020-06-01T00:00:00z", "2020-06-01T00:00:00Z"),
    (" 2020-06-01T00:00:00Z ", "2020-06-01T00:00:00Z"),
    ("2020-06-01T02:00:00+02:00", "2020-06-01T00:00:00Z"),
    ("2020-05-31T19:00:00-05:00", "2020-06-01T00:00:00Z"),
    ("2020-06-01T00:00:00.250000Z", "2020-06-01T00:00:00.25Z"),
    ("2020-06-01T00:00:00+00:00", "2020-06-01T00:00:00Z"),
]


@pytest.mark.parametrize(("value", "expected"), DATETIMEOFFSET_CASES)
def test_format_literal_datetimeoffset(value: object, expected: str) -> None:
    assert format_literal(value, "Edm.DateTimeOffset") == expected


DATETIMEOFFSET_REJECTIONS = [
    ("2020-06-01T00:00:00", "Add Z for UTC or an offset"),
    ("2020-06-01", "Add Z for UTC or an offset"),
    (datetime(2020, 6, 1), "no UTC offset"),
    (date(2020, 6, 1), "2020-06-01T00:00:00Z"),
    ("1 June 2020", "not an ISO 8601 date-time"),
    ("", "not an ISO 8601 date-time"),
    (1590969600, "int"),
    (None, "NoneType"),
]


@pytest.mark.parametrize(("value", "fix"), DATETIMEOFFSET_REJECTIONS)
def test_format_literal_datetimeoffset_rejects(value: object, fix: str) -> None:
    with pytest.raises(LiteralError) as caught:
        format_literal(value, "Edm.DateTimeOffset")
    assert fix in str(caught.value)
    assert "Edm.DateTimeOffset" in str(caught.value)


def test_format_literal_datetimeoffset_message_names_value() -> None:
    with pytest.raises(LiteralError) as caught:
        format_literal("2020-06-01T00:00:00", "Edm.DateTimeOffset")
    assert '"2020-06-01T00:00:00"' in str(caught.value)


# ----------------------------------------------- Date, Boolean and Guid


def test_format_literal_date() -> None:
    assert format_literal(date(2020, 6, 1), "Edm.Date") == "2020-06-01"
    assert format_literal("2020-06-01", "Edm.Date") == "2020-06-01"
    assert format_literal(" 2020-06-01 ", "Edm.Date") == "2020-06-01"


@pytest.mark.parametrize(
    ("value", "fix"),
    [
        (datetime(2020, 6, 1, 12, tzinfo=UTC), "Write the date alone"),
        ("2020-13-01", "YYYY-MM-DD"),
        ("June 1", "YYYY-MM-DD"),
        (20200601, "YYYY-MM-DD"),
    ],
)
def test_format_literal_date_rejects(value: object, fix: str) -> None:
    with pytest.raises(LiteralError, match=r"Edm\.Date") as caught:
        format_literal(value, "Edm.Date")
    assert fix in str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, "true"), (False, "false"), ("TRUE", "true"), (" false ", "false")],
)
def test_format_literal_boolean(value: object, expected: str) -> None:
    assert format_literal(value, "Edm.Boolean") == expected


@pytest.mark.parametrize("value", [1, 0, "yes", None])
def test_format_literal_boolean_rejects(value: object) -> None:
    with pytest.raises(LiteralError, match="Write true or false"):
        format_literal(value, "Edm.Boolean")


GUID = "03bd1235-eb2c-410f-a415-fefacd98df41"


@pytest.mark.parametrize(
    "value",
    [
        uuid.UUID(GUID),
        GUID,
        GUID.upper(),
        GUID.replace("-", ""),
        "{" + GUID + "}",
    ],
)
def test_format_literal_guid(value: object) -> None:
    assert format_literal(value, "Edm.Guid") == GUID


@pytest.mark.parametrize("value", ["abc", "03bd1235-eb2c", 5, None])
def test_format_literal_guid_rejects(value: object) -> None:
    with pytest.raises(LiteralError, match="8-4-4-4-12"):
        format_literal(value, "Edm.Guid")


# -------------------------------------------------------- unsupported types


@pytest.mark.parametrize(
    "edm_type", ["Edm.Duration", "Edm.TimeOfDay", "Edm.Binary", "String", ""]
)
def test_format_literal_rejects_unsupported_type(edm_type: str) -> None:
    with pytest.raises(LiteralError, match="is not supported") as caught:
        format_literal("x", edm_type)
    assert repr(edm_type) in str(caught.value)
    assert "Edm.String" in str(caught.value)


def test_supported_types() -> None:
    assert "Edm.String" in SUPPORTED_TYPES
    assert "Edm.DateTimeOffset" in SUPPORTED_TYPES
    assert "Edm.Guid" in SUPPORTED_TYPES
    assert len(SUPPORTED_TYPES) == 13


def test_literal_error_is_value_error() -> None:
    assert issubclass(LiteralError, ValueError)
