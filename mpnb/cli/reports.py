"""``mpnb reports ...``: reports (Mixpanel calls them bookmarks), bulk edits, history and linked boards."""

from __future__ import annotations

from typing import Any

import click

import mpnb as mp
from mpnb.cli._common import (
    as_object,
    common_options,
    emit,
    emit_pages,
    get_workspace,
    handle_errors,
    id_argument,
    ids_argument,
    page_options,
    params_or_exit,
    parse_ids,
    parse_json,
    resolve_ids,
)
from mpnb.cli._output import list_options
from mpnb.cli._run import change, delete_options, dry_run_option, get_each, run_delete

__all__ = ["group"]

COLUMNS = ["id", "name", "bookmark_type", "dashboard_id", "modified"]
HISTORY_COLUMNS = ["id", "action", "timestamp", "user", "changes"]
LIST_TYPES = click.Choice(["insights", "funnels", "retention", "flows", "launch-analysis", "user"])


@click.group("reports")
def group() -> None:
    """Reports (Mixpanel's bookmarks)."""


@group.command("list")
@click.option("--type", "bookmark_type", type=LIST_TYPES, default=None, help="Only reports of this type.")
@click.option("--ids", default=None, help="Comma-separated ids.")
@list_options
@common_options
@handle_errors
def list_(bookmark_type: str | None, ids: str | None) -> None:
    """List reports."""
    from mpnb.cli._stream import stream_list

    stream_list(get_workspace(), "reports", {"bookmark_type": bookmark_type, "ids": parse_ids(ids)}, COLUMNS)


@group.command("create")
@click.option("--name", required=True, help="The report's name.")
@click.option(
    "--type",
    "bookmark_type",
    required=True,
    type=click.Choice(["insights", "funnels", "retention", "flows", "user"]),
    help="The kind of report.",
)
@click.option("--params", "params_json", required=True, help="The report's query, a JSON object.")
@click.option("--description", default=None, help="Free text shown under the name.")
@click.option("--dashboard-id", type=int, default=None, help="The board to save it to (Mixpanel requires one).")
@dry_run_option
@common_options
@handle_errors
def create(
    name: str,
    bookmark_type: str,
    params_json: str,
    description: str | None,
    dashboard_id: int | None,
    dry_run: bool,
) -> None:
    """Create a report on a board."""
    params = params_or_exit(
        mp.CreateBookmarkParams,
        name=name,
        type=bookmark_type,
        params=parse_json(params_json, "--params", kind=dict),
        description=description,
        dashboard_id=dashboard_id,
    )
    change(dry_run, "create", params, lambda: get_workspace().create_bookmark(params), COLUMNS)


@group.command("get")
@ids_argument("bookmark_ids", "reports")
@common_options
@handle_errors
def get(bookmark_ids: tuple[str, ...]) -> None:
    """One or more: report."""
    ws = get_workspace()
    get_each(resolve_ids(bookmark_ids, kind=int), lambda i: ws.get_bookmark(i), COLUMNS)


@group.command("update")
@id_argument("bookmark_id", "reports")
@click.option("--name", default=None, help="New name.")
@click.option("--params", "params_json", default=None, help="The whole new query, a JSON object.")
@click.option("--description", default=None, help="New description.")
@dry_run_option
@common_options
@handle_errors
def update(bookmark_id: int, name: str | None, params_json: str | None, description: str | None, dry_run: bool) -> None:
    """Change a report's name, description or query."""
    params = params_or_exit(
        mp.UpdateBookmarkParams,
        name=name,
        description=description,
        params=parse_json(params_json, "--params", kind=dict),
    )
    change(dry_run, "update", params, lambda: get_workspace().update_bookmark(bookmark_id, params), COLUMNS)


@group.command("delete")
@ids_argument("bookmark_ids", "reports")
@delete_options
@common_options
@handle_errors
def delete(bookmark_ids: tuple[str, ...], yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete a report (and the alerts on it); a backup is written first."""
    run_delete(
        "reports",
        resolve_ids(bookmark_ids, kind=int),
        lambda ws, ids: [ws.delete_bookmark(i) for i in ids],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
        cascade="alerts on it go too",
    )


@group.command("bulk-delete")
@click.option("--ids", required=True, help="Comma-separated ids.")
@delete_options
@common_options
@handle_errors
def bulk_delete(ids: str, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete several reports in one request; a backup is written first."""
    run_delete(
        "reports",
        parse_ids(ids) or [],
        lambda ws, idl: ws.bulk_delete_bookmarks(idl, confirm=True),
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
        cascade="alerts on them go too",
    )


@group.command("bulk-update")
@click.option("--entries", required=True, help='JSON list, e.g. [{"id": 1, "name": "X"}].')
@dry_run_option
@common_options
@handle_errors
def bulk_update(entries: str, dry_run: bool) -> None:
    """Update several reports in one request."""
    items = [mp.BulkUpdateBookmarkEntry.model_validate(e) for e in parse_json(entries, "--entries", kind=list)]
    if dry_run:
        emit({"dry_run": True, "action": "bulk-update", "would_send": items})
        return
    get_workspace().bulk_update_bookmarks(items)
    emit({"updated": [e.id for e in items]})


@group.command("linked-dashboards")
@id_argument("bookmark_id", "reports")
@common_options
@handle_errors
def linked_dashboards(bookmark_id: int) -> None:
    """Ids of the boards that show this report."""
    emit(get_workspace().bookmark_linked_dashboard_ids(bookmark_id))


@group.command("dashboard-ids")
@id_argument("bookmark_id", "reports")
@common_options
@handle_errors
def dashboard_ids(bookmark_id: int) -> None:
    """Ids of the boards that show this report (the dashboards endpoint)."""
    emit(get_workspace().get_bookmark_dashboard_ids(bookmark_id))


@group.command("history")
@id_argument("bookmark_id", "reports")
@page_options
@common_options
@handle_errors
def history(bookmark_id: int, limit: int, all_pages: bool, cursor: str | None) -> None:
    """A report's change history, newest first."""
    ws = get_workspace()

    def fetch(at: str | None, size: int) -> tuple[list[dict[str, Any]], str | None]:
        page = ws.get_bookmark_history(bookmark_id, cursor=at, page_size=size)
        more = page.pagination.cursor if page.pagination.has_more else None
        return [as_object(e) for e in page.data], more

    emit_pages(fetch, limit=limit, all_pages=all_pages, cursor=cursor, columns=HISTORY_COLUMNS)
