"""Nested cells that notice being edited in place, so a plan finds such edits without reading every cell.

A frame's nested cells (a report's ``params``) are shared with the Workspace's snapshot, not copied (a copy
of 20,000 reports' params costs 42 MiB), so ``df.at[i, "params"]["x"] = 1`` changes the snapshot's object
too. The cells of writable nested columns are therefore ``TrackedDict``/``TrackedList``: plain ``dict``
and ``list`` subclasses (JSON, pandas and pydantic treat them as such) whose every mutating method, at any
depth, first records the cell's content as read, once. A plan then looks at the recorded cells only.

Children are wrapped when they are reached (``[]``, ``get``, iteration, ``values``, ``items``, ``copy``),
so a nested edit through any of those is seen as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, SupportsIndex

__all__ = ["Touched", "TrackedDict", "TrackedList", "as_plain", "plain_copy", "track"]


class Touched:
    """One column's record of cells edited in place: id -> the cell's content before the first edit."""

    __slots__ = ("before",)

    def __init__(self) -> None:
        self.before: dict[Any, Any] = {}


def plain_copy(value: Any) -> Any:
    """A deep copy made of plain ``dict``/``list`` (the JSON value as it is now)."""
    return json.loads(json.dumps(value))


def as_plain(value: Any) -> Any:
    """The cell's JSON value for reading only, with no child wrapped on the way (so no copies are made).

    Tracked nodes become plain ``dict``/``list``; a plain node is returned as it is, since everything
    under a node that was never reached is plain too. Encoding a tracked cell directly would go through
    its ``items()`` and wrap (copy) every nested value: 0.9 s and 12 MiB for 20,000 reports' params.
    """
    kind = type(value)
    if kind is TrackedDict:
        return {k: as_plain(v) for k, v in dict.items(value)}
    if kind is TrackedList:
        return [as_plain(v) for v in list.__iter__(value)]
    return value


def _wrap(value: Any, root: Any) -> Any:
    if type(value) is dict:
        return TrackedDict(value, root)
    if type(value) is list:
        return TrackedList(value, root)
    return value


def track(value: Any, touched: Touched, rid: Any) -> Any:
    """``value`` as a tracked cell of row ``rid`` (other values are returned as they are)."""
    out = _wrap(value, None)
    if out is not value:
        out._touched, out._rid = touched, rid
    return out


def _touch(node: Any) -> None:
    """Before the first edit anywhere in a cell: record the cell's content as read."""
    top = node if node._root is None else node._root
    before = top._touched.before
    if top._rid not in before:
        before[top._rid] = plain_copy(top)


class TrackedDict(dict[Any, Any]):
    __slots__ = ("_rid", "_root", "_touched")

    def __init__(self, value: dict[Any, Any], root: Any) -> None:
        super().__init__(value)
        self._root = root  # None: this is the cell itself

    def _child(self, key: Any, value: Any) -> Any:
        if type(value) is dict or type(value) is list:
            value = _wrap(value, self if self._root is None else self._root)
            dict.__setitem__(self, key, value)
        return value

    def __getitem__(self, key: Any) -> Any:
        return self._child(key, dict.__getitem__(self, key))

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:  # (not dict.get: the child must be wrapped)
            return self[key]
        return default

    def __iter__(self) -> Iterator[Any]:
        return iter(list(dict.keys(self)))

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self[k] for k in dict.keys(self)]

    def items(self) -> list[tuple[Any, Any]]:  # type: ignore[override]
        return [(k, self[k]) for k in dict.keys(self)]

    def copy(self) -> dict[Any, Any]:
        return {k: self[k] for k in dict.keys(self)}

    def __setitem__(self, key: Any, value: Any) -> None:
        _touch(self)
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: Any) -> None:
        _touch(self)
        dict.__delitem__(self, key)

    def pop(self, *args: Any) -> Any:
        _touch(self)
        return dict.pop(self, *args)

    def popitem(self) -> tuple[Any, Any]:
        _touch(self)
        return dict.popitem(self)

    def clear(self) -> None:
        _touch(self)
        dict.clear(self)

    def update(self, *args: Any, **kwargs: Any) -> None:
        _touch(self)
        dict.update(self, *args, **kwargs)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            _touch(self)
            dict.__setitem__(self, key, default)
        return self[key]

    def __ior__(self, other: Any) -> TrackedDict:  # type: ignore[misc]
        self.update(other)
        return self

    def __reduce__(self) -> Any:
        return (dict, (self.copy(),))  # pickles and deep copies are plain, untracked


class TrackedList(list[Any]):
    __slots__ = ("_rid", "_root", "_touched")

    def __init__(self, value: list[Any], root: Any) -> None:
        super().__init__(value)
        self._root = root

    def _child(self, index: int, value: Any) -> Any:
        if type(value) is dict or type(value) is list:
            value = _wrap(value, self if self._root is None else self._root)
            list.__setitem__(self, index, value)
        return value

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        return self._child(index, list.__getitem__(self, index))

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self)))

    def copy(self) -> list[Any]:
        return list(iter(self))

    def _touch(self) -> None:
        _touch(self)

    def __setitem__(self, index: Any, value: Any) -> None:
        _touch(self)
        list.__setitem__(self, index, value)

    def __delitem__(self, index: Any) -> None:
        _touch(self)
        list.__delitem__(self, index)

    def append(self, value: Any) -> None:
        _touch(self)
        list.append(self, value)

    def extend(self, values: Iterable[Any]) -> None:
        _touch(self)
        list.extend(self, values)

    def insert(self, index: SupportsIndex, value: Any) -> None:
        _touch(self)
        list.insert(self, index, value)

    def pop(self, index: SupportsIndex = -1) -> Any:
        _touch(self)
        return list.pop(self, index)

    def remove(self, value: Any) -> None:
        _touch(self)
        list.remove(self, value)

    def clear(self) -> None:
        _touch(self)
        list.clear(self)

    def sort(self, *args: Any, **kwargs: Any) -> None:
        _touch(self)
        list.sort(self, *args, **kwargs)

    def reverse(self) -> None:
        _touch(self)
        list.reverse(self)

    def __iadd__(self, values: Iterable[Any]) -> TrackedList:  # type: ignore[misc]
        self.extend(values)
        return self

    def __imul__(self, n: SupportsIndex) -> TrackedList:
        _touch(self)
        list.__imul__(self, n)
        return self

    def __reduce__(self) -> Any:
        return (list, (self.copy(),))
