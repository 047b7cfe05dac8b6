"""Every family's frames mapping, one module per family (``families/<name>.py``, its ``SPEC``), found through
the registry; ``SPECS`` holds them in the order users see."""

from mpnb._families import REGISTRY
from mpnb.frames._specs import FamilySpec

__all__ = ["SPECS", "spec_for"]

SPECS: dict[str, FamilySpec] = REGISTRY.slices("mpnb.frames.families", "SPEC")


def spec_for(family: str) -> FamilySpec:
    """The frames mapping of ``family`` (or one of its other words: ``"bookmarks"``)."""
    return SPECS[REGISTRY.get(family).name]
