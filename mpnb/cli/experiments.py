"""``mpnb experiments ...``: experiments and their lifecycle.

Lifecycle commands refuse a move the experiment's state does not allow (exit 4), naming the legal ones.
"""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import common_options, emit, get_workspace, handle_errors, params_or_exit, parse_json, run_delete

__all__ = ["group"]

COLUMNS = ["id", "name", "status", "start_date", "end_date", "deleted"]


@click.group("experiments")
def group() -> None:
    """Experiments: draft -> active -> concluded -> success | fail."""


@group.command("list")
@click.option("--include-archived", is_flag=True, help="Also list archived experiments.")
@common_options
@handle_errors
def list_(include_archived: bool) -> None:
    """List experiments."""
    emit(get_workspace().list_experiments(include_archived=include_archived), COLUMNS)


@group.command("create")
@click.option("--name", required=True)
@click.option("--description", default=None)
@click.option("--hypothesis", default=None)
@click.option("--settings", "settings_json", default=None, help="JSON object.")
@common_options
@handle_errors
def create(name: str, description: str | None, hypothesis: str | None, settings_json: str | None) -> None:
    """Create a draft experiment."""
    params = params_or_exit(
        mp.CreateExperimentParams,
        name=name,
        description=description,
        hypothesis=hypothesis,
        settings=parse_json(settings_json, "--settings", kind=dict),
    )
    emit(get_workspace().create_experiment(params), COLUMNS)


@group.command("get")
@click.argument("experiment_id")
@common_options
@handle_errors
def get(experiment_id: str) -> None:
    """One experiment."""
    emit(get_workspace().get_experiment(experiment_id), COLUMNS)


@group.command("update")
@click.argument("experiment_id")
@click.option("--name", default=None)
@click.option("--description", default=None)
@click.option("--hypothesis", default=None)
@click.option("--variants", "variants_json", default=None, help="JSON array.")
@click.option("--metrics", "metrics_json", default=None, help="JSON array.")
@click.option("--settings", "settings_json", default=None, help="JSON object.")
@click.option("--tags", default=None, help="Comma-separated tags.")
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
    emit(get_workspace().update_experiment(experiment_id, params), COLUMNS)


@group.command("delete")
@click.argument("experiment_id")
@common_options
@handle_errors
def delete(experiment_id: str) -> None:
    """Delete an experiment; a backup is written first."""
    run_delete("experiments", [experiment_id], lambda ws: ws.delete_experiment(experiment_id))


@group.command("launch")
@click.argument("experiment_id")
@common_options
@handle_errors
def launch(experiment_id: str) -> None:
    """draft -> active."""
    emit(get_workspace().launch_experiment(experiment_id), COLUMNS)


@group.command("conclude")
@click.argument("experiment_id")
@click.option("--end-date", default=None, help="YYYY-MM-DD (default: now).")
@common_options
@handle_errors
def conclude(experiment_id: str, end_date: str | None) -> None:
    """active -> concluded."""
    params = params_or_exit(mp.ExperimentConcludeParams, end_date=end_date) if end_date is not None else None
    emit(get_workspace().conclude_experiment(experiment_id, params=params), COLUMNS)


@group.command("decide")
@click.argument("experiment_id")
@click.option("--success/--no-success", "success", default=None, help="The outcome (one is required).")
@click.option("--variant", default=None, help="The winning variant.")
@click.option("--message", default=None)
@common_options
@handle_errors
def decide(experiment_id: str, success: bool | None, variant: str | None, message: str | None) -> None:
    """concluded -> success (--success) or fail (--no-success)."""
    if success is None:
        raise click.UsageError("pass --success or --no-success")
    params = params_or_exit(mp.ExperimentDecideParams, success=success, variant=variant, message=message)
    emit(get_workspace().decide_experiment(experiment_id, params), COLUMNS)


@group.command("archive")
@click.argument("experiment_id")
@common_options
@handle_errors
def archive(experiment_id: str) -> None:
    """Hide an experiment from lists (its status is kept)."""
    get_workspace().archive_experiment(experiment_id)
    emit({"archived": experiment_id})


@group.command("restore")
@click.argument("experiment_id")
@common_options
@handle_errors
def restore(experiment_id: str) -> None:
    """Un-archive an experiment."""
    emit(get_workspace().restore_experiment(experiment_id), COLUMNS)


@group.command("duplicate")
@click.argument("experiment_id")
@click.option("--name", required=True, help="Name of the copy (Mixpanel requires one).")
@common_options
@handle_errors
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
@click.argument("experiment_id")
@common_options
@handle_errors
def lifecycle(experiment_id: str) -> None:
    """State, legal moves and the date of each step."""
    emit(get_workspace().get_experiment_lifecycle(experiment_id))
