"""Opt-in: the guide's Dashboards and Reports calls against a real Mixpanel project.

Runs only with ``MPNB_LIVE=1`` and credentials (``MP_USERNAME``/``MP_SECRET`` or ``MP_OAUTH_TOKEN``,
``MP_PROJECT_ID``, ``MP_REGION``): ``MPNB_LIVE=1 ... pytest -m live tests/live``. It creates objects
named ``mpnb-live-*`` and deletes them again. See docs/unverified.md for what it is meant to confirm.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

import mpnb as mp
from mpnb._session import resolve_target
from tests.conftest import LIVE_ENV

pytestmark = pytest.mark.live


@pytest.fixture
def live_ws() -> Iterator[mp.Workspace]:
    if LIVE_ENV.get("MPNB_LIVE") != "1":
        pytest.skip("set MPNB_LIVE=1 and Mixpanel credentials to run the live suite")
    target = resolve_target(env=LIVE_ENV)
    if target is None or not target.is_real:
        pytest.skip("the live suite needs MP_* credentials for real Mixpanel")
    creds = target.credentials
    ws = mp.Workspace(
        username=creds.username,
        secret=creds.secret,
        oauth_token=creds.oauth_token,
        project_id=target.project_id,
        region=target.region,
        workspace_id=target.workspace_id,  # type: ignore[arg-type]
    )
    yield ws
    ws.close()


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
