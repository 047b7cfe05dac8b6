"""Each family's part of the doctor, one module per family, found through the registry."""

from __future__ import annotations

from mpnb._families import REGISTRY
from mpnb.doctor._kit import FamilyDoctor

__all__ = ["DOCTORS"]

DOCTORS: dict[str, FamilyDoctor] = REGISTRY.slices("mpnb.doctor.families", "DOCTOR")
