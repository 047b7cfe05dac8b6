"""``mpnb tags ...`` (to come)."""

import click

__all__ = ["group"]


@click.group("tags")
def group() -> None:
    """The data dictionary's tags."""
