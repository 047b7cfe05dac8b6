"""The journey for every family: frame, edit, plan, apply, fresh frame equals; deletes, archives, restore."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import mpnb as mp

EDITS: dict[str, tuple[str, Any]] = {
    "dashboards": ("description", "reviewed by the data team"),
    "reports": ("description", "needs an owner"),
    "cohorts": ("description", "cleaned up"),
    "flags": ("description", "owned by growth"),
    "experiments": ("hypothesis", "more is better"),
    "alerts": ("paused", True),
    "annotations": ("description", "annotated again"),
    "webhooks": ("name", "Renamed hook"),
}


@pytest.mark.parametrize("family", sorted(EDITS))
def test_journey_for_every_family(fws: mp.Workspace, family: str) -> None:
    col, value = EDITS[family]
    frames = getattr(fws, family)
    df = frames.frame()
    assert len(df) > 0 and df.index.is_unique and df.attrs["mpnb_family"] == family
    df[col] = value
    plan = frames.plan(df)
    changed = [rid for rid in df.index if not mp.frames._compare.same(frames.snapshot()[rid].get(col), value)]
    assert sorted(plan.updates, key=str) == sorted(changed, key=str)
    assert repr(plan).startswith(f"Plan for {family} on SANDBOX")
    before = fws.request_count
    result = plan.apply(concurrency=4, progress=False)
    assert (result.status == "ok").all(), result[result.status != "ok"].to_dict("records")
    assert fws.request_count - before == plan.requests()
    fresh = frames.frame()
    assert (fresh[col] == value).all()
    assert frames.plan(df).is_empty


def test_flag_edits_are_one_put_per_flag_and_no_get(fws: mp.Workspace) -> None:
    df = fws.flags.frame()
    df["tags"] = [["cleanup"]] * len(df)
    plan = fws.flags.plan(df)
    assert fws.emulator is not None
    fws.emulator.requests.clear()
    plan.apply(concurrency=4, progress=False)
    methods = [m for m, _ in fws.emulator.requests]
    assert methods.count("PUT") == len(plan.updates) and methods.count("GET") == 1  # the re-check, no GET per flag
    assert methods[0] == "GET"
    after = {f.id: f for f in fws.list_feature_flags()}
    for fid in plan.updates:  # the fill kept everything else (context, serving method, ruleset...)
        assert after[fid].tags == ["cleanup"]
        assert after[fid].context == fws.flags.snapshot()[fid]["context"]


def test_flags_and_experiments_are_archived_unless_asked(fws: mp.Workspace) -> None:
    flags = fws.flags.frame()
    fid = next(i for i in flags.index if flags.loc[i, "status"] == "disabled")
    plan = fws.flags.plan(flags, delete=[fid])
    assert [d.action for d in plan.deletes] == ["archive"]
    assert plan.apply(progress=False).loc[0, "action"] == "archive"
    assert fid not in {f.id for f in fws.list_feature_flags()}
    assert fid in {f.id for f in fws.list_feature_flags(include_archived=True)}
    exps = fws.experiments.frame()
    eid = exps.index[0]
    deleted = fws.experiments.plan(exps, delete=[eid], archive=False)
    assert [d.action for d in deleted.deletes] == ["delete"]


def test_cohort_delete_shows_what_references_it_and_restores(fws: mp.Workspace) -> None:
    cohorts = fws.cohorts.frame()
    cid = next(int(i) for i in cohorts.index if fws.cohorts.snapshot()[i].get("referenced_by"))
    plan = fws.cohorts.plan(cohorts, delete=[cid])
    assert cid in plan.referenced_by and "is referenced by" in repr(plan)
    result = plan.apply(progress=False)
    assert result.loc[0, "status"] == "ok"
    backup = fws.backups.latest("cohorts")
    assert backup is not None
    restored = fws.restore(backup)
    new = restored.id_map["cohorts"][cid]
    again = fws.cohorts.frame().loc[new]
    assert again["name"] == cohorts.loc[cid, "name"] and again["selector"] == cohorts.loc[cid, "selector"]


def test_alerts_bulk_delete_and_restore_onto_their_report(fws: mp.Workspace) -> None:
    alerts = fws.alerts.frame()
    victims = [int(i) for i in alerts.index[:2]]
    plan = fws.alerts.plan(alerts, delete=victims)
    assert plan.requests() == 2  # the re-check, then one bulk delete
    assert (plan.apply(progress=False).status == "ok").all()
    restored = fws.restore(fws.backups.latest("alerts"))  # type: ignore[arg-type]
    assert sorted(restored.id_map["alerts"]) == sorted(victims)
    now = fws.alerts.frame()
    for old, new in restored.id_map["alerts"].items():
        assert now.loc[new, "name"] == alerts.loc[old, "name"]
        assert now.loc[new, "bookmark"]["id"] == alerts.loc[old, "bookmark"]["id"]


def test_webhook_restore_says_the_password_is_lost(fws: mp.Workspace) -> None:
    hooks = fws.webhooks.frame()
    wid = hooks.index[0]
    fws.webhooks.plan(hooks, delete=[wid]).apply(progress=False)
    restored = fws.restore(fws.backups.latest("webhooks"))  # type: ignore[arg-type]
    assert "password" in restored.rows[0]["lost"] and restored.rows[0]["status"] == "ok"


def test_new_flag_from_a_row_without_id(fws: mp.Workspace) -> None:
    df = fws.flags.frame()
    new = pd.DataFrame([{"name": "New switch", "key": "new_switch"}], index=pd.Index([pd.NA], dtype="string"))
    both = pd.concat([df, new])
    both.attrs = dict(df.attrs)
    plan = fws.flags.plan(both)
    assert plan.creates[0].natural_key == ("new_switch",)
    result = plan.apply(progress=False)
    assert result.loc[0, "status"] == "ok"
    assert fws.get_feature_flag(result.loc[0, "id"]).key == "new_switch"


def test_cli_export_apply_for_flags(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from mpnb.cli import main
    from mpnb.frames._csv import parse_csv

    out = CliRunner().invoke(main, ["flags", "export"]).stdout
    rows = parse_csv(out)
    header = [h for h, _ in rows[0]]
    rows[1][header.index("description")] = ("from the shell", True)
    text = "\n".join(",".join('"' + t.replace('"', '""') + '"' if q else t for t, q in r) for r in rows) + "\n"
    (tmp_path / "flags.csv").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["flags", "apply", str(tmp_path / "flags.csv"), "--yes"])
    assert result.exit_code == 0 and ",update,ok," in result.stdout, result.output


LISTS = {
    "dashboards": "list_dashboards",
    "reports": "list_bookmarks_v2",
    "cohorts": "list_cohorts_full",
    "flags": "list_feature_flags",
    "experiments": "list_experiments",
    "alerts": "list_alerts",
    "annotations": "list_annotations",
    "webhooks": "list_webhooks",
}


@pytest.mark.parametrize("family", sorted(LISTS))
def test_to_frame_of_any_list_call(fws: mp.Workspace, family: str) -> None:
    models = getattr(fws, LISTS[family])()
    df = mp.to_frame(models)
    ref = getattr(fws, family).frame()
    assert df.attrs["mpnb_family"] == family and sorted(df.index, key=str) == sorted(ref.index, key=str)
    for col in getattr(fws, family).spec.model_cls().model_fields:
        if col in ref.columns and col != "id":
            assert str(df[col].dtype) == str(ref[col].dtype), col


def test_cli_apply_asks_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from mpnb.cli import main
    from mpnb.frames._csv import parse_csv

    out = CliRunner().invoke(main, ["annotations", "export"]).stdout
    rows = parse_csv(out)
    header = [h for h, _ in rows[0]]
    rows[1][header.index("description")] = ("typed yes", True)
    text = "\n".join(",".join('"' + t.replace('"', '""') + '"' if q else t for t, q in r) for r in rows) + "\n"
    (tmp_path / "a.csv").write_text(text, encoding="utf-8")
    monkeypatch.setattr("mpnb.cli._frames._interactive", lambda: True)
    no = CliRunner().invoke(main, ["annotations", "apply", str(tmp_path / "a.csv")], input="no\n")
    assert no.exit_code == 8 and "not applied" in no.stderr  # nothing applied: exit 8
    yes = CliRunner().invoke(main, ["annotations", "apply", str(tmp_path / "a.csv")], input="yes\n")
    assert yes.exit_code == 0 and ",update,ok," in yes.stdout, yes.output


def test_plan_requests_are_a_lower_bound_of_what_apply_sends(fws: mp.Workspace) -> None:
    """One request per archive and create at least (a family's method may read first): never more."""
    exps = fws.experiments.frame()
    eid = exps.index[0]
    new = pd.DataFrame([{"name": "Fresh idea"}], index=pd.Index([pd.NA], dtype="string"))
    both = pd.concat([exps, new])
    both.attrs = dict(exps.attrs)
    plan = fws.experiments.plan(both, delete=[eid])
    before = fws.request_count
    result = plan.apply(progress=False)
    assert set(result.status) == {"ok"}, result.to_dict("records")
    assert plan.requests() == 3 <= fws.request_count - before  # re-check, archive, create
