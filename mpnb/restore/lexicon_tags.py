"""Lexicon tags: a deleted tag comes off every definition that carried it; restore makes it again, and the
project graph's dependants (the events and custom events that carried it) are tagged again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.restore._rules import Raw, RestoreRules, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.lexicon_tags import CreateLexiconTagParams

    return dump(ws.create_lexicon_tag(CreateLexiconTagParams(name=fields["name"])))


RESTORE = RestoreRules(
    family="lexicon_tags",
    lost=("the tag's id (a new one)",),
    fields=lambda record: {"name": record.get("name")},
    create=_create,
)
