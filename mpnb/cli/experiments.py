"""``mpnb experiments ...``: experiments and their lifecycle.

Lifecycle commands refuse a move the experiment's state does not allow (exit 4), naming the legal ones.
"""

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
    parse_entries,
    parse_ids,
    parse_json,
    resolve_ids,
)
from mpnb.cli._output import list_options
from mpnb.cli._run import change, delete_options, dry_run_option, dry_runnable, get_each, run_delete, run_each

__all__ = ["group"]

COLUMNS = ["id", "name", "status", "start_date", "end_date", "deleted"]


@click.group("experiments")
def group() -> None:
    """Experiments (ids are UUID strings): draft -> active -> concluded -> success | fail."""


@group.command("list")
@click.option("--include-archived", is_flag=True, help="Also list archived experiments.")
@list_options
@common_options
@handle_errors
def list_(include_archived: bool) -> None:
    """List experiments."""
    from mpnb.cli._stream import stream_list

    stream_list(get_workspace(), "experiments", {"include_archived": include_archived}, COLUMNS)


@group.command("create")
@click.option("--name", required=True, help="The experiment's name.")
@click.option("--description", default=None, help="Free text.")
@click.option("--hypothesis", default=None, help="What you expect to happen.")
@click.option("--settings", "settings_json", default=None, help="JSON object.")
@dry_run_option
@common_options
@handle_errors
def create(
    name: str, description: str | None, hypothesis: str | None, settings_json: str | None, dry_run: bool
) -> None:
    """Create a draft experiment."""
    params = params_or_exit(
        mp.CreateExperimentParams,
        name=name,
        description=description,
        hypothesis=hypothesis,
        settings=parse_json(settings_json, "--settings", kind=dict),
    )
    change(dry_run, "create", params, lambda: get_workspace().create_experiment(params), COLUMNS)


@group.command("get")
@ids_argument("experiment_ids", "experiments")
@common_options
@handle_errors
def get(experiment_ids: tuple[str, ...]) -> None:
    """One or more: experiment."""
    ws = get_workspace()
    get_each(resolve_ids(experiment_ids, kind=str), lambda i: ws.get_experiment(i), COLUMNS)


@group.command("update")
@id_argument("experiment_id", "experiments", kind=str)
@click.option("--name", default=None, help="New name.")
@click.option("--description", default=None, help="New description.")
@click.option("--hypothesis", default=None, help="New hypothesis.")
@click.option("--variants", "variants_json", default=None, help="JSON array.")
@click.option("--metrics", "metrics_json", default=None, help="JSON array.")
@click.option("--settings", "settings_json", default=None, help="JSON object.")
@click.option("--tags", default=None, help="Comma-separated tags.")
@dry_run_option
@common_options
@handle_errors
def update(
    experiment_id: str,
    name: str | None,
    description: str | None,
    hypothesis: str | None,
    variants_json: str | None,
    metrics_json: str | None,
    settings_json: str | None,
    tags: str | None,
    dry_run: bool,
) -> None:
    """Change only the given fields (status changes go through launch, conclude and decide)."""
    params = params_or_exit(
        mp.UpdateExperimentParams,
        name=name,
        description=description,
        hypothesis=hypothesis,
        variants=parse_json(variants_json, "--variants", kind=list),
        metrics=parse_json(metrics_json, "--metrics", kind=list),
        settings=parse_json(settings_json, "--settings", kind=dict),
        tags=[t.strip() for t in tags.split(",") if t.strip()] if tags is not None else None,
    )
    change(dry_run, "update", params, lambda: get_workspace().update_experiment(experiment_id, params), COLUMNS)


