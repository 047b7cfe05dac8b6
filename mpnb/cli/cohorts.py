"""``mpnb cohorts ...``: cohorts, one by one and in bulk."""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import (
    common_options,
    emit,
    get_workspace,
    handle_errors,
    id_argument,
    ids_argument,
    params_or_exit,
    parse_ids,
    parse_json,
    resolve_ids,
)
from mpnb.cli._output import list_options
from mpnb.cli._run import change, delete_options, dry_run_option, get_each, run_delete

__all__ = ["group"]

COLUMNS = ["id", "name", "count", "data_group_id", "referenced_by", "last_edited"]


@click.group("cohorts")
def group() -> None:
    """Cohorts: saved groups of users."""


@group.command("list")
@click.option("--data-group-id", default=None, help="Only cohorts of this data group.")
@click.option("--ids", default=None, help="Comma-separated ids.")
@list_options
@common_options
@handle_errors
def list_(data_group_id: str | None, ids: str | None) -> None:
    """List cohorts."""
    from mpnb.cli._stream import stream_list

    stream_list(get_workspace(), "cohorts", {"data_group_id": data_group_id, "ids": parse_ids(ids)}, COLUMNS)


@group.command("get")
@ids_argument("cohort_ids", "cohorts")
@common_options
@handle_errors
def get(cohort_ids: tuple[str, ...]) -> None:
    """One or more: cohort."""
    ws = get_workspace()
    get_each(resolve_ids(cohort_ids, kind=int), lambda i: ws.get_cohort(i), COLUMNS)


@group.command("create")
@click.option("--name", required=True, help="The cohort's name.")
@click.option("--description", default=None, help="Free text.")
@click.option("--data-group-id", default=None, help="The data group it belongs to (default: users).")
@click.option("--definition", "definition_json", default=None, help="JSON object, sent flattened into the body.")
@dry_run_option
@common_options
@handle_errors
def create(
    name: str, description: str | None, data_group_id: str | None, definition_json: str | None, dry_run: bool
) -> None:
    """Create a cohort."""
    params = params_or_exit(
        mp.CreateCohortParams,
        name=name,
        description=description,
        data_group_id=data_group_id,
        definition=parse_json(definition_json, "--definition", kind=dict),
    )
    change(dry_run, "create", params, lambda: get_workspace().create_cohort(params), COLUMNS)


@group.command("update")
@id_argument("cohort_id", "cohorts")
@click.option("--name", default=None, help="New name.")
@click.option("--description", default=None, help="New description.")
@click.option("--definition", "definition_json", default=None, help="JSON object, sent flattened into the body.")
@dry_run_option
@common_options
@handle_errors
def update(
    cohort_id: int, name: str | None, description: str | None, definition_json: str | None, dry_run: bool
) -> None:
    """Change a cohort's name, description or definition."""
    params = params_or_exit(
        mp.UpdateCohortParams,
        name=name,
        description=description,
        definition=parse_json(definition_json, "--definition", kind=dict),
    )
    change(dry_run, "update", params, lambda: get_workspace().update_cohort(cohort_id, params), COLUMNS)


@group.command("delete")
@ids_argument("cohort_ids", "cohorts")
@delete_options
@common_options
@handle_errors
def delete(cohort_ids: tuple[str, ...], yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete a cohort; a backup is written first, and dependants are named on stderr."""
    run_delete(
        "cohorts",
        resolve_ids(cohort_ids, kind=int),
        lambda ws, ids: [ws.delete_cohort(i) for i in ids],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.command("bulk-delete")
@click.option("--ids", required=True, help="Comma-separated ids.")
@delete_options
@common_options
@handle_errors
def bulk_delete(ids: str, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete several cohorts in one request; a backup is written first."""
    run_delete(
        "cohorts",
        parse_ids(ids) or [],
        lambda ws, idl: ws.bulk_delete_cohorts(idl, confirm=True),
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.command("bulk-update")
@click.option("--entries", required=True, help='JSON list, e.g. [{"id": 1, "name": "X"}].')
@dry_run_option
@common_options
@handle_errors
def bulk_update(entries: str, dry_run: bool) -> None:
    """Update several cohorts in one request."""
    items = [mp.BulkUpdateCohortEntry.model_validate(e) for e in parse_json(entries, "--entries", kind=list)]
    if dry_run:
        emit({"dry_run": True, "action": "bulk-update", "would_send": items})
        return
    get_workspace().bulk_update_cohorts(items)
    emit({"updated": [e.id for e in items]})
