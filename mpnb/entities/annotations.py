"""Annotations (timeline markers) and their tags: models, endpoint table and ``AnnotationsMethods``.

Annotations are project-global: every path is ``/projects/{pid}/annotations...`` as the official spec
writes it, without a trailing slash. Requests carry tag *ids*; answers carry tag *objects*. The date is
immutable once created and stays the server's string.

>>> tag = ws.create_annotation_tag(mp.CreateAnnotationTagParams(name="release"))
>>> ws.create_annotation(mp.CreateAnnotationParams(date="2025-03-31 00:00:00", description="v2.0", tags=[tag.id]))
>>> ws.list_annotations(from_date="2025-01-01", to_date="2025-03-31", tags=[tag.id])
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field, field_validator, model_validator

from mpnb._http import Op
from mpnb._models import InputModel, ResponseModel, body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase, check_int_id, check_int_ids, ids_csv
from mpnb.entities._family import Family, Reference, nested_ids
from mpnb.errors import InputError, NotFoundError

__all__ = [
    "Annotation",
    "AnnotationTag",
    "AnnotationUser",
    "AnnotationsMethods",
    "CreateAnnotationParams",
    "CreateAnnotationTagParams",
    "UpdateAnnotationParams",
]

ANNOTATION_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
"""How Mixpanel writes an annotation's date (project time), e.g. ``2025-03-31 00:00:00``."""
_FILTER_FORMAT = "%Y-%m-%d"
_MAX_DESCRIPTION = 512


# -- models ------------------------------------------------------------------------------------------
class AnnotationUser(ResponseModel):
    """Who created the annotation (the spec marks every field optional)."""

    id: int | None = None
    first_name: str | None = None
    last_name: str | None = None


class AnnotationTag(ResponseModel):
    """A tag that groups annotations (``has_annotations``: whether any annotation uses it)."""

    id: int
    name: str
    project_id: int | None = None
    has_annotations: bool | None = None


class Annotation(ResponseModel):
    """One annotation; ``date`` is the server's string in project time, e.g. ``"2025-03-31 00:00:00"``."""

    id: int
    date: str
    description: str
    project_id: int | None = None  # the catalog's model has it; the official spec's answers do not
    user: AnnotationUser | None = None
    tags: list[AnnotationTag] = Field(default_factory=list)

    @property
    def tag_ids(self) -> list[int]:
        """Ids of the annotation's tags, in the shape ``UpdateAnnotationParams(tags=...)`` takes."""
        return [t.id for t in self.tags]


def _format_date(value: Any) -> Any:
    """A ``datetime`` or ``date`` becomes Mixpanel's string; a string must already be in that format.

    A zone-aware datetime is written as its own wall-clock time: Mixpanel reads the string in the
    project's time zone, which the client cannot know.
    """
    if isinstance(value, datetime):
        return value.strftime(ANNOTATION_DATE_FORMAT)
    if isinstance(value, Date):
        return value.strftime(ANNOTATION_DATE_FORMAT)
    if isinstance(value, str):
        text = value.strip()
        for fmt in (ANNOTATION_DATE_FORMAT, _FILTER_FORMAT):
            try:
                return datetime.strptime(text, fmt).strftime(ANNOTATION_DATE_FORMAT)
            except ValueError:
                continue
    raise ValueError(
        f"date must be a datetime, a date or a string in the format '{ANNOTATION_DATE_FORMAT}' "
        f"(e.g. '2025-03-31 00:00:00'); got {value!r}"
    )


class CreateAnnotationParams(InputModel):
    """``date``: a ``datetime``, a ``date`` or ``"YYYY-MM-DD HH:MM:SS"`` (a bare ``"YYYY-MM-DD"`` is midnight)."""

    date: str
    """When, as ``YYYY-MM-DD HH:MM:SS`` (project time); a ``date``, a ``datetime`` or ``YYYY-MM-DD`` is accepted too."""
    description: str = Field(min_length=1, max_length=_MAX_DESCRIPTION)
    """What happened (non-empty, length limited)."""
    tags: list[int] | None = None
    """Ids of annotation tags (``ws.list_annotation_tags()``)."""
    user_id: int | None = None
    """Id of the Mixpanel user shown as the author."""

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return _format_date(value)


class UpdateAnnotationParams(InputModel):
    """Only the description and the tag set (which it replaces) can change: the date is immutable."""

    description: str | None = Field(default=None, min_length=1, max_length=_MAX_DESCRIPTION)
    """What happened (non-empty, length limited)."""
    tags: list[int] | None = None
    """Ids of annotation tags; replaces the current set."""

    @model_validator(mode="before")
    @classmethod
    def _date_is_immutable(cls, data: Any) -> Any:
        if isinstance(data, dict) and "date" in data:
            raise ValueError(
                "an annotation's date cannot be changed: Mixpanel keeps it immutable once created. "
                "To move an annotation, delete it and create a new one with the new date"
            )
        return data


class CreateAnnotationTagParams(InputModel):
    """A new annotation tag: only its ``name`` (non-empty)."""

    name: str = Field(min_length=1)
    """The tag's name (non-empty)."""


