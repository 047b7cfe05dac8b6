"""Experiments: models, endpoint table, lifecycle rules and ``ExperimentsMethods``.

Live Mixpanel is lenient (re-launching an active experiment or concluding a draft answers 200 and does
nothing), so mpnb reads the state first and refuses illegal moves itself. Paths follow Mixpanel's
experiments OpenAPI spec (``/workspaces/{wid}/experiments``, no trailing slash); duplicate and ERF
follow the catalog.

>>> exp = ws.create_experiment(mp.CreateExperimentParams(name="Pricing Page Test"))
>>> ws.launch_experiment(exp.id); ws.conclude_experiment(exp.id)
>>> ws.get_experiment_lifecycle(exp.id).legal       # ['decide', 'archive']
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mpnb._http import Op, results_of
from mpnb._models import InputModel, ResponseModel, body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase, check_uuid_id
from mpnb.entities._experiment_checks import check_date, check_variants
from mpnb.errors import IllegalTransitionError, InputError, NotFoundError

__all__ = [
    "CreateExperimentParams",
    "DuplicateExperimentParams",
    "Experiment",
    "ExperimentConcludeParams",
    "ExperimentCreator",
    "ExperimentDecideParams",
    "ExperimentLifecycle",
    "ExperimentStatus",
    "ExperimentsMethods",
    "UpdateExperimentParams",
    "legal_transitions",
]


class ExperimentStatus(str, Enum):
    """An experiment's state: draft -> active -> concluded -> success | fail (the last two are final)."""

    DRAFT = "draft"
    ACTIVE = "active"
    CONCLUDED = "concluded"
    SUCCESS = "success"
    FAIL = "fail"


# action -> the status it needs (archive/restore depend on the archived flag instead)
_NEEDS: dict[str, ExperimentStatus] = {
    "launch": ExperimentStatus.DRAFT,
    "conclude": ExperimentStatus.ACTIVE,
    "decide": ExperimentStatus.CONCLUDED,
}
_FORWARD: dict[ExperimentStatus, list[str]] = {
    ExperimentStatus.DRAFT: ["launch"],
    ExperimentStatus.ACTIVE: ["conclude"],
    ExperimentStatus.CONCLUDED: ["decide"],
    ExperimentStatus.SUCCESS: [],
    ExperimentStatus.FAIL: [],
}


def legal_transitions(status: ExperimentStatus | str | None, archived: bool = False) -> list[str]:
    """Lifecycle actions allowed now, forward step first: e.g. ``['launch', 'archive']`` for a draft.

    Each name ``x`` is the Workspace method ``x_experiment``. An archived experiment can only be
    restored; ``success`` and ``fail`` are terminal. An unknown status allows every move (the server
    decides).
    """
    if archived:
        return ["restore"]
    try:
        state = ExperimentStatus(status) if status is not None else None
    except ValueError:
        state = None
    if state is None:
        return ["launch", "conclude", "decide", "archive"]
    return [*_FORWARD[state], "archive"]


class ExperimentCreator(ResponseModel):
    """Who created an experiment, as Mixpanel embeds it."""

    id: int | None = None
    first_name: str | None = None
    last_name: str | None = None


class Experiment(ResponseModel):
    """An experiment as Mixpanel returns it: ``status`` (see ``ExperimentStatus``), variants, metrics and dates."""

    id: str
    name: str
    content_type: str | None = None
    description: str | None = None
    hypothesis: str | None = None
    status: ExperimentStatus | None = None
    variants: list[Any] | dict[str, Any] | None = None
    metrics: list[Any] | dict[str, Any] | None = None
    settings: dict[str, Any] | None = None
    exposures_cache: dict[str, Any] | None = None
    results_cache: dict[str, Any] | None = None
    start_date: str | None = None
    end_date: str | None = None
    created: str | None = None
    modified: str | None = None
    updated: str | None = None
    deleted: str | None = None
    creator: ExperimentCreator | None = None
    creator_id: int | None = None
    creator_name: str | None = None
    creator_email: str | None = None
    feature_flag: dict[str, Any] | None = None
    is_favorited: bool | None = None
    pinned_date: str | None = None
    tags: list[str] | None = None
    can_edit: bool | None = None
    last_modified_by_id: int | None = None
    last_modified_by_name: str | None = None
    last_modified_by_email: str | None = None

    @property
    def archived(self) -> bool:
        """Archived experiments carry the archive time in ``deleted`` (inferred, see docs/unverified.md)."""
        return self.deleted is not None

    @property
    def legal_transitions(self) -> list[str]:
        """The lifecycle moves this experiment's state allows (e.g. ``['launch', 'archive']`` for a draft)."""
        return legal_transitions(self.status, self.archived)

    @property
    def lifecycle(self) -> ExperimentLifecycle:
        """State, legal moves and step dates, without another request."""
        return ExperimentLifecycle.of(self)