@group.command("delete")
@ids_argument("experiment_ids", "experiments")
@delete_options
@common_options
@handle_errors
def delete(experiment_ids: tuple[str, ...], yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete an experiment; a backup is written first."""
    run_delete(
        "experiments",
        resolve_ids(experiment_ids, kind=str),
        lambda ws, ids: [ws.delete_experiment(i) for i in ids],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.command("bulk-delete")
@click.option("--ids", required=True, help="Comma-separated experiment ids (UUIDs).")
@delete_options
@common_options
@handle_errors
def bulk_delete(ids: str, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete several experiments (one request each); a backup is written first."""
    run_delete(
        "experiments",
        parse_ids(ids, kind=str) or [],
        lambda ws, idl: [ws.delete_experiment(i) for i in idl],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.command("bulk-update")
@click.option("--entries", required=True, help='JSON list, e.g. [{"id": "<uuid>", "description": "X"}].')
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation on real Mixpanel.")
@dry_run_option
@common_options
@handle_errors
def bulk_update(entries: str, yes: bool, dry_run: bool) -> None:
    """Update several experiments (one request each); only the fields given change."""
    by_id = {i: params_or_exit(mp.UpdateExperimentParams, **f) for i, f in parse_entries(entries, str).items()}
    run_each(
        "experiments",
        list(by_id),
        "update",
        lambda ws, i: ws.update_experiment(i, by_id[i]),
        yes=yes,
        dry_run=dry_run,
    )


@group.command("launch")
@id_argument("experiment_id", "experiments", kind=str)
@common_options
@handle_errors
@dry_runnable
def launch(experiment_id: str) -> None:
    """draft -> active."""
    emit(get_workspace().launch_experiment(experiment_id), COLUMNS)


@group.command("conclude")
@id_argument("experiment_id", "experiments", kind=str)
@click.option("--end-date", default=None, help="YYYY-MM-DD (default: now).")
@common_options
@handle_errors
@dry_runnable
def conclude(experiment_id: str, end_date: str | None) -> None:
    """active -> concluded."""
    params = params_or_exit(mp.ExperimentConcludeParams, end_date=end_date) if end_date is not None else None
    emit(get_workspace().conclude_experiment(experiment_id, params=params), COLUMNS)


@group.command("decide")
@id_argument("experiment_id", "experiments", kind=str)
@click.option("--success/--no-success", "success", default=None, help="The outcome (one is required).")
@click.option("--variant", default=None, help="The winning variant.")
@click.option("--message", default=None, help="Why, in a sentence (shown with the decision).")
@common_options
@handle_errors
@dry_runnable
def decide(experiment_id: str, success: bool | None, variant: str | None, message: str | None) -> None:
    """concluded -> success (--success) or fail (--no-success)."""
    if success is None:
        raise click.UsageError("pass --success or --no-success")
    params = params_or_exit(mp.ExperimentDecideParams, success=success, variant=variant, message=message)
    emit(get_workspace().decide_experiment(experiment_id, params), COLUMNS)


@group.command("archive")
@id_argument("experiment_id", "experiments", kind=str)
@common_options
@handle_errors
@dry_runnable
def archive(experiment_id: str) -> None:
    """Hide an experiment from lists (its status is kept)."""
    get_workspace().archive_experiment(experiment_id)
    emit({"archived": experiment_id})


@group.command("restore")
@id_argument("experiment_id", "experiments", kind=str)
@common_options
@handle_errors
@dry_runnable
def restore(experiment_id: str) -> None:
    """Un-archive an experiment."""
    emit(get_workspace().restore_experiment(experiment_id), COLUMNS)


@group.command("duplicate")
@id_argument("experiment_id", "experiments", kind=str)
@click.option("--name", required=True, help="Name of the copy (Mixpanel requires one).")
@common_options
@handle_errors
@dry_runnable
def duplicate(experiment_id: str, name: str) -> None:
    """Copy an experiment as a new draft."""
    params = params_or_exit(mp.DuplicateExperimentParams, name=name)
    emit(get_workspace().duplicate_experiment(experiment_id, params), COLUMNS)


@group.command("erf")
@common_options
@handle_errors
def erf() -> None:
    """Experiments in ERF (Experiment Results Framework) format."""
    emit(get_workspace().list_erf_experiments())


@group.command("lifecycle")
@id_argument("experiment_id", "experiments", kind=str)
@common_options
@handle_errors
def lifecycle(experiment_id: str) -> None:
    """State, legal moves and the date of each step."""
    emit(get_workspace().get_experiment_lifecycle(experiment_id))
