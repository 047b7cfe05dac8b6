"""Feedback while something slow runs: a bar where someone can see it, nothing elsewhere.

A frame of 20,000 reports, the audit of such a project or its graph take seconds; without a sign of life a
person wonders whether anything is happening. The bar is tqdm's: in a notebook its widget, on a terminal a
line on stderr. When stderr is a file or a pipe (a script, CI, a test) nothing is printed, so no ``\\r``
lands in a log. It appears only after :data:`DELAY` seconds, so a quick call prints nothing at all.

    >>> with steps("reading reports", total=2) as step:
    ...     step("list call")          # names the step now running; the previous one counts as done
    ...     step("building the frame")
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["DELAY", "Steps", "make_bar", "steps"]

DELAY = 2.0  # seconds before a bar shows: a call that ends sooner prints nothing
REDRAW = 0.1  # seconds at least between two redraws of a bar


def in_notebook() -> bool:
    """A Jupyter kernel (where tqdm's widget shows), as ``tqdm.autonotebook`` decides it."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def terminal() -> IO[str] | None:
    """stderr when a person watches it (a terminal), else None."""
    stream = sys.stderr
    return stream if stream is not None and stream.isatty() else None


def make_bar(desc: str, total: float, *, bar_format: str | None = None, delay: float | None = None) -> Any:
    """A tqdm bar, or None when nobody would see it (no kernel, stderr not a terminal, no ipywidgets)."""
    options: dict[str, Any] = {
        "total": total,
        "desc": desc,
        "delay": DELAY if delay is None else delay,
        "leave": False,
        "mininterval": REDRAW,
    }
    if bar_format is not None:
        options["bar_format"] = bar_format
    if in_notebook():
        try:
            from tqdm.notebook import tqdm as notebook_bar

            return notebook_bar(**options)
        except ImportError:  # a kernel without ipywidgets: tqdm cannot draw there, and says why on its own
            return None
    stream = terminal()
    if stream is None:
        return None
    from tqdm import tqdm

    return tqdm(file=stream, dynamic_ncols=True, **options)


class Steps:
    """Told the name of each step as it starts; the bar counts the steps done and shows the one running."""

    def __init__(self, bar: Any, desc: str) -> None:
        self._bar = bar
        self._desc = desc
        self._started = False

    def __call__(self, what: str) -> None:
        if self._bar is None:
            return
        self._bar.set_description_str(f"{self._desc}: {what}", refresh=False)
        self._bar.update(1 if self._started else 0)  # redraws once the delay has passed (never sooner)
        self._started = True


@contextlib.contextmanager
def steps(desc: str, total: int, *, enabled: bool = True) -> Iterator[Steps]:
    """A :class:`Steps` for ``total`` steps under ``desc``; a silent one when ``enabled`` is False or nobody
    would see a bar."""
    bar = make_bar(desc, total, bar_format="{desc} [{n_fmt}/{total_fmt}, {elapsed}]") if enabled else None
    try:
        yield Steps(bar, desc)
    finally:
        if bar is not None:
            bar.close()
