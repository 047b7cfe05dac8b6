"""``mpnb annotations ...``: timeline annotations and their tags."""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import common_options, emit, get_workspace, handle_errors, params_or_exit, parse_ids, run_delete

__all__ = ["group"]

COLUMNS = ["id", "date", "description", "tags"]
TAG_COLUMNS = ["id", "name", "has_annotations"]


@click.group("annotations")
def group() -> None:
    """Timeline annotations and their tags."""


@group.command("list")
@click.option("--from", "from_date", default=None, help="First day, YYYY-MM-DD (inclusive).")
@click.option("--to", "to_date", default=None, help="Last day, YYYY-MM-DD (inclusive).")
@click.option("--tags", default=None, help="Comma-separated tag ids; keeps annotations carrying any of them.")
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
@click.option("--user-id", type=int, default=None)
@common_options
@handle_errors
def create(when: str, description: str, tags: str | None, user_id: int | None) -> None:
    """Create an annotation."""
    params = params_or_exit(
        mp.CreateAnnotationParams, date=when, description=description, tags=parse_ids(tags, "--tags"), user_id=user_id
    )
    emit(get_workspace().create_annotation(params), COLUMNS)


@group.command("get")
@click.argument("annotation_id", type=int)
@common_options
@handle_errors
def get(annotation_id: int) -> None:
    """One annotation."""
    emit(get_workspace().get_annotation(annotation_id), COLUMNS)


@group.command("update")
@click.argument("annotation_id", type=int)
@click.option("--description", default=None)
@click.option("--tags", default=None, help="Comma-separated tag ids; replaces the tag set.")
@click.option("--date", "when", default=None, hidden=True)
@common_options
@handle_errors
def update(annotation_id: int, description: str | None, tags: str | None, when: str | None) -> None:
    """Change an annotation's description or tags (its date cannot change)."""
    if when is not None:
        raise click.UsageError(
            "an annotation's date cannot be changed: Mixpanel keeps it immutable. "
            "Delete it and create a new one with the new date."
        )
    params = params_or_exit(mp.UpdateAnnotationParams, description=description, tags=parse_ids(tags, "--tags"))
    emit(get_workspace().update_annotation(annotation_id, params), COLUMNS)


@group.command("delete")
@click.argument("annotation_id", type=int)
@common_options
@handle_errors
def delete(annotation_id: int) -> None:
    """Delete an annotation; a backup is written first."""
    run_delete("annotations", [annotation_id], lambda ws: ws.delete_annotation(annotation_id))


@group.group("tags")
def tags_group() -> None:
    """Annotation tags (Mixpanel cannot rename or delete them)."""


@tags_group.command("list")
@common_options
@handle_errors
def tags_list() -> None:
    """List annotation tags."""
    emit(get_workspace().list_annotation_tags(), TAG_COLUMNS)


@tags_group.command("create")
@click.option("--name", required=True)
@common_options
@handle_errors
def tags_create(name: str) -> None:
    """Create an annotation tag."""
    emit(get_workspace().create_annotation_tag(mp.CreateAnnotationTagParams(name=name)), TAG_COLUMNS)
