"""Cohorts: models, endpoint table and ``CohortsMethods``.

A cohort's ``definition`` is never sent as a key: Mixpanel reads its keys (``selector``, ``behaviors``,
...) at the top level of the body, so ``definition`` is flattened into it.

>>> power = ws.create_cohort(mp.CreateCohortParams(name="Power Users", definition={"selector": {...}}))
>>> ws.bulk_update_cohorts([mp.BulkUpdateCohortEntry(id=power.id, name="Super Users")])
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from mpnb._http import Op, objects_of
from mpnb._models import InputModel, ResponseModel, body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase, check_int_id, check_int_ids, ids_csv
from mpnb.entities._family import Family, Raw, Reference, cohort_ids
from mpnb.entities._lexicon_refs import in_cohort_definition
from mpnb.errors import InputError

__all__ = [
    "BulkUpdateCohortEntry",
    "Cohort",
    "CohortCreator",
    "CohortsMethods",
    "CreateCohortParams",
    "UpdateCohortParams",
]


class CohortCreator(ResponseModel):
    """Who created a cohort, as Mixpanel embeds it."""

    id: int | None = None
    name: str | None = None
    email: str | None = None


class Cohort(ResponseModel):
    """A saved cohort. Definition keys the server returns stay in ``model_extra`` (see ``definition``)."""

    id: int
    name: str
    description: str | None = None
    count: int | None = None
    is_visible: bool | None = None
    is_locked: bool | None = None
    data_group_id: str | None = None
    last_edited: str | None = None
    created: str | None = None
    project_id: int | None = None
    created_by: CohortCreator | None = None
    referenced_by: list[int] | None = None
    verified: bool = False
    last_queried: str | None = None
    referenced_directly_by: list[int] = Field(default_factory=list)
    active_integrations: list[int] = Field(default_factory=list)

    @property
    def definition(self) -> dict[str, Any]:
        """The server's fields beyond the known ones: the flattened definition (``selector``, ...)."""
        return dict(self.model_extra or {})

    @property
    def dependants(self) -> list[int]:
        """Ids of what references this cohort (deleting it may break them)."""
        return sorted(set(self.referenced_by or []) | set(self.referenced_directly_by))


class CreateCohortParams(InputModel):
    """A new cohort. ``name`` is required; ``definition`` (Mixpanel's filter tree, as the UI saves it) is
    sent merged into the top level of the body, as Mixpanel expects. A cohort created without a
    definition is an empty, static cohort.
    """

    name: str = Field(min_length=1, max_length=255)
    """Display name (required, non-empty)."""
    description: str | None = None
    """Free-text description shown in Mixpanel."""
    data_group_id: str | None = None
    """Data group the entity belongs to (group analytics); leave unset for users."""
    is_locked: bool | None = None
    """Only its creator can edit it."""
    is_visible: bool | None = None
    """Listed in Mixpanel's cohort pickers."""
    deleted: bool | None = None
    """Mark as deleted (prefer the delete calls, which write a backup)."""
    definition: dict[str, Any] | None = None
    """The cohort's filter tree as Mixpanel's UI saves it; sent merged into the top level of the body."""


class UpdateCohortParams(InputModel):
    """The fields to change; unset ones stay as they are (an empty update is refused before sending)."""

    name: str | None = Field(default=None, min_length=1, max_length=255)
    """Display name (required, non-empty)."""
    description: str | None = None
    """Free-text description shown in Mixpanel."""
    data_group_id: str | None = None
    """Data group the entity belongs to (group analytics); leave unset for users."""
    is_locked: bool | None = None
    """Only its creator can edit it."""
    is_visible: bool | None = None
    """Listed in Mixpanel's cohort pickers."""
    deleted: bool | None = None
    """Mark as deleted (prefer the delete calls, which write a backup)."""
    definition: dict[str, Any] | None = None
    """The cohort's filter tree as Mixpanel's UI saves it; sent merged into the top level of the body."""


