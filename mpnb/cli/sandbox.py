"""``mpnb sandbox serve|reset``: run the emulator over loopback HTTP, or reseed the CLI's own sandbox."""

from __future__ import annotations

import click

from mpnb.cli._common import handle_errors

__all__ = ["group"]


@click.group("sandbox")
def group() -> None:
    """The built-in Mixpanel emulator."""


@group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address to listen on.")
@click.option("--port", default=0, show_default=True, type=int, help="Port; 0 picks a free one.")
@click.option("--state", type=click.Path(dir_okay=False), default=None, help="Keep state in this JSON file.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the demo data.")
@click.option("--size", default=60, show_default=True, type=int, help="Number of demo reports.")
@click.option("--faults", default=None, help='e.g. "latency=0.05,429=0.1,500=0.05,drop=0.02,retry_after=1".')
@handle_errors
def serve(host: str, port: int, state: str | None, seed: int, size: int, faults: str | None) -> None:
    """Serve the sandbox at http://HOST:PORT/api/app/... and print `export` lines to point mpnb at it."""
    from mpnb.sandbox import Sandbox, SandboxServer, export_lines

    if host not in ("127.0.0.1", "localhost", "::1"):
        raise click.BadParameter("the sandbox only listens on loopback addresses", param_hint="--host")
    try:
        sandbox = Sandbox(seed=seed, size=size, state=state, faults=faults)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--faults") from None
    server = SandboxServer(sandbox, host, port)
    for line in export_lines(server):
        click.echo(line)
    click.echo(f"# mpnb sandbox serving {server.url}/api/app (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@group.command("reset")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--size", default=60, show_default=True, type=int)
@handle_errors
def reset(seed: int, size: int) -> None:
    """Reseed the CLI's sandbox ($MPNB_HOME/sandbox-state.json)."""
    from mpnb._backup import mpnb_home
    from mpnb.sandbox import Sandbox

    sandbox = Sandbox(state=mpnb_home() / "sandbox-state.json")
    sandbox.reset(seed=seed, size=size)
    click.echo(f"sandbox reset: seed {seed}, size {size} ({sandbox.state_path})")
