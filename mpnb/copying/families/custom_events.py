"""Custom events: copied when a report, cohort or flag being copied counts one (or when picked): made in the
target from the events they stand for, Lexicon fields written after; the copied query points at the new id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.copying._rules import CopyRules, Raw, dump
from mpnb.restore.custom_events import RESTORE

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

assert RESTORE.fields is not None and RESTORE.create is not None
_fields, _create = RESTORE.fields, RESTORE.create  # the same record -> create as a restore's


def _update(dst: Workspace, tid: Any, f: Raw, current: Raw) -> Raw:
    """Only the Lexicon fields change in place (which events it stands for is fixed at create)."""
    from mpnb.entities.events import UpdateEventDefinitionParams

    meta = {k: v for k, v in f.items() if k not in ("name", "alternatives")}
    if not meta:
        return current
    return dump(dst.update_custom_event(tid, UpdateEventDefinitionParams.model_validate(meta)))


COPY = CopyRules("custom_events", _fields, _create, _update)
