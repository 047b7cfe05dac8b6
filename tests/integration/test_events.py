"""Event definitions through the Workspace (in-process and loopback): the cleanup journey in Python."""

from __future__ import annotations

import mpnb as mp
from mpnb.audit._dictionary import name_key


def test_list_find_near_duplicates_describe_hide_and_bring_back(any_ws: mp.Workspace) -> None:
    ws = any_ws
    events = ws.list_event_definitions()
    names = [e.name for e in events]
    assert {"Add to Cart", "add_to_cart", "addToCart"} <= set(names)
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(name_key(n), []).append(n)
    assert sorted(groups[name_key("Add to Cart")]) == ["Add To Cart", "Add to Cart", "addToCart", "add_to_cart"]

    df = ws.events.frame()
    undescribed = df.index[df["description"].isna()][:10]
    df.loc[undescribed, "description"] = "Needs an owner"
    for name in undescribed:  # a list per cell (``.loc`` would spread a list of lists)
        df.at[name, "tags"] = ["review"]
    plan = ws.events.plan(df)
    assert plan.counts()["update"] == len(undescribed)
    result = plan.apply(progress=False)
    assert set(result.status) == {"ok"}
    back = {e.name: e for e in ws.get_event_definitions(names=list(undescribed))}
    assert all(back[n].description == "Needs an owner" and back[n].tags == ["review"] for n in undescribed)
    assert "review" in {t.name for t in ws.list_lexicon_tags()}  # a tag used once exists

    hide = ["add_to_cart", "addToCart"]
    ws.bulk_update_event_definitions([mp.BulkEventUpdate(name=n, hidden=True) for n in hide])
    assert all(e.hidden for e in ws.get_event_definitions(names=hide))
    ws.bulk_update_event_definitions([mp.BulkEventUpdate(name=n, hidden=False) for n in hide])
    assert not any(e.hidden for e in ws.get_event_definitions(names=hide))


def test_update_answers_the_definition_and_delete_is_backed_up(any_ws: mp.Workspace) -> None:
    ws = any_ws
    made = ws.update_event_definition("Search", mp.UpdateEventDefinitionParams(contacts=["ana@example.com"]))
    assert made.name == "Search" and made.contacts == ["ana@example.com"] and made.lexicon_id is not None
    ws.delete_event_definition("heartbeat")
    assert ws.get_event_definitions(names=["heartbeat"]) == []
    backup = ws.backups.latest()
    assert backup is not None and backup.ids == ["heartbeat"] and backup.records[0]["name"] == "heartbeat"
    assert [(d["family"], d["relation"]) for d in backup.dependants] == [("drop_filters", "drops the event")]
    restored = ws.restore(backup, progress=False)
    rows = restored.to_frame()
    assert rows.query("role == 'entity'")[["family", "status"]].values.tolist() == [["events", "ok"]]
    assert set(rows["status"]) == {"ok"}  # the drop filter on it already names it again
    assert [e.name for e in ws.get_event_definitions(names=["heartbeat"])] == ["heartbeat"]
