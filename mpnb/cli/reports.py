"""``mpnb reports ...``: reports (bookmarks), bulk edits, history and linked boards."""

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

COLUMNS = ["id", "name", "bookmark_type", "dashboard_id", "modified"]
LIST_TYPES = click.Choice(["insights", "funnels", "retention", "flows", "launch-analysis", "user"])


@click.group("reports")
def group() -> None:
    """Reports (Mixpanel's bookmarks)."""


@group.command("list")
@click.option("--type", "bookmark_type", type=LIST_TYPES, default=None)
@click.option("--ids", default=None, help="Comma-separated ids.")
@common_options
@handle_errors
def list_(bookmark_type: str | None, ids: str | None) -> None:
    """List reports."""
    emit(get_workspace().list_bookmarks_v2(bookmark_type=bookmark_type, ids=parse_ids(ids)), COLUMNS)


@group.command("create")
@click.option("--name", required=True)
@click.option(
    "--type",
    "bookmark_type",
    required=True,
    type=click.Choice(["insights", "funnels", "retention", "flows", "user"]),
)
@click.option("--params", "params_json", required=True, help="The report's query, a JSON object.")
@click.option("--description", default=None)
@click.option("--dashboard-id", type=int, default=None, help="The board to save it to (Mixpanel requires one).")
@common_options
@handle_errors
def create(name: str, bookmark_type: str, params_json: str, description: str | None, dashboard_id: int | None) -> None:
    """Create a report on a board."""
    params = params_or_exit(
        mp.CreateBookmarkParams,
        name=name,
        type=bookmark_type,
        params=parse_json(params_json, "--params", kind=dict),
        description=description,
        dashboard_id=dashboard_id,
    )
    emit(get_workspace().create_bookmark(params), COLUMNS)


@group.command("get")
@click.argument("bookmark_id", type=int)
@common_options
@handle_errors
def get(bookmark_id: int) -> None:
    """One report."""
    emit(get_workspace().get_bookmark(bookmark_id), COLUMNS)


@group.command("update")
@click.argument("bookmark_id", type=int)
@click.option("--name", default=None)
@click.option("--params", "params_json", default=None, help="JSON object.")
@click.option("--description", default=None)
@common_options
@handle_errors
def update(bookmark_id: int, name: str | None, params_json: str | None, description: str | None) -> None:
    """Change a report's name, description or query."""
    params = params_or_exit(
        mp.UpdateBookmarkParams,
        name=name,
        description=description,
        params=parse_json(params_json, "--params", kind=dict),
    )
    emit(get_workspace().update_bookmark(bookmark_id, params), COLUMNS)


@group.command("delete")
@click.argument("bookmark_id", type=int)
@common_options
@handle_errors
def delete(bookmark_id: int) -> None:
    """Delete a report; a backup is written first."""
    run_delete("reports", [bookmark_id], lambda ws: ws.delete_bookmark(bookmark_id))


@group.command("bulk-delete")
@click.option("--ids", required=True, help="Comma-separated ids.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation on real Mixpanel.")
@common_options
@handle_errors
def bulk_delete(ids: str, yes: bool) -> None:
    """Delete several reports in one request; a backup is written first."""
    idl = parse_ids(ids) or []
    run_delete("reports", idl, lambda ws: ws.bulk_delete_bookmarks(idl, confirm=True), bulk=True, yes=yes)


@group.command("bulk-update")
@click.option("--entries", required=True, help='JSON list, e.g. [{"id": 1, "name": "X"}].')
@common_options
@handle_errors
def bulk_update(entries: str) -> None:
    """Update several reports in one request."""
    items = [mp.BulkUpdateBookmarkEntry.model_validate(e) for e in parse_json(entries, "--entries", kind=list)]
    get_workspace().bulk_update_bookmarks(items)
    emit({"updated": [e.id for e in items]})


@group.command("linked-dashboards")
@click.argument("bookmark_id", type=int)
@common_options
@handle_errors
def linked_dashboards(bookmark_id: int) -> None:
    """Ids of the boards that show this report."""
    emit(get_workspace().bookmark_linked_dashboard_ids(bookmark_id))


@group.command("dashboard-ids")
@click.argument("bookmark_id", type=int)
@common_options
@handle_errors
def dashboard_ids(bookmark_id: int) -> None:
    """Ids of the boards that show this report (the dashboards endpoint)."""
    emit(get_workspace().get_bookmark_dashboard_ids(bookmark_id))


@group.command("history")
@click.argument("bookmark_id", type=int)
@click.option("--cursor", default=None)
@click.option("--page-size", type=int, default=None)
@common_options
@handle_errors
def history(bookmark_id: int, cursor: str | None, page_size: int | None) -> None:
    """One page of a report's change history."""
    page = get_workspace().get_bookmark_history(bookmark_id, cursor=cursor, page_size=page_size)
    emit({"results": page.results, "pagination": page.pagination})
