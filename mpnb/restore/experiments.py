"""Experiments: come back as drafts; the flags linked to one are re-linked to the restored experiment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.errors import MpnbError
from mpnb.restore._rules import Dependant, Raw, RestoreRules, create_fields, dependant, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    from mpnb.entities.experiments import CreateExperimentParams

    return create_fields(CreateExperimentParams, record)


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.experiments import CreateExperimentParams

    return dump(ws.create_experiment(CreateExperimentParams.model_validate(fields)))


def _list(ws: Workspace) -> list[Raw]:
    return [dump(e) for e in ws.list_experiments(include_archived=True)]


def _dependants(ws: Workspace, ids: list[Any], records: list[Raw], cascades: dict[str, list[Raw]]) -> list[Dependant]:
    wanted = {str(i) for i in ids}
    linked: dict[tuple[str, str], Dependant] = {}
    for f in ws.list_feature_flags(include_archived=True):
        if f.experiment_id is not None and str(f.experiment_id) in wanted:
            linked[(f.id, str(f.experiment_id))] = dependant(
                "flags",
                f.id,
                "experiments",
                f.experiment_id,
                "flag linked to the experiment",
                "keeps a link to a deleted experiment",
                "re-linked to the restored experiment",
                name=f.key,
            )
    for r in records:
        flag = r.get("feature_flag") or {}
        if flag.get("id") and (flag["id"], str(r.get("id"))) not in linked:
            linked[(flag["id"], str(r.get("id")))] = dependant(
                "flags",
                flag["id"],
                "experiments",
                r.get("id"),
                "flag linked to the experiment",
                "keeps a link to a deleted experiment",
                "re-linked to the restored experiment",
                name=flag.get("key"),
            )
    return list(linked.values())


def _relink(ws: Workspace, dep: Dependant, new_id: Any) -> str:
    """Point the flag at the restored experiment (the link lives on the flag's ``experiment_id``)."""
    from mpnb.entities.flags import UpdateFeatureFlagParams

    try:
        flag = ws.get_feature_flag(dep["id"])
        params = UpdateFeatureFlagParams(
            name=flag.name, key=flag.key, status=flag.status, ruleset=flag.ruleset, experiment_id=new_id
        )
        ws.update_feature_flag(flag.id, params)
    except MpnbError as exc:
        return f"flag {dep['id']} not re-linked: {' '.join(str(exc).split())}"
    return ""


def _row_lost(record: Raw) -> list[str]:
    out = []
    if record.get("status") not in (None, "draft"):
        out.append(f"status {record['status']} (it comes back a draft)")
    if record.get("results_cache"):
        out.append("results")
    return out


RESTORE = RestoreRules(
    family="experiments",
    order=40,
    natural_key=("name",),
    lost=(
        "original id (the experiment comes back with a new id)",
        "creator and created date",
        "state: it comes back a draft, without start/end dates, exposures or results",
    ),
    fields=_fields,
    create=_create,
    list_raw=_list,
    dependants=_dependants,
    relink=_relink,
    row_lost=_row_lost,
)
