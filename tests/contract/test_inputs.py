"""Wrong types and nonsense values are refused before any request, with an error naming the field.

Every method that takes a params model refuses a dict, ``None`` (unless optional), another model and a
string with an ``InputError`` naming the expected type; values Mixpanel cannot mean are refused by the
models (``pydantic.ValidationError``) or the method (``InputError``).
"""

from __future__ import annotations

import inspect
import math
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import mpnb as mp
from mpnb.entities._base import _model_of
from tests.contract._calls import GOOD_UUID

LONG = "x" * 100_000


@pytest.fixture(scope="module")
def cws() -> Iterator[mp.Workspace]:
    w = mp.Workspace.sandbox(seed=4)
    w._http._sleep = lambda seconds: None
    yield w
    w.close()


def _params_methods() -> list[tuple[str, str, type[BaseModel], bool]]:
    out = []
    for name, fn in inspect.getmembers(mp.Workspace, inspect.isfunction):
        if name.startswith("_") or not fn.__module__.startswith("mpnb.entities"):
            continue
        hints = typing.get_type_hints(inspect.unwrap(fn))
        for pname in inspect.signature(fn).parameters:
            model, optional = _model_of(hints.get(pname))
            if model is not None:
                out.append((name, pname, model, optional))
    return out


PARAMS_METHODS = _params_methods()


def _args_for(fn: Any, target: str, value: Any) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for pname, p in inspect.signature(fn).parameters.items():
        if pname == "self" or (p.default is not inspect.Parameter.empty and pname != target):
            continue
        if pname == target:
            arg = value
        elif pname in ("flag_id", "experiment_id"):
            arg = GOOD_UUID
        elif pname == "webhook_id":
            arg = "w1"
        else:
            arg = 1
        if p.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[pname] = arg
        else:
            args.append(arg)
    return args, kwargs


def test_the_table_covers_the_methods_of_the_issue() -> None:
    names = {n for n, *_ in PARAMS_METHODS}
    assert {"create_dashboard", "create_feature_flag", "update_bookmark", "create_webhook"} <= names
    assert len(PARAMS_METHODS) >= 25


@pytest.mark.parametrize(("name", "pname", "model", "optional"), PARAMS_METHODS, ids=[m[0] for m in PARAMS_METHODS])
@pytest.mark.parametrize("wrong", [{"title": "x"}, None, "params", 3, mp.Annotation, mp.CreateAnnotationTagParams])
def test_wrong_params_type_is_an_input_error(
    cws: mp.Workspace, name: str, pname: str, model: type[BaseModel], optional: bool, wrong: Any
) -> None:
    if wrong is None and optional:
        return
    if wrong is mp.CreateAnnotationTagParams:
        wrong = (
            mp.CreateAnnotationTagParams(name="t")
            if model is not mp.CreateAnnotationTagParams
            else mp.CreateDashboardParams(title="t")
        )
    fn = getattr(cws, name)
    args, kwargs = _args_for(getattr(mp.Workspace, name), pname, wrong)
    before = cws.request_count
    with pytest.raises(mp.InputError) as info:
        fn(*args, **kwargs)
    assert cws.request_count == before
    assert info.value.field == pname and f"mp.{model.__name__}" in str(info.value)


@pytest.mark.parametrize(
    "value", ["hourly", "Daily", " WEEKLY ", 3600, 86400, 604800, "86400", mp.AlertFrequencyPreset.WEEKLY]
)
def test_alert_frequency_one_vocabulary(value: Any) -> None:
    made = mp.UpdateAlertParams(frequency=value)
    assert made.frequency in (3600, 86400, 604800)


@pytest.mark.parametrize("value", [5, 0, -3600, 3601, True, "fortnightly", "", 86400.5, None])
def test_alert_frequency_nonsense_is_refused(value: Any) -> None:
    with pytest.raises(ValidationError, match="frequency"):
        mp.CreateAlertParams(bookmark_id=1, name="a", condition={}, frequency=value, paused=True, subscriptions=[])


@pytest.mark.parametrize(
    "condition",
    [
        {"type": "absolute", "op": "!!", "value": 1},
        {"type": "absolute", "op": "<", "value": "abc"},
        {"type": "absolute", "op": "<", "value": True},
        {"type": "absolute", "op": "<", "value": math.nan},
        {"type": "", "op": "<", "value": 1},
        {"type": "anomaly", "keys": "all", "op": "!<=x<="},
    ],
)
def test_alert_condition_nonsense_is_refused(condition: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="condition"):
        mp.UpdateAlertParams(condition=condition)


def test_alert_documented_conditions_pass() -> None:
    for condition in (
        {"keys": [{"header": "Signup", "value": "Signup"}], "type": "absolute", "op": "<", "value": 100},
        {"type": "anomaly", "keys": [{"header": "$event", "value": "$overall"}], "op": "!<=x<=", "confidence": 0.99},
    ):
        assert mp.UpdateAlertParams(condition=condition).condition == condition


def test_running_alert_without_subscribers_is_refused() -> None:
    base = {"bookmark_id": 1, "name": "a", "condition": {"op": "<", "value": 1}, "frequency": "daily"}
    with pytest.raises(ValidationError, match="no recipient"):
        mp.CreateAlertParams(**base, paused=False, subscriptions=[])
    assert mp.CreateAlertParams(**base, paused=True, subscriptions=[]).subscriptions == []


