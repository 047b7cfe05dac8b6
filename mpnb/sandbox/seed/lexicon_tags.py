"""Demo data of the sandbox's Lexicon tags: a handful, two of them on nothing."""

from __future__ import annotations

from mpnb.sandbox.routes.lexicon_model import TAGS
from mpnb.sandbox.seed import Seeder

__all__ = ["AFTER", "ON_NOTHING", "USED", "seed"]

AFTER: tuple[str, ...] = ()
USED = ["core", "commerce", "growth", "marketing", "mobile", "legacy", "deprecated", "experimental"]
ON_NOTHING = ["pii-review", "q3-launch-2023"]  # made once, never put on anything


def seed(s: Seeder) -> None:
    for name in [*USED, *ON_NOTHING]:
        s.store.put(TAGS, name, {"id": s.store.next_id(TAGS), "name": name})
