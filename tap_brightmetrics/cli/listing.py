"""The `reports` and `filters` commands: what can be exported, and how to filter it."""

from __future__ import annotations

import json

import click

from tap_brightmetrics.cli.report_ref import (
    METADATA_LABEL,
    report_from_entity_set,
    resolve_report,
)
from tap_brightmetrics.cli.run import Run, api_command
from tap_brightmetrics.cli.tables import format_table
from tap_brightmetrics.discovery import fetch_filter_properties, list_entity_sets
from tap_brightmetrics.odata.filters import ORDERED_TYPES, proxy_group

TEXT_OPERATORS = ("eq", "in", "ne")
ORDERED_OPERATORS = ("gt", "ge", "lt", "le", "ne")

_JSON_HELP = "Print JSON on stdout instead of a table."


def operators_for(edm_type: str) -> tuple[str, ...]:
    """Return the operators Brightmetrics accepts on a filter of this Edm type."""
    return ORDERED_OPERATORS if edm_type in ORDERED_TYPES else TEXT_OPERATORS


def exclusive_groups(names: list[str]) -> list[list[str]]:
    """Return the sets of filters that are one filter (`X` and `X_by_*`)."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(proxy_group(name), []).append(name)
    return [members for members in groups.values() if len(members) > 1]


@click.command("reports")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@api_command
def reports_command(run: Run, *, as_json: bool) -> None:
    """List the saved reports: title, id and stream name.

    Sends one request, for the OData service document. The id is the
    report's URL relative to the service root. The export and filters
    commands take the id, the stream name or the title.
    """
    run.start()
    reports = [report_from_entity_set(item) for item in list_entity_sets(run.client)]
    if as_json:
        listing = [{"title": r.title, "id": r.id, "name": r.name} for r in reports]
        click.echo(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    rows = [(r.title, r.id, r.name) for r in reports]
    click.echo(format_table(("TITLE", "ID", "STREAM NAME"), rows))


@click.command("filters")
@click.argument("report")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@api_command
def filters_command(run: Run, *, report: str, as_json: bool) -> None:
    """List the filter properties of REPORT, their Edm types and operators.

    REPORT is a report id, stream name or title (see `brightmetrics
    reports`). Sends one request, for the report's $metadata, when REPORT is
    an id, and two when it is a stream name or title.
    """
    run.start()
    found = resolve_report(run.client, report)
    properties = fetch_filter_properties(run.client, found, label=METADATA_LABEL)
    names = list(properties)
    groups = exclusive_groups(names)
    if as_json:
        listing = {
            "report": {"id": found.id, "title": found.title},
            "filters": [
                {"name": name, "type": edm, "operators": list(operators_for(edm))}
                for name, edm in properties.items()
            ],
            "exclusive_groups": groups,
        }
        click.echo(json.dumps(listing, indent=2, ensure_ascii=False))
        return

    click.echo(f"Filters of report {found.title}:")
    if not properties:
        click.echo("(none)")
        return
    rows = [
        (name, edm, ", ".join(operators_for(edm))) for name, edm in properties.items()
    ]
    click.echo(format_table(("PROPERTY", "TYPE", "OPERATORS"), rows))
    click.echo()
    click.echo(
        "A property may be given once, or twice as a ge/le pair. Text takes eq, "
        "in and ne; dates and numbers take gt, ge, lt, le and ne."
    )
    for members in groups:
        click.echo(
            f"{', '.join(members)} are one {proxy_group(members[0])} filter "
            "(by proxy), so they cannot be combined: give only one of them."
        )
