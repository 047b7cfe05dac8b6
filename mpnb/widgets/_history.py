"""Undo and redo for the FrameEditor: each user action is one step of cell changes and deletion marks.

A step stores each changed cell's value before and after (lists copied), so undoing a bulk "Set" on 500
rows puts back 500 values, and redoing it sets them again; a new action after an undo drops the redo side,
as every editor does.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Cell", "History", "Step"]

Cell = tuple[Hashable, str]  # (row id, column)


@dataclass
class Step:
    """One action: ``what`` in words, the cells it changed (old, new), and the deletion marks around it."""

    what: str
    before: dict[Cell, Any] = field(default_factory=dict)
    after: dict[Cell, Any] = field(default_factory=dict)
    marked_before: list[Hashable] = field(default_factory=list)
    marked_after: list[Hashable] = field(default_factory=list)

    @property
    def rows(self) -> list[Hashable]:
        """The rows this step touched (cells or marks), each once."""
        ids = [rid for rid, _ in self.after]
        flipped = set(self.marked_before) ^ set(self.marked_after)
        ids += [r for r in (*self.marked_before, *self.marked_after) if r in flipped]
        return list(dict.fromkeys(ids))

    @property
    def empty(self) -> bool:
        return not self.after and self.marked_before == self.marked_after


class History:
    """The undo and redo stacks."""

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self.done: list[Step] = []
        self.undone: list[Step] = []

    def push(self, step: Step) -> None:
        if step.empty:
            return
        self.done.append(copy.deepcopy(step))
        del self.done[: -self.limit]
        self.undone.clear()

    def undo(self) -> Step | None:
        """The step to take back (its ``before`` values are what to set), or None."""
        if not self.done:
            return None
        step = self.done.pop()
        self.undone.append(step)
        return step

    def redo(self) -> Step | None:
        """The step to do again (its ``after`` values), or None."""
        if not self.undone:
            return None
        step = self.undone.pop()
        self.done.append(step)
        return step

    def clear(self) -> None:
        self.done.clear()
        self.undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self.done)

    @property
    def can_redo(self) -> bool:
        return bool(self.undone)
