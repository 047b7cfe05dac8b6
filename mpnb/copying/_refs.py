"""A reference a copy rewrites: an owner's field pointing at another entity of the source project."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Ref"]


@dataclass(frozen=True)
class Ref:
    """``owner`` (family, source id) points at ``family`` entity ``source_id`` through ``field``."""

    owner_family: str
    owner_id: Any
    field: str
    family: str
    source_id: Any
