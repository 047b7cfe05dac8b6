"""What a family tells the generic restore: one ``RestoreRules`` per family.

A family's rules say how a backed-up record becomes create params (``fields``), how to recreate one
(``create``, through the public Workspace methods), what restore can never bring back (``lost``), and what
to finish after a create. Everything else comes from elsewhere: the order and the references to rewrite
from the family's registry entry, what goes with a delete from the project graph, and how to recognise a
recreated entity after a lost answer from the one identity rule (``mpnb.graph.identity``).
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
    """How one family is recreated. Callables take the Workspace first."""

    family: str
    lost: tuple[str, ...]  # what no restore brings back, for every entity of the family
    fields: Callable[[Raw], Raw]  # backed-up record -> create params
    create: Callable[[Workspace, Raw], Raw]  # create params -> the new record (raises MpnbError)
    # after a create (or after finding it again): finish what create alone does not bring back; returns
    # what is still missing ("" when whole), e.g. a report not placed on its board
    finish: Callable[[Workspace, Raw, Raw], str] | None = None
    row_lost: Callable[[Raw], list[str]] = field(default=lambda record: [])  # per-record extras
    # what a delete of these records touches that is not an entity (a report's card on its board): no reads
    extra_dependants: Callable[[list[Raw]], list[Dependant]] | None = None
