"""Experiments in frames: status moves by launch/conclude, never by an edited cell."""

from __future__ import annotations

from mpnb.entities.experiments import (
    CreateExperimentParams,
    Experiment,
    ExperimentsMethods,
    UpdateExperimentParams,
)
from mpnb.frames._specs import FamilySpec, include_archived

SPEC = FamilySpec(
    name="experiments",
    model=Experiment,
    update_params=UpdateExperimentParams,
    create_params=CreateExperimentParams,
    create_with=ExperimentsMethods.create_experiment,
    natural_key=("name",),
    id_type=str,
    read_only=frozenset({"status", "exposures_cache", "results_cache"}),
    list_query=include_archived,
    filters=("include_archived",),
    ids_filter=False,
    fresh_filters={"include_archived": True},
    archive=ExperimentsMethods.archive_experiment,
    lost_on_restore=("original id", "experiment state (it comes back a draft)", "results"),
    derived={"owner": "creator_name"},
)
