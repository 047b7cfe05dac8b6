"""``mpnb flags ...``: feature flags, their lifecycle, QA testers, history and limits."""

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
    parse_entries,
    parse_ids,
    parse_json,
    resolve_ids,
)
from mpnb.cli._output import list_options
from mpnb.cli._run import change, delete_options, dry_run_option, dry_runnable, get_each, run_delete, run_each

__all__ = ["group"]

COLUMNS = ["id", "name", "key", "status", "context", "serving_method", "modified"]
# the positions of a history event (Mixpanel sends arrays; the CLI prints objects)
HISTORY_FIELDS = ["id", "action", "timestamp", "user", "changes"]
STATUS = click.Choice([s.value for s in mp.FeatureFlagStatus])
SERVING = click.Choice([s.value for s in mp.ServingMethod])


def _tags(value: str | None) -> list[str] | None:
    """``"a, b"`` -> ``["a", "b"]``; ``""`` clears the tags."""
    if value is None:
        return None
    return [t.strip() for t in value.split(",") if t.strip()]


@click.group("flags")
def group() -> None:
    """Feature flags (ids are UUID strings)."""


@group.command("list")
@click.option("--include-archived", is_flag=True, help="Also list archived flags.")
@list_options
@common_options
@handle_errors
def list_(include_archived: bool) -> None:
    """List flags."""
    from mpnb.cli._stream import stream_list

    stream_list(get_workspace(), "flags", {"include_archived": include_archived}, COLUMNS)


@group.command("create")
@click.option("--name", required=True, help="The flag's name.")
@click.option("--key", required=True, help="The key SDKs ask for.")
@click.option("--description", default=None, help="Free text.")
@click.option("--status", type=STATUS, default=None, help="Default disabled.")
@click.option("--tags", default=None, help="Comma-separated.")
@click.option("--context", default=None, help="Variant assignment key (default distinct_id).")
@click.option("--serving-method", type=SERVING, default=None, help="Default client.")
@click.option("--ruleset", "ruleset_json", default=None, help="JSON object; default On/Off for everyone.")
@dry_run_option
@common_options
@handle_errors
def create(
    name: str,
    key: str,
    description: str | None,
    status: str | None,
    tags: str | None,
    context: str | None,
    serving_method: str | None,
    ruleset_json: str | None,
    dry_run: bool,
) -> None:
    """Create a flag."""
    params = params_or_exit(
        mp.CreateFeatureFlagParams,
        name=name,
        key=key,
        description=description,
        status=status,
        tags=_tags(tags),
        context=context,
        serving_method=serving_method,
        ruleset=parse_json(ruleset_json, "--ruleset", kind=dict),
    )
    change(dry_run, "create", params, lambda: get_workspace().create_feature_flag(params), COLUMNS)


@group.command("get")
@ids_argument("flag_ids", "flags")
@common_options
@handle_errors
def get(flag_ids: tuple[str, ...]) -> None:
    """One or more: flag, with its ruleset."""
    ws = get_workspace()
    get_each(resolve_ids(flag_ids, kind=str), lambda i: ws.get_feature_flag(i), COLUMNS)


@group.command("update")
@id_argument("flag_id", "flags", kind=str)
@click.option("--name", default=None, help="New name.")
@click.option("--key", default=None, help="New SDK key.")
@click.option("--status", type=STATUS, default=None, help="New status.")
@click.option("--ruleset", "ruleset_json", default=None, help="JSON object (the whole ruleset).")
@click.option("--description", default=None, help="New description.")
@click.option("--tags", default=None, help='Comma-separated; "" clears them.')
@click.option("--context", default=None, help="Variant assignment key.")
@click.option("--serving-method", type=SERVING, default=None, help="Where variants are decided.")
@dry_run_option
@common_options
@handle_errors
def update(
    flag_id: str,
    name: str | None,
    key: str | None,
    status: str | None,
    ruleset_json: str | None,
    description: str | None,
    tags: str | None,
    context: str | None,
    serving_method: str | None,
    dry_run: bool,
) -> None:
    """Change a flag; every option left out keeps the flag's current value (nothing is reset)."""
    ws = get_workspace()
    given: dict[str, Any] = {
        "name": name,
        "key": key,
        "status": status,
        "ruleset": parse_json(ruleset_json, "--ruleset", kind=dict),
        "description": description,
        "tags": _tags(tags),
        "context": context,
        "serving_method": serving_method,
    }
    # the fields given only: the update fills the rest from the flag as it is (one read, then one PUT)
    params = params_or_exit(mp.UpdateFeatureFlagParams, **{k: v for k, v in given.items() if v is not None})
    change(dry_run, "update", params, lambda: ws.update_feature_flag(flag_id, params), COLUMNS)


