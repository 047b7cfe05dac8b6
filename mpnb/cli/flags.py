"""``mpnb flags ...``: feature flags, their lifecycle, QA testers, history and limits."""

from __future__ import annotations

from typing import Any

import click

import mpnb as mp
from mpnb.cli._common import common_options, emit, get_workspace, handle_errors, params_or_exit, parse_json, run_delete

__all__ = ["group"]

COLUMNS = ["id", "name", "key", "status", "context", "serving_method", "modified"]
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
@common_options
@handle_errors
def list_(include_archived: bool) -> None:
    """List flags."""
    emit(get_workspace().list_feature_flags(include_archived=include_archived), COLUMNS)


@group.command("create")
@click.option("--name", required=True)
@click.option("--key", required=True, help="The key SDKs ask for.")
@click.option("--description", default=None)
@click.option("--status", type=STATUS, default=None, help="Default disabled.")
@click.option("--tags", default=None, help="Comma-separated.")
@click.option("--context", default=None, help="Variant assignment key (default distinct_id).")
@click.option("--serving-method", type=SERVING, default=None, help="Default client.")
@click.option("--ruleset", "ruleset_json", default=None, help="JSON object; default On/Off for everyone.")
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
    emit(get_workspace().create_feature_flag(params), COLUMNS)


@group.command("get")
@click.argument("flag_id")
@common_options
@handle_errors
def get(flag_id: str) -> None:
    """One flag, with its ruleset."""
    emit(get_workspace().get_feature_flag(flag_id), COLUMNS)


@group.command("update")
@click.argument("flag_id")
@click.option("--name", default=None)
@click.option("--key", default=None)
@click.option("--status", type=STATUS, default=None)
@click.option("--ruleset", "ruleset_json", default=None, help="JSON object (the whole ruleset).")
@click.option("--description", default=None)
@click.option("--tags", default=None, help='Comma-separated; "" clears them.')
@click.option("--context", default=None)
@click.option("--serving-method", type=SERVING, default=None)
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
) -> None:
    """Change a flag; every option left out keeps the flag's current value (nothing is reset)."""
    ws = get_workspace()
    ruleset = parse_json(ruleset_json, "--ruleset", kind=dict)
    current = ws.get_feature_flag(flag_id)
    fields: dict[str, Any] = {
        "name": name if name is not None else current.name,
        "key": key if key is not None else current.key,
        "status": status if status is not None else current.status,
        "ruleset": ruleset if ruleset is not None else current.ruleset,
        "description": description,
        "tags": _tags(tags),
        "context": context,
        "serving_method": serving_method,
    }
    emit(ws.update_feature_flag(flag_id, params_or_exit(mp.UpdateFeatureFlagParams, **fields)), COLUMNS)


@group.command("delete")
@click.argument("flag_id")
@common_options
@handle_errors
def delete(flag_id: str) -> None:
    """Delete a disabled or archived flag; a backup is written first."""
    run_delete("flags", [flag_id], lambda ws: ws.delete_feature_flag(flag_id))


@group.command("archive")
@click.argument("flag_id")
@common_options
@handle_errors
def archive(flag_id: str) -> None:
    """Archive a disabled flag."""
    get_workspace().archive_feature_flag(flag_id)
    emit({"id": flag_id, "done": "archive"})


@group.command("restore")
@click.argument("flag_id")
@common_options
@handle_errors
def restore(flag_id: str) -> None:
    """Restore an archived flag (it comes back disabled)."""
    emit(get_workspace().restore_feature_flag(flag_id), COLUMNS)


@group.command("duplicate")
@click.argument("flag_id")
@common_options
@handle_errors
def duplicate(flag_id: str) -> None:
    """Copy a flag (the copy is disabled)."""
    emit(get_workspace().duplicate_feature_flag(flag_id), COLUMNS)


@group.command("set-test-users")
@click.argument("flag_id")
@click.option("--users", required=True, help='JSON, {"variant": "distinct_id"} or {"distinct_id": "variant"}.')
@common_options
@handle_errors
def set_test_users(flag_id: str, users: str) -> None:
    """Pin QA testers to variants; '{}' clears them."""
    ws = get_workspace()
    ws.set_flag_test_users(flag_id, mp.SetTestUsersParams(users=parse_json(users, "--users", kind=dict)))
    emit({"id": flag_id, "test_users": ws.get_feature_flag(flag_id).test_users})


@group.command("history")
@click.argument("flag_id")
@click.option("--page", default=None)
@click.option("--page-size", type=int, default=None)
@common_options
@handle_errors
def history(flag_id: str, page: str | None, page_size: int | None) -> None:
    """One page of a flag's change history."""
    emit(get_workspace().get_flag_history(flag_id, page=page, page_size=page_size))


@group.command("limits")
@common_options
@handle_errors
def limits() -> None:
    """The project's flag allowance and usage."""
    emit(get_workspace().get_flag_limits())
