"""Lexicon tags in frames: indexed by name (the list may not give ids); delete by name, nothing to edit in
place (a rename needs the tag's id: ``ws.update_lexicon_tag``)."""

from __future__ import annotations

from mpnb.entities.lexicon_tags import LexiconTag, UpdateLexiconTagParams
from mpnb.frames._specs import FamilySpec

SPEC = FamilySpec(
    name="lexicon_tags",
    model=LexiconTag,
    update_params=UpdateLexiconTagParams,
    natural_key=("name",),
    id_type=str,
    index="name",
    read_only=frozenset({"name"}),
    list_query=lambda f: {},
    filters=(),
    ids_filter=False,
    update_returns_record=False,
    modified=None,
    lost_on_restore=("the tag's id (a new one is made)",),
    used_by={"event_count": ("events", "tagged with"), "custom_event_count": ("custom_events", "tagged with")},
)
