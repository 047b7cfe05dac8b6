"""Annotations: date and description, and their tags by name (an annotation tag the target lacks is created
there); tags belong to annotations only, so no other family's tags ever become annotation tags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.copying._rules import CopyRules, Raw, dump
from mpnb.entities.annotations import CreateAnnotationParams, CreateAnnotationTagParams, UpdateAnnotationParams

if TYPE_CHECKING:
    from mpnb._workspace import Workspace


def _fields(r: Raw) -> Raw:
    tags = sorted(str(t.get("name")) for t in r.get("tags") or [] if isinstance(t, dict))
    return {"date": str(r["date"])[:19].replace("T", " "), "description": r["description"], "tags": tags}


def _tag_ids(dst: Workspace, f: Raw, cache: dict[str, Any]) -> Raw:
    """Tag names -> the target's tag ids, creating the tags the target lacks (one list read, cached)."""
    if "tags" not in cache:
        cache["tags"] = {t.name: t.id for t in dst.list_annotation_tags()}
    known: dict[str, int] = cache["tags"]
    for name in f.get("tags") or []:
        if name not in known:
            known[name] = dst.create_annotation_tag(CreateAnnotationTagParams(name=name)).id
    return dict(f, tags=[known[n] for n in f.get("tags") or []])


def _create(dst: Workspace, f: Raw) -> Raw:
    return dump(dst.create_annotation(CreateAnnotationParams(**f)))


def _update(dst: Workspace, tid: Any, f: Raw, current: Raw) -> Raw:
    return dump(dst.update_annotation(tid, UpdateAnnotationParams(description=f["description"], tags=f["tags"])))


COPY = CopyRules("annotations", _fields, _create, _update, prepare=_tag_ids, picked_by="dates")
