"""Each family's copy rules, one module per family (``families/<name>.py``, its ``COPY``), found through the
registry."""

from mpnb._families import REGISTRY
from mpnb.copying._rules import CopyRules

__all__ = ["RULES", "rules_for"]

RULES: dict[str, CopyRules] = REGISTRY.slices("mpnb.copying.families", "COPY")


def rules_for(family: str) -> CopyRules:
    return RULES[REGISTRY.get(family).name]
