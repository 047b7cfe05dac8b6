"""Custom properties: the list call only (its shape against the model). No scratch cycle: creating one is
plan-gated on real projects."""

from __future__ import annotations

from mpnb.doctor._kit import FamilyDoctor

DOCTOR = FamilyDoctor(family="custom_properties")
