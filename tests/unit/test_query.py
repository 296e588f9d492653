from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from tap_brightmetrics.odata.query import encode_query, with_query

ROUND_TRIP_VALUES = [
    "Queue_Name eq 'Customer Service'",
    "Queue_Name in ('Customer Service', 'Sales')",
    "Call_Date_Time ge 2020-06-01T00:00:00Z",
    "O''Brien",
    "R&D",
    "C++",
    "#1 Queue",
    "100% Sales",
    "%20 is not a space",
    "a=b?c",
    "semi;colon",
    "slash/back\\slash",
    "Zoë",
    "東京",
    "tab\tnew\nline\x00nul",
    "",
    " leading and trailing ",
    "csv;formatted",
    "Pacific Standard Time",
]


def test_encode_query_filter_example() -> None:
    query = encode_query([("$filter", "Queue_Name eq 'Customer Service'")])
    assert query == "$filter=Queue_Name%20eq%20'Customer%20Service'"


def test_encode_query_timezone_spaces() -> None:
    query = encode_query({"timezone": "Pacific Standard Time"})
    assert query == "timezone=Pacific%20Standard%20Time"


def test_encode_query_keeps_dollar_in_names() -> None:
    query = encode_query([("$format", "csv"), ("$filter", "x")])
    assert query == "$format=csv&$filter=x"


def test_encode_query_encodes_dollar_in_values() -> None:
    assert encode_query([("a", "$x")]) == "a=%24x"


@pytest.mark.parametrize(
    ("character", "encoded"),
    [
        (" ", "%20"),
        ("&", "%26"),
        ("#", "%23"),
        ("+", "%2B"),
        ("%", "%25"),
        ("=", "%3D"),
        ("?", "%3F"),
        ("/", "%2F"),
        (";", "%3B"),
        ('"', "%22"),
        ("\n", "%0A"),
        ("\x00", "%00"),
        ("\x7f", "%7F"),
        ("ë", "%C3%AB"),
        ("東", "%E6%9D%B1"),
    ],
)
def test_encode_query_encodes_character(character: str, encoded: str) -> None:
    assert encode_query([("v", f"a{character}b")]) == f"v=a{encoded}b"


@pytest.mark.parametrize("character", [*"'(),:-._~", "A", "z", "0", "9"])
def test_encode_query_keeps_literal_character(character: str) -> None:
    assert encode_query([("v", f"a{character}b")]) == f"v=a{character}b"


def test_encode_query_never_uses_plus_for_space() -> None:
    query = encode_query([("$filter", "a b c")])
    assert "+" not in query
    assert query == "$filter=a%20b%20c"


@pytest.mark.parametrize("value", ROUND_TRIP_VALUES)
def test_encode_query_round_trips(value: str) -> None:
    query = encode_query([("$filter", value), ("timezone", value)])
    decoded = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    assert decoded == [("$filter", value), ("timezone", value)]


def test_encode_query_mapping_and_pairs_agree() -> None:
    params = {"$filter": "Queue_Name eq 'Sales'", "$format": "csv"}
    assert encode_query(params) == encode_query(list(params.items()))


def test_encode_query_keeps_order_and_repeats() -> None:
    query = encode_query([("b", "1"), ("a", "2"), ("b", "3")])
    assert query == "b=1&a=2&b=3"


def test_encode_query_empty() -> None:
    assert encode_query([]) == ""
    assert encode_query({}) == ""


def test_encode_query_rejects_non_string_value() -> None:
    with pytest.raises(TypeError, match="string name and value"):
        encode_query([("$top", 10)])  # type: ignore[list-item]


def test_encode_query_rejects_empty_name() -> None:
    with pytest.raises(ValueError, match="empty name"):
        encode_query([("", "x")])


# ---------------------------------------------------------------- with_query

BASE = (
    "https://webapp.brightmetrics.com/OData.ashx/0c15c8a5-128b-488b-8758-ef15868c3b5b"
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (BASE, BASE + "?$format=csv"),
        (BASE + "?timezone=UTC", BASE + "?timezone=UTC&$format=csv"),
        (BASE + "?", BASE + "?$format=csv"),
        (BASE + "?a=1&", BASE + "?a=1&$format=csv"),
        (BASE + "#top", BASE + "?$format=csv#top"),
        (BASE + "?a=1#top", BASE + "?a=1&$format=csv#top"),
    ],
)
def test_with_query_appends(url: str, expected: str) -> None:
    assert with_query(url, [("$format", "csv")]) == expected


def test_with_query_without_params() -> None:
    assert with_query(BASE + "?a=1", []) == BASE + "?a=1"
    assert with_query(BASE, {}) == BASE


def test_with_query_round_trips() -> None:
    url = with_query(
        BASE + "?$format=csv",
        {"$filter": "Queue_Name in ('R&D', 'C++')", "timezone": "Tokyo Standard Time"},
    )
    parts = urlsplit(url)
    assert parts.path.endswith("0c15c8a5-128b-488b-8758-ef15868c3b5b")
    assert parse_qsl(parts.query, strict_parsing=True) == [
        ("$format", "csv"),
        ("$filter", "Queue_Name in ('R&D', 'C++')"),
        ("timezone", "Tokyo Standard Time"),
    ]
