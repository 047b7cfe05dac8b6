"""Copy and promote entities between projects: plan first, references remapped, safe to re-run.

>>> plan = mp.copy(src, dst, dashboards=[12], flags=["checkout_v2"], experiments=["Checkout Flow Test"])
>>> plan                 # what will be created / updated / skipped in dst, and every rewritten reference
>>> result = plan.apply()

A copy keeps a journal (source id -> target id) under ``$MPNB_HOME/copies``, so running the same copy
again updates what changed in the source and creates nothing twice; without the journal, an earlier copy
is recognised only by the identity rule (a flag's key; otherwise a name unique on both sides with the same
content): look-alikes are ``ambiguous`` and wait for ``mapping=``. A target entity edited since the last
copy is a conflict, left alone unless ``overwrite=True``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from mpnb._families import REGISTRY
from mpnb.errors import InputError

if TYPE_CHECKING:
    from mpnb._workspace import Workspace
    from mpnb.copying._plan import CopyPlan
    from mpnb.copying._result import CopyResult

__all__ = ["CopyPlan", "CopyResult", "copy"]


def __getattr__(name: str) -> Any:
    """``CopyPlan`` and ``CopyResult`` load on first use, so ``import mpnb`` stays light."""
    if name == "CopyResult":
        from mpnb.copying._result import CopyResult

        return CopyResult
    if name == "CopyPlan":
        from mpnb.copying._plan import CopyPlan

        return CopyPlan
    raise AttributeError(name)


def _ids(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, int)):
        return [value]
    if not isinstance(value, Sequence):
        raise InputError(f"{field} must be a list of ids or names, got {value!r}", field=field)
    return list(value)


def copy(
    src: Workspace,
    dst: Workspace,
    *,
    dashboards: Sequence[int] | None = None,
    reports: Sequence[int] | None = None,
    cohorts: Sequence[int] | None = None,
    flags: Sequence[str] | None = None,
    experiments: Sequence[str] | None = None,
    alerts: Sequence[int] | None = None,
    annotations: tuple[str | date, str | date] | dict[str, Any] | None = None,
    include_alerts: bool = False,
    follow: bool = True,
    mapping: dict[str, dict[Any, Any]] | None = None,
    overwrite: bool = False,
    skip_unresolved: bool = False,
) -> CopyPlan:
    """Plan a copy of the named entities (and what they need) from ``src`` into ``dst``; nothing is sent.

    ``dashboards`` bring their reports, text cards and layout; reports and cohorts bring the cohorts they
    name; ``experiments`` bring their flag; ``include_alerts`` brings the alerts on copied reports;
    ``annotations=(from_date, to_date)`` or ``{"from_date", "to_date", "tags"}`` copies annotations with
    their tags (by name). Flags and experiments may be named by id, key or name.

    References that point outside the copy (``follow=False``, or an entity missing in the source) are
    listed in ``plan.unresolved``: map them to target entities with ``mapping={"cohorts": {src: dst}}``,
    or leave their owners out with ``skip_unresolved=True``. A report copied without its board needs a
    board in the target: ``mapping={"dashboards": {source_board: target_board}}``. Flags are created
    disabled and experiments as drafts: turning them on in the target stays a deliberate act. Webhooks
    are never copied (their passwords cannot be read back).
    """
    if src is dst:
        raise InputError("source and target are the same Workspace; give two Workspaces", field="dst")
    if annotations is not None and not isinstance(annotations, dict):
        if not isinstance(annotations, tuple) or len(annotations) != 2:
            raise InputError("annotations must be (from_date, to_date) or a dict", field="annotations")
        annotations = {"from_date": annotations[0], "to_date": annotations[1]}
    from mpnb.copying._collect import Selection
    from mpnb.copying._plan import build_plan
    from mpnb.copying.families import rules_for

    given = locals()  # the families asked for are the keyword arguments named after them
    picks = {
        f.name: _ids(given[f.name], f.name)
        for f in REGISTRY
        if rules_for(f.name).picked_by == "ids" and given.get(f.name) is not None
    }
    sel = Selection(picks=picks, annotations=annotations, include_alerts=include_alerts, follow=follow)
    from mpnb.copying._apply import apply_plan

    plan = build_plan(src, dst, sel, mapping=mapping, overwrite=overwrite, skip_unresolved=skip_unresolved)
    plan.applier = lambda p, confirm: apply_plan(p, confirm=confirm)
    return plan
