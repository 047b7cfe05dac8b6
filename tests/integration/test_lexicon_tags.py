"""Lexicon tags through the Workspace (in-process and loopback)."""

from __future__ import annotations

import mpnb as mp


def test_create_rename_delete_restore(any_ws: mp.Workspace) -> None:
    ws = any_ws
    made = ws.create_lexicon_tag(mp.CreateLexiconTagParams(name="integration"))
    assert made.tag_id is not None and made.name == "integration"
    ws.update_event_definition("Checkout", mp.UpdateEventDefinitionParams(tags=["core", "integration"]))
    renamed = ws.update_lexicon_tag(made.tag_id, mp.UpdateLexiconTagParams(name="integration-v2"))
    assert renamed.name == "integration-v2"
    assert ws.get_event_definitions(names=["Checkout"])[0].tags == ["core", "integration-v2"]
    ws.delete_lexicon_tag("integration-v2")
    assert ws.get_event_definitions(names=["Checkout"])[0].tags == ["core"]
    backup = ws.backups.latest()
    assert backup is not None and [d["id"] for d in backup.dependants] == ["Checkout"]
    result = ws.restore(backup, progress=False)
    assert result.counts() == {"ok": 2}  # the tag, and Checkout tagged again
    assert ws.get_event_definitions(names=["Checkout"])[0].tags == ["core", "integration-v2"]


def test_the_frame_counts_what_carries_each_tag(any_ws: mp.Workspace) -> None:
    ws = any_ws
    df = ws.lexicon_tags.frame()
    carried = {t for e in ws.list_event_definitions() for t in e.tags or []}
    assert {n for n in df.index if df.at[n, "event_count"] > 0} == carried
    assert df.at["q3-launch-2023", "event_count"] == 0 and df.at["core", "event_count"] > 0
    assert df.attrs["mpnb_extra_reads"] == ["events list call", "custom_events list call"]
