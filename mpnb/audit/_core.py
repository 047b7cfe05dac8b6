"""The rule registry and what every rule reads: the audit context (frames read once, named extra reads).

A rule is a small function ``rule(ctx, **thresholds) -> list[Finding]`` registered with ``@rule(...)``: its
family, default severity, the frames it needs and any extra read. Findings are data (an action and the
field changes that carry it out), so a notebook can filter and chart them and ``Audit.plan`` can turn
them into frames plans.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

from mpnb._families import REGISTRY
from mpnb.errors import InputError, NotFoundError, PermissionDeniedError
from mpnb.frames import FamilyFrames

if TYPE_CHECKING:
    import pandas as pd

    from mpnb._workspace import Workspace

__all__ = [
    "ACTIONS",
    "FAMILIES",
    "RULES",
    "SEVERITIES",
    "AuditContext",
    "Finding",
    "Rule",
    "rule",
    "select_rules",
]

FAMILIES = tuple(REGISTRY.names)
SEVERITIES = ("high", "medium", "low")
Severity = Literal["high", "medium", "low"]
# what a finding suggests: delete / archive / update go into a plan; review is for a person
ACTIONS = ("delete", "archive", "update", "review")
Action = Literal["delete", "archive", "update", "review"]


@dataclass
class Finding:
    """One entity a rule flags. ``changes`` are the field values an ``update`` action would set."""

    id: Any
    name: str | None
    evidence: dict[str, Any]
    action: Action = "review"
    changes: dict[str, Any] | None = None
    severity: Severity | None = None  # None: the rule's default
    keep_reason: str | None = None  # why a person would keep it (a review finding the rule would not delete)


RuleFn = Callable[..., list[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    family: str
    severity: Severity
    fn: RuleFn
    needs: tuple[str, ...]
    extra: str | None = None  # an extra read the rule makes (named in the audit's summary)
    opt_in: bool = False  # runs only when asked for (e.g. it sends requests beyond reads)

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.fn) or ""

    @property
    def summary(self) -> str:
        return self.doc.split("\n\n")[0].replace("\n", " ")

    def thresholds(self) -> dict[str, Any]:
        """The rule's parameters and their defaults."""
        sig = inspect.signature(self.fn)
        return {n: p.default for n, p in sig.parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}


RULES: dict[str, Rule] = {}


def rule(
    family: str,
    severity: Severity,
    *,
    needs: Iterable[str] = (),
    extra: str | None = None,
    opt_in: bool = False,
) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as a rule named after the function."""

    def register(fn: RuleFn) -> RuleFn:
        frames = tuple(dict.fromkeys([family, *needs]))
        RULES[fn.__name__] = Rule(fn.__name__, family, severity, fn, frames, extra, opt_in)
        return fn

    return register


def _load() -> None:
    REGISTRY.slices("mpnb.audit")  # each family's rules register themselves as their module loads


def select_rules(
    rules: Iterable[str] | None = None, families: Iterable[str] | None = None, *, opt_in: bool = False
) -> list[Rule]:
    """The rules to run: named ones (an unknown name is refused), else every rule of ``families``."""
    _load()
    fams = list(families or [])
    for f in fams:
        if f not in FAMILIES:
            raise InputError(f"unknown family {f!r}; audit families: {', '.join(FAMILIES)}", field="families")
    names = list(rules or [])
    for n in names:
        if n not in RULES:
            raise InputError(f"unknown audit rule {n!r}; rules: {', '.join(sorted(RULES))}", field="rules")
    if names:
        chosen = [RULES[n] for n in names]
        return [r for r in chosen if not fams or r.family in fams]
    return [r for r in RULES.values() if (not fams or r.family in fams) and (opt_in or not r.opt_in)]


@dataclass
class AuditContext:
    """What rules read: each family's frame at most once, plus named extra reads; nothing is written."""

    ws: Workspace
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    members: frozenset[str] | None = None  # emails/names/ids of people still in the project, when known
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    reads: list[str] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)
    refused: dict[str, Exception] = field(default_factory=dict)

    def frame(self, family: str) -> pd.DataFrame:
        """The family's frame (one list call the first time; flags and experiments without archived)."""
        if family in self.refused:
            raise self.refused[family]
        if family not in self.frames:
            try:
                self.frames[family] = FamilyFrames(self.ws, family).frame(cleanup=False)
            except (PermissionDeniedError, NotFoundError) as exc:  # asked once; its rules are skipped
                self.refused[family] = exc
                self.reads.append(f"{family} list (refused)")
                raise
            self.reads.append(f"{family} list")
        return self.frames[family]

    def extra(self, name: str, read: Callable[[], Any]) -> Any:
        """An extra read a rule needs, made once and named in the summary."""
        if name not in self.cache:
            self.cache[name] = read()
            self.reads.append(name)
        return self.cache[name]

    def days(self, values: Any) -> pd.Series:
        from mpnb.frames import days_since

        return days_since(values, self.now)