# -- endpoints ---------------------------------------------------------------------------------------
class OPS:
    # The official spec's paths: project-scoped, no trailing slash (the catalog's client adds one).
    LIST = Op("list_annotations", "GET", "annotations", scope="project")
    CREATE = Op("create_annotation", "POST", "annotations", scope="project")
    GET = Op("get_annotation", "GET", "annotations/{id}", scope="project")
    UPDATE = Op("update_annotation", "PATCH", "annotations/{id}", scope="project")
    DELETE = Op("delete_annotation", "DELETE", "annotations/{id}", scope="project")
    LIST_TAGS = Op("list_annotation_tags", "GET", "annotations/tags", scope="project")
    CREATE_TAG = Op("create_annotation_tag", "POST", "annotations/tags", scope="project")


def _filter_date(value: Any, field: str) -> str | None:
    """A list filter date as ``YYYY-MM-DD``, or an ``InputError`` naming ``field``."""
    if value is None:
        return None
    if isinstance(value, (datetime, Date)):
        return value.strftime(_FILTER_FORMAT)
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), _FILTER_FORMAT).strftime(_FILTER_FORMAT)
        except ValueError:
            pass
    raise InputError(f"{field} must be a date or a 'YYYY-MM-DD' string (e.g. '2025-01-31'), got {value!r}", field=field)


FAMILY = Family(
    name="annotations",
    singular="annotation",
    model=Annotation,
    ops=OPS,
    label="description",
    natural_key=("date", "description"),
    content=("date", "description"),
    references=(Reference("annotation_tags", "tagged with", nested_ids("id", "tags"), field="tags"),),
    modified=None,
)


class AnnotationsMethods(FamilyBase):
    """Annotations: list by date range and tags, create, read, edit description/tags, delete with backup."""

    FAMILY: ClassVar[Family] = FAMILY

    def list_annotations(
        self,
        *,
        from_date: str | Date | None = None,
        to_date: str | Date | None = None,
        tags: list[int] | None = None,
    ) -> list[Annotation]:
        """Annotations between two inclusive days, optionally only those carrying any of ``tags``.

        The tag filter is sent to Mixpanel and applied here too, as Mixpanel's documentation does not list it.
        """
        start, end = _filter_date(from_date, "from_date"), _filter_date(to_date, "to_date")
        if start and end and start > end:
            raise InputError(f"from_date {start} is after to_date {end}", field="from_date")
        wanted = check_int_ids(tags, "tags", allow_empty=True) if tags is not None else None  # [] = no filter
        query = {"fromDate": start, "toDate": end, "tags": ids_csv(wanted, "tags")}
        found = parse_list(Annotation, self._http.call(OPS.LIST, params=query), what="list_annotations")
        if wanted:
            found = [a for a in found if set(a.tag_ids) & set(wanted)]
        return found

    def create_annotation(self, params: CreateAnnotationParams) -> Annotation:
        """Mark a date on the project's charts (``date`` as ``YYYY-MM-DD HH:MM:SS``, a ``description``, tag ids).

        Annotations are project-wide: Mixpanel shows them on every chart of the project whatever workspace is
        pinned. A malformed date is refused before sending (``mp.InputError`` naming ``date``); an unknown tag id
        is Mixpanel's ``mp.BadRequestError``.
        """
        data = self._http.call(OPS.CREATE, json_body=body_of(params), natural_key=params.description[:80])
        return parse_model(Annotation, data, what="create_annotation")

    def get_annotation(self, annotation_id: int) -> Annotation:
        """One annotation by id; ``mp.NotFoundError`` when the project has none with that id."""
        aid = check_int_id(annotation_id, "annotation_id")
        return parse_model(Annotation, self._http.call(OPS.GET, path={"id": aid}), what="get_annotation")

    def update_annotation(self, annotation_id: int, params: UpdateAnnotationParams) -> Annotation:
        """PATCH the description and/or the tag set (``tags`` replaces it)."""
        aid = check_int_id(annotation_id, "annotation_id")
        body = body_of(params)
        if not body:
            raise InputError("UpdateAnnotationParams sets no field; nothing to update", field="params")
        data = self._http.call(OPS.UPDATE, path={"id": aid}, json_body=body)
        return parse_model(Annotation, data, what="update_annotation")

    def delete_annotation(self, annotation_id: int) -> None:
        """Delete an annotation (it disappears from every report), after backing it up."""
        aid = check_int_id(annotation_id, "annotation_id")
        try:
            records = [self._http.call(OPS.GET, path={"id": aid})]
        except NotFoundError:
            records = []
        self._delete("annotations", [aid], records, lambda: self._http.call(OPS.DELETE, path={"id": aid}))

    def list_annotation_tags(self) -> list[AnnotationTag]:
        """Every annotation tag of the project."""
        return parse_list(AnnotationTag, self._http.call(OPS.LIST_TAGS), what="list_annotation_tags")

    def create_annotation_tag(self, params: CreateAnnotationTagParams) -> AnnotationTag:
        """Create a tag. Mixpanel has no endpoint to rename or delete one afterwards."""
        data = self._http.call(OPS.CREATE_TAG, json_body=body_of(params), natural_key=params.name)
        return parse_model(AnnotationTag, data, what="create_annotation_tag")
