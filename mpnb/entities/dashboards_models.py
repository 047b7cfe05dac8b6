"""Dashboard (board) models: the board Mixpanel returns, the params of create/update, blueprints, RCA,
report links and text cards.

``DashboardsMethods`` in ``mpnb.entities.dashboards`` sends them; that module's ``__all__`` exports them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from mpnb._models import InputModel, OpenInputModel, ResponseModel, Timestamp


class Dashboard(ResponseModel):
    """A board as Mixpanel returns it. ``get_dashboard`` fills ``layout`` (rows of cells) and ``contents``
    (the reports and text cards by id); a list answer leaves them empty. ``cards()`` and ``report_ids``
    read the layout for you.
    """

    id: int
    title: str
    description: str | None = None
    is_private: bool = False
    is_restricted: bool = False
    creator_id: int | None = None
    creator_name: str | None = None
    creator_email: str | None = None
    created: Timestamp | None = None
    modified: Timestamp | None = None
    is_favorited: bool = False
    pinned_date: str | None = None
    layout_version: Any | None = None
    unique_view_count: int | None = None
    total_view_count: int | None = None
    last_modified_by_id: int | None = None
    last_modified_by_name: str | None = None
    last_modified_by_email: str | None = None
    filters: list[Any] | None = None
    breakdowns: list[Any] | None = None
    time_filter: Any | None = None
    generation_type: str | None = None
    parent_dashboard_id: int | None = None
    child_dashboards: list[Any] | None = None
    can_update_basic: bool = False
    can_share: bool = False
    can_view: bool = False
    can_update_restricted: bool = False
    can_update_visibility: bool = False
    is_superadmin: bool = False
    allow_staff_override: bool = False
    can_pin: bool = False
    is_shared_with_project: bool = False
    creator: str | None = None
    ancestors: list[Any] = Field(default_factory=list)
    layout: Any | None = None
    contents: Any | None = None
    num_active_public_links: int | None = None
    new_content: Any | None = None
    template_type: str | None = None

    def cards(self, content_type: str | None = None) -> list[dict[str, Any]]:
        """Layout cells in board order (``content_id``, ``content_type``, ``width``); empty on list answers."""
        layout = self.layout if isinstance(self.layout, dict) else {}
        rows = layout.get("rows") or {}
        order = layout.get("order") or list(rows)
        out = [c for rid in order for c in (rows.get(rid) or {}).get("cells", [])]
        return [c for c in out if content_type is None or c.get("content_type") == content_type]

    @property
    def report_ids(self) -> list[int]:
        """Ids of the report cards on the board (from a ``get_dashboard`` answer)."""
        return [int(c["content_id"]) for c in self.cards("report")]


class DashboardRowContent(InputModel):
    """One card of a new board's row: ``content_type`` ``"report"`` with ``content_params={"source_bookmark_id": id}``
    (Mixpanel places a linked copy of the report) or ``"text"`` with ``content_params={"markdown": "..."}``.
    """

    content_type: Literal["text", "report"]
    """``"report"`` or ``"text"``."""
    content_params: dict[str, Any]
    """``{"source_bookmark_id": id}`` for a report, ``{"markdown": "..."}`` for text."""


class DashboardRow(InputModel):
    """One row of a new board: 1 to 4 cards, widths shared out by Mixpanel."""

    contents: list[DashboardRowContent] = Field(min_length=1, max_length=4)
    """1 to 4 cards."""


class CreateDashboardParams(InputModel):
    """A new board: ``title`` (1-255 characters), optional ``description`` (at most 400), privacy flags,
    board-wide ``filters``/``breakdowns``/``time_filter``. ``duplicate=ID`` copies an existing board;
    ``rows`` lays out cards in one call (cards added later each get a row of their own).
    """

    title: str = Field(min_length=1, max_length=255)
    """The board's title, 1 to 255 characters."""
    description: str | None = Field(default=None, max_length=400)
    """At most 400 characters."""
    is_private: bool | None = None
    """Visible to its creator only."""
    is_restricted: bool | None = None
    """Editable only by people it is shared with."""
    filters: list[Any] | None = None
    """Board-wide filters, in Mixpanel's filter format."""
    breakdowns: list[Any] | None = None
    """Board-wide breakdowns, in Mixpanel's format."""
    time_filter: Any | None = None
    """Board-wide date range, in Mixpanel's format."""
    duplicate: int | None = None
    """Id of a board to copy."""
    rows: list[DashboardRow] | None = None
    """Cards laid out in rows of 1 to 4 (cards added later each get a row of their own)."""


