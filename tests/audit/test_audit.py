"""The Audit as a whole: reads once, changes nothing, findings as data, summaries, plans, refusals."""

from __future__ import annotations

import json

import pytest

import mpnb as mp
from mpnb.audit import AuditPlan, rules
from mpnb.audit._audit import COLUMNS
from mpnb.frames._plan import Plan
from mpnb.graph import in_use
from tests.audit.conftest import Craft, ago

FAMILIES = {"reports", "dashboards", "cohorts", "flags", "experiments", "alerts", "annotations", "webhooks"}
FAMILIES |= {"events", "properties", "lexicon_tags", "drop_filters", "custom_events", "custom_properties"}


def test_every_rule_is_documented_with_its_thresholds_as_parameters() -> None:
    table = rules()
    assert {r.family for r in table.values()} == FAMILIES
    for name, r in table.items():
        assert r.name == name and len(r.summary) > 20, name
        assert r.severity in ("high", "medium", "low")
        assert all(not isinstance(v, type) for v in r.thresholds().values())


def test_reads_each_family_once_and_changes_nothing(aws: mp.Workspace, craft: Craft) -> None:
    before_state = json.dumps(craft.snapshot()["tables"], sort_keys=True, default=str)
    before = aws.request_count
    audit = aws.audit()
    assert audit.requests == aws.request_count - before
    lists = [r for r in audit.reads if r.endswith(" list")]
    assert sorted(lists) == sorted(f"{f} list" for f in FAMILIES)  # each family once
    assert "flag limits" in audit.reads and not any("webhook test" in r for r in audit.reads)
    # + the workspace lookup experiments need, + the properties list's second request (user properties)
    assert audit.requests <= len(audit.reads) + 2
    assert json.dumps(craft.snapshot()["tables"], sort_keys=True, default=str) == before_state


def test_findings_are_data(aws: mp.Workspace) -> None:
    f = aws.audit().findings
    assert list(f.columns) == COLUMNS and len(f) > 0
    assert f["severity"].cat.ordered and list(f["severity"].cat.categories) == ["low", "medium", "high"]
    assert set(f["action"]) <= {"delete", "archive", "update", "review"}
    assert set(f["family"].astype(str)) <= FAMILIES and set(f["rule"]) <= set(rules())
    json.dumps(f["evidence"].tolist())  # plain JSON values only
    counts = f.groupby(["family", "rule"], observed=True).size()
    assert counts.sum() == len(f)
    high = f[f["severity"] >= "medium"]  # ordered: filterable like numbers
    assert set(high["severity"].astype(str)) <= {"high", "medium"}


def test_summary_and_reprs(aws: mp.Workspace) -> None:
    audit = aws.audit()
    s = audit.summary()
    assert list(s["rule"]) == audit.rules and s["findings"].sum() == len(audit)
    assert "members" in s.set_index("rule").loc["departed_owner_report", "skipped"]
    text, page = repr(audit), audit._repr_html_()
    assert f"{audit.requests} requests" in text and "nothing was changed" in text
    assert "Nothing was changed" in page and all(fam in page for fam in FAMILIES)
    assert "<script" not in page


def test_a_plan_per_family_and_applying_it_clears_the_findings(aws: mp.Workspace, craft: Craft) -> None:
    rid = min(int(k) for k in craft.table("bookmarks") if craft.rec("bookmarks", k)["type"] == "insights")
    aid = min(int(k) for k in craft.table("alerts"))
    craft.rec("alerts", aid).update(valid=False, bookmark={"id": rid, "name": "r", "type": "insights"})
    fid = next(k for k, v in craft.table("feature_flags").items() if v.get("deleted") is None)
    craft.rec("feature_flags", fid).update(status="disabled", modified=ago(200, z=True))
    audit = aws.audit()
    plan = audit.plan(rules=["orphaned_alert", "stale_flag"])
    assert isinstance(plan, AuditPlan) and set(plan.plans) == {"alerts", "flags"}
    assert aid in {d.id for d in plan["alerts"].deletes} and fid in {d.id for d in plan["flags"].deletes}
    assert "Plan for alerts" in repr(plan) and "Plan for flags" in repr(plan)
    result = plan.apply(progress=False)
    assert set(result["status"]) == {"ok"} and set(result["family"]) == {"alerts", "flags"}
    assert aws.backups.latest("alerts") is not None
    again = aws.audit(rules=["orphaned_alert", "stale_flag"])
    kept = set(in_use(aws, "flags", list(audit.findings.query("rule == 'stale_flag'")["id"])))
    assert set(again.findings["id"]) == kept  # what an active experiment runs on was left out, and said so
    assert not kept or any("left out: something live depends on them" in n for n in plan["flags"].notes)


def test_a_fix_never_archives_what_an_active_experiment_runs_on_unless_asked(aws: mp.Workspace, craft: Craft) -> None:
    for k, v in craft.table("feature_flags").items():
        if v.get("deleted") is None:
            craft.rec("feature_flags", k).update(status="disabled", modified=ago(200, z=True))
    audit = aws.audit(rules=["stale_flag"])
    flags = list(audit.findings["id"])
    live = in_use(aws, "flags", flags)
    assert live, "the demo has flags that active experiments run on"
    plan = audit.plan(rules=["stale_flag"])
    assert not set(live) & {d.id for d in plan.deletes}
    note = next(n for n in plan.notes if "left out" in n)
    assert f"{len(live)} flags left out" in note and "experiments" in note and "runs on the flag" in note
    forced = audit.plan(rules=["stale_flag"], include_in_use=True)
    assert set(live) <= {d.id for d in forced.deletes} and any("are included" in n for n in forced.notes)


