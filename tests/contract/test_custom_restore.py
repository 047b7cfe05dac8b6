"""Deleting a saved custom event or custom property backs up what uses it; restoring it brings the definition
back under a new id and points those reports at that id (a re-run changes nothing more)."""

from __future__ import annotations

import json
from pathlib import Path

import mpnb as mp
from mpnb.entities._lexicon_refs import report_refs


def _report(ws: mp.Workspace, ce: int, cp: int) -> int:
    params = {
        "sections": {
            "show": [{"behavior": {"type": "custom-event", "id": ce, "name": f"$custom_event:{ce}"}}],
            "filter": [{"customPropertyId": cp, "dataset": "$mixpanel", "filterType": "number"}],
        }
    }
    card = mp.DashboardRowContent(
        content_type="report",
        content_params={"bookmark": {"name": "Uses custom", "type": "insights", "params": json.dumps(params)}},
    )
    board = ws.create_dashboard(mp.CreateDashboardParams(title="Custom uses", rows=[mp.DashboardRow(contents=[card])]))
    return board.report_ids[0]


def test_restoring_a_custom_event_and_property_points_their_reports_at_the_new_ids(tmp_path: Path) -> None:
    ws = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path, sleep=lambda s: None)
    ce = ws.create_custom_event(mp.CreateCustomEventParams(name="Cart any", alternatives=["Add to Cart"])).id
    cp = ws.create_custom_property(
        mp.CreateCustomPropertyParams(
            name="Twice",
            resource_type="events",
            display_formula="A * 2",
            composed_properties={"A": mp.ComposedProperty(value="amount", resource_type="event", type="number")},
        )
    ).custom_property_id
    rid = _report(ws, ce, cp)

    for delete, family, old in (
        (ws.delete_custom_event, "custom_events", ce),
        (ws.delete_custom_property, "custom_properties", cp),
    ):
        delete(old)
        backup = ws.backups.latest()
        assert backup is not None and backup.family == family
        assert [(d["family"], d["id"]) for d in backup.dependants] == [("reports", rid)]
        rows = ws.restore(backup, progress=False).to_frame()
        assert set(rows["status"]) == {"ok"}, rows
        new = rows.query("role == 'entity'")["new_id"].iloc[0]
        assert new != old
        refs = report_refs(ws.get_bookmark(rid).params)
        assert new in (refs.custom_events if family == "custom_events" else refs.custom_properties)
        again = ws.restore(backup, progress=False).to_frame()  # idempotent: nothing new, nothing rewritten
        assert set(again["status"]) <= {"ok", "already restored"}
        assert report_refs(ws.get_bookmark(rid).params) == refs
