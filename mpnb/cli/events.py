"""``mpnb events ...``: the data dictionary's events (Lexicon event definitions), known by their names."""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import common_options, emit, get_workspace, handle_errors, id_argument, params_or_exit, parse_json
from mpnb.cli._lexicon import flag, names_option, split_names
from mpnb.cli._run import change, delete_options, dry_run_option, run_delete

__all__ = ["COLUMNS", "group"]

COLUMNS = ["name", "display_name", "description", "hidden", "dropped", "verified", "tags", "contacts"]


@click.group("events")
def group() -> None:
    """The data dictionary's events (Lexicon); an event is named, not numbered."""


@group.command("list")
@names_option("--name", "names", "Only this event (repeat the option for more); exact names.")
@common_options
@handle_errors
def list_(names: tuple[str, ...]) -> None:
    """List event definitions (custom events are `mpnb custom-events list`)."""
    ws = get_workspace()
    found = ws.get_event_definitions(names=list(names)) if names else ws.list_event_definitions()
    emit(found, COLUMNS, id_key="name")


@group.command("get")
@id_argument("event_name", "events", kind=str)
@common_options
@handle_errors
def get(event_name: str) -> None:
    """One event's definition."""
    rows = [e for e in get_workspace().get_event_definitions(names=[event_name]) if e.custom_event_id is None]
    if not rows:
        raise mp.NotFoundError(f"no event called {event_name!r}; `mpnb events list` shows the names")
    emit(rows[0], COLUMNS, id_key="name")


def _fields(
    description: str | None,
    display_name: str | None,
    hidden: bool | None,
    dropped: bool | None,
    verified: bool | None,
    tags: list[str] | None,
    contacts: list[str] | None,
) -> dict[str, object]:
    return {
        "description": description,
        "display_name": display_name,
        "hidden": hidden,
        "dropped": dropped,
        "verified": verified,
        "tags": tags,
        "contacts": contacts,
    }


def event_options(fn: click.decorators.FC) -> click.decorators.FC:
    """The fields of an event definition, as options (shared with `custom-events update`)."""
    for decorate in reversed(
        [
            click.option("--description", default=None, help="What the event means (shown in every picker)."),
            click.option("--display-name", default=None, help="The name shown instead of the tracked one."),
            flag("hidden", "Hide it from pickers (its data and reports stay)."),
            flag("dropped", "Drop it at ingestion: new data of it is discarded."),
            flag("verified", "Mark it verified."),
            names_option("--tag", "tag", "A Lexicon tag; repeat for more. Replaces the tags."),
            names_option("--contact", "contact", "An owner's email; repeat for more. Replaces the owners."),
        ]
    ):
        fn = decorate(fn)
    return fn


@group.command("update")
@id_argument("event_name", "events", kind=str)
@event_options
@dry_run_option
@common_options
@handle_errors
def update(
    event_name: str,
    description: str | None,
    display_name: str | None,
    hidden: bool | None,
    dropped: bool | None,
    verified: bool | None,
    tag: tuple[str, ...],
    contact: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Change an event's description, display name, visibility, tags or owners (only what is given)."""
    fields = _fields(description, display_name, hidden, dropped, verified, split_names(tag), split_names(contact))
    params = params_or_exit(mp.UpdateEventDefinitionParams, **fields)
    change(dry_run, "update", params, lambda: get_workspace().update_event_definition(event_name, params), COLUMNS)


@group.command("bulk-update")
@click.option("--entries", required=True, help='JSON list, e.g. [{"name": "add_to_cart", "hidden": true}].')
@dry_run_option
@common_options
@handle_errors
def bulk_update(entries: str, dry_run: bool) -> None:
    """Update many events in one request (each entry: the event's name and the fields to change)."""
    items = [mp.BulkEventUpdate.model_validate(e) for e in parse_json(entries, "--entries", kind=list)]
    if dry_run:
        emit({"dry_run": True, "action": "bulk-update", "would_send": items})
        return
    emit(get_workspace().bulk_update_event_definitions(items), COLUMNS, id_key="name")


@group.command("delete")
@id_argument("event_name", "events", kind=str)
@delete_options
@common_options
@handle_errors
def delete(event_name: str, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete an event's definition (description, tags, owners); its data stays. A backup is written first."""
    run_delete(
        "events",
        [event_name],
        lambda ws, names: [ws.delete_event_definition(n) for n in names],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )
