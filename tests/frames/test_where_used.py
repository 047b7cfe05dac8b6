"""Where used, in the data dictionary's frames and plans: each events or properties row counts the reports,
cohorts, flags and (through their reports) alerts that use it, and a plan that hides or drops entries lists
what uses them, without changing any of it."""

from __future__ import annotations

from collections import Counter

import mpnb as mp
from mpnb._families import REGISTRY
from mpnb.entities._family import Reference
from mpnb.entities._lexicon_refs import cohort_refs, report_refs


def _via(family: str, via: str) -> Reference:
    return next(r for r in REGISTRY.get(family).references if r.via == via)


def _expected(ws: mp.Workspace) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Counted from the public list calls, apart from the graph: reports and cohorts naming each event, and
    alerts on the reports naming it. A cohort built on a cohort that names an event uses it too, and so does
    a report filtered by such a cohort."""
    cohorts = ws.records("cohorts").read_all()
    naming = {c["id"]: cohort_refs(c).events for c in cohorts}
    built_on = {c["id"]: set(_via("cohorts", "built on the cohort").find(c)) for c in cohorts}
    for _ in cohorts:  # a cohort built on a cohort that names an event uses it too
        for cid, bases in built_on.items():
            naming[cid] = naming[cid].union(*(naming.get(b, set()) for b in bases))
    by_cohorts = Counter(e for events in naming.values() for e in events)
    filters = _via("reports", "filters by the cohort")
    reports: dict[int, set[str]] = {}
    for r in ws.records("reports").read_all():  # and a report filtered by such a cohort
        reports[r["id"]] = report_refs(r.get("params")).events.union(*(naming.get(c, set()) for c in filters.find(r)))
    by_reports = Counter(e for events in reports.values() for e in events)
    by_alerts: Counter[str] = Counter()
    for alert in ws.list_alerts():
        by_alerts.update(reports.get(alert.bookmark.id if alert.bookmark else None, set()))
    return by_reports, by_cohorts, by_alerts


def test_the_events_frame_counts_what_uses_each_event() -> None:
    ws = mp.Workspace.sandbox(seed=0)
    by_reports, by_cohorts, by_alerts = _expected(ws)
    df = ws.events.frame()
    assert by_reports and by_alerts  # the demo has events in reports that alerts watch
    for name in df.index:
        assert df.at[name, "used_by_reports"] == by_reports[name], name
        assert df.at[name, "used_by_cohorts"] == by_cohorts[name], name
        assert df.at[name, "used_by_alerts"] == by_alerts[name], name
    assert "reports list call" in df.attrs["mpnb_extra_reads"]
    assert "used_by_reports" not in ws.events.frame(cleanup=False).columns  # no extra read asked for


def test_a_hide_plan_lists_what_uses_the_events_and_changes_nothing_else() -> None:
    ws = mp.Workspace.sandbox(seed=0)
    by_reports, _, by_alerts = _expected(ws)
    used = max(by_alerts, key=lambda e: (by_alerts[e], e))
    df = ws.events.frame()
    dropping = {f.event_name for f in ws.list_drop_filters()}
    quiet = ~df.loc[:, df.columns.str.startswith("used_by_")].any(axis=1)
    unused = next(n for n in df.index[quiet] if n not in dropping)
    df.loc[[used, unused], "hidden"] = True
    reports_before = ws.records("reports").read_all()
    plan = ws.events.plan(df)
    assert plan.counts()["update"] == 2
    assert set(plan.users) == {used}
    assert len(plan.users[used]["reports"]) == by_reports[used]
    assert len(plan.users[used]["alerts"]) == by_alerts[used]
    text = "\n".join(plan.notes)
    assert f"{used!r}" in text and "in use" in text and f"{by_reports[used]} reports" in text
    plan.apply(progress=False)
    assert {e.name for e in ws.get_event_definitions(names=[used, unused]) if e.hidden} == {used, unused}
    assert ws.records("reports").read_all() == reports_before  # hiding rewrites no report


def test_a_plan_hiding_nothing_in_use_says_so() -> None:
    ws = mp.Workspace.sandbox(seed=0)
    df = ws.events.frame()
    dropping = {f.event_name for f in ws.list_drop_filters()}
    quiet = ~df.loc[:, df.columns.str.startswith("used_by_")].any(axis=1)
    unused = [n for n in df.index[quiet] if n not in dropping][:3]
    df.loc[unused, "dropped"] = True
    plan = ws.events.plan(df)
    assert plan.users == {} and f"nothing uses the {len(unused)} events" in "\n".join(plan.notes)
    df2 = ws.events.frame()
    df2.loc[unused, "description"] = "described"  # an edit that retires nothing reads nothing more
    before = ws.request_count
    ws.events.plan(df2)
    assert ws.request_count - before <= 1  # the fresh read of the edited names only


def test_properties_count_by_name_and_custom_properties_by_id() -> None:
    ws = mp.Workspace.sandbox(seed=0)
    props = ws.properties.frame()
    named = Counter(
        n for r in ws.list_bookmarks_v2() for n in report_refs(r.model_dump().get("params")).property_names()
    )
    for _, row in props.iterrows():
        assert row["used_by_reports"] == named[row["name"]], row["name"]
    custom = ws.custom_properties.frame()
    params = [r.model_dump().get("params") for r in ws.list_bookmarks_v2()]
    used = Counter(c for p in params for c in report_refs(p).custom_properties)
    for cid in custom.index:
        assert custom.at[cid, "used_by_reports"] == used[cid]
