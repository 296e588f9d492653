"""OData identifiers derived from Brightmetrics UI titles."""

from __future__ import annotations


def odata_identifier(title: str) -> str:
    """Return the property name for a UI title.

    Every character that is not a letter or digit becomes "_", and a run of
    such characters becomes a single "_": "Time - Call - Total" gives
    "Time_Call_Total". Letters outside ASCII stay as they are.
    """
    parts: list[str] = []
    for char in title:
        if char.isalnum():
            parts.append(char)
        elif not parts or parts[-1] != "_":
            parts.append("_")
    return "".join(parts)


def entity_set_name(title: str, report_id: str) -> str:
    """Return the entity set name of a saved report.

    The service document of the vendor shows that entity set names replace each
    non-alphanumeric character of the title on its own, without collapsing runs:
    "Agent Activity Summary - All (Saved MSC Agents)" becomes
    "Agent_Activity_Summary___All__Saved_MSC_Agents_" before "_" and the GUID
    in hex without dashes.
    """
    name = "".join(char if char.isalnum() else "_" for char in title)
    return f"{name}_{report_id.replace('-', '')}"
