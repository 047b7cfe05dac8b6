"""``python -m mpnb.demo``: a tour of mpnb on the built-in sandbox (no credentials, no network).

It walks the seed guide's calls for dashboards and reports, and prints what it finds: the first thing a
new user runs after installing.
"""

from __future__ import annotations

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

    ws.delete_dashboard(dash.id)
    backup = ws.backups.latest("dashboards")
    print(f"deleted dashboard {dash.id}; backup written first: {backup.path if backup else 'none'}")
    print("\nNext: the same calls on real Mixpanel need only MP_USERNAME, MP_SECRET, MP_PROJECT_ID and MP_REGION.")


if __name__ == "__main__":
    main()
