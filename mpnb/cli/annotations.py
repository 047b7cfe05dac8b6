"""``mpnb annotations ...`` (filled in by the annotations slice)."""

from __future__ import annotations

import click

__all__ = ["group"]


@click.group("annotations")
def group() -> None:
    """Timeline annotations and their tags (N1-N7)."""