class UpdateDashboardParams(InputModel):
    """The fields to PATCH; unset ones stay as they are (an empty update is refused before sending)."""

    title: str | None = Field(default=None, min_length=1, max_length=255)
    """The board's title, 1 to 255 characters."""
    description: str | None = Field(default=None, max_length=400)
    """At most 400 characters."""
    is_private: bool | None = None
    """Visible to its creator only."""
    is_restricted: bool | None = None
    """Editable only by people it is shared with."""
    filters: list[Any] | None = None
    """Board-wide filters, in Mixpanel's filter format."""
    breakdowns: list[Any] | None = None
    """Board-wide breakdowns, in Mixpanel's format."""
    time_filter: Any | None = None
    """Board-wide date range, in Mixpanel's format."""
    layout: Any | None = None
    """A new layout (rows, order, widths), in Mixpanel's format."""
    content: Any | None = None
    """A content action (create, update or delete a card), in Mixpanel's format."""


class BlueprintTemplate(ResponseModel):
    """A board template from ``list_blueprint_templates()``.

    ``title_key`` is the human title shown in Mixpanel; ``name`` is what ``create_blueprint`` wants::

        template = ws.list_blueprint_templates()[0]
        board = ws.create_blueprint(template.name)   # not template.title_key
    """

    title_key: str
    description_key: str = ""
    alternative_description_key: str | None = None
    number_of_reports: int | None = None


class BlueprintCard(OpenInputModel):
    """One card of a blueprint board, as ``get_blueprint_config`` gives it and ``finalize_blueprint`` takes it:
    ``card_type`` (``"report"`` or ``"text"``; sent as ``type``) with ``bookmark_id`` or ``text_card_id``.
    """

    card_type: str = Field(alias="type")
    """``"report"`` or ``"text"``; sent as ``type``."""
    text_card_id: int | None = None
    """Id of the text card (text cards)."""
    bookmark_id: int | None = None
    """Id of the report (report cards)."""
    markdown: str | None = None
    """The text card's content; Mixpanel renders it as a restricted HTML subset (``<h2>``, ``<p>``, lists, links)."""
    name: str | None = None
    """The report card's name."""
    params: dict[str, Any] | None = None
    """The report card's query, when it changes."""


class BlueprintConfig(ResponseModel):
    """A blueprint board's ``variables`` and its ``cards``, ready to pass to ``BlueprintFinishParams``."""

    variables: dict[str, Any] = Field(default_factory=dict)
    cards: list[BlueprintCard] = Field(default_factory=list)


class BlueprintFinishParams(InputModel):
    """Finish a blueprint board: its ``dashboard_id`` and the ``cards`` to keep."""

    dashboard_id: int
    """Id of the blueprint board to finish."""
    cards: list[BlueprintCard]
    """The cards to keep, as ``get_blueprint_config(...).cards`` gives them."""


class RcaSourceData(OpenInputModel):
    """What a root-cause-analysis board explains: ``source_type`` (sent as ``type``, e.g. ``"anomaly"``),
    ``date`` and ``metric_source``; other keys Mixpanel accepts are passed through.
    """

    source_type: str = Field(alias="type")
    """What is explained, e.g. ``"metric"`` or ``"anomaly"``; sent as ``type``."""
    date: str | None = None
    """The day to explain, ``YYYY-MM-DD``."""
    metric_source: bool | None = None
    """Whether the source is a metric."""


class CreateRcaDashboardParams(InputModel):
    """A root-cause-analysis board: the source's id (``rca_source_id``) and ``rca_source_data``."""

    rca_source_id: int
    """Id of what is explained (a report, or an alert for anomalies)."""
    rca_source_data: RcaSourceData
    """The source's kind and date."""


# How a report card links to its report; Mixpanel documents "embedded", "linked" is its counterpart.
REPORT_LINK_TYPES = ("embedded", "linked")


class UpdateReportLinkParams(OpenInputModel):
    """How a report card links: ``link_type`` (sent as ``type``, e.g. ``"embedded"``)."""

    link_type: str = Field(alias="type")
    """How the report card links, e.g. ``"embedded"``; sent as ``type``."""

    @field_validator("link_type")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in REPORT_LINK_TYPES:
            raise ValueError(f"link_type must be one of {', '.join(REPORT_LINK_TYPES)}; got {value!r}")
        return value


class UpdateTextCardParams(OpenInputModel):
    """A text card's new content. The field is named ``markdown``, but Mixpanel's board renders it as a
    restricted HTML subset (``h2``, ``h3``, ``p``, ``strong``, ``em``, ``ul``, ``ol``, ``li``, ``a``):
    ``"<h2>Q1</h2>"`` shows a heading where ``"## Q1"`` may show as typed. The sandbox stores the string as given.
    """

    markdown: str | None = None
    """The text card's content; Mixpanel renders it as a restricted HTML subset (``<h2>``, ``<p>``, lists, links)."""
