from __future__ import annotations

import pytest

from tap_brightmetrics.odata.identifiers import to_identifier

LABEL_CASES = [
    # Examples from the vendor documentation.
    ("Time - Call - Total", "Time_Call_Total"),
    ("Queue Name", "Queue_Name"),
    # Runs of separators collapse to one "_".
    ("Queue - Name", "Queue_Name"),
    ("A _ B", "A_B"),
    ("w/o Wait Time", "w_o_Wait_Time"),
    ("Tab\tName", "Tab_Name"),
    ("Agent Name (by Skill)", "Agent_Name_by_Skill_"),
    # Punctuation at either end follows the rule, white space is stripped.
    ("Service Level (%)", "Service_Level_"),
    ("% Abandoned", "_Abandoned"),
    ("  Queue Name  ", "Queue_Name"),
    # Digits are kept, also in front.
    ("1st Call Resolution", "1st_Call_Resolution"),
    # Unicode letters are letters.
    ("Zoë Queue", "Zoë_Queue"),
    ("東京 区", "東京_区"),
    ("Zoe\u0301 Queue", "Zoé_Queue"),
    # Numeric characters that are not decimal digits are separators.
    ("Calls²", "Calls_"),
    ("Half ½ Hour", "Half_Hour"),
]

IDENTIFIER_CASES = [
    "Queue_Name",
    "Agent_Name_by_Skill",
    "Call_Date_Time",
    "A__B",
    "_Hidden",
    "Trailing_",
    "Zoë",
    "x",
]


@pytest.mark.parametrize(("label", "expected"), LABEL_CASES)
def test_to_identifier_converts_label(label: str, expected: str) -> None:
    assert to_identifier(label) == expected


@pytest.mark.parametrize("name", IDENTIFIER_CASES)
def test_to_identifier_keeps_identifier(name: str) -> None:
    assert to_identifier(name) == name


@pytest.mark.parametrize(("label", "_expected"), LABEL_CASES)
def test_to_identifier_is_idempotent(label: str, _expected: str) -> None:
    once = to_identifier(label)
    assert to_identifier(once) == once


@pytest.mark.parametrize(("label", "_expected"), LABEL_CASES)
def test_to_identifier_never_doubles_underscore(label: str, _expected: str) -> None:
    assert "__" not in to_identifier(label)


@pytest.mark.parametrize(("label", "_expected"), LABEL_CASES)
def test_to_identifier_output_characters(label: str, _expected: str) -> None:
    result = to_identifier(label)
    for character in result:
        assert character == "_" or character.isalpha() or character.isdecimal()


@pytest.mark.parametrize("label", ["", "   ", "---", "_", "__", " - ", "(%)"])
def test_to_identifier_rejects_no_letters(label: str) -> None:
    with pytest.raises(ValueError, match="no letter or digit") as caught:
        to_identifier(label)
    assert repr(label) in str(caught.value)
