"""The registry's mechanism: families by name and word, their references, creation order, and each layer's
per-family parts. The one list of families itself is ``mpnb/_families.py``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from mpnb.entities._family import Family, Reference
from mpnb.errors import InputError

__all__ = ["Family", "Reference", "Registry"]


class Registry:
    """The families in the order users see, by name and by the other words people use for them."""

    def __init__(self, entries: list[Family], modules: list[str] | None = None) -> None:
        """``entries`` in the order users see them; ``modules``: where each family's public names live."""
        self._entries = list(entries)
        self._modules = list(modules or [])
        self._by_name = {f.name: f for f in entries}
        self._by_word = {w: f for f in entries for w in (f.name, f.singular, *f.words)}
        if len(self._by_name) != len(entries):
            raise ValueError("two families share a name")

    def __iter__(self) -> Iterator[Family]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @property
    def names(self) -> list[str]:
        return [f.name for f in self._entries]

    def get(self, name: str) -> Family:
        """The family called ``name`` (or one of its other words); an ``InputError`` listing them otherwise."""
        found = self._by_word.get(name) if isinstance(name, str) else None
        if found is None:
            raise InputError(f"unknown family {name!r}; known: {', '.join(self.names)}", field="family")
        return found

    def referencing(self, target: str) -> Iterator[tuple[Family, Reference]]:
        """Every (family, reference) whose records point at ``target``: the reverse edges of the graph."""
        for fam in self._entries:
            for ref in fam.references:
                if ref.target == target:
                    yield fam, ref

    def creation_order(self) -> list[Family]:
        """Families ordered so that what is pointed at comes before what points at it (boards, then reports,
        then alerts); ties keep the registry's order. Self-references (cohorts on cohorts) are ignored here."""
        left = list(self._entries)
        done: list[Family] = []
        while left:
            placed = {f.name for f in done}
            ready = next(
                (
                    f
                    for f in left
                    if all(
                        r.target in placed or r.target == f.name or r.target not in self or not r.orders
                        for r in f.references
                    )
                ),
                left[0],  # a reference cycle (flags <-> experiments): keep the registry's order
            )
            done.append(ready)
            left.remove(ready)
        return done

    def slices(self, package: str, attribute: str | None = None) -> dict[str, Any]:
        """Each family's module ``<package>.<family name>`` (or its ``attribute``), by name: how a layer finds
        its own per-family parts. A layer calls this for its own package only, so imports still run downwards.
        """
        out: dict[str, Any] = {}
        for fam in self._entries:
            module = importlib.import_module(f"{package}.{fam.name}")
            out[fam.name] = module if attribute is None else getattr(module, attribute)
        return out

    @classmethod
    def of(cls, methods: type) -> Registry:
        """The registry of a class made of family mixins: each base's ``FAMILY``, in the bases' order."""
        bases = methods.__bases__
        return cls([vars(base)["FAMILY"] for base in bases], [base.__module__ for base in bases])

    def public_names(self) -> list[str]:
        """Every family module's public names (models, params), as ``mpnb`` re-exports them."""
        return [n for m in self._modules for n in importlib.import_module(m).__all__ if not n.endswith("Methods")]
