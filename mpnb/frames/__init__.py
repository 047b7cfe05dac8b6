"""Frames: every entity collection as a pandas DataFrame; edit it, plan, apply; backups and restore.

>>> reports = ws.reports.frame()                       # indexed by id, nullable dtypes
>>> reports.loc[reports.name.str.startswith("Untitled"), "description"] = "needs an owner"
>>> plan = ws.reports.plan(reports)                    # nothing sent yet; shows target, counts, changes
>>> result = plan.apply()                              # bulk endpoints, progress bar, one row per entity

This module stays light (``import mpnb`` must not import pandas): pandas and tqdm load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mpnb._families import REGISTRY
from mpnb.errors import InputError
from mpnb.frames._specs import FamilySpec
from mpnb.frames.families import SPECS, spec_for
from mpnb.graph import delete_impact

if TYPE_CHECKING:
    import os

    import pandas as pd
    from pydantic import BaseModel

    from mpnb._backup import Backup
    from mpnb._workspace import Workspace
    from mpnb.frames._cleanup import days_since, params_keys
    from mpnb.frames._compare import plain
    from mpnb.frames._csv import read_csv, write_csv
    from mpnb.frames._plan import Plan, make_plan
    from mpnb.frames._readable import readable, short_id, tidy_html
    from mpnb.frames._render import SAMPLE, action_words, plan_html, plan_summary, results_text
    from mpnb.frames._restore import RestoreResult

__all__ = [
    "SAMPLE",
    "FamilyFrames",
    "FramesAccess",
    "Plan",
    "action_words",
    "days_since",
    "make_plan",
    "params_keys",
    "plain",
    "plan_html",
    "plan_summary",
    "read_csv",
    "readable",
    "results_text",
    "short_id",
    "spec_for",
    "tidy_html",
    "to_frame",
    "write_csv",
]

# The rest of the public surface loads pandas, so it is imported on first use (``mpnb.frames.read_csv``).
_LAZY = {
    "Plan": "mpnb.frames._plan",
    "make_plan": "mpnb.frames._plan",
    "read_csv": "mpnb.frames._csv",
    "write_csv": "mpnb.frames._csv",
    "plain": "mpnb.frames._compare",
    # how a plan reads (text, HTML, result summaries), for the widgets and the CLI
    "SAMPLE": "mpnb.frames._render",
    "action_words": "mpnb.frames._render",
    "plan_html": "mpnb.frames._render",
    "plan_summary": "mpnb.frames._render",
    "results_text": "mpnb.frames._render",
    # a frame as a person scans it (display only)
    "readable": "mpnb.frames._readable",
    "short_id": "mpnb.frames._readable",
    "tidy_html": "mpnb.frames._readable",
    # cleanup-column helpers the audit rules share
    "days_since": "mpnb.frames._cleanup",
    "params_keys": "mpnb.frames._cleanup",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mpnb.frames' has no attribute {name!r}")


class FamilyFrames:
    """``ws.reports`` (and every family): read a frame, plan an edited one, look at the snapshot.

    >>> df = ws.dashboards.frame()
    >>> ws.dashboards.plan(df, delete=[12])    # shows the reports the delete takes with it
    """

    def __init__(self, ws: Workspace, family: str) -> None:
        self._ws = ws
        self.spec: FamilySpec = spec_for(family)

    @property
    def family(self) -> str:
        """The family's name, e.g. ``"reports"``."""
        return self.spec.name

    def frame(self, *, cleanup: bool = True, progress: bool = True, **filters: Any) -> pd.DataFrame:
        """One list call (filters as the family's list call takes them) -> a frame indexed by id.

        ``cleanup=True`` adds idle days, duplicate keys and counts (see ``mpnb.frames._cleanup``); for
        reports and dashboards that takes one extra list call, named in ``df.attrs["mpnb_extra_reads"]``.
        A read that takes more than a couple of seconds names its steps on a bar (``progress=False``: never).
        """
        from mpnb._gc import paused_gc
        from mpnb._progress import steps
        from mpnb.frames._cleanup import add_cleanup_columns, read_related, related_families
        from mpnb.frames._read import read_frame

        extra = related_families(self.spec) if cleanup else []
        # the collector waits for the whole read (the count columns' list calls and columns too)
        with paused_gc(), steps(self.family, total=len(extra) + 2, enabled=progress) as step:
            # the count columns' reads first: their records go before ours
            related = read_related(self._ws, self.spec, step=step) if cleanup else None
            step(f"reading {self.family}")
            df = read_frame(self._ws, self.spec, filters)
            step("building the frame")
            return add_cleanup_columns(self._ws, self.spec, df, read=related) if cleanup else df

    def plan(
        self,
        df: pd.DataFrame,
        *,
        delete: Sequence[Any] | str | None = None,
        overwrite: bool = False,
        archive: bool = True,
        allow_mass_delete: bool = False,
    ) -> Plan:
        """What applying ``df`` would do. ``delete``: ids, or the name of a yes/no marker column.

        ``overwrite=True`` sends changes on rows the server moved since the read (conflicts) too;
        ``archive=False`` deletes flags and experiments instead of archiving them; ``allow_mass_delete=True``
        lets ``apply`` delete more than 100 rows or more than 10% of the family.
        """
        from mpnb.frames._plan import make_plan

        return make_plan(
            self._ws,
            self.spec,
            df,
            delete=delete,
            overwrite=overwrite,
            archive=archive,
            allow_mass_delete=allow_mass_delete,
        )

    def snapshot(self) -> dict[Any, dict[str, Any]]:
        """The raw JSON this Workspace read, by id (what plans compare against)."""
        from mpnb.frames._state import state_of

        return dict(state_of(self._ws, self.family).raw)

    def __repr__(self) -> str:
        return f"<mpnb frames for {self.family} on {self._ws.target.label()}>"