def test_one_family_gives_its_plan_and_review_rules_give_an_empty_plan(aws: mp.Workspace) -> None:
    audit = aws.audit()
    one = audit.plan(rules=["never_viewed_report"])
    assert isinstance(one, Plan) and one.family == "reports"
    wanted = set(audit.findings.query("rule == 'never_viewed_report' and action == 'delete'")["id"])
    assert {d.id for d in one.deletes} == wanted and not one.updates
    review = audit.plan(rules=["near_duplicate_report", "untitled_report"])
    assert isinstance(review, AuditPlan) and review.is_empty
    assert review.apply(progress=False).empty


def test_bad_input_is_refused_before_any_request(aws: mp.Workspace) -> None:
    before = aws.request_count
    with pytest.raises(mp.InputError, match="unknown audit rule 'nope'"):
        aws.audit(rules=["nope"])
    with pytest.raises(mp.InputError, match="unknown family"):
        aws.audit(families=["boards"])
    with pytest.raises(mp.InputError, match="stale_report takes idle_days, max_views; not days") as err:
        aws.audit(params={"stale_report": {"days": 3}})
    assert err.value.field == "params.stale_report"
    with pytest.raises(mp.InputError, match="whole number") as err:
        aws.audit(params={"stale_report": {"idle_days": "90"}})
    assert err.value.field == "params.stale_report.idle_days"
    with pytest.raises(mp.InputError, match="list of strings"):
        aws.audit(params={"departed_owner_report": {"members": "ana@example.com"}})
    assert aws.request_count == before


def test_families_limit_the_reads(aws: mp.Workspace) -> None:
    audit = aws.audit(families=["annotations"])
    assert audit.reads == ["annotations list"] and audit.requests == 1
    assert set(audit.findings["family"].astype(str)) <= {"annotations"}


def test_the_demo_data_shows_every_rule() -> None:
    """The demo project (``mp.Workspace.sandbox(seed=0)``, what the notebooks and the default sandbox use)
    has a finding of every rule, so notebook 06 shows each (departed owners need ``members``, failing
    webhooks ``test_webhooks=True``)."""
    ws = mp.Workspace.sandbox(seed=0)
    private = sorted(b.creator_email for b in ws.list_dashboards() if b.is_private and b.creator_email)
    people = {r.creator_email for r in ws.list_bookmarks_v2() if r.creator_email} - set(private[:1])
    conventions = {  # naming rules check only a convention the user states
        "event_naming_convention": {"convention": "Title Case"},
        "property_naming_convention": {"convention": "snake_case"},
    }
    audit = ws.audit(members=sorted(people), test_webhooks=True, params=conventions)
    shown = set(audit.findings["rule"])
    assert set(rules()) - shown == set()
    assert "failing_webhook" not in set(ws.audit().findings["rule"])  # only when asked: it sends requests
    limits = ws.get_flag_limits()  # over the allowance in a grace period: new flags can still be made
    assert limits.current_usage >= limits.limit and limits.contract_status == mp.FlagContractStatus.GRACE_PERIOD


def test_an_entity_both_deleted_and_updated_is_only_deleted(aws: mp.Workspace, craft: Craft) -> None:
    rid = min(int(k) for k in craft.table("bookmarks") if craft.rec("bookmarks", k)["type"] == "insights")
    aid = min(int(k) for k in craft.table("alerts"))
    broken = {"valid": False, "paused": False, "subscriptions": [], "bookmark": {"id": rid, "type": "insights"}}
    craft.rec("alerts", aid).update(broken)
    plan = aws.audit(rules=["orphaned_alert", "silent_alert"]).plan()
    assert isinstance(plan, Plan) and aid in {d.id for d in plan.deletes} and aid not in plan.updates
    assert set(plan.apply(progress=False)["status"]) == {"ok"}


def test_a_family_the_account_may_not_read_skips_its_rules(aws: mp.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from mpnb.frames._families import SPECS

    real = type(SPECS["flags"]).list_raw

    def refuse(spec: object, ws: object, filters: object = None) -> object:
        if getattr(spec, "name", None) == "flags":
            raise mp.PermissionDeniedError("no access to flags", status=403)
        return real(spec, ws, filters)  # type: ignore[arg-type]

    monkeypatch.setattr(type(SPECS["flags"]), "list_raw", refuse)
    audit = aws.audit()
    assert "flags list (refused)" in audit.reads and audit.reads.count("flags list (refused)") == 1
    for name in ("stale_flag", "rolled_out_flag", "unreferenced_cohort"):  # cohorts read flags' rulesets
        assert "refused" in audit.skipped[name]
    flags = audit.findings[audit.findings["family"] == "flags"]
    assert len(audit) > 0 and set(flags["rule"]) <= {"flag_limit"}  # the limits call is not the flag list
