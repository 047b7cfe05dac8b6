"""``mpnb custom_events ...`` (to come)."""

import click

__all__ = ["group"]


@click.group("custom-events")
def group() -> None:
    """The data dictionary's custom_events."""