class BulkUpdateCohortEntry(InputModel):
    """One cohort of ``bulk_update_cohorts``: its ``id`` plus the fields to change."""

    id: int
    """Id of the cohort to change."""
    name: str | None = Field(default=None, min_length=1, max_length=255)
    """Display name (required, non-empty)."""
    description: str | None = None
    """Free-text description shown in Mixpanel."""
    definition: dict[str, Any] | None = None
    """The cohort's filter tree as Mixpanel's UI saves it; sent merged into the top level of the body."""


class OPS:
    LIST = Op("list_cohorts_full", "GET", "cohorts")
    CREATE = Op("create_cohort", "POST", "cohorts")
    GET = Op("get_cohort", "GET", "cohorts/{id}")
    UPDATE = Op("update_cohort", "PATCH", "cohorts/{id}")
    DELETE = Op("delete_cohort", "DELETE", "cohorts/{id}")
    BULK_DELETE = Op("bulk_delete_cohorts", "POST", "cohorts/bulk-delete", idempotent=True)
    BULK_UPDATE = Op("bulk_update_cohorts", "POST", "cohorts/bulk-update", idempotent=True)


def _flat_body(params: BaseModel, what: str) -> dict[str, Any]:
    """``body_of(params)`` with ``definition`` merged into the top level."""
    body = body_of(params)
    definition = body.pop("definition", None) or {}
    clash = sorted(k for k in definition if k in body or k in type(params).model_fields)
    if clash:
        raise InputError(
            f"{what}.definition must not contain {', '.join(map(repr, clash))}: set it as a field of {what} instead",
            field="definition",
        )
    body.update(definition)
    return body


def _refuse_deleted(params: CreateCohortParams | UpdateCohortParams) -> None:
    if params.deleted:
        raise InputError(
            "deleted=True would delete the cohort without a backup; use ws.delete_cohort(id) instead",
            field="deleted",
        )


def _cohort(data: Any, what: str) -> Cohort:
    return parse_model(Cohort, data, what=what)


def _definition(record: Raw) -> dict[str, Any]:
    """A cohort's definition: under ``definition`` in create params, flattened into a listed record."""
    if isinstance(record.get("definition"), dict):
        return dict(record["definition"])
    return {k: v for k, v in record.items() if k not in Cohort.model_fields}


def _flat(changes: Raw) -> Raw:
    """A cohort's ``definition`` travels flattened into the body (as Mixpanel takes it)."""
    out = {k: v for k, v in changes.items() if k != "definition"}
    out.update(changes.get("definition") or {})
    return out


FAMILY = Family(
    name="cohorts",
    singular="cohort",
    model=Cohort,
    ops=OPS,
    ids_param="ids",
    natural_key=("name", "data_group_id"),
    content_of=lambda r: {"definition": _definition(r)},
    references=(
        Reference("cohorts", "built on the cohort", cohort_ids(), field="definition", nested_key="cohort_id"),
        *in_cohort_definition(),  # the events and properties it selects by ("where used")
    ),
    modified="last_edited",
    body=_flat,
    bulk_update_key="cohorts",
    bulk_delete_key="cohort_ids",
)