class ExperimentLifecycle(BaseModel):
    """Where an experiment stands: its state, the moves allowed now, and when each step happened.

    ``legal`` holds action names; ``methods`` the matching Workspace methods. ``decided`` is the last
    modification of a decided experiment (Mixpanel returns no separate decision time).
    """

    model_config = ConfigDict(frozen=True)

    experiment_id: str
    name: str
    status: ExperimentStatus | None
    archived: bool
    terminal: bool
    legal: list[str]
    created: str | None = None
    launched: str | None = None
    concluded: str | None = None
    decided: str | None = None
    archived_at: str | None = None
    modified: str | None = None

    @property
    def methods(self) -> list[str]:
        """The Workspace methods that perform the legal moves (e.g. ``'launch_experiment'``)."""
        return [f"{a}_experiment" for a in self.legal]

    @classmethod
    def of(cls, exp: Experiment) -> ExperimentLifecycle:
        """Read the lifecycle off an experiment already fetched (e.g. one row of ``list_experiments``)."""
        terminal = exp.status in (ExperimentStatus.SUCCESS, ExperimentStatus.FAIL)
        ended = exp.status not in (None, ExperimentStatus.DRAFT, ExperimentStatus.ACTIVE)
        return cls(
            experiment_id=exp.id,
            name=exp.name,
            status=exp.status,
            archived=exp.archived,
            terminal=terminal,
            legal=exp.legal_transitions,
            created=exp.created,
            launched=exp.start_date,
            concluded=exp.end_date if ended else None,
            decided=(exp.modified or exp.updated) if terminal else None,
            archived_at=exp.deleted,
            modified=exp.modified or exp.updated,
        )


class CreateExperimentParams(InputModel):
    """Body of create (the spec's ``CreateExperimentRequest``); the experiment starts as a draft."""

    name: str = Field(min_length=1, max_length=255)
    """The experiment's name, 1 to 255 characters."""
    description: str | None = Field(default=None, max_length=400)
    """At most 400 characters."""
    hypothesis: str | None = None
    """What the experiment expects to show."""
    settings: dict[str, Any] | None = None
    """Experiment settings (confidence, duration...), in Mixpanel's format."""
    variants: list[Any] | None = None
    """The experiment's variants, in Mixpanel's format."""
    metrics: list[Any] | None = None
    """The metrics the experiment measures, in Mixpanel's format."""
    global_access_type: str | None = None
    """Who in the project can see and edit it."""

    _variants = field_validator("variants")(check_variants)


class UpdateExperimentParams(InputModel):
    """PATCH body (the spec's ``UpdateExperimentRequest``): only the fields set are sent.

    ``status`` exists in the spec but ``update_experiment`` refuses it: use launch/conclude/decide.
    """

    name: str | None = Field(default=None, min_length=1, max_length=255)
    """Display name (required, non-empty)."""
    description: str | None = Field(default=None, max_length=400)
    """Free-text description shown in Mixpanel."""
    hypothesis: str | None = None
    """What the experiment expects to show."""
    status: ExperimentStatus | None = None
    """Refused: use ``launch_experiment``, ``conclude_experiment`` or ``decide_experiment``."""
    settings: dict[str, Any] | None = None
    """Experiment settings (confidence, duration...), in Mixpanel's format."""
    variants: list[Any] | None = None
    """The experiment's variants, in Mixpanel's format."""
    metrics: list[Any] | None = None
    """The metrics the experiment measures, in Mixpanel's format."""
    start_date: str | None = None
    """The start date, ``YYYY-MM-DD``."""
    end_date: str | None = None
    """The end date, ``YYYY-MM-DD``."""
    exposures_cache: dict[str, Any] | None = None
    """Mixpanel's cached exposure figures (normally left alone)."""
    results_cache: dict[str, Any] | None = None
    """Mixpanel's cached results (normally left alone)."""
    tags: list[str] | None = None
    """Tag names."""
    global_access_type: str | None = None
    """Who in the project can see and edit it."""

    _variants = field_validator("variants")(check_variants)

    @field_validator("start_date", "end_date")
    @classmethod
    def _dates(cls, value: str | None, info: Any) -> str | None:
        return check_date(value, info.field_name)


class ExperimentConcludeParams(InputModel):
    """Conclude an active experiment, optionally with an ``end_date`` (``YYYY-MM-DD``, checked before sending)."""

    end_date: str | None = None
    """The end date, ``YYYY-MM-DD``."""

    @field_validator("end_date")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return check_date(value, "end_date")


