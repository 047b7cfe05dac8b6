"""``mpnb inspect info``: where commands go and as whom (never a secret)."""

from __future__ import annotations

import click

from mpnb.cli._common import common_options, emit, get_workspace, handle_errors

__all__ = ["group"]


@click.group("inspect")
def group() -> None:
    """Look at the target: project, region, workspaces, auth kind."""


@group.command("info")
@common_options
@handle_errors
def info() -> None:
    """Target, project, region, workspaces and auth kind."""
    emit(get_workspace().info())


@group.command("workspaces")
@common_options
@handle_errors
def workspaces() -> None:
    """The project's workspaces (data views)."""
    emit(get_workspace().list_workspaces(), ["id", "name", "is_global", "is_default"])
