from __future__ import annotations

import dataclasses
import itertools
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from urllib.parse import parse_qsl

import pytest

from tap_brightmetrics.odata.filters import (
    LIST_FILTERS_HINT,
    Condition,
    FilterError,
    build_filter,
    date_range_conditions,
    parse_conditions,
    proxy_group,
    resolve_conditions,
    select_filter_spec,
    unmatched_filter_keys,
    validate_conditions,
)
from tap_brightmetrics.odata.query import encode_query

UTC = timezone.utc
REPORT = "Agent Detail"
REPORT_ID = "6f40b845-fb28-4547-b73b-e11ce29f481b"
STREAM = "Agent_Detail_6f40b845fb284547b73be11ce29f481b"
DATE = "Call_Date_Time"

# The filter entity type of the vendor's $metadata example, plus a few more
# types so that every rule has a property to apply to.
PROPERTIES = {
    "Call_Date_Time": "Edm.DateTimeOffset",
    "Media_Type": "Edm.String",
    "Agent_Name": "Edm.String",
    "Agent_Name_by_Queue_Membership": "Edm.String",
    "Agent_Name_by_Skill": "Edm.String",
    "Agent_Name_by_Group_Membership": "Edm.String",
    "Time_Talk_Total": "Edm.Double",
    "Queue_Name": "Edm.String",
    "Call_Count": "Edm.Int32",
    "Shift_Date": "Edm.Date",
    "Handled_Time": "Edm.DateTimeOffset",
    "Is_Internal": "Edm.Boolean",
    "Campaign_Id": "Edm.Guid",
}


def validate(conditions: list[Condition], date_property: str | None = DATE) -> None:
    validate_conditions(REPORT, conditions, PROPERTIES, date_property=date_property)


def problems_of(conditions: list[Condition]) -> tuple[str, ...]:
    with pytest.raises(FilterError) as caught:
        validate(conditions)
    return caught.value.problems


def only_problem(conditions: list[Condition]) -> str:
    problems = problems_of(conditions)
    assert len(problems) == 1, problems
    return problems[0]


# ---------------------------------------------------------------- Condition


def test_condition_equality_ignores_label() -> None:
    assert Condition("Queue_Name", "eq", "x", "Queue Name") == Condition(
        "Queue_Name", "eq", "x"
    )


