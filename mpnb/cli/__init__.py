"""The ``mpnb`` command: one click group per entity family, plus ``inspect`` and ``sandbox``.

click was chosen because it is small, stable and already what typer builds on; options such as
``--workspace-id`` work before or after the subcommand, and ``CliRunner`` makes commands easy to test.
"""

import click

from mpnb._version import __version__
from mpnb.cli import (
    alerts,
    annotations,
    cohorts,
    dashboards,
    experiments,
    flags,
    inspect,
    reports,
    sandbox,
    webhooks,
)
from mpnb.cli._common import format_option, workspace_option

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@workspace_option
@format_option
@click.version_option(__version__, prog_name="mpnb")
def main() -> None:
    """Manage Mixpanel entities. With no MP_* credentials, commands run on a local sandbox."""


for _module in (
    dashboards,
    reports,
    cohorts,
    flags,
    experiments,
    alerts,
    annotations,
    webhooks,
    inspect,
    sandbox,
):
    main.add_command(_module.group)
main.add_command(__import__("mpnb.cli.audit", fromlist=["group"]).group)  # mpnb audit (cleanup audit)

from mpnb.cli._frames import add_frame_commands  # noqa: E402  (export / apply on every family group)

for _family in ("dashboards", "reports", "cohorts", "flags", "experiments", "alerts", "annotations", "webhooks"):
    _group = main.commands[_family]
    if isinstance(_group, click.Group) and "export" not in _group.commands:
        add_frame_commands(_group, _family)