class CohortsMethods(FamilyBase):
    """Cohorts: list, create, edit one or many, delete with a backup and a warning about dependants."""

    FAMILY: ClassVar[Family] = FAMILY

    def _raw_cohorts(self, *, ids: list[int] | None = None, data_group_id: str | None = None) -> list[dict[str, Any]]:
        data = self._http.call(OPS.LIST, params={"data_group_id": data_group_id, "ids": ids_csv(ids)})
        return objects_of(data, "list_cohorts_full")

    def list_cohorts_full(self, *, data_group_id: str | None = None, ids: list[int] | None = None) -> list[Cohort]:
        """List cohorts, optionally of one data group or with the given ids."""
        if data_group_id is not None and not isinstance(data_group_id, str):
            raise InputError(f"data_group_id must be a string, got {data_group_id!r}", field="data_group_id")
        raw = self._raw_cohorts(ids=ids, data_group_id=data_group_id)
        return parse_list(Cohort, raw, what="list_cohorts_full")

    def list_cohorts(self, *, data_group_id: str | None = None, ids: list[int] | None = None) -> list[Cohort]:
        """Same as ``list_cohorts_full`` (the shorter name people reach for first)."""
        return self.list_cohorts_full(data_group_id=data_group_id, ids=ids)

    def get_cohort(self, cohort_id: int) -> Cohort:
        """One cohort by id, with its ``count`` and what references it.

        Raises ``mp.NotFoundError`` when the project has no cohort with that id.
        """
        cid = check_int_id(cohort_id, "cohort_id")
        return _cohort(self._http.call(OPS.GET, path={"id": cid}), "get_cohort")

    def create_cohort(self, params: CreateCohortParams) -> Cohort:
        """Create a cohort; ``params.definition`` is sent flattened into the body."""
        _refuse_deleted(params)
        body = _flat_body(params, "CreateCohortParams")
        return _cohort(self._http.call(OPS.CREATE, json_body=body, natural_key=params.name), "create_cohort")

    def update_cohort(self, cohort_id: int, params: UpdateCohortParams) -> Cohort:
        """PATCH the fields set in ``params`` (definition flattened)."""
        cid = check_int_id(cohort_id, "cohort_id")
        _refuse_deleted(params)
        body = _flat_body(params, "UpdateCohortParams")
        if not body:
            raise InputError("UpdateCohortParams sets no field; nothing to update", field="params")
        return _cohort(self._http.call(OPS.UPDATE, path={"id": cid}, json_body=body), "update_cohort")

    def _warn_dependants(self, records: list[dict[str, Any]], going: set[int]) -> None:
        for r in records:
            refs = set(r.get("referenced_by") or []) | set(r.get("referenced_directly_by") or [])
            left = sorted(refs - going)
            if left:
                warnings.warn(
                    f"cohort {r.get('id')} ({r.get('name')!r}) is referenced by {left}; "
                    "those may break once it is deleted (it is in the backup)",
                    UserWarning,
                    stacklevel=6,
                )

    def delete_cohort(self, cohort_id: int) -> None:
        """Delete a cohort after backing it up; warns when other entities reference it."""
        cid = check_int_id(cohort_id, "cohort_id")
        records = self._raw_cohorts(ids=[cid])
        records = [r for r in records if r.get("id") == cid]

        def send() -> None:
            self._warn_dependants(records, {cid})
            self._http.call(OPS.DELETE, path={"id": cid})

        self._delete("cohorts", [cid], records, send, still_there=lambda: self._raw_cohorts(ids=[cid]))

    def bulk_delete_cohorts(self, ids: list[int], *, confirm: bool = False) -> None:
        """Delete several cohorts in one request, after one backup of all of them.

        Against real Mixpanel this refuses to run (``mp.InputError`` naming ``confirm``) unless you pass
        ``confirm=True``; on the sandbox it runs without. Cohorts that reports or other cohorts still use
        are deleted all the same: a warning names the dependants first.
        """
        idl = check_int_ids(ids, "ids")
        self._require_confirm(f"bulk_delete_cohorts({len(idl)} cohorts)", confirm)
        records = [r for r in self._raw_cohorts(ids=idl) if r.get("id") in set(idl)]

        def send() -> None:
            self._warn_dependants(records, set(idl))
            self._bulk(OPS.BULK_DELETE, "cohort_ids", idl)

        self._delete("cohorts", idl, records, send, still_there=lambda: self._raw_cohorts(ids=idl))

    def bulk_update_cohorts(self, entries: list[BulkUpdateCohortEntry]) -> None:
        """Update several cohorts in one request; each entry carries only what it changes."""
        if not isinstance(entries, list) or not entries:
            raise InputError("entries must be a non-empty list of mp.BulkUpdateCohortEntry", field="entries")
        body = []
        for i, e in enumerate(entries):
            if not isinstance(e, BulkUpdateCohortEntry):
                raise InputError(
                    f"entries[{i}] must be a BulkUpdateCohortEntry, got {type(e).__name__}", field=f"entries[{i}]"
                )
            check_int_id(e.id, f"entries[{i}].id")
            body.append(_flat_body(e, "BulkUpdateCohortEntry"))
        self._bulk(OPS.BULK_UPDATE, "cohorts", body)