def test_condition_is_frozen() -> None:
    condition = Condition("Queue_Name", "eq", "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        condition.value = "y"  # type: ignore[misc]


def test_filter_error_problems() -> None:
    error = FilterError(["first.", "second."])
    assert error.problems == ("first.", "second.")
    assert str(error) == "first.\nsecond."
    assert FilterError("one.").problems == ("one.",)
    assert isinstance(error, ValueError)


# ------------------------------------------------------- select_filter_spec


def select(setting: dict) -> tuple[dict, dict]:
    explicit, wildcard = select_filter_spec(
        setting, report_id=REPORT_ID, stream_name=STREAM, title=REPORT
    )
    return dict(explicit), dict(wildcard)


@pytest.mark.parametrize(
    "key",
    [
        REPORT_ID,
        REPORT_ID.upper(),
        REPORT_ID.replace("-", ""),
        "{" + REPORT_ID + "}",
        STREAM,
        REPORT,
        f"  {REPORT} ",
    ],
)
def test_select_matches_report_key(key: str) -> None:
    explicit, wildcard = select({key: {"Queue Name": "Sales"}})
    assert explicit == {"Queue Name": "Sales"}
    assert wildcard == {}


@pytest.mark.parametrize(
    "key",
    ["Other Report", "agent detail", "6f40b845-fb28-4547-b73b-000000000000", "Agent"],
)
def test_select_ignores_other_key(key: str) -> None:
    explicit, wildcard = select({key: {"Queue Name": "Sales"}})
    assert explicit == {}
    assert wildcard == {}


def test_select_returns_wildcard_apart() -> None:
    explicit, wildcard = select(
        {"*": {"Media Type": "Voice"}, REPORT: {"Queue Name": "Sales"}}
    )
    assert explicit == {"Queue Name": "Sales"}
    assert wildcard == {"Media Type": "Voice"}


def test_select_precedence_id_over_name_over_title() -> None:
    setting = {
        REPORT_ID: {"Queue_Name": "from id"},
        STREAM: {"Queue_Name": "from name", "Media_Type": "from name"},
        REPORT: {
            "Queue_Name": "from title",
            "Media_Type": "from title",
            "Agent_Name": "from title",
        },
    }
    explicit, _ = select(setting)
    assert explicit["Queue_Name"] == "from id"
    assert explicit["Media_Type"] == "from name"
    assert explicit["Agent_Name"] == "from title"


def test_select_precedence_ignores_key_order() -> None:
    setting = {REPORT: {"Queue_Name": "title"}, REPORT_ID: {"Queue_Name": "id"}}
    reversed_setting = dict(reversed(list(setting.items())))
    assert select(setting)[0] == {"Queue_Name": "id"}
    assert select(reversed_setting)[0] == {"Queue_Name": "id"}


def test_select_merges_spellings_of_one_property() -> None:
    explicit, _ = select(
        {REPORT: {"Queue Name": "title"}, REPORT_ID: {"Queue_Name": "id"}}
    )
    assert explicit == {"Queue_Name": "id"}


def test_select_keeps_spellings_within_entry() -> None:
    explicit, _ = select({REPORT: {"Queue Name": "a", "Queue_Name": "b"}})
    assert explicit == {"Queue Name": "a", "Queue_Name": "b"}
    with pytest.raises(FilterError, match="both the property Queue_Name"):
        parse_conditions(REPORT, explicit)


def test_select_rejects_non_object_entry() -> None:
    with pytest.raises(FilterError, match="must be an object") as caught:
        select({REPORT: ["Sales"]})
    assert repr(REPORT) in str(caught.value)


def test_select_rejects_non_object_wildcard() -> None:
    with pytest.raises(FilterError, match="'\\*'"):
        select({"*": "Sales"})


def test_select_ignores_shape_of_other_reports() -> None:
    assert select({"Other": "not an object"}) == ({}, {})


def test_select_rejects_property_without_letters() -> None:
    with pytest.raises(FilterError, match="no letter or digit"):
        select({REPORT: {"--": "x"}})


def test_unmatched_filter_keys() -> None:
    reports = [
        (REPORT_ID, STREAM, REPORT),
        (
            "03bd1235-eb2c-410f-a415-fefacd98df41",
            "Service_Summary_x",
            "Service Summary",
        ),
    ]
    setting: dict[str, dict] = {
        "*": {},
        REPORT_ID.upper(): {},
        "Service_Summary_x": {},
        "Service Summary": {},
        "Servce Summary": {},
        "00000000-0000-0000-0000-000000000000": {},
    }
    assert unmatched_filter_keys(setting, reports) == [
        "Servce Summary",
        "00000000-0000-0000-0000-000000000000",
    ]


# --------------------------------------------------------- parse_conditions

PARSE_CASES = [
    ({"Queue Name": "Sales"}, [Condition("Queue_Name", "eq", "Sales")]),
    ({"Call_Count": 5}, [Condition("Call_Count", "eq", 5)]),
    ({"Time_Talk_Total": 2.5}, [Condition("Time_Talk_Total", "eq", 2.5)]),
    (
        {"Time_Talk_Total": Decimal("2.5")},
        [Condition("Time_Talk_Total", "eq", Decimal("2.5"))],
    ),
    (
        {"Queue Name": ["Sales", "Support"]},
        [Condition("Queue_Name", "in", ("Sales", "Support"))],
    ),
    ({"Queue Name": {"ne": "Sales"}}, [Condition("Queue_Name", "ne", "Sales")]),
    (
        {"Queue Name": {"in": ["Sales"]}},
        [Condition("Queue_Name", "in", ("Sales",))],
    ),
    (
        {"Time - Talk - Total": {"ge": 10, "le": 20}},
        [
            Condition("Time_Talk_Total", "ge", 10),
            Condition("Time_Talk_Total", "le", 20),
        ],
    ),
    (
        {"A": {"eq": 1, "ne": 2, "gt": 3, "ge": 4, "lt": 5, "le": 6}},
        [
            Condition("A", "eq", 1),
            Condition("A", "ne", 2),
            Condition("A", "gt", 3),
            Condition("A", "ge", 4),
            Condition("A", "lt", 5),
            Condition("A", "le", 6),
        ],
    ),
    (
        {"Queue Name": "Sales", "Media Type": "Voice"},
        [
            Condition("Queue_Name", "eq", "Sales"),
            Condition("Media_Type", "eq", "Voice"),
        ],
    ),
    ({}, []),
]


@pytest.mark.parametrize(("spec", "expected"), PARSE_CASES)
def test_parse_conditions_shapes(spec: dict, expected: list[Condition]) -> None:
    assert parse_conditions(REPORT, spec) == expected


def test_parse_conditions_keeps_label() -> None:
    conditions = parse_conditions(REPORT, {"Queue Name": {"ge": "a", "le": "b"}})
    assert [condition.label for condition in conditions] == ["Queue Name"] * 2


PARSE_ERRORS = [
    ({"Queue Name": None}, "has null"),
    ({"Queue Name": True}, 'write "true" or "false" in quotes'),
    ({"Queue Name": []}, "empty list"),
    ({"Queue Name": {}}, "empty object"),
    ({"Queue Name": {"eq": {"x": 1}}}, "nested object for eq"),
    ({"Queue Name": {"in": [{"x": 1}]}}, "nested object in its list"),
    ({"Queue Name": [["Sales"]]}, "in its list"),
    ({"Queue Name": ["Sales", None]}, "has null in its list"),
    ({"Queue Name": ["Sales", False]}, "in its list"),
    ({"Queue Name": {"like": "Sales"}}, 'unknown operator "like"'),
    ({"Queue Name": {"EQ": "Sales"}}, 'unknown operator "EQ"'),
    ({"Queue Name": {"in": "Sales"}}, 'takes a list, not "Sales"'),
    ({"Queue Name": {"in": []}}, "empty list"),
    ({"Queue Name": {"eq": ["Sales"]}}, "takes one value, not a list"),
    ({"Queue Name": {"ge": None}}, "has null for ge"),
    ({"Queue Name": {"ne": True}}, "true for ne"),
    ({"Queue Name": {"Sales"}}, "which is a set"),
    ({"---": "Sales"}, "no letter or digit"),
    ({"Queue Name": "a", "Queue_Name": "b"}, "are both the property Queue_Name"),
]


@pytest.mark.parametrize(("spec", "expected"), PARSE_ERRORS)
def test_parse_conditions_rejects(spec: dict, expected: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse_conditions(REPORT, spec)
    message = str(caught.value)
    assert expected in message
    assert f"'{REPORT}'" in message


@pytest.mark.parametrize(("spec", "_expected"), PARSE_ERRORS[:-2])
def test_parse_conditions_error_names_property(spec: dict, _expected: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse_conditions(REPORT, spec)
    assert "Queue Name" in str(caught.value)


def test_parse_conditions_collects_problems() -> None:
    with pytest.raises(FilterError) as caught:
        parse_conditions(REPORT, {"A": None, "B": "ok", "C": [], "D": {"x": 1}})
    assert len(caught.value.problems) == 3
    assert "Filter A " in caught.value.problems[0]
    assert "Filter C " in caught.value.problems[1]
    assert "Filter D " in caught.value.problems[2]


# ------------------------------------------------------ validate_conditions

VALID_CONDITIONS = [
    [Condition("Queue_Name", "eq", "Sales")],
    [Condition("Queue_Name", "in", ("Sales", "Support"))],
    [Condition("Queue_Name", "ne", "Sales")],
    [Condition("Time_Talk_Total", "gt", 10)],
    [Condition("Time_Talk_Total", "ge", 10), Condition("Time_Talk_Total", "le", 20)],
    [Condition("Time_Talk_Total", "ne", 0)],
    [Condition("Call_Count", "lt", "5")],
    [Condition("Shift_Date", "ge", "2020-06-01")],
    [Condition("Handled_Time", "le", "2020-06-01T00:00:00Z")],
    [Condition("Handled_Time", "ne", datetime(2020, 6, 1, tzinfo=UTC))],
    [Condition("Is_Internal", "eq", "true")],
    [Condition("Is_Internal", "ne", "false")],
    [Condition("Campaign_Id", "eq", "03bd1235-eb2c-410f-a415-fefacd98df41")],
    [Condition("Agent_Name_by_Skill", "in", ("Spanish",))],
    [
        Condition("Agent_Name", "ne", "Agent Spare 1"),
        Condition("Media_Type", "eq", "x"),
    ],
    [],
]


@pytest.mark.parametrize("conditions", VALID_CONDITIONS)
def test_validate_accepts(conditions: list[Condition]) -> None:
    validate(conditions)


def test_validate_unknown_property_message() -> None:
    message = only_problem([Condition("Queue_Nmae", "eq", "x", "Queue Nmae")])
    assert message.startswith(
        f"Queue Nmae is not a filter of report '{REPORT}'. Did you mean Queue_Name?"
    )
    assert LIST_FILTERS_HINT in message


def test_validate_unknown_property_lists_few() -> None:
    properties = {"Queue_Name": "Edm.String", "Media_Type": "Edm.String"}
    with pytest.raises(FilterError) as caught:
        validate_conditions(
            "Service Summary",
            [Condition("Agent", "eq", "x")],
            properties,
            date_property=None,
        )
    message = str(caught.value)
    assert message.startswith("Agent is not a filter of report 'Service Summary'.")
    assert "Did you mean" not in message
    assert "Its filters are Media_Type, Queue_Name." in message
    assert LIST_FILTERS_HINT not in message


def test_validate_unknown_property_ignores_case() -> None:
    message = only_problem([Condition("queue_name", "eq", "x")])
    assert "Did you mean Queue_Name?" in message


def test_validate_report_without_filters() -> None:
    with pytest.raises(FilterError, match="has no filters"):
        validate_conditions(
            REPORT, [Condition("Queue_Name", "eq", "x")], {}, date_property=None
        )


def test_validate_unknown_property_reported_once() -> None:
    problems = problems_of([Condition("Nope", "ge", 1), Condition("Nope", "le", 2)])
    assert len(problems) == 1


@pytest.mark.parametrize("operator", ["eq", "ge", "le", "ne", "in"])
def test_validate_rejects_date_property(operator: str) -> None:
    value = ("2020-06-01T00:00:00Z",) if operator == "in" else "2020-06-01T00:00:00Z"
    message = only_problem([Condition(DATE, operator, value, "Call Date Time")])
    assert message.startswith(f"Call Date Time on report '{REPORT}' is the date filter")
    assert "start_date and end_date settings" in message


def test_validate_allows_date_property_without_tap_bound() -> None:
    validate([Condition(DATE, "ge", "2020-06-01T00:00:00Z")], date_property=None)


@pytest.mark.parametrize(
    ("prop", "operator", "value"),
    [
        ("Queue_Name", "gt", "a"),
        ("Queue_Name", "ge", "a"),
        ("Queue_Name", "lt", "a"),
        ("Queue_Name", "le", "a"),
        ("Is_Internal", "gt", "true"),
        ("Campaign_Id", "ge", "03bd1235-eb2c-410f-a415-fefacd98df41"),
    ],
)
def test_validate_rejects_ordering_on_text(
    prop: str, operator: str, value: str
) -> None:
    message = only_problem([Condition(prop, operator, value)])
    assert f"Operator {operator} cannot be applied to {prop}" in message
    assert f"'{REPORT}'" in message
    assert PROPERTIES[prop] in message
    assert "Use eq, ne or in." in message


@pytest.mark.parametrize(
    ("prop", "operator", "value", "example"),
    [
        ("Time_Talk_Total", "eq", 10, '{"ge": 10, "le": 10}'),
        ("Time_Talk_Total", "in", (10, 20), '{"ge": 10, "le": 10}'),
        ("Call_Count", "eq", 3, '{"ge": 3, "le": 3}'),
        ("Shift_Date", "eq", "2020-06-01", '{"ge": "2020-06-01", "le": "2020-06-01"}'),
        ("Handled_Time", "in", ("2020-06-01T00:00:00Z",), "ge"),
    ],
)
def test_validate_rejects_equality_on_numbers_and_dates(
    prop: str, operator: str, value: object, example: str
) -> None:
    message = only_problem([Condition(prop, operator, value)])
    assert f"Operator {operator} cannot be applied to {prop}" in message
    assert "eq and in on text only" in message
    assert example in message


@pytest.mark.parametrize(
    "operators",
    [
        ("ge", "ge"),
        ("le", "le"),
        ("gt", "lt"),
        ("ge", "lt"),
        ("ne", "ne"),
        ("ge", "le", "ne"),
    ],
)
def test_validate_rejects_repeated_property(operators: tuple[str, ...]) -> None:
    conditions = [Condition("Time_Talk_Total", op, 1) for op in operators]
    message = only_problem(conditions)
    assert message.startswith(
        f"Time_Talk_Total has more than one condition on report '{REPORT}'"
    )
    assert f"({', '.join(operators)})" in message
    assert "one ge with one le" in message


def test_validate_rejects_repeated_text_property() -> None:
    conditions = [
        Condition("Queue_Name", "eq", "a"),
        Condition("Queue_Name", "ne", "b"),
    ]
    assert "more than one condition" in only_problem(conditions)


@pytest.mark.parametrize(
    "props",
    [
        ("Agent_Name", "Agent_Name_by_Skill"),
        ("Agent_Name_by_Skill", "Agent_Name_by_Queue_Membership"),
        ("Agent_Name", "Agent_Name_by_Skill", "Agent_Name_by_Group_Membership"),
    ],
)
def test_validate_rejects_proxy_filters(props: tuple[str, ...]) -> None:
    conditions = [Condition(prop, "eq", "x") for prop in props]
    message = only_problem(conditions)
    assert props[0] in message
    assert props[-1] in message
    assert "same Agent_Name filter" in message
    assert "Keep one." in message


def test_validate_proxy_group_of_numbers() -> None:
    properties = {"Wait": "Edm.Double", "Wait_by_Queue": "Edm.Double"}
    with pytest.raises(FilterError, match="Wait and Wait_by_Queue"):
        validate_conditions(
            REPORT,
            [Condition("Wait", "gt", 1), Condition("Wait_by_Queue", "lt", 2)],
            properties,
            date_property=None,
        )


@pytest.mark.parametrize(
    ("prop", "group"),
    [
        ("Agent_Name", "Agent_Name"),
        ("Agent_Name_by_Skill", "Agent_Name"),
        ("Agent_Name_by_Queue_by_Skill", "Agent_Name"),
        ("Queue_Name", "Queue_Name"),
        ("Standby_Time", "Standby_Time"),
    ],
)
def test_proxy_group(prop: str, group: str) -> None:
    assert proxy_group(prop) == group


@pytest.mark.parametrize(
    ("prop", "operator", "value", "expected"),
    [
        ("Time_Talk_Total", "gt", "abc", '"abc" is not a valid Edm.Double'),
        ("Time_Talk_Total", "ge", float("nan"), "not a finite number"),
        ("Call_Count", "lt", 1.5, "fractional part"),
        ("Call_Count", "lt", 2**40, "outside the range"),
        ("Handled_Time", "ge", "2020-06-01T00:00:00", "Add Z for UTC or an offset"),
        ("Shift_Date", "ge", "06/01/2020", "YYYY-MM-DD"),
        ("Campaign_Id", "eq", "abc", "8-4-4-4-12"),
        ("Is_Internal", "eq", "yes", "Write true or false."),
        ("Queue_Name", "in", ("Sales", 1.5), "Edm.String"),
    ],
)
def test_validate_rejects_bad_literal(
    prop: str, operator: str, value: object, expected: str
) -> None:
    message = only_problem([Condition(prop, operator, value, prop.replace("_", " "))])
    assert message.startswith(
        f"Filter {prop.replace('_', ' ')} on report '{REPORT}' has an invalid value."
    )
    assert expected in message


def test_validate_rejects_unknown_operator() -> None:
    message = only_problem([Condition("Queue_Name", "like", "a")])
    assert "unknown operator 'like'" in message
    assert f"'{REPORT}'" in message


@pytest.mark.parametrize("prop", ["Queue_Name", "Time_Talk_Total"])
def test_validate_rejects_empty_in(prop: str) -> None:
    message = only_problem([Condition(prop, "in", ())])
    assert f"Operator in of filter {prop} on report '{REPORT}' has no values." in (
        message
    )


def test_validate_collects_problems() -> None:
    problems = problems_of(
        [
            Condition("Queue_Nmae", "eq", "x"),
            Condition("Media_Type", "gt", "a"),
            Condition(DATE, "ge", "2020-06-01T00:00:00Z"),
            Condition("Agent_Name", "eq", "a"),
            Condition("Agent_Name_by_Skill", "eq", "b"),
            Condition("Time_Talk_Total", "ge", 1),
            Condition("Time_Talk_Total", "ge", 2),
        ]
    )
    assert len(problems) == 5
    assert problems[0].startswith("Queue_Nmae is not a filter")
    assert problems[1].startswith("Operator gt cannot be applied to Media_Type")
    assert problems[2].startswith(f"{DATE} on report")
    assert problems[3].startswith("Time_Talk_Total has more than one condition")
    assert "Agent_Name and Agent_Name_by_Skill" in problems[4]


# ------------------------------------------------------- resolve_conditions


def resolve(explicit: dict, wildcard: dict) -> list[Condition]:
    return resolve_conditions(
        REPORT, explicit, wildcard, PROPERTIES, date_property=DATE
    )


def test_resolve_keeps_explicit_then_wildcard() -> None:
    conditions = resolve({"Queue Name": "Sales"}, {"Media Type": "Voice"})
    assert conditions == [
        Condition("Queue_Name", "eq", "Sales"),
        Condition("Media_Type", "eq", "Voice"),
    ]
    assert conditions[1].label == 'Media Type (from "*")'


def test_resolve_drops_wildcard_missing_property() -> None:
    conditions = resolve({}, {"Skill Name": "Spanish", "Media Type": "Voice"})
    assert conditions == [Condition("Media_Type", "eq", "Voice")]


def test_resolve_explicit_overrides_wildcard() -> None:
    conditions = resolve({"Queue_Name": ["Sales"]}, {"Queue Name": {"ne": "Support"}})
    assert conditions == [Condition("Queue_Name", "in", ("Sales",))]


def test_resolve_explicit_proxy_overrides_wildcard_group() -> None:
    conditions = resolve({"Agent_Name_by_Skill": "Spanish"}, {"Agent Name": "Bob"})
    assert conditions == [Condition("Agent_Name_by_Skill", "eq", "Spanish")]


def test_resolve_rejects_wildcard_on_date_property() -> None:
    with pytest.raises(FilterError) as caught:
        resolve({}, {"Call Date Time": {"ge": "2020-06-01T00:00:00Z"}})
    message = str(caught.value)
    assert message.startswith('Call Date Time (from "*") on report')
    assert "start_date" in message


def test_resolve_names_wildcard_in_type_error() -> None:
    with pytest.raises(FilterError) as caught:
        resolve({}, {"Queue Name": {"gt": "a"}})
    assert 'Queue Name (from "*")' in str(caught.value)


def test_resolve_prefixes_wildcard_shape_error() -> None:
    with pytest.raises(FilterError) as caught:
        resolve({}, {"Queue Name": None})
    assert str(caught.value).startswith('In the "*" entry: Filter Queue Name')


def test_resolve_validates_explicit() -> None:
    with pytest.raises(FilterError, match="Did you mean Queue_Name"):
        resolve({"Queue Nmae": "x"}, {})


def test_resolve_wildcard_proxies_conflict() -> None:
    with pytest.raises(FilterError, match="same Agent_Name filter"):
        resolve({}, {"Agent Name": "a", "Agent Name by Skill": "b"})


# -------------------------------------------------------------- build_filter

VENDOR_EXAMPLES = [
    (
        [Condition("Queue_Name", "eq", "Customer Service")],
        "Queue_Name eq 'Customer Service'",
    ),
    (
        [Condition("Queue_Name", "in", ("Customer Service", "Sales"))],
        "Queue_Name in ('Customer Service', 'Sales')",
    ),
    ([Condition("Time_Talk_Total", "gt", 10)], "Time_Talk_Total gt 10"),
    (
        [Condition(DATE, "ge", datetime(2020, 6, 1, tzinfo=UTC))],
        "Call_Date_Time ge 2020-06-01T00:00:00Z",
    ),
    (
        [Condition(DATE, "le", "2020-07-01T00:00:00Z")],
        "Call_Date_Time le 2020-07-01T00:00:00Z",
    ),
    ([Condition("Agent_Name", "ne", "Agent Spare 1")], "Agent_Name ne 'Agent Spare 1'"),
    (
        [
            Condition("Queue_Name", "in", ("Customer Service", "Sales")),
            Condition(DATE, "le", datetime(2020, 5, 31, 23, 59, 59, tzinfo=UTC)),
            Condition(DATE, "ge", datetime(2020, 5, 1, tzinfo=UTC)),
        ],
        "Call_Date_Time ge 2020-05-01T00:00:00Z and "
        "Call_Date_Time le 2020-05-31T23:59:59Z and "
        "Queue_Name in ('Customer Service', 'Sales')",
    ),
    ([], ""),
]


@pytest.mark.parametrize(("conditions", "expected"), VENDOR_EXAMPLES)
def test_build_filter_vendor_examples(
    conditions: list[Condition], expected: str
) -> None:
    assert build_filter(conditions, PROPERTIES) == expected


def test_build_filter_order_is_stable() -> None:
    conditions = [
        Condition("Queue_Name", "in", ("b", "a")),
        Condition("Time_Talk_Total", "le", 20),
        Condition("Time_Talk_Total", "ge", 10),
        Condition("Media_Type", "ne", "Chat"),
    ]
    expected = (
        "Media_Type ne 'Chat' and Queue_Name in ('b', 'a') and "
        "Time_Talk_Total ge 10 and Time_Talk_Total le 20"
    )
    for permutation in itertools.permutations(conditions):
        assert build_filter(list(permutation), PROPERTIES) == expected


def test_build_filter_types() -> None:
    conditions = [
        Condition("Call_Count", "lt", "5"),
        Condition("Shift_Date", "ge", "2020-06-01"),
        Condition("Is_Internal", "eq", True),
        Condition("Campaign_Id", "eq", "03BD1235-EB2C-410F-A415-FEFACD98DF41"),
        Condition("Time_Talk_Total", "gt", Decimal("1E-7")),
    ]
    assert build_filter(conditions, PROPERTIES) == (
        "Call_Count lt 5 and "
        "Campaign_Id eq 03bd1235-eb2c-410f-a415-fefacd98df41 and "
        "Is_Internal eq true and "
        "Shift_Date ge 2020-06-01 and "
        "Time_Talk_Total gt 0.0000001"
    )


def test_build_filter_rejects_unknown_property() -> None:
    with pytest.raises(FilterError, match="Nope is not a filter property"):
        build_filter([Condition("Nope", "eq", "x")], PROPERTIES)


def test_build_filter_rejects_unknown_operator() -> None:
    with pytest.raises(FilterError, match="unknown operator 'like'"):
        build_filter([Condition("Queue_Name", "like", "x")], PROPERTIES)


def test_build_filter_rejects_bad_literal() -> None:
    with pytest.raises(FilterError, match=r"not a valid Edm\.Double"):
        build_filter([Condition("Time_Talk_Total", "gt", "abc")], PROPERTIES)


def test_build_filter_rejects_empty_in() -> None:
    with pytest.raises(FilterError, match="non-empty tuple"):
        build_filter([Condition("Queue_Name", "in", ())], PROPERTIES)


SPECIAL_VALUES = [
    "O'Brien",
    "''",
    "R&D",
    "C++",
    "#1 Queue",
    "100% Sales",
    "%27",
    "a=b?c",
    "Zoë",
    "東京",
    "Agent Spare 1",
]


@pytest.mark.parametrize("value", SPECIAL_VALUES)
def test_build_filter_special_value_round_trip(value: str) -> None:
    conditions = resolve({"Queue Name": [value, "Sales"], "Media Type": value}, {})
    text = build_filter(conditions, PROPERTIES)
    quoted = "'" + value.replace("'", "''") + "'"
    assert text == f"Media_Type eq {quoted} and Queue_Name in ({quoted}, 'Sales')"

    query = encode_query([("$filter", text), ("timezone", "Eastern Standard Time")])
    assert "+" not in query.replace("%2B", "")
    assert "#" not in query
    decoded = parse_qsl(query, strict_parsing=True)
    assert decoded == [("$filter", text), ("timezone", "Eastern Standard Time")]


# ---------------------------------------------------- date_range_conditions


def test_date_range_conditions() -> None:
    start = datetime(2020, 5, 1, tzinfo=UTC)
    end = datetime(2020, 5, 31, 23, 59, 59, tzinfo=UTC)
    conditions = date_range_conditions(DATE, start, end)
    assert conditions == [Condition(DATE, "ge", start), Condition(DATE, "le", end)]
    assert build_filter(conditions, PROPERTIES) == (
        "Call_Date_Time ge 2020-05-01T00:00:00Z and "
        "Call_Date_Time le 2020-05-31T23:59:59Z"
    )


def test_date_range_conditions_converts_offsets() -> None:
    plus_two = timezone(timedelta(hours=2))
    conditions = date_range_conditions(
        DATE, datetime(2020, 5, 1, 2, tzinfo=plus_two), datetime(2020, 5, 2, tzinfo=UTC)
    )
    assert build_filter(conditions, PROPERTIES).startswith(
        "Call_Date_Time ge 2020-05-01T00:00:00Z and "
    )


def test_date_range_conditions_allows_empty_range() -> None:
    moment = datetime(2020, 5, 1, tzinfo=UTC)
    assert len(date_range_conditions(DATE, moment, moment)) == 2


def test_date_range_conditions_rejects_naive() -> None:
    with pytest.raises(ValueError, match="start") as caught:
        date_range_conditions(
            DATE, datetime(2020, 5, 1), datetime(2020, 6, 1, tzinfo=UTC)
        )
    assert "no time zone" in str(caught.value)
    with pytest.raises(ValueError, match="end"):
        date_range_conditions(
            DATE, datetime(2020, 5, 1, tzinfo=UTC), datetime(2020, 6, 1)
        )


def test_date_range_conditions_rejects_reversed() -> None:
    with pytest.raises(ValueError, match="after its end"):
        date_range_conditions(
            DATE, datetime(2020, 6, 1, tzinfo=UTC), datetime(2020, 5, 1, tzinfo=UTC)
        )


def test_date_range_passes_user_validation_separately() -> None:
    user = resolve({"Queue Name": "Sales"}, {})
    bounds = date_range_conditions(
        DATE, datetime(2020, 5, 1, tzinfo=UTC), datetime(2020, 6, 1, tzinfo=UTC)
    )
    assert build_filter(bounds + user, PROPERTIES) == (
        "Call_Date_Time ge 2020-05-01T00:00:00Z and "
        "Call_Date_Time le 2020-06-01T00:00:00Z and Queue_Name eq 'Sales'"
    )
