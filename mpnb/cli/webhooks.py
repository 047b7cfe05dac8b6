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
from pydantic import SecretStr

import mpnb as mp
from mpnb.cli import _run
from mpnb.cli._common import (
    EXIT,
    common_options,
    emit,
    get_workspace,
    handle_errors,
    id_argument,
    ids_argument,
    params_or_exit,
    parse_ids,
    resolve_ids,
)
from mpnb.cli._output import list_options
from mpnb.cli._run import change, delete_options, dry_run_option, get_each, run_delete

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
) -> SecretStr | None:
    """The password (a ``SecretStr`` from here on) from the first source that has one, or ``None``."""
    found = _password(password, password_stdin, auth_type, confirm=confirm)
    return None if found is None else SecretStr(found)


def _password(password: str | None, password_stdin: bool, auth_type: str | None, *, confirm: bool) -> str | None:
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
    if not _run.interactive():
        raise click.UsageError(
            f"Basic auth needs a password and there is no terminal to ask on: pipe it in with --password-stdin "
            f"or set ${PASSWORD_ENV}"
        )
    value: str = click.prompt("Webhook password", hide_input=True, confirmation_prompt=confirm, err=True)
    return value


@click.group("webhooks")
def group() -> None:
    """Project webhooks (ids are strings)."""


@group.command("list")
@list_options
@common_options
@handle_errors
def list_() -> None:
    """List webhooks (credentials are never shown: Mixpanel does not return them)."""
    emit(get_workspace().list_webhooks(), COLUMNS)


@group.command("create")
@click.option("--name", required=True, help="The webhook's name.")
@click.option("--url", required=True, help="An https:// URL.")
@click.option("--auth-type", type=AUTH_TYPES, default=None, help="basic: send a username and password.")
@click.option("--username", default=None, help="Basic-auth user name.")
@_password_options
@dry_run_option
@common_options
@handle_errors
def create(
    name: str,
    url: str,
    auth_type: str | None,
    username: str | None,
    password: str | None,
    password_stdin: bool,
    dry_run: bool,
) -> None:
    """Create a webhook; prints its id and name."""
    secret = _resolve_password(password, password_stdin, auth_type, confirm=True)
    params = params_or_exit(
        mp.CreateWebhookParams, name=name, url=url, auth_type=auth_type, username=username, password=secret
    )
    change(dry_run, "create", params, lambda: get_workspace().create_webhook(params), ["id", "name"])


@group.command("update")
@id_argument("webhook_id", "webhooks", kind=str)
@click.option("--name", default=None, help="New name.")
@click.option("--url", default=None, help="An https:// URL.")
@click.option("--auth-type", type=AUTH_TYPES, default=None, help="basic: send a username and password.")
@click.option("--username", default=None, help="Basic-auth user name.")
@_password_options
@click.option("--enabled/--no-enabled", "is_enabled", default=None, help="Resume or pause deliveries.")
@dry_run_option
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
    dry_run: bool,
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
    change(dry_run, "update", params, lambda: get_workspace().update_webhook(webhook_id, params), ["id", "name"])


@group.command("get")
@ids_argument("webhook_ids", "webhooks")
@common_options
@handle_errors
def get(webhook_ids: tuple[str, ...]) -> None:
    """One or more webhooks (from one list call: Mixpanel has no single-webhook read; no credentials shown)."""
    listed = {w.id: w for w in get_workspace().list_webhooks()}

    def one(webhook_id: str) -> object:
        if webhook_id not in listed:
            raise mp.NotFoundError(f"webhook {webhook_id} not found; `mpnb webhooks list` shows the ids")
        return listed[webhook_id]

    get_each(resolve_ids(webhook_ids, kind=str), one, COLUMNS)


@group.command("delete")
@ids_argument("webhook_ids", "webhooks")
@delete_options
@common_options
@handle_errors
def delete(webhook_ids: tuple[str, ...], yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete a webhook; a backup (without credentials) is written first."""
    run_delete(
        "webhooks",
        resolve_ids(webhook_ids, kind=str),
        lambda ws, ids: [ws.delete_webhook(i) for i in ids],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.command("bulk-delete")
@click.option("--ids", required=True, help="Comma-separated webhook ids.")
@delete_options
@common_options
@handle_errors
def bulk_delete(ids: str, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete several webhooks (one request each); a backup is written first."""
    run_delete(
        "webhooks",
        parse_ids(ids, kind=str) or [],
        lambda ws, idl: [ws.delete_webhook(i) for i in idl],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.command("test")
@click.option("--url", required=True, help="An https:// URL.")
@click.option("--name", default=None, help="A name for the test call.")
@click.option("--auth-type", type=AUTH_TYPES, default=None, help="basic: send a username and password.")
@click.option("--username", default=None, help="Basic-auth user name.")
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
