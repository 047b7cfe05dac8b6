"""``mpnb alerts ...`` (filled in by the alerts slice)."""

from __future__ import annotations

import click

__all__ = ["group"]


@click.group("alerts")
def group() -> None:
    """Custom alerts (A1-A11)."""
