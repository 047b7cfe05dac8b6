"""Every family's frames mapping, one module per family; ``SPECS`` lists them in the order users see."""

from mpnb.errors import InputError
from mpnb.frames._specs import FamilySpec
from mpnb.frames.families import (
    alerts,
    annotations,
    cohorts,
    dashboards,
    experiments,
    flags,
    reports,
    webhooks,
)

__all__ = ["SPECS", "spec_for"]

SPECS: dict[str, FamilySpec] = {
    m.SPEC.name: m.SPEC for m in (dashboards, reports, cohorts, flags, experiments, alerts, annotations, webhooks)
}


def spec_for(family: str) -> FamilySpec:
    try:
        return SPECS[family]
    except KeyError:
        raise InputError(f"unknown family {family!r}; known: {', '.join(SPECS)}", field="family") from None
