"""Custom properties: copied when a report, cohort or flag being copied uses one (or when picked), from their
formula (or behavior) and settings; the copied query points at the new id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.copying._rules import CopyRules, Raw, dump
from mpnb.restore.custom_properties import RESTORE

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

assert RESTORE.fields is not None and RESTORE.create is not None
_fields, _create = RESTORE.fields, RESTORE.create  # the same record -> create as a restore's


def _update(dst: Workspace, tid: Any, f: Raw, current: Raw) -> Raw:
    from mpnb.entities.custom_properties import UpdateCustomPropertyParams

    keep = set(UpdateCustomPropertyParams.model_fields) | {
        x.alias for x in UpdateCustomPropertyParams.model_fields.values() if x.alias
    }
    changes = {k: v for k, v in f.items() if k in keep}
    return dump(dst.update_custom_property(tid, UpdateCustomPropertyParams.model_validate(changes)))


COPY = CopyRules("custom_properties", _fields, _create, _update)