class ExperimentDecideParams(InputModel):
    """Record a concluded experiment's outcome: ``success`` (``True``/``False``, strictly a bool), the winning
    ``variant`` and a ``message``. The experiment becomes ``success`` or ``fail`` for good.
    """

    success: bool = Field(strict=True)
    """``True`` if the experiment succeeded, ``False`` if it failed (strictly a bool)."""
    variant: str | None = None
    """The winning variant's key."""
    message: str | None = None
    """Why: shown with the decision."""


class DuplicateExperimentParams(InputModel):
    """A copy of an experiment under a new ``name`` (1-255 characters)."""

    name: str = Field(min_length=1, max_length=255)
    """The copy's name, 1 to 255 characters."""


class OPS:
    LIST = Op("list_experiments", "GET", "experiments", scope="workspace")
    CREATE = Op("create_experiment", "POST", "experiments", scope="workspace", idempotent=False)
    GET = Op("get_experiment", "GET", "experiments/{id}", scope="workspace")
    UPDATE = Op("update_experiment", "PATCH", "experiments/{id}", scope="workspace")
    DELETE = Op("delete_experiment", "DELETE", "experiments/{id}", scope="workspace")
    LAUNCH = Op("launch_experiment", "PUT", "experiments/{id}/launch", scope="workspace")
    CONCLUDE = Op("conclude_experiment", "PUT", "experiments/{id}/force_conclude", scope="workspace")
    # a retried decide could meet "already decided": not retried on ambiguous failures
    DECIDE = Op("decide_experiment", "PATCH", "experiments/{id}/decide", scope="workspace", idempotent=False)
    ARCHIVE = Op("archive_experiment", "POST", "experiments/{id}/archive", scope="workspace", idempotent=True)
    RESTORE = Op("restore_experiment", "DELETE", "experiments/{id}/archive", scope="workspace")
    DUPLICATE = Op("duplicate_experiment", "POST", "experiments/{id}/duplicate", scope="workspace", idempotent=False)
    ERF = Op("list_erf_experiments", "GET", "experiments/erf/", scope="workspace")


def _experiment(data: Any, what: str) -> Experiment:
    return parse_model(Experiment, data, what=what)


def _needs(action: str) -> str:
    if action == "archive":
        return "an experiment that is not archived"
    if action == "restore":
        return "an archived experiment"
    return _NEEDS[action].value


def _refuse_unless_legal(exp: Experiment, action: str) -> None:
    """Raise ``IllegalTransitionError`` naming the state and the legal moves, before anything is sent."""
    legal = exp.legal_transitions
    if action in legal:
        return
    status = exp.status.value if exp.status is not None else "unknown"
    state = f"archived ({status})" if exp.archived else status
    moves = ", ".join(legal) if legal else "none (success and fail are final)"
    raise IllegalTransitionError(
        f"experiment {exp.id} is {state}; {action} needs {_needs(action)}; legal now: {moves}",
        state=state,
        legal=legal,
    )


def _variant_keys(exp: Experiment) -> list[str]:
    """The experiment's variant keys (a list of ``{"key": ...}`` or a dict keyed by variant)."""
    if isinstance(exp.variants, dict):
        return [str(k) for k in exp.variants]
    return [str(v["key"]) for v in exp.variants or [] if isinstance(v, dict) and v.get("key") is not None]


def _day(value: str) -> str:
    return value[:10]


