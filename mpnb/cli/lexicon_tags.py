"""``mpnb lexicon-tags ...``: Lexicon tags (labels on events; not the annotation tags)."""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import common_options, emit, get_workspace, handle_errors, id_argument
from mpnb.cli._run import change, delete_options, dry_run_option, run_delete

__all__ = ["COLUMNS", "group"]

COLUMNS = ["name", "tag_id"]


@click.group("lexicon-tags")
def group() -> None:
    """Lexicon tags on events and properties (annotation tags are `mpnb annotations tags`)."""


@group.command("list")
@common_options
@handle_errors
def list_() -> None:
    """List Lexicon tags (Mixpanel may list names without ids)."""
    emit(get_workspace().list_lexicon_tags(), COLUMNS, id_key="name")


@group.command("create")
@click.option("--name", required=True, help="The tag's name.")
@dry_run_option
@common_options
@handle_errors
def create(name: str, dry_run: bool) -> None:
    """Create a tag; prints its id (a rename needs it)."""
    params = mp.CreateLexiconTagParams(name=name)
    change(dry_run, "create", params, lambda: get_workspace().create_lexicon_tag(params), COLUMNS)


@group.command("update")
@click.argument("tag_id", type=int)
@click.option("--name", required=True, help="The tag's new name.")
@dry_run_option
@common_options
@handle_errors
def update(tag_id: int, name: str, dry_run: bool) -> None:
    """Rename a tag by its id; every definition carrying it follows."""
    params = mp.UpdateLexiconTagParams(name=name)
    change(dry_run, "update", params, lambda: get_workspace().update_lexicon_tag(tag_id, params), COLUMNS)


@group.command("delete")
@id_argument("tag_name", "lexicon_tags", kind=str)
@delete_options
@common_options
@handle_errors
def delete(tag_name: str, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete a tag by name (it comes off every definition); a backup is written first."""
    run_delete(
        "lexicon_tags",
        [tag_name],
        lambda ws, names: [ws.delete_lexicon_tag(n) for n in names],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
        cascade="it comes off every event that carries it",
    )