class FramesAccess:
    """What frames add to a Workspace: ``ws.<family>`` for every family of the registry, and ``ws.restore``.

    ``mpnb.Workspace`` is made of this mixin (and the audit's) over the core Workspace: the frames layer
    brings its namespaces to the Workspace, rather than the Workspace importing the layer above it.
    """

    def frames(self: Any, family: str) -> FamilyFrames:
        """The frames of ``family`` (also ``ws.<family>``): ``.frame()``, ``.plan(edited)``, ``.snapshot()``."""
        name = REGISTRY.get(family).name
        key = f"frames:{name}"
        with self._lock:
            if key not in self._layer_cache:
                self._layer_cache[key] = FamilyFrames(self, name)
            found: FamilyFrames = self._layer_cache[key]
            return found

    if TYPE_CHECKING:  # ``ws.reports``, ``ws.flags``, ...: one property per family, set below from the registry

        def __getattr__(self, name: str) -> FamilyFrames: ...

    def restore(
        self: Any,
        backup: Backup | str | os.PathLike[str],
        ids: Any = None,
        where: Any = None,
        *,
        allow_other_target: bool = False,
        concurrency: int | None = None,
        progress: bool = True,
    ) -> RestoreResult:
        """Recreate a backup's entities (or the ``ids`` / ``where`` part of them) with what went with them.

        ``where``: a function of a backed-up record, or a pandas query string. A re-run recreates nothing
        twice (a journal sits next to the backup). A backup from another target is refused unless
        ``allow_other_target=True``. The result's repr is a summary; ``.to_frame()`` has one row per entity
        with what restore could not bring back (``mpnb.restore.restore_losses(family)`` says it beforehand).
        """
        return restore(
            self,
            backup,
            ids=ids,
            where=where,
            allow_other_target=allow_other_target,
            concurrency=concurrency,
            progress=progress,
        )

    def _what_goes_with(
        self: Any, family: str, ids: list[Any], records: list[dict[str, Any]]
    ) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
        """What a delete's backup holds: the project graph's answer, plus what the family's restore rules add
        that is not an entity (a report's card on its board)."""
        from mpnb.restore import extra_dependants

        impact = delete_impact(self, family, ids, records)
        return impact.cascades, impact.dependants() + extra_dependants(family, records)


def _namespace(family: str, title: str) -> property:
    def get(self: FramesAccess) -> FamilyFrames:
        return self.frames(family)

    get.__doc__ = f"{title} as a DataFrame family: ``.frame()``, ``.plan(edited)``, ``.snapshot()``."
    return property(get)


for _fam in REGISTRY:
    setattr(FramesAccess, _fam.name, _namespace(_fam.name, _fam.name.capitalize()))


def to_frame(models: Sequence[BaseModel], *, family: str | None = None) -> pd.DataFrame:
    """Any list from a ``list_*`` call as a frame (same columns and dtypes as ``ws.<family>.frame()``).

    The frame is not tied to a Workspace snapshot; plan edits with a frame from ``ws.<family>.frame()``.
    """
    from mpnb.frames._frame import build_frame

    items = list(models)
    spec = spec_for(family) if family else None
    if spec is None:
        if not items:
            raise InputError("to_frame needs at least one model, or family=", field="models")
        name = type(items[0]).__name__
        spec = next((s for s in SPECS.values() if s.model.__name__ == name), None)
        if spec is None:
            raise InputError(f"to_frame does not know which family {name} belongs to; pass family=", field="models")
    records = [m.model_dump(mode="json", by_alias=True) for m in items]
    df = build_frame(spec, records, target="")
    del df.attrs["mpnb_target"]
    return df


def restore(ws: Workspace, backup: Backup | str | os.PathLike[str], **options: Any) -> RestoreResult:
    """Recreate what a backup holds (see ``Workspace.restore`` for ``options``)."""
    from mpnb.frames._restore import restore_backup

    return restore_backup(ws, backup, **options)
