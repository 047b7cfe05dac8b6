"""``mpnb inspect info``: where commands go and as whom (never a secret)."""

from __future__ import annotations

import click

from mpnb.cli._common import common_options, emit, get_workspace, handle_errors
from mpnb.cli._output import plain

__all__ = ["group"]


@click.group("inspect")
def group() -> None:
    """Look at the target: project, region, workspaces, auth kind."""


@group.command("info")
@common_options
@handle_errors
def info() -> None:
    """Target, project, region, workspaces, auth kind, and whether changes ask for confirmation."""
    ws = get_workspace()
    info = plain(ws.info())
    real = bool(ws.target.is_real)
    info["confirmations"] = "on" if real else "off"
    info["confirmations_note"] = (
        "a real destination: deletes and restores need --yes or a typed yes (apply, copy, audit --fix always ask)"
        if real
        else "the local or a loopback sandbox: deletes and restores run without asking (apply, copy, audit --fix ask)"
    )
    emit(info, ["target", "kind", "project_id", "region", "workspace_id", "auth", "confirmations"])


@group.command("workspaces")
@common_options
@handle_errors
def workspaces() -> None:
    """The project's workspaces (data views)."""
    emit(get_workspace().list_workspaces(), ["id", "name", "is_global", "is_default"])
