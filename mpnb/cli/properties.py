"""``mpnb properties ...``: the data dictionary's event and user properties (Lexicon property definitions)."""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import common_options, emit, get_workspace, handle_errors, params_or_exit, parse_json
from mpnb.cli._lexicon import flag, names_option
from mpnb.cli._run import change, dry_run_option

__all__ = ["COLUMNS", "group"]

COLUMNS = ["id", "name", "resource_type", "description", "hidden", "dropped", "sensitive"]
KINDS = click.Choice(["Event", "User"], case_sensitive=False)


@click.group("properties")
def group() -> None:
    """The data dictionary's properties (Lexicon): event and user properties, named."""


@group.command("list")
@click.option("--resource-type", type=KINDS, default=None, help="Only Event or only User properties (default both).")
@names_option("--name", "names", "Only this property (repeat for more); exact names.")
@click.option("--include-events", is_flag=True, help="Also ask which events each property was seen on (slow).")
@common_options
@handle_errors
def list_(resource_type: str | None, names: tuple[str, ...], include_events: bool) -> None:
    """List property definitions (custom properties are `mpnb custom-properties list`)."""
    ws = get_workspace()
    if names:
        found = ws.get_property_definitions(names=list(names), resource_type=resource_type or "Event")
    else:
        found = ws.list_property_definitions(resource_type=resource_type, include_events=include_events)
    emit(found, [*COLUMNS, "events"] if include_events else COLUMNS)


@group.command("get")
@click.argument("property_name")
@click.option("--resource-type", type=KINDS, default="Event", show_default=True, help="Event or User.")
@common_options
@handle_errors
def get(property_name: str, resource_type: str) -> None:
    """One property's definition."""
    found = get_workspace().get_property_definitions(names=[property_name], resource_type=resource_type)
    rows = [p for p in found if p.name == property_name]
    if not rows:
        raise mp.NotFoundError(f"no {resource_type} property called {property_name!r}; `mpnb properties list`")
    emit(rows[0], COLUMNS)


@group.command("update")
@click.argument("property_name")
@click.option("--resource-type", type=KINDS, default="Event", show_default=True, help="Event or User.")
@click.option("--description", default=None, help="What the property holds.")
@click.option("--display-name", default=None, help="The name shown instead of the tracked one.")
@click.option("--example-value", default=None, help="An example value shown in Lexicon.")
@flag("hidden", "Hide it from pickers (its data stays).")
@flag("dropped", "Drop it at ingestion: new values are discarded.")
@flag("sensitive", "Personal data: Mixpanel restricts who sees its values.")
@dry_run_option
@common_options
@handle_errors
def update(
    property_name: str,
    resource_type: str,
    description: str | None,
    display_name: str | None,
    example_value: str | None,
    hidden: bool | None,
    dropped: bool | None,
    sensitive: bool | None,
    dry_run: bool,
) -> None:
    """Change a property's description, display name, visibility or sensitivity (only what is given)."""
    params = params_or_exit(
        mp.UpdatePropertyDefinitionParams,
        resource_type=resource_type,
        description=description,
        display_name=display_name,
        example_value=example_value,
        hidden=hidden,
        dropped=dropped,
        sensitive=sensitive,
    )
    call = lambda: get_workspace().update_property_definition(property_name, params)  # noqa: E731
    change(dry_run, "update", params, call, COLUMNS)


@group.command("bulk-update")
@click.option(
    "--entries",
    required=True,
    help='JSON list, e.g. [{"name": "email", "resource_type": "User", "sensitive": true}].',
)
@dry_run_option
@common_options
@handle_errors
def bulk_update(entries: str, dry_run: bool) -> None:
    """Update many properties in one request (each entry: name, resource type, the fields to change)."""
    items = [mp.BulkPropertyUpdate.model_validate(e) for e in parse_json(entries, "--entries", kind=list)]
    if dry_run:
        emit({"dry_run": True, "action": "bulk-update", "would_send": items})
        return
    emit(get_workspace().bulk_update_property_definitions(items), COLUMNS)
