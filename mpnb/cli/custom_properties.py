"""``mpnb custom-properties ...``: properties computed from other properties."""

from __future__ import annotations

from typing import Any

import click

import mpnb as mp
from mpnb.cli._common import (
    common_options,
    emit,
    get_workspace,
    handle_errors,
    id_argument,
    params_or_exit,
    parse_json,
)
from mpnb.cli._lexicon import flag
from mpnb.cli._run import change, delete_options, dry_run_option, run_delete

__all__ = ["COLUMNS", "group"]

COLUMNS = ["custom_property_id", "name", "resource_type", "display_formula", "description", "modified"]
RESOURCES = click.Choice(["events", "people", "group_profiles"])


@click.group("custom-properties")
def group() -> None:
    """Custom properties: formulas over other properties."""


def _definition(fn: click.decorators.FC) -> click.decorators.FC:
    for decorate in reversed(
        [
            click.option("--formula", default=None, help="The formula, over the letters of --composed."),
            click.option(
                "--composed",
                default=None,
                help='JSON object: letter -> property, e.g. {"A": {"value": "amount", "resourceType": "event"}}.',
            ),
            click.option("--behavior", default=None, help="JSON object: a behavior instead of a formula."),
            click.option("--description", default=None, help="What it computes."),
        ]
    ):
        fn = decorate(fn)
    return fn


def _create_params(name: str, resource_type: str, formula: Any, composed: Any, behavior: Any, description: Any) -> Any:
    return params_or_exit(
        mp.CreateCustomPropertyParams,
        name=name,
        resource_type=resource_type,
        display_formula=formula,
        composed_properties=parse_json(composed, "--composed", kind=dict),
        behavior=parse_json(behavior, "--behavior", kind=dict),
        description=description,
    )


@group.command("list")
@common_options
@handle_errors
def list_() -> None:
    """List custom properties."""
    emit(get_workspace().list_custom_properties(), COLUMNS, id_key="custom_property_id")


@group.command("get")
@id_argument("custom_property_id", "custom_properties")
@common_options
@handle_errors
def get(custom_property_id: int) -> None:
    """One custom property."""
    emit(get_workspace().get_custom_property(custom_property_id), COLUMNS, id_key="custom_property_id")


@group.command("create")
@click.option("--name", required=True, help="The custom property's name.")
@click.option("--resource-type", type=RESOURCES, required=True, help="events, people or group_profiles.")
@_definition
@dry_run_option
@common_options
@handle_errors
def create(
    name: str, resource_type: str, formula: str | None, composed: str | None, behavior: str | None,
    description: str | None, dry_run: bool,
) -> None:  # fmt: skip
    """Create a custom property from a formula (or a behavior)."""
    params = _create_params(name, resource_type, formula, composed, behavior, description)
    change(dry_run, "create", params, lambda: get_workspace().create_custom_property(params), COLUMNS)


@group.command("validate")
@click.option("--name", required=True, help="The custom property's name.")
@click.option("--resource-type", type=RESOURCES, required=True, help="events, people or group_profiles.")
@_definition
@common_options
@handle_errors
def validate(
    name: str, resource_type: str, formula: str | None, composed: str | None, behavior: str | None,
    description: str | None,
) -> None:  # fmt: skip
    """Ask Mixpanel whether a custom property would be valid; nothing is created."""
    params = _create_params(name, resource_type, formula, composed, behavior, description)
    emit(get_workspace().validate_custom_property(params))


@group.command("update")
@id_argument("custom_property_id", "custom_properties")
@click.option("--name", default=None, help="New name.")
@_definition
@flag("visible", "Show it in pickers (--no-visible hides it).")
@dry_run_option
@common_options
@handle_errors
def update(
    custom_property_id: int, name: str | None, formula: str | None, composed: str | None, behavior: str | None,
    description: str | None, visible: bool | None, dry_run: bool,
) -> None:  # fmt: skip
    """Change a custom property (the rest is kept: mpnb sends it whole, as Mixpanel replaces it)."""
    params = params_or_exit(
        mp.UpdateCustomPropertyParams,
        name=name,
        display_formula=formula,
        composed_properties=parse_json(composed, "--composed", kind=dict),
        behavior=parse_json(behavior, "--behavior", kind=dict),
        description=description,
        is_visible=visible,
    )
    call = lambda: get_workspace().update_custom_property(custom_property_id, params)  # noqa: E731
    change(dry_run, "update", params, call, COLUMNS)


@group.command("delete")
@id_argument("custom_property_id", "custom_properties")
@delete_options
@common_options
@handle_errors
def delete(custom_property_id: int, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete a custom property (reports using it lose it); a backup is written first."""
    run_delete(
        "custom_properties",
        [custom_property_id],
        lambda ws, ids: [ws.delete_custom_property(i) for i in ids],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )
