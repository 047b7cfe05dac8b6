"""``mpnb custom-events ...``: one name counting several tracked events."""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import common_options, emit, get_workspace, handle_errors, id_argument, params_or_exit
from mpnb.cli._lexicon import names_option, split_names
from mpnb.cli._run import change, delete_options, dry_run_option, run_delete
from mpnb.cli.events import _fields, event_options

__all__ = ["COLUMNS", "group"]

COLUMNS = ["custom_event_id", "name", "description", "hidden", "tags", "alternatives"]


@click.group("custom-events")
def group() -> None:
    """Custom events: one name counting several tracked events."""


@group.command("list")
@common_options
@handle_errors
def list_() -> None:
    """List custom events."""
    emit(get_workspace().list_custom_events(), COLUMNS, id_key="custom_event_id")


@group.command("get")
@id_argument("custom_event_id", "custom_events")
@common_options
@handle_errors
def get(custom_event_id: int) -> None:
    """One custom event (from the list)."""
    found = [c for c in get_workspace().list_custom_events() if c.custom_event_id == custom_event_id]
    if not found:
        raise mp.NotFoundError(f"custom event {custom_event_id} not found; `mpnb custom-events list` shows the ids")
    emit(found[0], COLUMNS, id_key="custom_event_id")


@group.command("create")
@click.option("--name", required=True, help="The custom event's name.")
@names_option("--event", "event", "A tracked event it counts; repeat for each (1 to 25).")
@dry_run_option
@common_options
@handle_errors
def create(name: str, event: tuple[str, ...], dry_run: bool) -> None:
    """Create a custom event counting the given events."""
    params = params_or_exit(mp.CreateCustomEventParams, name=name, alternatives=list(event))
    change(
        dry_run, "create", params, lambda: get_workspace().create_custom_event(params), ["id", "name", "alternatives"]
    )


@group.command("update")
@id_argument("custom_event_id", "custom_events")
@event_options
@dry_run_option
@common_options
@handle_errors
def update(
    custom_event_id: int,
    description: str | None,
    display_name: str | None,
    hidden: bool | None,
    dropped: bool | None,
    verified: bool | None,
    tag: tuple[str, ...],
    contact: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Change a custom event's Lexicon fields (description, tags, visibility, owners)."""
    fields = _fields(description, display_name, hidden, dropped, verified, split_names(tag), split_names(contact))
    params = params_or_exit(mp.UpdateEventDefinitionParams, **fields)
    change(dry_run, "update", params, lambda: get_workspace().update_custom_event(custom_event_id, params), COLUMNS)


@group.command("delete")
@id_argument("custom_event_id", "custom_events")
@delete_options
@common_options
@handle_errors
def delete(custom_event_id: int, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete a custom event (reports counting it stop working); a backup is written first."""
    run_delete(
        "custom_events",
        [custom_event_id],
        lambda ws, ids: [ws.delete_custom_event(i) for i in ids],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )
