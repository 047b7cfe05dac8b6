"""``mpnb custom_properties ...`` (to come)."""

import click

__all__ = ["group"]


@click.group("custom-properties")
def group() -> None:
    """The data dictionary's custom_properties."""