class ExperimentsMethods(FamilyBase):
    """Experiments: CRUD plus the lifecycle draft -> active -> concluded -> success|fail.

    Each lifecycle call reads the experiment first and raises ``IllegalTransitionError`` for a move its
    state does not allow; nothing is sent then.
    """

    def list_experiments(self, *, include_archived: bool = False) -> list[Experiment]:
        """List experiments; archived ones only with ``include_archived=True``."""
        if not isinstance(include_archived, bool):
            raise InputError(
                f"include_archived must be True or False, got {include_archived!r}", field="include_archived"
            )
        data = self._http.call(OPS.LIST, params={"include_archived": "true" if include_archived else None})
        return parse_list(Experiment, data, what="list_experiments")

    def create_experiment(self, params: CreateExperimentParams) -> Experiment:
        """Create a draft experiment."""
        data = self._http.call(OPS.CREATE, json_body=body_of(params), natural_key=params.name)
        return _experiment(data, "create_experiment")

    def get_experiment(self, experiment_id: str) -> Experiment:
        """One experiment by id (a UUID string), with its status, variants, metrics and dates.

        ``mp.NotFoundError`` when the workspace has no experiment with that id; ``mp.InputError`` before any
        request when the id is not a UUID.
        """
        eid = check_uuid_id(experiment_id, "experiment_id")
        return _experiment(self._http.call(OPS.GET, path={"id": eid}), "get_experiment")

    def update_experiment(self, experiment_id: str, params: UpdateExperimentParams) -> Experiment:
        """PATCH only the fields set in ``params``; a status change is refused (use the lifecycle calls)."""
        eid = check_uuid_id(experiment_id, "experiment_id")
        if params.status is not None:
            raise InputError(
                "update_experiment does not change status: use ws.launch_experiment(id), "
                "ws.conclude_experiment(id) or ws.decide_experiment(id, ...), which check the lifecycle",
                field="status",
            )
        body = body_of(params)
        if not body:
            raise InputError("UpdateExperimentParams sets no field; nothing to update", field="params")
        return _experiment(self._http.call(OPS.UPDATE, path={"id": eid}, json_body=body), "update_experiment")

    def delete_experiment(self, experiment_id: str) -> None:
        """Delete an experiment after backing it up."""
        eid = check_uuid_id(experiment_id, "experiment_id")
        try:
            records = [self._http.call(OPS.GET, path={"id": eid})]
        except NotFoundError:
            records = []
        self._delete("experiments", [eid], records, lambda: self._http.call(OPS.DELETE, path={"id": eid}))

    def _current(self, experiment_id: str, action: str) -> Experiment:
        exp = self.get_experiment(experiment_id)
        _refuse_unless_legal(exp, action)
        return exp

    def launch_experiment(self, experiment_id: str) -> Experiment:
        """draft -> active.

        Raises:
            IllegalTransitionError: the experiment is not a draft (or is archived).
        """
        exp = self._current(experiment_id, "launch")
        return _experiment(self._http.call(OPS.LAUNCH, path={"id": exp.id}), "launch_experiment")

    def conclude_experiment(self, experiment_id: str, *, params: ExperimentConcludeParams | None = None) -> Experiment:
        """active -> concluded, ending now or at ``params.end_date`` (always sends a JSON body).

        Raises:
            IllegalTransitionError: the experiment is not active (or is archived).
        """
        exp = self._current(experiment_id, "conclude")
        body = body_of(params) if params is not None else {}
        end = body.get("end_date")
        if end and exp.start_date and _day(end) < _day(exp.start_date):
            raise InputError(f"end_date {end} is before the experiment's start_date {exp.start_date}", field="end_date")
        data = self._http.call(OPS.CONCLUDE, path={"id": exp.id}, json_body=body)
        return _experiment(data, "conclude_experiment")

    def decide_experiment(self, experiment_id: str, params: ExperimentDecideParams) -> Experiment:
        """concluded -> success (``params.success``) or fail.

        Raises:
            IllegalTransitionError: the experiment is not concluded (or is archived).
        """
        exp = self._current(experiment_id, "decide")
        keys = _variant_keys(exp)
        if params.variant is not None and keys and params.variant not in keys:
            raise InputError(
                f"experiment {exp.id} has no variant {params.variant!r}; its variants are {', '.join(keys)}; "
                "nothing was sent",
                field="variant",
            )
        data = self._http.call(OPS.DECIDE, path={"id": exp.id}, json_body=body_of(params))
        return _experiment(data, "decide_experiment")

    def archive_experiment(self, experiment_id: str) -> None:
        """Hide an experiment from lists (its status is kept).

        Raises:
            IllegalTransitionError: it is already archived.
        """
        exp = self._current(experiment_id, "archive")
        self._http.call(OPS.ARCHIVE, path={"id": exp.id})

    def restore_experiment(self, experiment_id: str) -> Experiment:
        """Un-archive an experiment.

        Raises:
            IllegalTransitionError: it is not archived.
        """
        exp = self._current(experiment_id, "restore")
        return _experiment(self._http.call(OPS.RESTORE, path={"id": exp.id}), "restore_experiment")

    def duplicate_experiment(self, experiment_id: str, params: DuplicateExperimentParams) -> Experiment:
        """Copy an experiment as a new draft named ``params.name`` (Mixpanel needs the name)."""
        eid = check_uuid_id(experiment_id, "experiment_id")
        data = self._http.call(OPS.DUPLICATE, path={"id": eid}, json_body=body_of(params), natural_key=params.name)
        return _experiment(data, "duplicate_experiment")

    def list_erf_experiments(self) -> list[dict[str, Any]]:
        """Experiments in ERF (Experiment Results Framework) format, as Mixpanel returns them."""
        data = self._http.call(OPS.ERF)
        data = results_of(data, "list_erf_experiments")
        return [e for e in data if isinstance(e, dict)]

    def get_experiment_lifecycle(self, experiment_id: str) -> ExperimentLifecycle:
        """The experiment's state, the moves allowed now and the dates of each step (for widgets)."""
        return ExperimentLifecycle.of(self.get_experiment(experiment_id))
