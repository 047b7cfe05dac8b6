"""What a family tells the generic restore and the delete plan: one ``RestoreRules`` per family.

A family's rules say where it sits in the restore order, how a backed-up record becomes create params
(``fields``), which of its fields point at other families (rewritten through the old -> new id map), how to
recreate one (``create``, through the public Workspace methods), what goes with a delete (``dependants``),
what restore can never bring back (``lost``), and how to find a recreated entity again after an ambiguous
failure (``natural_key``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from mpnb._workspace import Workspace

__all__ = ["Dependant", "Raw", "RestoreRules", "create_fields", "dependant", "dump"]

Raw = dict[str, Any]
# One row of what goes with a delete; see ``dependant``.
Dependant = dict[str, Any]


def dependant(
    family: str,
    id: Any,
    of_family: str,
    of_id: Any,
    relation: str,
    effect: str,
    restore: str,
    *,
    name: Any = None,
    record: Raw | None = None,
    with_owner: bool = False,
) -> Dependant:
    """A dependant row: ``family``/``id`` goes with ``of_family``/``of_id`` (``relation``), the delete does
    ``effect`` to it, and restore does ``restore``: from ``record`` (what the backup keeps to recreate it),
    or ``with_owner`` (recreating the owner brings it back, e.g. a report's card on its board)."""
    return {
        "family": family,
        "id": id,
        "name": name,
        "of_family": of_family,
        "of_id": of_id,
        "relation": relation,
        "effect": effect,
        "restore": restore,
        "record": record,
        "with_owner": with_owner,
    }


def dump(model: BaseModel) -> Raw:
    """A parsed answer back as the server's JSON (aliases, extra keys kept)."""
    out: Raw = model.model_dump(mode="json", by_alias=True)
    return out


def create_fields(model: type[BaseModel], record: Raw, *, drop: tuple[str, ...] = ()) -> Raw:
    """The keys of ``record`` the create model takes (by name or alias), without nulls and ``drop``."""
    keys = {f.alias or n for n, f in model.model_fields.items()} | set(model.model_fields)
    return {k: v for k, v in record.items() if k in keys and v is not None and k not in drop}


@dataclass(frozen=True)
class RestoreRules:
    """How one family is deleted-with and recreated. Callables take the Workspace first."""

    family: str
    order: int  # lower restores first: what others point at (boards before reports before alerts)
    natural_key: tuple[str, ...]  # record keys that find a recreated entity again after a lost answer
    lost: tuple[str, ...]  # what no restore brings back, for every entity of the family
    fields: Callable[[Raw], Raw]  # backed-up record -> create params
    create: Callable[[Workspace, Raw], Raw]  # create params -> the new record (raises MpnbError)
    references: tuple[tuple[str, str], ...] = ()  # (create param, family it names): rewritten old -> new
    list_raw: Callable[[Workspace], list[Raw]] | None = None  # one list call, for reading back
    # (ws, ids, their records, cascades) -> what goes with the delete
    dependants: Callable[[Workspace, list[Any], list[Raw], dict[str, list[Raw]]], list[Dependant]] | None = None
    # after a create (or after finding it again): finish what create alone does not bring back; returns
    # what is still missing ("" when whole), e.g. a report not placed on its board
    finish: Callable[[Workspace, Raw, Raw], str] | None = None
    row_lost: Callable[[Raw], list[str]] = field(default=lambda record: [])  # per-record extras
    # re-point a dependant kept as a link only (not recreated): (ws, dependant, new id of its owner) -> note
    relink: Callable[[Workspace, Dependant, Any], str] | None = None
    id_key: str = "id"

    def key_of(self, record: Raw) -> tuple[Any, ...]:
        return tuple(record.get(k) for k in self.natural_key)
