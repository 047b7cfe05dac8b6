"""``python -m mpnb.demo``: a tour of mpnb on the built-in sandbox (no credentials, no network).

It walks the seed guide's calls for dashboards and reports, and prints what it finds: the first thing a
new user runs after installing.
"""

from __future__ import annotations

import datetime

import mpnb as mp


def main() -> None:
    ws = mp.Workspace.sandbox(seed=7)
    print(ws.info(), end="\n\n")

    boards = ws.list_dashboards()
    reports = ws.list_bookmarks_v2()
    untitled = [r for r in reports if r.name.lower().startswith("untitled")]
    undocumented = [r for r in reports if not r.description]
    print(
        f"{len(boards)} dashboards, {len(reports)} reports "
        f"({len(untitled)} untitled, {len(undocumented)} without a description)"
    )

    dash = ws.create_dashboard(mp.CreateDashboardParams(title="Q1 Metrics", description="Quarterly"))
    report = ws.create_bookmark(
        mp.CreateBookmarkParams(
            name="Daily Signups",
            bookmark_type="insights",
            params={"sections": {"show": [{"type": "metric", "behavior": {"type": "event", "name": "Sign Up"}}]}},
            dashboard_id=dash.id,
        )
    )
    print(f"created dashboard {dash.id} {dash.title!r} with report {report.id} {report.name!r}")

    ws.bulk_update_bookmarks([mp.BulkUpdateBookmarkEntry(id=r.id, description="needs an owner") for r in untitled])
    print(f"described {len(untitled)} untitled reports in one bulk request")

    history = ws.get_bookmark_history(bookmark_id=reports[0].id, page_size=5)
    print(
        f"report {reports[0].id} history: {len(history.data)} entries on the first page, "
        f"more pages: {history.pagination.has_more}"
    )

    for t in ws.list_blueprint_templates():
        print(f"  blueprint {t.title_key}: {t.number_of_reports} reports")
    bp = ws.create_blueprint(template_type="product_analytics")
    config = ws.get_blueprint_config(bp.id)
    done = ws.finalize_blueprint(mp.BlueprintFinishParams(dashboard_id=bp.id, cards=config.cards))
    print(f"blueprint dashboard {done.id} finished with {len(done.report_ids)} reports")

    _other_families(ws)
    _frames(ws)

    ws.delete_dashboard(dash.id)
    backup = ws.backups.latest("dashboards")
    print(f"deleted dashboard {dash.id}; backup written first: {backup.path if backup else 'none'}")
    print("\nNext: the same calls on real Mixpanel need only MP_USERNAME, MP_SECRET, MP_PROJECT_ID and MP_REGION.")


def _other_families(ws: mp.Workspace) -> None:
    """One line per family: what the demo project holds, and the experiment lifecycle end to end."""
    from collections import Counter

    flags = Counter(f.status.value for f in ws.list_feature_flags())
    states = Counter(e.status.value if e.status else "?" for e in ws.list_experiments())
    count = ws.get_alert_count()
    print(f"{len(ws.list_cohorts())} cohorts; flags by status {dict(flags)}; experiments by state {dict(states)}")
    print(
        f"{len(ws.list_alerts())} alerts ({count.anomaly_alerts_count}/{count.alert_limit} anomaly alerts), "
        f"{len(ws.list_annotations())} annotations, {len(ws.list_webhooks())} webhooks"
    )

    exp = ws.create_experiment(mp.CreateExperimentParams(name="Pricing Page Test"))
    try:
        ws.conclude_experiment(exp.id)
    except mp.IllegalTransitionError as exc:
        print(f"refused before sending: {exc}")
    ws.launch_experiment(exp.id)
    today = datetime.date.today().isoformat()  # an end date before the launch is refused, so use today
    ws.conclude_experiment(exp.id, params=mp.ExperimentConcludeParams(end_date=today))
    decided = ws.decide_experiment(exp.id, mp.ExperimentDecideParams(success=True, message="15% lift"))
    final = decided.status.value if decided.status else "?"
    print(f"experiment {decided.name!r}: draft -> active -> concluded -> {final}")


def _frames(ws: mp.Workspace) -> None:
    """The bulk-cleanup journey: edit a frame, read the plan, apply it."""
    reports = ws.reports.frame()
    stale = reports.age_days > 365
    reports.loc[stale, "description"] = "stale: review or delete"
    plan = ws.reports.plan(reports)
    lines = str(plan).splitlines()
    print("\n".join(lines[:8] + ([f"          ... {len(lines) - 8} more lines"] if len(lines) > 8 else [])))
    result = plan.apply(progress=False)
    print(f"applied: { ({k: int(v) for k, v in result.status.value_counts().items()}) }")


if __name__ == "__main__":
    main()
