"""Dashboards (boards): endpoint table and ``DashboardsMethods`` (the models are in ``dashboards_models``).

>>> dash = ws.create_dashboard(mp.CreateDashboardParams(title="Q1 Metrics"))
>>> ws.add_report_to_dashboard(dash.id, report.id)
"""

from __future__ import annotations

from typing import Any, ClassVar

from mpnb._http import Http, Op, objects_of, results_of
from mpnb._models import body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase, check_int_id, check_int_ids, ids_csv
from mpnb.entities._bookmarks import CONTENT_CREATE, linked_copies, place_report
from mpnb.entities._family import Expanded, Family, Raw
from mpnb.entities.dashboards_models import (
    BlueprintCard,
    BlueprintConfig,
    BlueprintFinishParams,
    BlueprintTemplate,
    CreateDashboardParams,
    CreateRcaDashboardParams,
    Dashboard,
    DashboardRow,
    DashboardRowContent,
    RcaSourceData,
    UpdateDashboardParams,
    UpdateReportLinkParams,
    UpdateTextCardParams,
)
from mpnb.errors import InputError, InvalidResponseError

__all__ = [
    "BlueprintCard",
    "BlueprintConfig",
    "BlueprintFinishParams",
    "BlueprintTemplate",
    "CreateDashboardParams",
    "CreateRcaDashboardParams",
    "Dashboard",
    "DashboardRow",
    "DashboardRowContent",
    "DashboardsMethods",
    "RcaSourceData",
    "UpdateDashboardParams",
    "UpdateReportLinkParams",
    "UpdateTextCardParams",
]


# -- endpoint table ---------------------------------------------------------------------------------
class OPS:
    LIST = Op("list_dashboards", "GET", "dashboards")
    CREATE = Op("create_dashboard", "POST", "dashboards")
    GET = Op("get_dashboard", "GET", "dashboards/{id}")
    UPDATE = Op("update_dashboard", "PATCH", "dashboards/{id}")
    DELETE = Op("delete_dashboard", "DELETE", "dashboards/{id}")
    BULK_DELETE = Op("bulk_delete_dashboards", "POST", "dashboards/bulk-delete", idempotent=True)
    FAVORITE = Op("favorite_dashboard", "POST", "dashboards/{id}/favorites", idempotent=True)
    UNFAVORITE = Op("unfavorite_dashboard", "DELETE", "dashboards/{id}/favorites")
    PIN = Op("pin_dashboard", "POST", "dashboards/{id}/pin", idempotent=True)
    UNPIN = Op("unpin_dashboard", "DELETE", "dashboards/{id}/pin")
    CONTENT_CREATE = CONTENT_CREATE
    CONTENT_DELETE = Op("remove_report_from_dashboard", "PATCH", "dashboards/{id}")
    BLUEPRINTS = Op("list_blueprint_templates", "GET", "dashboards/blueprints-all")
    BLUEPRINT_CREATE = Op("create_blueprint", "POST", "dashboards/blueprints")
    BLUEPRINT_CONFIG = Op("get_blueprint_config", "GET", "dashboards/{id}/blueprint-config")
    BLUEPRINT_COHORTS = Op("update_blueprint_cohorts", "PUT", "dashboards/blueprints/cohorts")
    BLUEPRINT_FINISH = Op("finalize_blueprint", "POST", "dashboards/blueprints/finish")
    RCA = Op("create_rca_dashboard", "POST", "dashboards/rca")
    BOOKMARK_DASHBOARDS = Op("get_bookmark_dashboard_ids", "GET", "dashboards/bookmarks/{id}/dashboard-ids")
    ERF = Op("get_dashboard_erf", "GET", "dashboards/{id}/erf")
    REPORT_LINK = Op("update_report_link", "PATCH", "dashboards/{id}/report-links/{link_id}")
    TEXT_CARD = Op("update_text_card", "PATCH", "dashboards/{id}/text-cards/{card_id}")


def _dashboard(data: Any, what: str) -> Dashboard:
    return parse_model(Dashboard, data, what=what)


def _refuse_report_deletes(content: Any) -> None:
    """A content action that deletes a report card can delete the report itself: refuse it here.

    It must go through the one delete path, which backs the report up first.
    """
    actions = content if isinstance(content, list) else [content]
    for action in actions:
        if isinstance(action, dict) and action.get("action") == "delete" and action.get("content_type") == "report":
            raise InputError(
                "update_dashboard does not delete report cards (a card of a report saved to this board is the "
                "report itself): use ws.remove_report_from_dashboard(dashboard_id, bookmark_id) or "
                "ws.delete_bookmark(id), which back the report up first; nothing was sent",
                field="content",
            )


