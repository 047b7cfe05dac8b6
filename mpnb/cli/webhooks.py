"""``mpnb webhooks ...``: project webhooks.

The Basic-auth password is a secret. It comes, in this order, from ``--password-stdin`` (one line),
``--password VALUE`` (accepted, with a warning: shell history and process lists can show it), or, when
a password is wanted (``--auth-type basic`` or a bare ``--password``), from ``$MPNB_WEBHOOK_PASSWORD``
or a hidden prompt. It is never echoed: output shows only what Mixpanel answers, which never has it.
"""

from __future__ import annotations

import os
import sys

import click

import mpnb as mp
from mpnb.cli._common import EXIT, common_options, emit, get_workspace, handle_errors, params_or_exit, run_delete

__all__ = ["PASSWORD_ENV", "group"]

PASSWORD_ENV = "MPNB_WEBHOOK_PASSWORD"
COLUMNS = ["id", "name", "url", "is_enabled", "auth_type", "modified"]
_PROMPT = "\x00prompt"  # what a bare --password stands for: ask on the terminal
AUTH_TYPES = click.Choice(["basic"])


def _password_options(fn: click.decorators.FC) -> click.decorators.FC:
    fn = click.option(
        "--password-stdin", is_flag=True, help="Read the Basic-auth password from the first line of stdin."
    )(fn)
    fn = click.option(
        "--password",
        "password",
        is_flag=False,
        flag_value=_PROMPT,
        default=None,
        help=f"Basic-auth password; bare, it prompts (hidden). Prefer the prompt, --password-stdin or ${PASSWORD_ENV}.",
    )(fn)
    return fn


def _resolve_password(
    password: str | None, password_stdin: bool, auth_type: str | None, *, confirm: bool
) -> str | None:
    """The password from the first source that has one, or ``None`` when none is wanted."""
    if password_stdin:
        if password not in (None, _PROMPT):
            raise click.UsageError("give the password either with --password or with --password-stdin, not both")
        line = str(sys.stdin.readline()).rstrip("\r\n")  # CliRunner swaps sys.stdin too
        if not line:
            raise click.UsageError("--password-stdin read an empty line")
        return line
    if password is not None and password != _PROMPT:
        click.echo(
            f"warning: a password on the command line can show in shell history and process lists; "
            f"prefer the prompt, --password-stdin or ${PASSWORD_ENV}",
            err=True,
        )
        return password
    if password != _PROMPT and auth_type != "basic":
        return None
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env and password != _PROMPT:
        return from_env
    value: str = click.prompt("Webhook password", hide_input=True, confirmation_prompt=confirm, err=True)
    return value


@click.group("webhooks")
def group() -> None:
    """Project webhooks."""


@group.command("list")
@common_options
@handle_errors
def list_() -> None:
    """List webhooks (credentials are never shown: Mixpanel does not return them)."""
    emit(get_workspace().list_webhooks(), COLUMNS)


@group.command("create")
@click.option("--name", required=True)
@click.option("--url", required=True, help="An https:// URL.")
@click.option("--auth-type", type=AUTH_TYPES, default=None)
@click.option("--username", default=None)
@_password_options
@common_options
@handle_errors
def create(
    name: str, url: str, auth_type: str | None, username: str | None, password: str | None, password_stdin: bool
) -> None:
    """Create a webhook; prints its id and name."""
    secret = _resolve_password(password, password_stdin, auth_type, confirm=True)
    params = params_or_exit(
        mp.CreateWebhookParams, name=name, url=url, auth_type=auth_type, username=username, password=secret
    )
    emit(get_workspace().create_webhook(params), ["id", "name"])


@group.command("update")
@click.argument("webhook_id")
@click.option("--name", default=None)
@click.option("--url", default=None, help="An https:// URL.")
@click.option("--auth-type", type=AUTH_TYPES, default=None)
@click.option("--username", default=None)
@_password_options
@click.option("--enabled/--no-enabled", "is_enabled", default=None, help="Resume or pause deliveries.")
@common_options
@handle_errors
def update(
    webhook_id: str,
    name: str | None,
    url: str | None,
    auth_type: str | None,
    username: str | None,
    password: str | None,
    password_stdin: bool,
    is_enabled: bool | None,
) -> None:
    """Change a webhook (only the options given are sent)."""
    secret = _resolve_password(password, password_stdin, auth_type, confirm=True)
    params = params_or_exit(
        mp.UpdateWebhookParams,
        name=name,
        url=url,
        auth_type=auth_type,
        username=username,
        password=secret,
        is_enabled=is_enabled,
    )
    emit(get_workspace().update_webhook(webhook_id, params), ["id", "name"])


@group.command("delete")
@click.argument("webhook_id")
@common_options
@handle_errors
def delete(webhook_id: str) -> None:
    """Delete a webhook; a backup (without credentials) is written first."""
    run_delete("webhooks", [webhook_id], lambda ws: ws.delete_webhook(webhook_id))


@group.command("test")
@click.option("--url", required=True, help="An https:// URL.")
@click.option("--name", default=None)
@click.option("--auth-type", type=AUTH_TYPES, default=None)
@click.option("--username", default=None)
@_password_options
@common_options
@handle_errors
def test(
    url: str, name: str | None, auth_type: str | None, username: str | None, password: str | None, password_stdin: bool
) -> None:
    """Ask Mixpanel to call the URL once; exits 1 when the receiver could not be reached."""
    secret = _resolve_password(password, password_stdin, auth_type, confirm=False)
    params = params_or_exit(
        mp.WebhookTestParams, url=url, name=name, auth_type=auth_type, username=username, password=secret
    )
    result = get_workspace().test_webhook(params)
    emit(result, ["success", "status_code", "message"])
    if not result.success:
        sys.exit(EXIT["error"])