@group.command("delete")
@ids_argument("flag_ids", "flags")
@delete_options
@common_options
@handle_errors
def delete(flag_ids: tuple[str, ...], yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete a disabled or archived flag; a backup is written first."""
    run_delete(
        "flags",
        resolve_ids(flag_ids, kind=str),
        lambda ws, ids: [ws.delete_feature_flag(i) for i in ids],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.command("bulk-delete")
@click.option("--ids", required=True, help="Comma-separated flag ids (UUIDs).")
@delete_options
@common_options
@handle_errors
def bulk_delete(ids: str, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete several disabled or archived flags (one request each); a backup is written first."""
    run_delete(
        "flags",
        parse_ids(ids, kind=str) or [],
        lambda ws, idl: [ws.delete_feature_flag(i) for i in idl],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.command("bulk-update")
@click.option("--entries", required=True, help='JSON list, e.g. [{"id": "<uuid>", "status": "disabled"}].')
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation on real Mixpanel.")
@dry_run_option
@common_options
@handle_errors
def bulk_update(entries: str, yes: bool, dry_run: bool) -> None:
    """Update several flags (one request each); fields left out keep their values."""
    by_id = parse_entries(entries, str)
    run_each(
        "flags",
        list(by_id),
        "update",
        lambda ws, i: ws.update_feature_flag(i, params_or_exit(mp.UpdateFeatureFlagParams, **by_id[i])),
        yes=yes,
        dry_run=dry_run,
    )


@group.command("archive")
@id_argument("flag_id", "flags", kind=str)
@common_options
@handle_errors
@dry_runnable
def archive(flag_id: str) -> None:
    """Archive a disabled flag."""
    get_workspace().archive_feature_flag(flag_id)
    emit({"id": flag_id, "done": "archive"})


@group.command("restore")
@id_argument("flag_id", "flags", kind=str)
@common_options
@handle_errors
@dry_runnable
def restore(flag_id: str) -> None:
    """Restore an archived flag (it comes back disabled)."""
    emit(get_workspace().restore_feature_flag(flag_id), COLUMNS)


@group.command("duplicate")
@id_argument("flag_id", "flags", kind=str)
@common_options
@handle_errors
@dry_runnable
def duplicate(flag_id: str) -> None:
    """Copy a flag (the copy is disabled)."""
    emit(get_workspace().duplicate_feature_flag(flag_id), COLUMNS)


@group.command("set-test-users")
@id_argument("flag_id", "flags", kind=str)
@click.option("--users", required=True, help='JSON, {"variant": "distinct_id"} or {"distinct_id": "variant"}.')
@common_options
@handle_errors
@dry_runnable
def set_test_users(flag_id: str, users: str) -> None:
    """Pin QA testers to variants; '{}' clears them."""
    ws = get_workspace()
    ws.set_flag_test_users(flag_id, mp.SetTestUsersParams(users=parse_json(users, "--users", kind=dict)))
    emit({"id": flag_id, "test_users": ws.get_feature_flag(flag_id).test_users})


@group.command("history")
@id_argument("flag_id", "flags", kind=str)
@page_options
@common_options
@handle_errors
def history(flag_id: str, limit: int, all_pages: bool, cursor: str | None) -> None:
    """A flag's change history, newest first (the cursor is a page number)."""
    ws = get_workspace()
    if cursor is not None and not (cursor.isascii() and cursor.isdigit()):
        raise click.BadParameter("a flag history cursor is a page number", param_hint="--cursor")

    def fetch(at: str | None, size: int) -> tuple[list[dict[str, Any]], str | None]:
        page = int(at) if at else 1
        answer = ws.get_flag_history(flag_id, page=page, page_size=size)
        entries = [dict(zip(HISTORY_FIELDS, e)) if isinstance(e, list) else as_object(e) for e in answer.events]
        more = str(page + 1) if entries and page * size < answer.count else None
        return entries, more

    emit_pages(fetch, limit=limit, all_pages=all_pages, cursor=cursor, columns=HISTORY_FIELDS)


@group.command("limits")
@common_options
@handle_errors
def limits() -> None:
    """The project's flag allowance and usage."""
    emit(get_workspace().get_flag_limits())
