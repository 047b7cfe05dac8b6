"""``mpnb properties ...`` (to come)."""

import click

__all__ = ["group"]


@click.group("properties")
def group() -> None:
    """The data dictionary's properties."""
