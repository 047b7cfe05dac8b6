"""``mpnb drop_filters ...`` (to come)."""

import click

__all__ = ["group"]


@click.group("drop-filters")
def group() -> None:
    """The data dictionary's drop_filters."""