def _id_list(data: Any, what: str) -> list[int]:
    return [int(x) for x in results_of(data, what)]


def _linked_copy_edges(http: Http, board_ids: list[Any], records: dict[str, dict[Any, Raw]]) -> list[Expanded]:
    """Deleting a board deletes the reports saved to it and their linked copies on other boards: the
    copies' edges, read for the boards a plan deletes (one read per saved report, one per board showing a copy).
    """
    boards = set(board_ids)
    reports = records.get("reports", {})
    saved = {rid: r.get("dashboard_id") for rid, r in reports.items() if r.get("dashboard_id") in boards}
    out: list[Expanded] = []
    for copy_id, source_id, _ in linked_copies(http, sorted(saved), skip_boards=boards):
        if copy_id in saved:
            continue  # saved to a board the plan deletes anyway
        out.append(("reports", copy_id, "reports", source_id, "linked copy of the report", "dangles"))
        board = saved[source_id]
        out.append(("reports", copy_id, "dashboards", board, "linked copy of a report saved to the board", "cascade"))
    return out


FAMILY = Family(
    name="dashboards",
    singular="dashboard",
    words=("boards",),
    model=Dashboard,
    ops=OPS,
    ids_param="ids",
    label="title",
    natural_key=("title",),
    content=("title", "description"),
    bulk_delete_key="dashboard_ids",
    expand=_linked_copy_edges,
)


