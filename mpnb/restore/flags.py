"""Flags: restored before experiments' links are re-pointed; a restored flag comes back disabled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.restore._rules import Dependant, Raw, RestoreRules, create_fields, dependant, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    from mpnb.entities.flags import CreateFeatureFlagParams

    return create_fields(CreateFeatureFlagParams, record, drop=("status",))  # comes back disabled


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.flags import CreateFeatureFlagParams

    return dump(ws.create_feature_flag(CreateFeatureFlagParams.model_validate(fields)))


def _list(ws: Workspace) -> list[Raw]:
    return [dump(f) for f in ws.list_feature_flags(include_archived=True)]


def _dependants(ws: Workspace, ids: list[Any], records: list[Raw], cascades: dict[str, list[Raw]]) -> list[Dependant]:
    return [
        dependant(
            "experiments",
            r["experiment_id"],
            "flags",
            r.get("id"),
            "experiment linked to the flag",
            "loses its flag",
            "the restored flag is linked to it again",
        )
        for r in records
        if r.get("experiment_id")
    ]


def _row_lost(record: Raw) -> list[str]:
    return ["enabled (it comes back disabled: enable it again)"] if record.get("status") == "enabled" else []


RESTORE = RestoreRules(
    family="flags",
    order=45,
    natural_key=("key",),
    lost=(
        "original id (the flag comes back with a new id; its key stays)",
        "creator and created date",
        "change history and enabled_at",
        "status (it comes back disabled)",
    ),
    fields=_fields,
    create=_create,
    references=(("experiment_id", "experiments"),),
    list_raw=_list,
    dependants=_dependants,
    row_lost=_row_lost,
)
