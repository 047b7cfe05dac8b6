"""Opt-in: the guide's Dashboards and Reports calls against a real Mixpanel project.

Runs only with ``MPNB_LIVE=1`` and credentials (``MP_USERNAME``/``MP_SECRET`` or ``MP_OAUTH_TOKEN``,
``MP_PROJECT_ID``, ``MP_REGION``): ``MPNB_LIVE=1 ... pytest -m live tests/live``. It creates objects
named ``mpnb-live-*`` and deletes them again. See docs/unverified.md for what it is meant to confirm.
"""

from __future__ import annotations

import uuid

import pytest

import mpnb as mp

pytestmark = pytest.mark.live


def test_live_dashboards_and_reports(live_ws: mp.Workspace) -> None:
    ws = live_ws
    tag = f"mpnb-live-{uuid.uuid4().hex[:8]}"
    info = ws.info()
    assert info.kind == "mixpanel" and info.workspaces
    dash = ws.create_dashboard(mp.CreateDashboardParams(title=tag, description="mpnb live test"))
    try:
        report = ws.create_bookmark(
            mp.CreateBookmarkParams(
                name=f"{tag}-report",
                bookmark_type="insights",
                dashboard_id=dash.id,
                params={
                    "displayOptions": {"chartType": "bar"},
                    "sections": {
                        "show": [{"type": "metric", "behavior": {"type": "event", "name": "Login"}}],
                        "time": [],
                    },
                },
            )
        )
        board = ws.get_dashboard(dash.id)
        assert board.report_ids, "unverified: does create + add-report leave the report (or a copy) on the board?"
        ws.update_bookmark(report.id, mp.UpdateBookmarkParams(description="updated"))
        ws.bulk_update_bookmarks([mp.BulkUpdateBookmarkEntry(id=report.id, name=f"{tag}-renamed")])
        history = ws.get_bookmark_history(bookmark_id=report.id, page_size=1)
        assert history.data
        assert dash.id in ws.bookmark_linked_dashboard_ids(bookmark_id=report.id)
        templates = ws.list_blueprint_templates()
        assert templates
    finally:
        ws.delete_dashboard(dash.id)
