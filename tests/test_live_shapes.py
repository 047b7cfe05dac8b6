"""The catalog's recorded shapes (mixpanel-app-api.md §13) parse into mpnb's response models."""

from __future__ import annotations

from typing import Any

import pytest

import mpnb as mp

SHAPES: list[tuple[str, type[Any], dict[str, Any]]] = [
    (
        "13.3 bookmark list v2 (live)",
        mp.Bookmark,
        {
            "id": 63877017,
            "name": "Monthly Recurring Revenue",
            "type": "insights",
            "project_id": 3409416,
            "workspace_id": None,
            "dashboard_id": None,
            "created": "2024-09-18T16:39:49",
            "modified": "2025-08-26T05:16:50",
            "creator_id": 12345,
            "creator_name": "John Doe",
            "description": "...",
        },
    ),
    (
        "13.4 bookmark history",
        mp.BookmarkHistoryResponse,
        {
            "results": [{"action": "created"}],
            "pagination": {"page_size": 10, "next_cursor": "cursor_abc", "previous_cursor": None},
        },
    ),
    (
        "13.5 flag (mocked)",
        mp.FeatureFlag,
        {
            "id": "abc-123",
            "project_id": 12345,
            "name": "Test Flag",
            "key": "test_flag",
            "status": "disabled",
            "context": "default",
            "serving_method": "client",
            "ruleset": {},
            "created": "2026-01-01T00:00:00Z",
            "modified": "2026-01-01T00:00:00Z",
        },
    ),
    ("13.6 flag history", mp.FlagHistoryResponse, {"events": [[1, "created"]], "count": 1}),
    (
        "13.6 flag limits",
        mp.FlagLimitsResponse,
        {"limit": 100, "is_trial": False, "current_usage": 42, "contract_status": "active"},
    ),
    ("13.7 experiment decide", mp.Experiment, {"id": "xyz-456", "name": "Test", "status": "success"}),
    (
        "13.9 alert history",
        mp.AlertHistoryResponse,
        {"results": [{"fired": True, "timestamp": "2026-01-01"}], "pagination": {"page_size": 20}},
    ),
    ("13.9 alert count", mp.AlertCount, {"anomaly_alerts_count": 5, "alert_limit": 100, "is_below_limit": True}),
    (
        "13.10 webhook test",
        mp.WebhookTestResult,
        {"success": False, "status_code": 500, "message": "Connection refused"},
    ),
    ("13.10 webhook create", mp.WebhookMutationResult, {"id": "wh-uuid-123", "name": "Test Webhook"}),
    (
        "13.11 blueprint template",
        mp.BlueprintTemplate,
        {"title_key": "Get Started", "reports": [], "name": "onboarding"},
    ),
    (
        "13.12 dashboard layout",
        mp.Dashboard,
        {
            "id": 1,
            "title": "t",
            "layout": {
                "version": "2.0.0",
                "order": ["row-a"],
                "rows": {
                    "row-a": {
                        "height": 0,
                        "cells": [{"id": "cell-1", "width": 12, "content_id": 90001, "content_type": "text"}],
                    }
                },
            },
        },
    ),
    ("13.14 workspace", mp.PublicWorkspace, {"id": 100, "name": "Main", "project_id": 12345, "is_default": True}),
]


# Keys of a recorded shape that mpnb keeps without declaring a field for them (read through ``model_extra``).
UNDECLARED = {"13.3 bookmark list v2 (live)": {"workspace_id"}, "13.11 blueprint template": {"reports", "name"}}


@pytest.mark.parametrize(("name", "model", "data"), SHAPES, ids=[s[0] for s in SHAPES])
def test_shape_parses_onto_declared_fields_and_round_trips(name: str, model: type[Any], data: dict[str, Any]) -> None:
    parsed = model.model_validate(data)
    assert set(parsed.model_extra or {}) == UNDECLARED.get(name, set())  # the model knows the shape's keys
    dumped = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == data  # nothing dropped, renamed or re-typed on the way back out


def test_history_aliases_on_recorded_shapes() -> None:
    page = mp.BookmarkHistoryResponse.model_validate(SHAPES[1][2])
    assert page.data == [{"action": "created"}] and page.pagination.has_more and page.pagination.cursor == "cursor_abc"
    alerts = mp.AlertHistoryResponse.model_validate(SHAPES[6][2])
    assert alerts.results[0]["fired"] is True and not alerts.pagination.has_more


def test_flag_timestamps_and_limits_read_as_the_seed_reads_them() -> None:
    limits = mp.FlagLimitsResponse.model_validate(SHAPES[4][2])
    assert (limits.current_usage, limits.limit) == (42, 100)
    assert mp.FlagHistoryResponse.model_validate(SHAPES[3][2]).count == 1


def test_layout_shape_gives_cards() -> None:
    board = mp.Dashboard.model_validate(SHAPES[11][2])
    assert [c["content_id"] for c in board.cards()] == [90001] and board.report_ids == []
