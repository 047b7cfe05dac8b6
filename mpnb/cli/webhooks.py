"""``mpnb webhooks ...`` (filled in by the webhooks slice)."""

from __future__ import annotations

import click

__all__ = ["group"]


@click.group("webhooks")
def group() -> None:
    """Project webhooks (W1-W5)."""