@pytest.mark.parametrize(
    "build",
    [
        lambda: mp.CreateBookmarkParams(name=LONG, type="insights", params={}, dashboard_id=1),
        lambda: mp.UpdateBookmarkParams(name=LONG),
        lambda: mp.BulkUpdateBookmarkEntry(id=1, name=LONG),
        lambda: mp.CreateCohortParams(name=LONG),
        lambda: mp.UpdateCohortParams(name=LONG),
        lambda: mp.CreateWebhookParams(name=LONG, url="https://a.example"),
        lambda: mp.CreateWebhookParams(name="n", url="https://a.example/" + LONG),
        lambda: mp.UpdateWebhookParams(url="https://a.example/" + LONG),
        lambda: mp.WebhookTestParams(url="https://a.example/" + LONG),
        lambda: mp.CreateExperimentParams(name=LONG),
        lambda: mp.CreateDashboardParams(title=LONG),
    ],
)
def test_over_long_names_and_urls_are_refused(build: Any) -> None:
    with pytest.raises(ValidationError):
        build()


@pytest.mark.parametrize(
    "splits", [[0.3, 0.3], [0.5, 0.6], [0, 0], [50, 40], [-0.5, 1.5], [True, False], ["0.5", "0.5"]]
)
def test_variant_splits_must_sum_to_one(splits: list[Any]) -> None:
    variants = [{"key": f"v{i}", "split": s} for i, s in enumerate(splits)]
    with pytest.raises(ValidationError, match="split"):
        mp.CreateExperimentParams(name="e", variants=variants)
    with pytest.raises(ValidationError, match="split"):
        mp.UpdateExperimentParams(variants=variants)


@pytest.mark.parametrize("splits", [[0.5, 0.5], [0.1, 0.2, 0.7], [50, 50], [1.0]])
def test_variant_splits_that_sum_to_one_pass(splits: list[float]) -> None:
    variants = [{"key": f"v{i}", "split": s} for i, s in enumerate(splits)]
    assert mp.CreateExperimentParams(name="e", variants=variants).variants == variants


def test_duplicate_variant_keys_are_refused() -> None:
    with pytest.raises(ValidationError, match="unique"):
        mp.CreateExperimentParams(name="e", variants=[{"key": "a", "split": 0.5}, {"key": "a", "split": 0.5}])


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_anywhere_in_params_is_refused(cws: mp.Workspace, bad: float) -> None:
    np = pytest.importorskip("numpy")
    with pytest.raises(ValidationError, match="NaN"):
        mp.CreateBookmarkParams(name="r", type="insights", params={"a": [{"b": bad}]}, dashboard_id=1)
    with pytest.raises(ValidationError, match="NaN"):
        mp.UpdateBookmarkParams(params={"x": np.float64(bad)})
    with pytest.raises(ValidationError, match="NaN"):
        mp.UpdateCohortParams(definition={"x": bad})
    from mpnb.entities.reports import OPS

    before = cws.request_count
    with pytest.raises(mp.InputError, match="NaN"):  # the HTTP layer refuses it too, whatever the caller built
        cws._http.call(OPS.UPDATE, path={"id": 1}, json_body={"params": {"x": bad}})
    assert cws.request_count == before


def test_report_link_type_is_checked() -> None:
    with pytest.raises(ValidationError, match="link_type"):
        mp.UpdateReportLinkParams(type="bogus")
    assert mp.UpdateReportLinkParams(type="embedded").link_type == "embedded"


def test_decide_with_an_unknown_variant_is_refused(cws: mp.Workspace) -> None:
    concluded = [e for e in cws.list_experiments() if e.status == mp.ExperimentStatus.CONCLUDED]
    if not concluded:
        draft = cws.create_experiment(
            mp.CreateExperimentParams(name="c", variants=[{"key": "a", "split": 0.5}, {"key": "b", "split": 0.5}])
        )
        cws.launch_experiment(draft.id)
        concluded = [cws.conclude_experiment(draft.id)]
    exp = concluded[0]
    sent = len(cws.emulator.requests)  # type: ignore[union-attr]
    with pytest.raises(mp.InputError, match="no variant 'nope'") as info:
        cws.decide_experiment(exp.id, mp.ExperimentDecideParams(success=True, variant="nope"))
    assert info.value.field == "variant"
    assert [m for m, _ in cws.emulator.requests[sent:]] == ["GET"]  # type: ignore[union-attr]


def test_dot_and_huge_ids_are_input_errors(cws: mp.Workspace) -> None:
    before = cws.request_count
    for call in (
        lambda: cws.delete_experiment("."),
        lambda: cws.get_feature_flag(LONG),
        lambda: cws.get_bookmark(LONG),
        lambda: cws.update_webhook("..", mp.UpdateWebhookParams(name="n")),
        lambda: cws.get_dashboard("9" * 100_000),
    ):
        with pytest.raises(mp.InputError):
            call()
    assert cws.request_count == before


def test_update_dashboard_never_deletes_a_report(cws: mp.Workspace) -> None:
    board = cws.list_dashboards()[0]
    before = cws.request_count
    for content in (
        {"action": "delete", "content_type": "report", "content_id": 1},
        [{"action": "delete", "content_type": "report", "content_id": 1}],
    ):
        with pytest.raises(mp.InputError, match="remove_report_from_dashboard") as info:
            cws.update_dashboard(board.id, mp.UpdateDashboardParams(content=content))
        assert info.value.field == "content"
    assert cws.request_count == before
