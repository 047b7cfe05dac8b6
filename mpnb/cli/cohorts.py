"""``mpnb cohorts ...``: cohorts, one by one and in bulk."""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import (
    common_options,
    emit,
    get_workspace,
    handle_errors,
    params_or_exit,
    parse_ids,
    parse_json,
    run_delete,
)

__all__ = ["group"]

COLUMNS = ["id", "name", "count", "data_group_id", "referenced_by", "last_edited"]


@click.group("cohorts")
def group() -> None:
    """Cohorts."""


@group.command("list")
@click.option("--data-group-id", default=None, help="Only cohorts of this data group.")
@click.option("--ids", default=None, help="Comma-separated ids.")
@common_options
@handle_errors
def list_(data_group_id: str | None, ids: str | None) -> None:
    """List cohorts."""
    emit(get_workspace().list_cohorts_full(data_group_id=data_group_id, ids=parse_ids(ids)), COLUMNS)


@group.command("get")
@click.argument("cohort_id", type=int)
@common_options
@handle_errors
def get(cohort_id: int) -> None:
    """One cohort."""
    emit(get_workspace().get_cohort(cohort_id), COLUMNS)


@group.command("create")
@click.option("--name", required=True)
@click.option("--description", default=None)
@click.option("--data-group-id", default=None)
@click.option("--definition", "definition_json", default=None, help="JSON object, sent flattened into the body.")
@common_options
@handle_errors
def create(name: str, description: str | None, data_group_id: str | None, definition_json: str | None) -> None:
    """Create a cohort."""
    params = params_or_exit(
        mp.CreateCohortParams,
        name=name,
        description=description,
        data_group_id=data_group_id,
        definition=parse_json(definition_json, "--definition", kind=dict),
    )
    emit(get_workspace().create_cohort(params), COLUMNS)


@group.command("update")
@click.argument("cohort_id", type=int)
@click.option("--name", default=None)
@click.option("--description", default=None)
@click.option("--definition", "definition_json", default=None, help="JSON object, sent flattened into the body.")
@common_options
@handle_errors
def update(cohort_id: int, name: str | None, description: str | None, definition_json: str | None) -> None:
    """Change a cohort's name, description or definition."""
    params = params_or_exit(
        mp.UpdateCohortParams,
        name=name,
        description=description,
        definition=parse_json(definition_json, "--definition", kind=dict),
    )
    emit(get_workspace().update_cohort(cohort_id, params), COLUMNS)


@group.command("delete")
@click.argument("cohort_id", type=int)
@common_options
@handle_errors
def delete(cohort_id: int) -> None:
    """Delete a cohort; a backup is written first, and dependants are named on stderr."""
    run_delete("cohorts", [cohort_id], lambda ws: ws.delete_cohort(cohort_id))


@group.command("bulk-delete")
@click.option("--ids", required=True, help="Comma-separated ids.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation on real Mixpanel.")
@common_options
@handle_errors
def bulk_delete(ids: str, yes: bool) -> None:
    """Delete several cohorts in one request; a backup is written first."""
    idl = parse_ids(ids) or []
    run_delete("cohorts", idl, lambda ws: ws.bulk_delete_cohorts(idl, confirm=True), bulk=True, yes=yes)


@group.command("bulk-update")
@click.option("--entries", required=True, help='JSON list, e.g. [{"id": 1, "name": "X"}].')
@common_options
@handle_errors
def bulk_update(entries: str) -> None:
    """Update several cohorts in one request."""
    items = [mp.BulkUpdateCohortEntry.model_validate(e) for e in parse_json(entries, "--entries", kind=list)]
    get_workspace().bulk_update_cohorts(items)
    emit({"updated": [e.id for e in items]})
