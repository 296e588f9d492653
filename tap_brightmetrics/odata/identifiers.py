"""OData property names derived from the filter labels that reports show."""

from __future__ import annotations

import unicodedata


def _is_letter_or_digit(character: str) -> bool:
    # Unicode letters (categories L*) and decimal digits (Nd), the same set as
    # .NET's Char.IsLetterOrDigit.
    return character.isalpha() or character.isdecimal()


def _is_identifier_character(character: str) -> bool:
    return character == "_" or _is_letter_or_digit(character)


def to_identifier(label: str) -> str:
    """Convert a filter label, as a report shows it, to its OData property name.

    Brightmetrics replaces each run of characters that are not letters or digits
    with one "_", so "Time - Call - Total" becomes "Time_Call_Total". Letters are
    Unicode letters and digits are decimal digits ("Zoë" and "東京" are kept).
    `str.isalnum` is not used because it would also keep "²" and "½", which are
    not allowed in OData identifiers.

    Surrounding white space is removed first. Other punctuation at either end
    follows the vendor rule, so "Service Level (%)" becomes "Service_Level_".
    A name made only of letters, digits and "_" is returned unchanged, so a
    property name copied from a report's `$metadata` always maps to itself, even
    if it contains "__". The result of this function is therefore also returned
    unchanged.

    NOTE: the vendor documents the replacement rule but not whether leading or
    trailing underscores are trimmed. Callers that match names against
    `$metadata` should suggest close names when a lookup fails.

    Raises:
        ValueError: the label contains no letter or digit.
    """
    stripped = label.strip()
    if not any(_is_letter_or_digit(character) for character in stripped):
        raise ValueError(
            f"Property name {label!r} contains no letter or digit, so it cannot "
            "name an OData property. Write the filter label as the report shows "
            "it, for example 'Queue Name'."
        )
    if all(_is_identifier_character(character) for character in stripped):
        return stripped

    # NFC first, so that a letter followed by a combining accent counts as one
    # letter instead of a letter and a separator.
    normalized = unicodedata.normalize("NFC", stripped)
    characters: list[str] = []
    for character in normalized:
        if _is_letter_or_digit(character):
            characters.append(character)
        elif not characters or characters[-1] != "_":
            characters.append("_")
    return "".join(characters)
