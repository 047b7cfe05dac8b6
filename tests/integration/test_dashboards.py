"""The seed's Dashboards section, through the Workspace, on the sandbox in-process and over loopback HTTP."""

from __future__ import annotations

import pytest

import mpnb as mp


def test_seed_dashboards_section(any_ws: mp.Workspace) -> None:
    ws = any_ws
    boards = ws.list_dashboards()
    assert boards and all(isinstance(b, mp.Dashboard) for b in boards)
    dash = ws.create_dashboard(mp.CreateDashboardParams(title="Q1 Metrics", description="Quarterly"))
    assert ws.get_dashboard(dash.id).title == "Q1 Metrics"
    assert ws.update_dashboard(dash.id, mp.UpdateDashboardParams(title="Q1 KPIs")).title == "Q1 KPIs"
    assert [b.id for b in ws.list_dashboards(ids=[dash.id])] == [dash.id]

    ws.favorite_dashboard(dash.id)
    ws.pin_dashboard(dash.id)
    got = ws.get_dashboard(dash.id)
    assert got.is_favorited and got.pinned_date
    ws.unfavorite_dashboard(dash.id)
    ws.unpin_dashboard(dash.id)
    got = ws.get_dashboard(dash.id)
    assert not got.is_favorited and got.pinned_date is None

    report = ws.list_bookmarks_v2()[0]
    placed = ws.add_report_to_dashboard(dash.id, report.id)
    (copy_id,) = placed.report_ids
    assert copy_id != report.id  # a linked copy (S6)
    assert dash.id in ws.get_bookmark_dashboard_ids(report.id)
    ws.update_report_link(
        dashboard_id=dash.id, report_link_id=copy_id, params=mp.UpdateReportLinkParams(link_type="embedded")
    )
    after = ws.remove_report_from_dashboard(dash.id, report.id)
    assert after.report_ids == []

    templates = ws.list_blueprint_templates()
    assert any((t.model_extra or {}).get("name") == "product_analytics" for t in templates)
    assert all(t.title_key and t.number_of_reports for t in templates)
    bp = ws.create_blueprint(template_type="product_analytics")
    config = ws.get_blueprint_config(bp.id)
    finished = ws.finalize_blueprint(mp.BlueprintFinishParams(dashboard_id=bp.id, cards=config.cards))
    assert len(finished.report_ids) == len([c for c in config.cards if c.card_type == "report"])

    rca = ws.create_rca_dashboard(
        mp.CreateRcaDashboardParams(rca_source_id=123, rca_source_data=mp.RcaSourceData(source_type="metric"))
    )
    erf = ws.get_dashboard_erf(dashboard_id=rca.id)
    assert {m["bookmark_id"] for m in erf["metrics"]} == set(rca.report_ids)
    text_id = finished.cards("text")[0]["content_id"]
    ws.update_text_card(
        dashboard_id=bp.id, text_card_id=text_id, params=mp.UpdateTextCardParams(markdown="## Updated Header")
    )
    contents = ws.get_dashboard(bp.id).contents
    assert contents["text"][str(text_id)]["markdown"] == "## Updated Header"

    saved = ws.get_dashboard(bp.id).report_ids
    ws.delete_dashboard(bp.id)
    with pytest.raises(mp.NotFoundError):
        ws.get_dashboard(bp.id)
    assert ws.list_bookmarks_v2(ids=saved) == []  # the cascade (S6)
    backup = ws.backups.latest("dashboards")
    assert backup is not None and sorted(r["id"] for r in backup.cascades["reports"]) == sorted(saved)

    ws.bulk_delete_dashboards([dash.id, rca.id])
    assert ws.list_dashboards(ids=[dash.id, rca.id]) == []


def test_workspace_scoped_paths_reach_the_same_project(ws: mp.Workspace) -> None:
    n = len(ws.list_dashboards())
    ws.set_workspace_id(2)
    assert len(ws.list_dashboards()) == n
    assert ws.emulator is not None and ws.emulator.requests[-1][1].startswith("/api/app/workspaces/2/")


def test_unknown_ids_are_clear_errors_and_change_nothing(ws: mp.Workspace) -> None:
    n = len(ws.list_dashboards())
    with pytest.raises(mp.NotFoundError, match="99999"):
        ws.delete_dashboard(99999)
    with pytest.raises(mp.NotFoundError):
        ws.bulk_delete_dashboards([1, 99999])
    with pytest.raises(mp.InputError, match="dashboard_id"):
        ws.get_dashboard("abc")  # type: ignore[arg-type]
    assert len(ws.list_dashboards()) == n
