"""Lexicon tags (labels on event definitions): models, endpoint table and ``LexiconTagsMethods``.

Definitions name their tags (``tags: ["checkout"]``), and a tag is deleted by name: a POST with
``{"delete": true, "name": ...}`` (the tags path has no DELETE). Only a rename takes the tag's numeric id,
which the create answers; the list may answer bare names, so a listed tag's ``id`` can be ``None``.

>>> tag = ws.create_lexicon_tag(mp.CreateLexiconTagParams(name="checkout"))
>>> ws.update_lexicon_tag(tag.tag_id, mp.UpdateLexiconTagParams(name="checkout-v2"))
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from mpnb._http import Http, Op, results_of
from mpnb._models import InputModel, ResponseModel, body_of, parse_model
from mpnb.entities._base import FamilyBase, check_int_id
from mpnb.entities._family import Family, Raw
from mpnb.entities._lexicon import NAME_MAX, check_name
from mpnb.errors import InputError

__all__ = ["CreateLexiconTagParams", "LexiconTag", "LexiconTagsMethods", "UpdateLexiconTagParams"]


class LexiconTag(ResponseModel):
    """A Lexicon tag, known by its ``name``. ``tag_id`` (``id`` on the wire) is set when Mixpanel sends it: the
    create does, the list may send names only; only a rename needs it."""

    tag_id: int | None = Field(default=None, alias="id")
    name: str


class CreateLexiconTagParams(InputModel):
    """A new Lexicon tag: its ``name``."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    """The tag's name, as definitions will list it."""


class UpdateLexiconTagParams(InputModel):
    """A tag's new ``name`` (definitions listing the old name list the new one)."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    """The tag's new name."""


class OPS:
    LIST = Op("list_lexicon_tags", "GET", "data-definitions/tags/")
    CREATE = Op("create_lexicon_tag", "POST", "data-definitions/tags/")
    UPDATE = Op("update_lexicon_tag", "PATCH", "data-definitions/tags/{id}/")
    DELETE = Op("delete_lexicon_tag", "POST", "data-definitions/tags/", idempotent=False)


def tag_records(data: Any) -> list[Raw]:
    """The list answer as records: a bare name becomes ``{"name": name}``."""
    rows = results_of(data, "list_lexicon_tags")
    return [{"name": r} if isinstance(r, str) else r for r in rows if isinstance(r, (str, dict))]


def _read(http: Http, query: dict[str, Any]) -> list[Raw]:
    return tag_records(http.call(OPS.LIST, params=query))


def _remove(http: Http, name: Any) -> Any:
    return http.call(OPS.DELETE, json_body={"delete": True, "name": name})


def _write(http: Http, name: Any, changes: Raw, current: Raw | None) -> Any:
    tid = (current or {}).get("id")
    if tid is None:
        raise InputError(
            f"tag {name!r} can only be renamed by its id, which Mixpanel's list does not give: "
            "use ws.update_lexicon_tag(tag_id, ...) with the id its create answered",
            field="name",
        )
    return http.call(OPS.UPDATE, path={"id": check_int_id(tid, "tag_id")}, json_body=changes)


FAMILY = Family(
    name="lexicon_tags",  # not "tags": many families have a field of that name
    singular="lexicon_tag",
    words=("tags", "lexicon tags", "lexicon-tags"),
    model=LexiconTag,
    ops=OPS,
    id_kind="name",
    id_key="name",
    natural_key=("name",),
    content=("name",),
    modified=None,
    write=_write,
    reader=_read,
    remover=_remove,
)


class LexiconTagsMethods(FamilyBase):
    """Lexicon tags: list, create, rename (by id), delete by name with a backup."""

    FAMILY: ClassVar[Family] = FAMILY

    def list_lexicon_tags(self) -> list[LexiconTag]:
        """Every Lexicon tag of the project (``tag_id`` is ``None`` where Mixpanel lists names only)."""
        return [LexiconTag.model_validate(r) for r in _read(self._http, {})]

    def create_lexicon_tag(self, params: CreateLexiconTagParams) -> LexiconTag:
        """Create a tag; its ``tag_id`` is what ``update_lexicon_tag`` needs."""
        data = self._http.call(OPS.CREATE, json_body=body_of(params), natural_key=params.name)
        return parse_model(LexiconTag, data, what="create_lexicon_tag")

    def update_lexicon_tag(self, tag_id: int, params: UpdateLexiconTagParams) -> LexiconTag:
        """Rename the tag ``tag_id``."""
        tid = check_int_id(tag_id, "tag_id")
        data = self._http.call(OPS.UPDATE, path={"id": tid}, json_body=body_of(params))
        return parse_model(LexiconTag, data, what="update_lexicon_tag")

    def delete_lexicon_tag(self, tag_name: str) -> None:
        """Delete the tag called ``tag_name`` (definitions stop listing it), after backing it up."""
        name = check_name(tag_name, "tag_name")

        def rows() -> list[Raw]:
            return [r for r in _read(self._http, {}) if r.get("name") == name]

        self._delete(
            "lexicon_tags",
            [name],
            rows(),
            lambda: FAMILY.send_delete(self._http, name),
            id_key="name",
            still_there=rows,
        )