class DashboardsMethods(FamilyBase):
    """Boards: list, create (also from blueprints and RCA), edit, place reports, delete with backup."""

    FAMILY: ClassVar[Family] = FAMILY

    def list_dashboards(self, *, ids: list[int] | None = None) -> list[Dashboard]:
        """List boards (all, or those in ``ids``)."""
        data = self._http.call(OPS.LIST, params={"ids": ids_csv(ids)})
        return parse_list(Dashboard, data, what="list_dashboards")

    def create_dashboard(self, params: CreateDashboardParams) -> Dashboard:
        """Create a board (``duplicate=ID`` copies one, ``rows`` lays out cards)."""
        data = self._http.call(OPS.CREATE, json_body=body_of(params), natural_key=params.title)
        return _dashboard(data, "create_dashboard")

    def get_dashboard(self, dashboard_id: int) -> Dashboard:
        """One board with its ``layout`` and ``contents``."""
        did = check_int_id(dashboard_id, "dashboard_id")
        return _dashboard(self._http.call(OPS.GET, path={"id": did}), "get_dashboard")

    def update_dashboard(self, dashboard_id: int, params: UpdateDashboardParams) -> Dashboard:
        """PATCH the fields set in ``params``; others are left alone."""
        did = check_int_id(dashboard_id, "dashboard_id")
        body = body_of(params)
        if not body:
            raise InputError("UpdateDashboardParams sets no field; nothing to update", field="params")
        _refuse_report_deletes(body.get("content"))
        return _dashboard(self._http.call(OPS.UPDATE, path={"id": did}, json_body=body), "update_dashboard")

    def _raw_dashboards(self, ids: list[int]) -> list[dict[str, Any]]:
        listed = objects_of(self._http.call(OPS.LIST, params={"ids": ids_csv(ids)}), "list_dashboards")
        return [b for b in listed if b.get("id") in ids]

    def delete_dashboard(self, dashboard_id: int) -> None:
        """Delete a board. Mixpanel also deletes the reports saved to it, their linked copies on other boards
        and their alerts: the backup holds them all."""
        did = check_int_id(dashboard_id, "dashboard_id")
        self._delete(
            "dashboards",
            [did],
            self._raw_dashboards([did]),
            lambda: self._http.call(OPS.DELETE, path={"id": did}),
            still_there=lambda: self._raw_dashboards([did]),
        )

    def bulk_delete_dashboards(self, ids: list[int], *, confirm: bool = False) -> None:
        """Delete several boards in one request, after one backup of them and all that goes with them."""
        idl = check_int_ids(ids, "ids")
        self._require_confirm(f"bulk_delete_dashboards({len(idl)} boards)", confirm)
        self._delete(
            "dashboards",
            idl,
            self._raw_dashboards(idl),
            lambda: self._bulk(OPS.BULK_DELETE, "dashboard_ids", idl),
            still_there=lambda: self._raw_dashboards(idl),
        )

    def favorite_dashboard(self, dashboard_id: int) -> None:
        """Star a board for the calling user (Mixpanel lists it under Favorites; ``is_favorited`` becomes true).

        Favorites are per user: a service account's favorites are its own.
        ``mp.NotFoundError`` when no board has that id.
        """
        self._http.call(OPS.FAVORITE, path={"id": check_int_id(dashboard_id, "dashboard_id")})

    def unfavorite_dashboard(self, dashboard_id: int) -> None:
        """Remove a board from the calling user's favorites."""
        self._http.call(OPS.UNFAVORITE, path={"id": check_int_id(dashboard_id, "dashboard_id")})

    def pin_dashboard(self, dashboard_id: int) -> None:
        """Pin a board to the top of the project's board list for everyone (``pinned_date`` is set).

        ``mp.PermissionDeniedError`` when the caller may not pin; ``mp.NotFoundError`` when no board has that id.
        """
        self._http.call(OPS.PIN, path={"id": check_int_id(dashboard_id, "dashboard_id")})

    def unpin_dashboard(self, dashboard_id: int) -> None:
        """Unpin a board (``pinned_date`` goes back to none)."""
        self._http.call(OPS.UNPIN, path={"id": check_int_id(dashboard_id, "dashboard_id")})

    def add_report_to_dashboard(self, dashboard_id: int, bookmark_id: int) -> Dashboard:
        """Put a report on a board. Mixpanel places a linked copy with a new id."""
        did = check_int_id(dashboard_id, "dashboard_id")
        bid = check_int_id(bookmark_id, "bookmark_id")
        return _dashboard(place_report(self._http, did, bid), "add_report_to_dashboard")

    def remove_report_from_dashboard(self, dashboard_id: int, bookmark_id: int) -> Dashboard:
        """Take a report card off a board; ``bookmark_id`` may be the card's report or the report it copies.

        Mixpanel deletes the card's report: usually a linked copy, but when the board is the report's own
        (the report was saved to it, ``dashboard_id`` equal to the board) **the report itself is deleted**.
        Either way mpnb writes a backup first (``ws.restore`` brings it back). ``mp.InputError`` when the
        report is not on the board.
        """
        did = check_int_id(dashboard_id, "dashboard_id")
        bid = check_int_id(bookmark_id, "bookmark_id")
        board = self.get_dashboard(did)
        reports = ((board.contents or {}).get("report") or {}) if isinstance(board.contents, dict) else {}
        on_board = set(board.report_ids)
        card = next((int(k) for k, r in reports.items() if int(k) == bid and int(k) in on_board), None)
        if card is None:
            card = next(
                (int(k) for k, r in reports.items() if r.get("source_bookmark_id") == bid and int(k) in on_board),
                None,
            )
        if card is None:
            raise InputError(
                f"report {bid} is not on dashboard {did} (report cards there: {sorted(on_board) or 'none'})",
                field="bookmark_id",
            )
        body = {"content": {"action": "delete", "content_type": "report", "content_id": card}}
        record = dict(reports[str(card)])
        self._delete(
            "reports",
            [card],
            [record],
            lambda: self._http.call(OPS.CONTENT_DELETE, path={"id": did}, json_body=body),
        )
        return self.get_dashboard(did)

    def list_blueprint_templates(self, *, include_reports: bool = False) -> list[BlueprintTemplate]:
        """Blueprint templates. Each has a human ``title_key`` and a ``name``: pass ``name`` to ``create_blueprint``."""
        data = self._http.call(OPS.BLUEPRINTS, params={"include_reports": "true" if include_reports else None})
        templates = data.get("templates", data) if isinstance(data, dict) else data
        if isinstance(templates, dict):
            templates = [dict(v, name=k) for k, v in templates.items() if isinstance(v, dict)]
        return parse_list(BlueprintTemplate, templates, what="list_blueprint_templates")

    def create_blueprint(self, template_type: str) -> Dashboard:
        """Create a board from a template's ``name`` (e.g. ``"product_analytics"``, not its ``title_key``).

        Finish it with ``get_blueprint_config`` then ``finalize_blueprint``. An empty or non-string name is
        refused before sending (``mp.InputError``); an unknown one is Mixpanel's ``mp.BadRequestError``.
        """
        if not isinstance(template_type, str) or not template_type:
            raise InputError("template_type must be a template name such as 'product_analytics'", field="template_type")
        data = self._http.call(
            OPS.BLUEPRINT_CREATE, json_body={"template_type": template_type}, natural_key=template_type
        )
        return _dashboard(data, "create_blueprint")

    def get_blueprint_config(self, dashboard_id: int) -> BlueprintConfig:
        """The blueprint's variables, and ``cards`` ready for ``finalize_blueprint`` (built from the board)."""
        did = check_int_id(dashboard_id, "dashboard_id")
        data = self._http.call(OPS.BLUEPRINT_CONFIG, path={"id": did})
        if not isinstance(data, dict):
            raise InvalidResponseError("unexpected answer from get_blueprint_config: expected an object")
        if not data.get("cards"):
            board = self.get_dashboard(did)
            contents = board.contents if isinstance(board.contents, dict) else {}
            made: list[dict[str, Any]] = []
            for cell in board.cards():
                cid, kind = int(cell["content_id"]), cell.get("content_type")
                item = (contents.get(kind) or {}).get(str(cid), {})
                if kind == "report":
                    made.append({"type": "report", "bookmark_id": cid, "name": item.get("name")})
                elif kind == "text":
                    made.append({"type": "text", "text_card_id": cid, "markdown": item.get("markdown")})
            data = dict(data, cards=made)
        return parse_model(BlueprintConfig, data, what="get_blueprint_config")

    def update_blueprint_cohorts(self, cohorts: list[dict[str, Any]]) -> None:
        """Map blueprint cohort placeholders to cohorts, e.g. ``[{"placeholder": "new_users", "cohort_id": 42}]``."""
        if not isinstance(cohorts, list) or not all(isinstance(c, dict) for c in cohorts):
            raise InputError("cohorts must be a list of objects", field="cohorts")
        self._http.call(OPS.BLUEPRINT_COHORTS, json_body={"cohorts": cohorts})

    def finalize_blueprint(self, params: BlueprintFinishParams) -> Dashboard:
        """Finish a blueprint board with the chosen cards."""
        data = self._http.call(
            OPS.BLUEPRINT_FINISH, json_body=body_of(params), natural_key=f"blueprint {params.dashboard_id}"
        )
        return _dashboard(data, "finalize_blueprint")

    def create_rca_dashboard(self, params: CreateRcaDashboardParams) -> Dashboard:
        """Create a root-cause-analysis board for a metric or anomaly."""
        data = self._http.call(OPS.RCA, json_body=body_of(params), natural_key=f"rca {params.rca_source_id}")
        return _dashboard(data, "create_rca_dashboard")

    def get_bookmark_dashboard_ids(self, bookmark_id: int) -> list[int]:
        """Boards that show this report (or a linked copy of it)."""
        bid = check_int_id(bookmark_id, "bookmark_id")
        return _id_list(self._http.call(OPS.BOOKMARK_DASHBOARDS, path={"id": bid}), "get_bookmark_dashboard_ids")

    def get_dashboard_erf(self, dashboard_id: int) -> dict[str, Any]:
        """The board's ERF (experiment results framework) metrics, as Mixpanel returns them."""
        data = self._http.call(OPS.ERF, path={"id": check_int_id(dashboard_id, "dashboard_id")})
        if not isinstance(data, dict):
            raise InvalidResponseError("unexpected answer from get_dashboard_erf: expected an object")
        return data

    def update_report_link(self, dashboard_id: int, report_link_id: int, params: UpdateReportLinkParams) -> None:
        """Change how a report card links (e.g. ``link_type="embedded"``)."""
        path = {
            "id": check_int_id(dashboard_id, "dashboard_id"),
            "link_id": check_int_id(report_link_id, "report_link_id"),
        }
        self._http.call(OPS.REPORT_LINK, path=path, json_body=body_of(params))

    def update_text_card(self, dashboard_id: int, text_card_id: int, params: UpdateTextCardParams) -> None:
        """Replace a text card's content.

        Mixpanel renders the ``markdown`` field as a restricted HTML subset (headings ``h2``/``h3``, ``p``,
        ``strong``, ``em``, lists, links), not as Markdown: send ``"<h2>Updated Header</h2>"``. The sandbox
        stores whatever string it is given. ``mp.NotFoundError`` when the card is not on that board.
        """
        path = {
            "id": check_int_id(dashboard_id, "dashboard_id"),
            "card_id": check_int_id(text_card_id, "text_card_id"),
        }
        self._http.call(OPS.TEXT_CARD, path=path, json_body=body_of(params))
