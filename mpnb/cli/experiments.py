"""``mpnb experiments ...`` (filled in by the experiments slice)."""

from __future__ import annotations

import click

__all__ = ["group"]


@click.group("experiments")
def group() -> None:
    """Experiments (E1-E12)."""
