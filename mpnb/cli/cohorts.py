"""``mpnb cohorts ...`` (filled in by the cohorts slice)."""

from __future__ import annotations

import click

__all__ = ["group"]


@click.group("cohorts")
def group() -> None:
    """Cohorts (C1-C7)."""
