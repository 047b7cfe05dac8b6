"""``mpnb drop-filters ...``: events discarded at ingestion when they match."""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import (
    common_options,
    emit,
    get_workspace,
    handle_errors,
    id_argument,
    params_or_exit,
    parse_json,
)
from mpnb.cli._lexicon import flag
from mpnb.cli._run import change, delete_options, dry_run_option, run_delete

__all__ = ["COLUMNS", "group"]

COLUMNS = ["id", "event_name", "active", "filters", "created"]


@click.group("drop-filters")
def group() -> None:
    """Drop filters: matching events are discarded at ingestion (their data is not kept)."""


@group.command("list")
@common_options
@handle_errors
def list_() -> None:
    """List drop filters."""
    emit(get_workspace().list_drop_filters(), COLUMNS)


@group.command("get")
@id_argument("drop_filter_id", "drop_filters")
@common_options
@handle_errors
def get(drop_filter_id: int) -> None:
    """One drop filter (from the list: Mixpanel has no single read)."""
    found = [f for f in get_workspace().list_drop_filters() if f.id == drop_filter_id]
    if not found:
        raise mp.NotFoundError(f"drop filter {drop_filter_id} not found; `mpnb drop-filters list` shows the ids")
    emit(found[0], COLUMNS)


@group.command("limits")
@common_options
@handle_errors
def limits() -> None:
    """How many drop filters the project may hold."""
    emit(get_workspace().get_drop_filter_limits())


@group.command("create")
@click.option("--event-name", required=True, help="The event to drop, exactly as tracked.")
@click.option("--filters", "filters_json", required=True, help="JSON list of property conditions.")
@dry_run_option
@common_options
@handle_errors
def create(event_name: str, filters_json: str, dry_run: bool) -> None:
    """Create a drop filter (prints every filter; the new one has the highest id)."""
    params = params_or_exit(
        mp.CreateDropFilterParams, event_name=event_name, filters=parse_json(filters_json, "--filters", kind=list)
    )
    change(dry_run, "create", params, lambda: get_workspace().create_drop_filter(params), COLUMNS)


@group.command("update")
@id_argument("drop_filter_id", "drop_filters")
@click.option("--event-name", default=None, help="The event to drop.")
@click.option("--filters", "filters_json", default=None, help="JSON list of property conditions (replaces them).")
@flag("active", "Resume (--active) or pause (--no-active) the filter.")
@dry_run_option
@common_options
@handle_errors
def update(
    drop_filter_id: int, event_name: str | None, filters_json: str | None, active: bool | None, dry_run: bool
) -> None:
    """Change a drop filter; --no-active pauses it."""
    params = params_or_exit(
        mp.UpdateDropFilterParams,
        event_name=event_name,
        filters=parse_json(filters_json, "--filters", kind=list),
        active=active,
    )
    change(dry_run, "update", params, lambda: get_workspace().update_drop_filter(drop_filter_id, params), COLUMNS)


@group.command("delete")
@id_argument("drop_filter_id", "drop_filters")
@delete_options
@common_options
@handle_errors
def delete(drop_filter_id: int, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete a drop filter (its events are kept again); a backup is written first."""
    run_delete(
        "drop_filters",
        [drop_filter_id],
        lambda ws, ids: [ws.delete_drop_filter(i) for i in ids],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )
