"""``mpnb sandbox serve|reset|path``: serve the emulator over loopback HTTP, or reseed the default sandbox."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.core import ParameterSource

from mpnb.cli._common import handle_errors

__all__ = ["group"]


@click.group("sandbox")
def group() -> None:
    """The built-in Mixpanel emulator (default state: $MPNB_HOME/sandbox.sqlite3)."""


@group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address to listen on.")
@click.option("--port", default=0, show_default=True, type=int, help="Port; 0 picks a free one.")
@click.option(
    "--state",
    type=click.Path(dir_okay=False),
    default=None,
    help="Serve this SQLite state instead of the default sandbox (a .json state is converted beside it).",
)
@click.option(
    "--seed",
    default=0,
    show_default=True,
    type=int,
    help="Seed of the demo data of a new state (the default sandbox: only before it exists).",
)
@click.option(
    "--size",
    default=60,
    show_default=True,
    type=int,
    help="Demo reports of a new state (the default sandbox: only before it exists; else `mpnb sandbox reset`).",
)
@click.option("--faults", default=None, help='e.g. "latency=0.05,429=0.1,500=0.05,drop=0.02,retry_after=1".')
@click.pass_context
@handle_errors
def serve(
    ctx: click.Context, host: str, port: int, state: str | None, seed: int, size: int, faults: str | None
) -> None:
    """Serve the sandbox at http://HOST:PORT/api/app/... and print `export` lines to point mpnb at it.

    Without --state this is the default sandbox that `mpnb` commands and `mp.Workspace()` use, so
    changes made through the server, the shell and Python are all seen by each other.
    """
    from mpnb.sandbox import (
        Sandbox,
        SandboxServer,
        SandboxStateError,
        default_sandbox,
        default_sandbox_path,
        export_lines,
    )
    from mpnb.sandbox.faults import FaultPlan

    if host not in ("127.0.0.1", "localhost", "::1"):
        raise click.BadParameter("the sandbox only listens on loopback addresses", param_hint="--host")
    try:
        plan = FaultPlan.parse(faults)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--faults") from None
    try:
        if state is None:
            seeding = [f"--{p}" for p in ("size", "seed") if ctx.get_parameter_source(p) is ParameterSource.COMMANDLINE]
            new = not default_sandbox_path().exists()
            if seeding and not new:  # never reseed someone's sandbox on the quiet, nor ignore what they asked for
                verb = "seed" if len(seeding) > 1 else "seeds"
                raise click.UsageError(
                    f"{' and '.join(seeding)} {verb} a new sandbox, and the default one already exists "
                    f"({default_sandbox_path()}): run `mpnb sandbox reset --size {size} --seed {seed}` first "
                    "(it replaces its data), or serve a new file with --state FILE"
                )
            sandbox = default_sandbox()
            if seeding:
                sandbox.reset(seed=seed, size=size)
            sandbox.set_faults(plan)
        else:
            sandbox = Sandbox(seed=seed, size=size, state=state, faults=plan)
    except SandboxStateError:
        raise  # a damaged file: one line naming it and the fix, exit 3
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--state") from None
    server = SandboxServer(sandbox, host, port)
    for line in export_lines(server):
        click.echo(line)
    click.echo(f"# mpnb sandbox serving {server.url}/api/app from {sandbox.state_path} (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _keep_copy(path: Path) -> Path | None:
    """A copy of the sandbox file before a reset replaces its data: SQLite's own backup (consistent, WAL
    included), or the raw bytes of a file that is not a database any more."""
    import shutil
    import sqlite3
    from datetime import datetime, timezone

    if not path.exists():
        return None
    folder = path.parent / "sandbox-backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    copy = folder / f"{path.stem}-{stamp}{path.suffix}"
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
    except sqlite3.DatabaseError:
        copy.unlink(missing_ok=True)
        copy = copy.with_name(copy.name + ".damaged")
        shutil.copyfile(path, copy)
    return copy


@group.command("reset")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the demo data.")
@click.option("--size", default=60, show_default=True, type=int, help="Number of demo reports.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask first on a terminal (a copy of the old file is kept).")
@handle_errors
def reset(seed: int, size: int, yes: bool) -> None:
    """Reseed the default sandbox ($MPNB_HOME/sandbox.sqlite3) with fresh demo data; a damaged file is replaced.

    The old file is copied to $MPNB_HOME/sandbox-backups first; on a terminal it asks before (--yes does not).
    """
    from mpnb.cli import _run
    from mpnb.sandbox import default_sandbox_path, sandbox_reset

    path = default_sandbox_path()
    if path.exists() and not yes and _run.interactive():
        question = f"replace the data of the local sandbox {path} (a copy is kept)? type yes"
        if click.prompt(question, default="", show_default=False, err=True).strip().lower() != "yes":
            click.echo(f"not reset: not confirmed ({path} is unchanged)", err=True)
            sys.exit(8)
    kept = _keep_copy(path)
    if kept is not None:
        click.echo(f"the old sandbox is kept in {kept}", err=True)
    try:
        done = sandbox_reset(seed=seed, size=size)
    except ValueError as exc:  # not a sandbox database any more: the reset is the documented fix, so replace it
        for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            part.unlink(missing_ok=True)
        click.echo(f"the sandbox file was damaged ({exc}); replaced it", err=True)
        done = sandbox_reset(seed=seed, size=size)
    click.echo(f"sandbox reset: seed {seed}, size {size} ({done})")


@group.command("path")
def path() -> None:
    """Print where the default sandbox's file is."""
    from mpnb.sandbox import default_sandbox_path

    click.echo(str(default_sandbox_path()))
