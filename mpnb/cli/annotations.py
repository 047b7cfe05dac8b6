"""``mpnb annotations ...``: timeline annotations and their tags."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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
    resolve_ids,
)
from mpnb.cli._output import list_options
from mpnb.cli._run import change, delete_options, dry_run_option, get_each, run_delete

__all__ = ["group"]

COLUMNS = ["id", "date", "description", "tags"]
TAG_COLUMNS = ["id", "name", "has_annotations"]


@click.group("annotations")
def group() -> None:
    """Timeline annotations and their tags."""


def _project_time(when: str) -> Any:
    """``2025-03-31T00:00:00Z`` (how the CLI prints times) back to the zone-less time Mixpanel stores."""
    text = when.strip()
    if "T" in text:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            return when
    return when


@group.command("list")
@click.option("--from", "from_date", default=None, help="First day, YYYY-MM-DD (inclusive).")
@click.option("--to", "to_date", default=None, help="Last day, YYYY-MM-DD (inclusive).")
@click.option("--tags", default=None, help="Comma-separated tag ids; keeps annotations carrying any of them.")
@list_options
@common_options
@handle_errors
def list_(from_date: str | None, to_date: str | None, tags: str | None) -> None:
    """List annotations, optionally by date range and tags."""
    found = get_workspace().list_annotations(from_date=from_date, to_date=to_date, tags=parse_ids(tags, "--tags"))
    emit(found, COLUMNS)


@group.command("create")
@click.option("--date", "when", required=True, help='Project time, "YYYY-MM-DD HH:MM:SS" (e.g. "2025-03-31 00:00:00").')
@click.option("--description", required=True, help="At most 512 characters.")
@click.option("--tags", default=None, help="Comma-separated tag ids.")
@click.option("--user-id", type=int, default=None, help="Who it is from (default: you).")
@dry_run_option
@common_options
@handle_errors
def create(when: str, description: str, tags: str | None, user_id: int | None, dry_run: bool) -> None:
    """Create an annotation."""
    params = params_or_exit(
        mp.CreateAnnotationParams,
        date=_project_time(when),
        description=description,
        tags=parse_ids(tags, "--tags"),
        user_id=user_id,
    )
    change(dry_run, "create", params, lambda: get_workspace().create_annotation(params), COLUMNS)


@group.command("get")
@ids_argument("annotation_ids", "annotations")
@common_options
@handle_errors
def get(annotation_ids: tuple[str, ...]) -> None:
    """One or more: annotation."""
    ws = get_workspace()
    get_each(resolve_ids(annotation_ids, kind=int), lambda i: ws.get_annotation(i), COLUMNS)


@group.command("update")
@id_argument("annotation_id", "annotations")
@click.option("--description", default=None, help="New text (at most 512 characters).")
@click.option("--tags", default=None, help="Comma-separated tag ids; replaces the tag set.")
@click.option("--date", "when", default=None, hidden=True, help="Refused: an annotation's date cannot change.")
@dry_run_option
@common_options
@handle_errors
def update(annotation_id: int, description: str | None, tags: str | None, when: str | None, dry_run: bool) -> None:
    """Change an annotation's description or tags (its date cannot change)."""
    if when is not None:
        raise click.UsageError(
            "an annotation's date cannot be changed: Mixpanel keeps it immutable. "
            "Delete it and create a new one with the new date."
        )
    params = params_or_exit(mp.UpdateAnnotationParams, description=description, tags=parse_ids(tags, "--tags"))
    change(dry_run, "update", params, lambda: get_workspace().update_annotation(annotation_id, params), COLUMNS)


@group.command("delete")
@ids_argument("annotation_ids", "annotations")
@delete_options
@common_options
@handle_errors
def delete(annotation_ids: tuple[str, ...], yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete an annotation; a backup is written first."""
    run_delete(
        "annotations",
        resolve_ids(annotation_ids, kind=int),
        lambda ws, ids: [ws.delete_annotation(i) for i in ids],
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
    """Delete several annotations (one request each); a backup is written first."""
    run_delete(
        "annotations",
        parse_ids(ids) or [],
        lambda ws, idl: [ws.delete_annotation(i) for i in idl],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.group("tags", invoke_without_command=True)
@common_options
@click.pass_context
@handle_errors
def tags_group(ctx: click.Context) -> None:
    """Annotation tags (Mixpanel cannot rename or delete them); alone, it lists them."""
    if ctx.invoked_subcommand is None:
        emit(get_workspace().list_annotation_tags(), TAG_COLUMNS)


@tags_group.command("list")
@common_options
@handle_errors
def tags_list() -> None:
    """List annotation tags."""
    emit(get_workspace().list_annotation_tags(), TAG_COLUMNS)


@tags_group.command("create")
@click.option("--name", required=True, help="The tag's name.")
@dry_run_option
@common_options
@handle_errors
def tags_create(name: str, dry_run: bool) -> None:
    """Create an annotation tag."""
    params = mp.CreateAnnotationTagParams(name=name)
    change(dry_run, "create", params, lambda: get_workspace().create_annotation_tag(params), TAG_COLUMNS)
