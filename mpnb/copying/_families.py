"""What a copy writes for each family: the copyable fields (with references remapped), the natural key
that finds an earlier copy when the journal is lost, and the create/update calls on the target.

Everything here goes through the target Workspace's public methods, so a copy gets the same input checks,
retries and outcome rules as any other call. Fields that identify or describe the *source* (ids, creators,
dates, view counts, caches) are never copied.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mpnb.copying._refs import rewrite_cohort_refs
from mpnb.entities.alerts import CreateAlertParams, UpdateAlertParams
from mpnb.entities.annotations import CreateAnnotationParams, UpdateAnnotationParams
from mpnb.entities.cohorts import CreateCohortParams, UpdateCohortParams
from mpnb.entities.dashboards import UpdateDashboardParams
from mpnb.entities.experiments import CreateExperimentParams, UpdateExperimentParams
from mpnb.entities.flags import CreateFeatureFlagParams, UpdateFeatureFlagParams
from mpnb.entities.reports import CreateBookmarkParams, UpdateBookmarkParams

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["FAMILIES", "ORDER", "CopyFamily", "Remap"]

Remap = Callable[[str, Any], Any]
"""``remap(family, source_id)`` -> the target id (or None when unknown)."""

# creation order: whatever is pointed at comes before what points at it
ORDER = ("cohorts", "experiments", "flags", "dashboards", "reports", "alerts", "annotations")


def _cohorts(remap: Remap) -> Callable[[int], Any]:
    return lambda cid: remap("cohorts", cid)


@dataclass(frozen=True)
class CopyFamily:
    """How one family is copied. ``fields(record, remap)`` is what the target should hold."""

    name: str
    singular: str
    fields: Callable[[dict[str, Any], Remap], dict[str, Any]]
    key: Callable[[dict[str, Any]], str]
    title: Callable[[dict[str, Any]], str]


def _json(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json")
    extra = getattr(model, "model_extra", None)
    if extra:
        data.update(json.loads(json.dumps(extra, default=str)))
    return data


def record_of(family: str, model: Any) -> dict[str, Any]:
    """A model as the plain record the copy rules read (cohort definitions kept under ``definition``)."""
    data = _json(model)
    if family == "cohorts":
        data["definition"] = json.loads(json.dumps(model.definition, default=str))
    if family == "reports":
        data["bookmark_type"] = model.bookmark_type
    return data


def _cohort_fields(r: dict[str, Any], remap: Remap) -> dict[str, Any]:
    return {
        "name": r["name"],
        "description": r.get("description"),
        "definition": rewrite_cohort_refs(r.get("definition") or {}, _cohorts(remap)),
    }


def _flag_fields(r: dict[str, Any], remap: Remap) -> dict[str, Any]:
    exp = r.get("experiment_id")
    return {
        "name": r["name"],
        "key": r["key"],
        "description": r.get("description"),
        "tags": list(r.get("tags") or []),
        "context": r.get("context"),
        "serving_method": r.get("serving_method"),
        "ruleset": rewrite_cohort_refs(r.get("ruleset") or {}, _cohorts(remap)),
        "experiment_id": None if exp is None else remap("experiments", exp),
    }


def _experiment_fields(r: dict[str, Any], remap: Remap) -> dict[str, Any]:
    return {
        "name": r["name"],
        "description": r.get("description"),
        "hypothesis": r.get("hypothesis"),
        "settings": r.get("settings"),
        "variants": r.get("variants"),
        "metrics": r.get("metrics"),
    }


def _dashboard_fields(r: dict[str, Any], remap: Remap) -> dict[str, Any]:
    return {"title": r["title"], "description": r.get("description")}


def _report_fields(r: dict[str, Any], remap: Remap) -> dict[str, Any]:
    return {
        "name": r["name"],
        "bookmark_type": r.get("bookmark_type") or r.get("type"),
        "description": r.get("description"),
        "params": rewrite_cohort_refs(r.get("params") or {}, _cohorts(remap)),
    }


def _alert_report(r: dict[str, Any]) -> Any:
    return (r.get("bookmark") or {}).get("id", r.get("bookmark_id"))


def _alert_fields(r: dict[str, Any], remap: Remap) -> dict[str, Any]:
    subscriptions = r.get("subscriptions") or []
    return {
        "name": r["name"],
        "bookmark_id": remap("reports", _alert_report(r)),
        "condition": r.get("condition"),
        "frequency": r.get("frequency"),
        # a running alert must notify someone: one without recipients is copied paused
        "paused": bool(r.get("paused")) or not subscriptions,
        "subscriptions": subscriptions,
    }


def _annotation_fields(r: dict[str, Any], remap: Remap) -> dict[str, Any]:
    tags = sorted(str(t.get("name")) for t in r.get("tags") or [] if isinstance(t, dict))
    return {"date": str(r["date"])[:19].replace("T", " "), "description": r["description"], "tags": tags}


FAMILIES: dict[str, CopyFamily] = {
    f.name: f
    for f in (
        CopyFamily("cohorts", "cohort", _cohort_fields, lambda r: r["name"], lambda r: r["name"]),
        CopyFamily("flags", "flag", _flag_fields, lambda r: r["key"], lambda r: r["key"]),
        CopyFamily("experiments", "experiment", _experiment_fields, lambda r: r["name"], lambda r: r["name"]),
        CopyFamily("dashboards", "dashboard", _dashboard_fields, lambda r: r["title"], lambda r: r["title"]),
        CopyFamily(
            "reports",
            "report",
            _report_fields,
            lambda r: f"{r['name']}\n{r.get('dashboard_id')}",
            lambda r: r["name"],
        ),
        CopyFamily("alerts", "alert", _alert_fields, lambda r: f"{r['name']}\n{_alert_report(r)}", lambda r: r["name"]),
        CopyFamily(
            "annotations",
            "annotation",
            _annotation_fields,
            lambda r: f"{str(r['date'])[:10]}\n{r['description']}",
            lambda r: f"{str(r['date'])[:10]} {r['description']}",
        ),
    )
}


def list_records(ws: Workspace, family: str) -> list[dict[str, Any]]:
    """Every entity of ``family`` on ``ws`` as plain records (one list call)."""
    models: list[Any]
    if family == "cohorts":
        models = ws.list_cohorts_full()
    elif family == "flags":
        models = ws.list_feature_flags(include_archived=True)
    elif family == "experiments":
        models = ws.list_experiments(include_archived=True)
    elif family == "dashboards":
        models = ws.list_dashboards()
    elif family == "reports":
        models = ws.list_bookmarks_v2()
    elif family == "alerts":
        models = ws.list_alerts()
    else:
        models = ws.list_annotations()
    return [record_of(family, m) for m in models]


# -- writes on the target ------------------------------------------------------------------------------
def create(dst: Workspace, family: str, fields: dict[str, Any], tag_ids: dict[str, int]) -> Any:
    """Create one entity in ``dst`` from its copy fields; returns it as the target answered. Flags start disabled."""
    f = dict(fields)
    if family == "cohorts":
        return dst.create_cohort(CreateCohortParams(**f))
    if family == "flags":
        return dst.create_feature_flag(CreateFeatureFlagParams(status="disabled", **_no_none(f)))
    if family == "experiments":
        return dst.create_experiment(CreateExperimentParams(**_no_none(f)))
    if family == "reports":
        kind = f.pop("bookmark_type")
        return dst.create_bookmark(CreateBookmarkParams(bookmark_type=kind, **f))
    if family == "alerts":
        return dst.create_alert(CreateAlertParams(**f))
    if family == "annotations":
        tags = [tag_ids[name] for name in f.pop("tags")]
        return dst.create_annotation(CreateAnnotationParams(tags=tags, **f))
    raise ValueError(f"no single create for {family}")  # dashboards are created with their cards


def update(dst: Workspace, family: str, target_id: Any, fields: dict[str, Any], tag_ids: dict[str, int]) -> Any:
    """Bring an earlier copy in line with the source (a flag keeps its status in the target)."""
    f = dict(fields)
    if family == "cohorts":
        return dst.update_cohort(target_id, UpdateCohortParams(**f))
    if family == "flags":
        current = dst.get_feature_flag(target_id)
        return dst.update_feature_flag(target_id, UpdateFeatureFlagParams(status=current.status, **_no_none(f)))
    if family == "experiments":
        return dst.update_experiment(target_id, UpdateExperimentParams(**_no_none(f)))
    if family == "dashboards":
        return dst.update_dashboard(target_id, UpdateDashboardParams(**f))
    if family == "reports":
        f.pop("bookmark_type")
        return dst.update_bookmark(target_id, UpdateBookmarkParams(**f))
    if family == "alerts":
        return dst.update_alert(target_id, UpdateAlertParams(**f))
    tags = [tag_ids[name] for name in f["tags"]]
    return dst.update_annotation(target_id, UpdateAnnotationParams(description=f["description"], tags=tags))


def _no_none(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}
