"""The doctor: one check a new user runs against real Mixpanel that proves or refutes the sandbox's guesses."""

from __future__ import annotations

from mpnb.doctor._items import Item, unverified_items

__all__ = ["Item", "unverified_items"]
