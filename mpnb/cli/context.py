"""``mpnb context add|list|show|use|remove``: named targets (kubectl's contexts) in ``$MPNB_HOME/contexts.json``.

``mpnb --context prod reports list`` (or ``MPNB_CONTEXT=prod``) uses one; ``mpnb context use prod`` makes it
the one used when no ``--context``, ``MPNB_CONTEXT`` or ``MP_*`` variables say otherwise. The file never
holds a secret: ``--secret-stdin`` stores it in the system keyring (the optional ``keyring`` package), else
the context names the environment variable that holds it (``--secret-env``, default ``MPNB_<NAME>_SECRET``).
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import click

from mpnb.cli._common import emit, handle_errors
from mpnb.cli._contexts import (
    KEYRING_SERVICE,
    check_name,
    default_secret_env,
    keyring_or_none,
    load_contexts,
    save_contexts,
)
from mpnb.cli._output import output_options
from mpnb.errors import ConfigError, InputError

__all__ = ["group"]

COLUMNS = ["name", "current", "region", "base_url", "project_id", "workspace_id", "auth", "secret_from"]


def _row(name: str, ctx: dict[str, Any], current: str | None) -> dict[str, Any]:
    kind = ctx.get("auth") or "service_account"
    where = "keyring" if ctx.get("keyring") else f"${ctx.get('secret_env') or default_secret_env(name, kind)}"
    return {
        "name": name,
        "current": name == current,
        "region": ctx.get("region"),
        "base_url": ctx.get("base_url"),
        "project_id": ctx.get("project_id"),
        "workspace_id": ctx.get("workspace_id"),
        "auth": kind,
        "username": ctx.get("username"),
        "secret_from": where,
    }


@click.group("context")
def group() -> None:
    """Named targets (project, region or URL, account) for `mpnb --context NAME ...`; never a secret on disk."""


@group.command("add")
@click.argument("name")
@click.option("--project-id", type=int, required=True, help="The Mixpanel project id.")
@click.option("--region", type=click.Choice(["us", "eu", "in"]), default=None, help="Data residency (default us).")
@click.option("--base-url", default=None, help="Another server instead of Mixpanel, e.g. `mpnb sandbox serve`'s URL.")
@click.option("--workspace-id", "context_workspace_id", type=int, default=None, help="A workspace to pin.")
@click.option("--username", default=None, help="The service account's user name (omit with --oauth).")
@click.option("--oauth", is_flag=True, help="Authenticate with an OAuth token instead of a service account.")
@click.option("--secret-env", default=None, help="The variable holding the secret (default MPNB_<NAME>_SECRET).")
@click.option(
    "--secret-stdin",
    is_flag=True,
    help="Read the secret (or token) from stdin and store it in the system keyring (needs `keyring`).",
)
@click.option("--dry-run", is_flag=True, help="Print the context that would be saved and save nothing.")
@output_options
@handle_errors
def add(
    name: str,
    project_id: int,
    region: str | None,
    base_url: str | None,
    context_workspace_id: int | None,
    username: str | None,
    oauth: bool,
    secret_env: str | None,
    secret_stdin: bool,
    dry_run: bool,
) -> None:
    """Save (or replace) the context NAME; its secret goes to the keyring or stays in an environment variable."""
    check_name(name)
    if region and base_url:
        raise click.UsageError("give --region (real Mixpanel) or --base-url (another server), not both")
    if not oauth and not username:
        raise click.UsageError("a service account needs --username (or pass --oauth for a token)")
    if base_url:
        from mpnb._session import normalise_base_url

        normalise_base_url(base_url)  # refused here (http:// to a non-loopback host, user:password@) and named
    kind = "oauth_token" if oauth else "service_account"
    ctx: dict[str, Any] = {"project_id": project_id, "auth": kind}
    for key, value in (("region", region), ("base_url", base_url), ("workspace_id", context_workspace_id)):
        if value is not None:
            ctx[key] = value
    if username and not oauth:
        ctx["username"] = username
    secret = None
    if secret_stdin:
        ring = keyring_or_none()
        if ring is None:
            raise ConfigError(
                "--secret-stdin stores the secret in the system keyring, which needs the keyring package and a "
                "backend: pip install 'mpnb[shell]', or keep it in an environment variable (--secret-env VAR)"
            )
        secret = sys.stdin.readline().rstrip("\r\n")
        if not secret:
            raise InputError("--secret-stdin read an empty line", field="--secret-stdin")
        ctx["keyring"] = True
    ctx["secret_env"] = secret_env or default_secret_env(name, kind)
    if dry_run:
        emit({"dry_run": True, "action": "add", "would_save": _row(name, ctx, None)})
        return
    if secret is not None:
        try:
            keyring_or_none().set_password(KEYRING_SERVICE, f"{name}:{kind}", secret)
        except Exception as exc:  # a locked or broken keyring: say so, never with the secret
            raise ConfigError(
                f"could not store the secret in the keyring ({type(exc).__name__}); keep it in an environment "
                "variable instead (--secret-env VAR)"
            ) from None
        finally:
            del secret
    data = load_contexts()
    data["contexts"][name] = ctx
    path = save_contexts(data)
    click.echo(f"context {name} saved in {path} (secret from {_row(name, ctx, None)['secret_from']})", err=True)
    emit(_row(name, ctx, data.get("current")), COLUMNS)


@group.command("list")
@output_options
@handle_errors
def list_() -> None:
    """The saved contexts (which one is current, where each one's secret comes from)."""
    data = load_contexts()
    current = data.get("current")
    emit([_row(n, c, current) for n, c in sorted(data["contexts"].items())], COLUMNS)


@group.command("show")
@click.argument("name", required=False)
@output_options
@handle_errors
def show(name: str | None) -> None:
    """One context (the current one without NAME)."""
    data = load_contexts()
    name = name or data.get("current")
    if not name or name not in data["contexts"]:
        raise InputError(f"no context {name!r}; `mpnb context list` shows them", field="name")
    emit(_row(name, data["contexts"][name], data.get("current")), COLUMNS)


@group.command("use")
@click.argument("name")
@click.option("--dry-run", is_flag=True, help="Say what would become current and change nothing.")
@output_options
@handle_errors
def use(name: str, dry_run: bool) -> None:
    """Make NAME the context used when no --context, MPNB_CONTEXT or MP_* variables are given ('-' for none)."""
    data = load_contexts()
    if name != "-" and name not in data["contexts"]:
        raise InputError(f"no context {name!r}; `mpnb context list` shows them", field="name")
    if dry_run:
        emit({"dry_run": True, "action": "use", "current": None if name == "-" else name})
        return
    data["current"] = None if name == "-" else name
    save_contexts(data)
    emit({"current": data["current"]})


@group.command("remove")
@click.argument("name")
@click.option("--dry-run", is_flag=True, help="Say what would be removed and change nothing.")
@output_options
@handle_errors
def remove(name: str, dry_run: bool) -> None:
    """Forget the context NAME (and its keyring entry, if it has one)."""
    data = load_contexts()
    ctx = data["contexts"].get(name)
    if ctx is None:
        raise InputError(f"no context {name!r}; `mpnb context list` shows them", field="name")
    if dry_run:
        emit({"dry_run": True, "action": "remove", "name": name})
        return
    ring = keyring_or_none() if ctx.get("keyring") else None
    if ring is not None:
        with contextlib.suppress(Exception):  # an entry already gone is what we wanted
            ring.delete_password(KEYRING_SERVICE, f"{name}:{ctx.get('auth') or 'service_account'}")
    del data["contexts"][name]
    if data.get("current") == name:
        data["current"] = None
    save_contexts(data)
    emit({"removed": name})
