"""Experiments: endpoint table and ``ExperimentsMethods`` (models and lifecycle rules in ``experiments_models``).

Live Mixpanel is lenient (re-launching an active experiment or concluding a draft answers 200 and does
nothing), so mpnb reads the state first and refuses illegal moves itself. Paths follow Mixpanel's
experiments OpenAPI spec (``/workspaces/{wid}/experiments``, no trailing slash); duplicate and ERF
follow the catalog.

>>> exp = ws.create_experiment(mp.CreateExperimentParams(name="Pricing Page Test"))
>>> ws.launch_experiment(exp.id); ws.conclude_experiment(exp.id)
>>> ws.get_experiment_lifecycle(exp.id).legal       # ['decide', 'archive']
"""

from __future__ import annotations

from typing import Any, ClassVar

from mpnb._http import Op, objects_of
from mpnb._models import body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase, check_uuid_id
from mpnb.entities._family import Family, Reference
from mpnb.entities.experiments_models import (
    CreateExperimentParams,
    DuplicateExperimentParams,
    Experiment,
    ExperimentConcludeParams,
    ExperimentCreator,
    ExperimentDecideParams,
    ExperimentLifecycle,
    ExperimentStatus,
    UpdateExperimentParams,
    legal_transitions,
)
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


# action -> the status it needs (archive/restore depend on the archived flag instead)
_NEEDS: dict[str, ExperimentStatus] = {
    "launch": ExperimentStatus.DRAFT,
    "conclude": ExperimentStatus.ACTIVE,
    "decide": ExperimentStatus.CONCLUDED,
}


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


FAMILY = Family(
    name="experiments",
    singular="experiment",
    model=Experiment,
    ops=OPS,
    list_all={"include_archived": "true"},
    id_kind="uuid",
    natural_key=("name",),
    content=("name", "hypothesis", "variants", "metrics"),
    active=lambda r: r.get("status") == "active",
    references=(
        # the flag names its experiment too; it is created after the experiment (orders=False)
        Reference.at("feature_flag.id", "flags", "runs on the flag", orders=False),
        Reference.at("settings.feature_flag_key", "flags", "runs on the flag", by="key", orders=False),
    ),
)


class ExperimentsMethods(FamilyBase):
    """Experiments: CRUD plus the lifecycle draft -> active -> concluded -> success|fail.

    Each lifecycle call reads the experiment first and raises ``IllegalTransitionError`` for a move its
    state does not allow; nothing is sent then.
    """

    FAMILY: ClassVar[Family] = FAMILY

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
        return objects_of(self._http.call(OPS.ERF), "list_erf_experiments")

    def get_experiment_lifecycle(self, experiment_id: str) -> ExperimentLifecycle:
        """The experiment's state, the moves allowed now and the dates of each step (for widgets)."""
        return ExperimentLifecycle.of(self.get_experiment(experiment_id))
