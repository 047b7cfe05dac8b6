"""Flags: restored before experiments' links are re-pointed; a restored flag comes back disabled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.restore._rules import Raw, RestoreRules, create_fields, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    from mpnb.entities.flags import CreateFeatureFlagParams

    return create_fields(CreateFeatureFlagParams, record, drop=("status",))  # comes back disabled


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.flags import CreateFeatureFlagParams

    return dump(ws.create_feature_flag(CreateFeatureFlagParams.model_validate(fields)))


def _row_lost(record: Raw) -> list[str]:
    return ["enabled (it comes back disabled: enable it again)"] if record.get("status") == "enabled" else []


RESTORE = RestoreRules(
    family="flags",
    lost=(
        "original id (the flag comes back with a new id; its key stays)",
        "creator and created date",
        "change history and enabled_at",
        "status (it comes back disabled)",
    ),
    fields=_fields,
    create=_create,
    row_lost=_row_lost,
)
