"""``mpnb events ...`` (to come)."""

import click

__all__ = ["group"]


@click.group("events")
def group() -> None:
    """The data dictionary's events."""
