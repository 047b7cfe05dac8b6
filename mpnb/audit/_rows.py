"""Small helpers the rule modules share: findings from a frame mask, plain evidence, people matching."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from mpnb.audit._core import Action, Finding
from mpnb.frames import plain

__all__ = ["departed", "findings", "name_of", "truthy"]


def name_of(row: pd.Series, column: str) -> str | None:
    value = plain(row.get(column)) if column in row.index else None
    return None if value is None else str(value)


def findings(
    df: pd.DataFrame,
    mask: Any,
    name: str,
    evidence: Iterable[str],
    action: Action = "review",
    changes: dict[str, Any] | None = None,
    fixed: dict[str, Any] | None = None,
) -> list[Finding]:
    """One finding per row of ``df[mask]``: evidence = those columns' plain values (plus ``fixed`` ones)."""
    cols = [c for c in evidence if c in df.columns]
    keep = pd.Series(mask, index=df.index).fillna(False).astype(bool).to_numpy()
    sub = df[keep]
    ids = [plain(i) for i in sub.index.tolist()]
    names = [plain(v) for v in sub[name].tolist()] if name in sub.columns else [None] * len(sub)
    values = [[plain(v) for v in sub[c].tolist()] for c in cols]
    out = []
    for i, (eid, label) in enumerate(zip(ids, names)):
        ev = {c: vals[i] for c, vals in zip(cols, values)}
        ev.update(fixed or {})
        text = None if label is None else str(label)
        out.append(Finding(eid, text, ev, action, dict(changes) if changes else None))
    return out


def truthy(series: pd.Series) -> pd.Series:
    """A boolean/nullable column as plain bool, missing = False."""
    return series.fillna(False).astype(bool)


def departed(people: Iterable[Any], members: frozenset[str]) -> bool:
    """True when none of a record's person fields (id, email, name) is among the project's members."""
    known = [str(plain(p)).strip().lower() for p in people if plain(p) is not None]
    return bool(known) and not any(k in members for k in known)
