"""The exact request of every dashboards operation (D1-D22): verb, path, query, body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID, body_of, mock_delete_reads, ok, real_ws

S = f"{APP}/projects/{PID}"
D = {"id": 5, "title": "Board"}
BOARD = {
    "id": 5,
    "title": "Board",
    "layout": {
        "version": "2.0.0",
        "order": ["r1", "r2"],
        "rows": {
            "r1": {"height": 0, "cells": [{"id": "c1", "width": 12, "content_id": 70, "content_type": "report"}]},
            "r2": {"height": 0, "cells": [{"id": "c2", "width": 12, "content_id": 8, "content_type": "text"}]},
        },
    },
    "contents": {
        "report": {"70": {"id": 70, "name": "Copy", "type": "insights", "source_bookmark_id": 7}},
        "text": {"8": {"id": 8, "markdown": "<h2>Hi</h2>"}},
    },
}

CASES: list[tuple[str, Callable[[mp.Workspace], Any], str, str, dict[str, str], Any, Any]] = [
    ("D1", lambda ws: ws.list_dashboards(ids=[1, 2]), "GET", f"{S}/dashboards", {"ids": "1,2"}, None, [D]),
    (
        "D2",
        lambda ws: ws.create_dashboard(mp.CreateDashboardParams(title="Q1", description="Quarterly")),
        "POST",
        f"{S}/dashboards",
        {},
        {"title": "Q1", "description": "Quarterly"},
        D,
    ),
    ("D3", lambda ws: ws.get_dashboard(5), "GET", f"{S}/dashboards/5", {}, None, D),
    (
        "D4",
        lambda ws: ws.update_dashboard(5, mp.UpdateDashboardParams(title="New", is_private=True)),
        "PATCH",
        f"{S}/dashboards/5",
        {},
        {"title": "New", "is_private": True},
        D,
    ),
    (
        "D6",
        lambda ws: ws.bulk_delete_dashboards([5], confirm=True),
        "POST",
        f"{S}/dashboards/bulk-delete",
        {},
        {"dashboard_ids": [5]},
        {},
    ),
    ("D7", lambda ws: ws.favorite_dashboard(5), "POST", f"{S}/dashboards/5/favorites", {}, None, {}),
    ("D8", lambda ws: ws.unfavorite_dashboard(5), "DELETE", f"{S}/dashboards/5/favorites", {}, None, {}),
    ("D9", lambda ws: ws.pin_dashboard(5), "POST", f"{S}/dashboards/5/pin", {}, None, {}),
    ("D10", lambda ws: ws.unpin_dashboard(5), "DELETE", f"{S}/dashboards/5/pin", {}, None, {}),
    (
        "D11",
        lambda ws: ws.add_report_to_dashboard(5, 7),
        "PATCH",
        f"{S}/dashboards/5",
        {},
        {"content": {"action": "create", "content_type": "report", "content_params": {"source_bookmark_id": 7}}},
        D,
    ),
    (
        "D13",
        lambda ws: ws.list_blueprint_templates(include_reports=True),
        "GET",
        f"{S}/dashboards/blueprints-all",
        {"include_reports": "true"},
        None,
        {"templates": {"onboarding": {"title_key": "Get Started", "reports": []}}},
    ),
    (
        "D14",
        lambda ws: ws.create_blueprint("product_analytics"),
        "POST",
        f"{S}/dashboards/blueprints",
        {},
        {"template_type": "product_analytics"},
        D,
    ),
    (
        "D16",
        lambda ws: ws.update_blueprint_cohorts([{"placeholder": "new_users", "cohort_id": 42}]),
        "PUT",
        f"{S}/dashboards/blueprints/cohorts",
        {},
        {"cohorts": [{"placeholder": "new_users", "cohort_id": 42}]},
        {},
    ),
    (
        "D17",
        lambda ws: ws.finalize_blueprint(
            mp.BlueprintFinishParams(dashboard_id=5, cards=[mp.BlueprintCard(type="report", bookmark_id=7, name="A")])
        ),
        "POST",
        f"{S}/dashboards/blueprints/finish",
        {},
        {"dashboard_id": 5, "cards": [{"type": "report", "bookmark_id": 7, "name": "A"}]},
        D,
    ),
    (
        "D18",
        lambda ws: ws.create_rca_dashboard(
            mp.CreateRcaDashboardParams(
                rca_source_id=123, rca_source_data=mp.RcaSourceData(source_type="metric", window=7)
            )
        ),
        "POST",
        f"{S}/dashboards/rca",
        {},
        {"rca_source_id": 123, "rca_source_data": {"type": "metric", "window": 7}},
        D,
    ),
    (
        "D19",
        lambda ws: ws.get_bookmark_dashboard_ids(7),
        "GET",
        f"{S}/dashboards/bookmarks/7/dashboard-ids",
        {},
        None,
        [5],
    ),
    ("D20", lambda ws: ws.get_dashboard_erf(5), "GET", f"{S}/dashboards/5/erf", {}, None, {"metrics": []}),
    (
        "D21",
        lambda ws: ws.update_report_link(5, 70, mp.UpdateReportLinkParams(link_type="embedded")),
        "PATCH",
        f"{S}/dashboards/5/report-links/70",
        {},
        {"type": "embedded"},
        {},
    ),
    (
        "D22",
        lambda ws: ws.update_text_card(5, 8, mp.UpdateTextCardParams(markdown="## Updated Header")),
        "PATCH",
        f"{S}/dashboards/5/text-cards/8",
        {},
        {"markdown": "## Updated Header"},
        {},
    ),
]


@pytest.mark.parametrize(("name", "call", "method", "url", "query", "body", "answer"), CASES, ids=[c[0] for c in CASES])
def test_request_shape(
    name: str, call: Callable[[mp.Workspace], Any], method: str, url: str, query: dict[str, str], body: Any, answer: Any
) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{S}/bookmarks").mock(return_value=ok([]))  # the delete path's backup read
        if method != "GET" or url != f"{S}/dashboards":
            router.get(f"{S}/dashboards").mock(return_value=ok([D]))
        route = router.route(method=method, url=url).mock(return_value=ok(answer))
        mock_delete_reads(router, "dashboards")
        call(real_ws())
    assert route.called, name
    req = route.calls.last.request
    assert dict(req.url.params) == query
    assert body_of(req) == body


def test_d5_delete_backs_up_board_and_saved_reports(tmp_path: Any) -> None:
    saved = {"id": 70, "name": "R", "type": "insights", "dashboard_id": 5}
    other = {"id": 71, "name": "S", "type": "insights", "dashboard_id": 6}
    with respx.mock() as router:
        router.get(f"{S}/dashboards").mock(return_value=ok([D]))
        router.get(f"{S}/bookmarks").mock(return_value=ok([saved, other]))
        delete = router.delete(f"{S}/dashboards/5").mock(return_value=ok({}))
        mock_delete_reads(router, "dashboards", skip=("reports",))
        linked = router.get(f"{S}/bookmarks/70/linked-dashboard-ids").mock(return_value=ok([5]))  # on its own board
        ws = real_ws(backup_dir=tmp_path)
        ws.delete_dashboard(5)
    assert linked.called  # the linked copies of a saved report are looked for
    assert delete.called
    backup = ws.backups.latest("dashboards")
    assert backup is not None and backup.records == [D] and backup.cascades == {"reports": [saved]}


def test_d12_removes_the_linked_copy_by_source_id(tmp_path: Any) -> None:
    with respx.mock() as router:
        router.get(f"{S}/dashboards/5").mock(return_value=ok(BOARD))
        patch = router.patch(f"{S}/dashboards/5").mock(return_value=ok(D))
        mock_delete_reads(router, "reports")
        real_ws(backup_dir=tmp_path).remove_report_from_dashboard(5, 7)
    assert body_of(patch.calls.last.request) == {
        "content": {"action": "delete", "content_type": "report", "content_id": 70}
    }


def test_d12_unknown_report_sends_nothing() -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{S}/dashboards/5").mock(return_value=ok(BOARD))
        patch = router.patch(f"{S}/dashboards/5").mock(return_value=ok(D))
        with pytest.raises(mp.InputError, match="not on dashboard 5"):
            real_ws().remove_report_from_dashboard(5, 999)
    assert not patch.called


def test_d13_template_map_becomes_named_list() -> None:
    with respx.mock() as router:
        router.get(f"{S}/dashboards/blueprints-all").mock(
            return_value=ok(
                {
                    "templates": {
                        "onboarding": {"title_key": "Get Started", "reports": []},
                        "marketing": {"title_key": "Marketing KPIs"},
                        "broken": "not a dict",
                    }
                }
            )
        )
        templates = real_ws().list_blueprint_templates()
    assert [(t.model_extra or {}).get("name") for t in templates] == ["onboarding", "marketing"]
    assert templates[0].title_key == "Get Started"


def test_d15_cards_built_from_board_when_config_has_none() -> None:
    with respx.mock() as router:
        router.get(f"{S}/dashboards/5/blueprint-config").mock(return_value=ok({"variables": {"a": "b"}}))
        router.get(f"{S}/dashboards/5").mock(return_value=ok(BOARD))
        config = real_ws().get_blueprint_config(5)
    assert config.variables == {"a": "b"}
    assert [(c.card_type, c.bookmark_id, c.text_card_id) for c in config.cards] == [
        ("report", 70, None),
        ("text", None, 8),
    ]


def test_layout_get_shape_parses_and_orders_cards() -> None:
    board = mp.Dashboard.model_validate(BOARD)
    assert board.report_ids == [70] and [c["content_id"] for c in board.cards()] == [70, 8]


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: mp.CreateDashboardParams(title=""), "title"),
        (lambda: mp.CreateDashboardParams(title="x" * 256), "title"),
        (lambda: mp.CreateDashboardParams(titel="x"), "title"),  # type: ignore[call-arg]
        (lambda: mp.CreateDashboardParams(title="x", rows=[{"contents": []}]), "contents"),
    ],
)
def test_bad_params_name_the_field(make: Callable[[], Any], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        make()


def test_missing_title_is_a_validation_error_naming_title() -> None:
    with pytest.raises(ValueError, match="title"):
        mp.CreateDashboardParams()  # type: ignore[call-arg]


def test_empty_update_sends_nothing() -> None:
    with respx.mock() as router, pytest.raises(mp.InputError, match="nothing to update"):
        real_ws().update_dashboard(5, mp.UpdateDashboardParams())
    assert not router.calls


def test_open_models_keep_extras() -> None:
    assert mp.UpdateTextCardParams(markdown="m", align="left").model_dump() == {"markdown": "m", "align": "left"}
    assert mp.BlueprintCard(type="text", foo=1).model_dump(by_alias=True, exclude_none=True) == {
        "type": "text",
        "foo": 1,
    }
