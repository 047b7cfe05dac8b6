"""Experiment models and lifecycle rules: ``ExperimentStatus``, ``legal_transitions``, ``Experiment``,
``ExperimentLifecycle`` and the params of create, update, conclude, decide and duplicate.

``ExperimentsMethods`` in ``mpnb.entities.experiments`` sends them and refuses illegal moves; that
module's ``__all__`` exports them.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mpnb._models import InputModel, ResponseModel
from mpnb.entities._experiment_checks import check_date, check_variants


class ExperimentStatus(str, Enum):
    """An experiment's state: draft -> active -> concluded -> success | fail (the last two are final)."""

    DRAFT = "draft"
    ACTIVE = "active"
    CONCLUDED = "concluded"
    SUCCESS = "success"
    FAIL = "fail"


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
