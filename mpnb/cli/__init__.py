"""The ``mpnb`` command: one click group per entity family, plus ``audit``, ``copy``, ``backups``, ``inspect``,
``sandbox``, ``context``.

click was chosen because it is small, stable and already what typer builds on; options such as
``--workspace-id`` or ``--format`` work before or after the subcommand, and ``CliRunner`` makes commands
easy to test. Every command's example lives in ``_examples.py`` and is attached here as its epilog.
"""

import click

from mpnb._families import REGISTRY
from mpnb._version import __version__
from mpnb.cli import audit, backups, context, copy, deps, inspect, sandbox
from mpnb.cli._common import common_options
from mpnb.cli._examples import ENVIRONMENT, attach_examples
from mpnb.cli._frames import add_frame_commands
from mpnb.cli._target import context_option

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=ENVIRONMENT)
@context_option
@common_options
@click.version_option(__version__, prog_name="mpnb", help="Show the version and exit.")
def main() -> None:
    """Manage Mixpanel entities from the shell. With no MP_* credentials, commands run on a local sandbox.

    Output is JSON unless --format says otherwise; errors are one line on stderr. Exit codes: 0 ok (a
    closed pipe too), 1 transport or unexpected error, 2 usage (malformed JSON too), 3 auth or
    configuration, 4 not found or invalid, 5 rate limited or conflicts, 6 server error, 7 outcome
    unknown, 8 nothing applied (confirmation missing or refused), 9 findings (mpnb audit), 130
    interrupted.
    """


# one group per family (``mpnb/cli/<family>.py``), with export / apply added to each, then the rest
for _family, _group in REGISTRY.slices("mpnb.cli", "group").items():
    if isinstance(_group, click.Group) and "export" not in _group.commands:
        add_frame_commands(_group, _family)
    main.add_command(_group)
for _module in (audit, copy, deps, backups, inspect, sandbox, context):
    main.add_command(_module.group)
main.add_command(backups.restore_command)
main.add_command(__import__("mpnb.cli.doctor", fromlist=["group"]).group)  # one line: others edit this file too

attach_examples(main)
