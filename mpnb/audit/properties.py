"""Data dictionary rules on properties: personal data not marked sensitive, near duplicates, dropped yet
still used, and names that break the convention you state."""

from __future__ import annotations

from typing import Any

import pandas as pd

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._dictionary import (
    check_convention,
    evidence_of_use,
    in_convention,
    looks_personal,
    name_key,
    usage,
)
from mpnb.audit._rows import truthy
from mpnb.frames import plain

__all__ = [
    "dropped_referenced_property",
    "near_duplicate_property",
    "personal_data_property",
    "property_naming_convention",
]


def _rows(ctx: AuditContext) -> list[tuple[Any, str, str, dict[Any, Any]]]:
    """(id, resource type, name, row) of every property."""
    df: pd.DataFrame = ctx.frame("properties")
    kinds, names = df["resource_type"].tolist(), df["name"].tolist()
    return [(i, str(k), str(n), row) for i, k, n, row in zip(df.index, kinds, names, df.to_dict("records"))]


@rule("properties", "high")
def personal_data_property(ctx: AuditContext) -> list[Finding]:
    """Properties whose names look like personal data (``email``, ``phone``, ``ip``, ``address``, ``ssn``,
    ``first_name``, ...) that are not marked sensitive.

    Unmarked, their values show to everyone in the project. The fix marks them sensitive (an update);
    one that is not personal data after all can be left out of the plan.
    """
    out = []
    for pid, kind, name, row in _rows(ctx):
        word = looks_personal(name)
        if word is not None and not plain(row.get("sensitive")):
            evidence = {"resource_type": kind, "looks_like": word}
            out.append(Finding(plain(pid), name, evidence, "update", {"sensitive": True}))
    return out


@rule("properties", "medium")
def near_duplicate_property(ctx: AuditContext) -> list[Finding]:
    """Properties of one resource type under several spellings (``utm_source``, ``UTM Source``, ``utmSource``).

    The most used spelling of each group is kept; an unused one is hidden (an update), a used one is left
    for review with where it is used.
    """
    use = usage(ctx)
    groups: dict[tuple[str, str], list[tuple[Any, str, dict[Any, Any]]]] = {}
    for pid, kind, name, row in _rows(ctx):
        if not name.startswith("$"):
            groups.setdefault((kind, name_key(name)), []).append((pid, name, row))
    out: list[Finding] = []
    for (kind, _), members in sorted(groups.items(), key=lambda kv: kv[0]):
        if len(members) < 2:
            continue
        ranked = sorted(members, key=lambda m: (-use.property_count(m[1]), m[1]))
        kept = ranked[0][1]
        for pid, name, row in ranked[1:]:
            uses = use.of_property(name)
            evidence = {"resource_type": kind, "kept": kept, "group": sorted(m[1] for m in members)}
            evidence.update(evidence_of_use(uses))
            if uses:
                out.append(Finding(plain(pid), name, evidence))
            elif not plain(row.get("hidden")):
                out.append(Finding(plain(pid), name, evidence, "update", {"hidden": True}))
    return out


@rule("properties", "high")
def dropped_referenced_property(ctx: AuditContext) -> list[Finding]:
    """Dropped properties (new values discarded) that saved entities (custom properties, reports, ...) use. Review."""
    use = usage(ctx)
    df = ctx.frame("properties")
    dropped = set(df.index[truthy(df["dropped"])])
    out = []
    for pid, kind, name, _ in _rows(ctx):
        uses = use.of_property(name)
        if pid in dropped and uses:
            out.append(Finding(plain(pid), name, {"resource_type": kind, **evidence_of_use(uses)}))
    return out


@rule("properties", "low")
def property_naming_convention(ctx: AuditContext, *, convention: str = "") -> list[Finding]:
    """Property names that break the convention you state (``snake_case``, ``camelCase``, ``Title Case`` or a
    regular expression; nothing is checked until you state one). Mixpanel's own ``$`` properties are left
    out. Review: a tracked name cannot change."""
    pattern = check_convention(convention, "params.property_naming_convention.convention")
    if pattern is None:
        return []
    return [
        Finding(plain(pid), name, {"resource_type": kind, "convention": convention})
        for pid, kind, name, _ in _rows(ctx)
        if not name.startswith("$") and not in_convention(name, convention, pattern)
    ]
