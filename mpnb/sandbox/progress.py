"""Feedback while a large demo project is seeded: a bar where someone can see it, nothing elsewhere.

A seed of 20,000 reports takes a second or two, one of 200,000 about fifteen: long enough to wonder whether
anything is happening. The bar is tqdm's: in a notebook its widget, on a terminal a line on stderr; when
stderr is a file or a pipe (a script, CI, a test) nothing is printed, so no ``\\r`` lands in a log. It
appears only after a second, so a quick seed prints nothing at all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from mpnb._progress import make_bar

__all__ = ["DELAY", "LARGE", "SeedProgress", "seed_feedback"]

SeedProgress = Callable[[float, str], None]
"""Told the fraction of the seed done (0 to 1) and what it is doing (``"seeding reports"``)."""

LARGE = 5_000  # demo reports from which a seed may take long enough to deserve a bar
DELAY = 1.0  # seconds before the bar shows: a seed that ends sooner prints nothing


def _bar(desc: str) -> Any:
    """A tqdm bar in percent, or None when nobody would see it."""
    return make_bar(desc, 100, bar_format="{desc}: {percentage:3.0f}%|{bar}| [{elapsed}]", delay=DELAY)


@contextlib.contextmanager
def seed_feedback(progress: SeedProgress | bool | None, size: int) -> Iterator[SeedProgress | None]:
    """What the seed reports its progress to: ``progress`` itself when it is a function; a bar when it is
    True, or None and the seed is large (``size`` demo reports); else nothing."""
    if callable(progress):
        yield progress
        return
    bar = None
    if progress is True or (progress is None and size >= LARGE):
        bar = _bar(f"sandbox of {size:,} reports")
    if bar is None:
        yield None
        return
    first = bar.desc

    def tell(fraction: float, what: str) -> None:
        bar.set_description_str(f"{first}: {what}", refresh=False)
        bar.update(max(0.0, round(100 * min(1.0, fraction), 1) - bar.n))

    try:
        yield tell
    finally:
        bar.close()
