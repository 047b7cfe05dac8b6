"""``mpnb flags ...`` (filled in by the flags slice)."""

from __future__ import annotations

import click

__all__ = ["group"]


@click.group("flags")
def group() -> None:
    """Feature flags (F1-F11)."""
