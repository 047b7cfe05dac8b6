"""ReviewQueue: proposals by group with counts, keep/delete per row and group with safe defaults, plan follows."""

from __future__ import annotations

from pathlib import Path

import pytest

import mpnb as mp
from mpnb.widgets import ReviewQueue


@pytest.fixture
def ws(tmp_path: Path) -> mp.Workspace:
    w = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path / "backups")
    w._http._sleep = lambda seconds: None
    return w


def test_groups_count_the_audit_proposals_and_the_plans_follow_the_toggles(ws: mp.Workspace) -> None:
    audit = ws.audit()
    deleting = audit.findings[audit.findings["action"].isin(["delete", "archive"])]
    kept = audit.findings[audit.findings["default"].eq("keep")]  # copies the cleanup policy keeps, with why
    queue = ReviewQueue(audit, progress=False)
    assert len(queue.proposals) == len({*zip(deleting["family"], deleting["id"]), *zip(kept["family"], kept["id"])})
    by_reason = queue.group_counts("reason")
    assert by_reason.loc["never_viewed_report", "rows"] == queue.proposals["reason"].eq("never_viewed_report").sum()
    assert by_reason["rows"].sum() == len(queue.proposals) and by_reason["keep"].sum() == len(kept)
    assert set(queue.proposals.loc[queue.proposals["default"] == "keep", "keep_reason"]) == set(kept["keep_reason"])
    reports = queue.proposals[(queue.proposals["family"] == "reports") & (queue.proposals["default"] == "delete")]
    assert queue.plans["reports"].counts()["delete"] == len(reports)
    assert set(queue.group_counts("owner").index) >= set(reports["owner"]) - {""}
    assert set(queue.group_counts("age").index) <= {
        "under 30 days",
        "30 to 90 days",
        "90 days to a year",
        "1 to 2 years",
        "over 2 years",
        "age unknown",
    }

    keep = reports.index[0]
    queue.decide([keep], "keep")
    assert queue.plans["reports"].counts()["delete"] == len(reports) - 1
    assert reports.loc[keep, "id"] not in [d.id for d in queue.plans["reports"].deletes]
    queue.decide_group("never_viewed_report", "keep", by="reason")
    assert queue.group_counts("reason").loc["never_viewed_report", "delete"] == 0
    queue.decide_group("never_viewed_report", "delete", by="reason")
    policy_kept = int(kept["rule"].eq("never_viewed_report").sum())  # rows the policy keeps stay kept: only their
    assert queue.group_counts("reason").loc["never_viewed_report", "keep"] == policy_kept  # own choice deletes them
    # (the explicit keep above was chosen as delete by the group only because its default was delete)
    queue.reset()
    assert queue.plans["reports"].counts()["delete"] == len(reports)
    assert "to delete" in queue.counts.value and f"{len(queue.proposals)} proposals" in queue.counts.value


def test_a_row_proposed_as_keep_is_deleted_only_by_its_own_choice(ws: mp.Workspace) -> None:
    audit = ws.audit()
    f = audit.findings
    f["default"] = ["delete" if a in ("delete", "archive") else "keep" for a in f["action"]]
    f["keep_reason"] = ""
    viewed = f.index[(f["rule"] == "never_viewed_report") & (f["action"] == "delete")][0]
    f.loc[viewed, ["default", "keep_reason"]] = ["keep", "on a board other teams read"]
    queue = ReviewQueue(audit, progress=False)
    key = f"reports:{f.loc[viewed, 'id']}"
    assert queue.choice[key] == "keep" and queue.proposals.loc[key, "keep_reason"] == "on a board other teams read"
    group = queue.proposals.loc[key, "reason"]
    queue.decide_group(group, "keep", by="reason")
    queue.decide_group(group, "delete", by="reason")
    assert queue.choice[key] == "keep"  # the group's delete left it alone, and said so
    assert "proposed as keep stay kept" in queue.status_text
    assert f.loc[viewed, "id"] not in queue.deletes("reports")
    queue.decide([key], "delete")  # its own, explicit choice
    assert f.loc[viewed, "id"] in queue.deletes("reports")
    with pytest.raises(mp.InputError, match="choose keep or delete"):
        queue.decide([key], "maybe")


def test_from_a_plan_apply_deletes_only_the_rows_chosen(ws: mp.Workspace) -> None:
    df = ws.reports.frame()
    ids = df.index[:6].tolist()
    queue = ReviewQueue(ws.reports.plan(df, delete=ids), progress=False)
    assert sorted(queue.proposals["id"]) == sorted(ids) and set(queue.choice.values()) == {"delete"}
    queue.decide([f"reports:{ids[0]}", f"reports:{ids[1]}"], "keep")
    view = queue.views["reports"]
    view.apply.click()
    view.confirm.yes.click()
    assert view.result is not None and set(view.result["status"]) == {"ok"}
    left = set(ws.reports.frame().index)
    assert {ids[0], ids[1]} <= left and not set(ids[2:]) & left


def test_thousands_of_rows_are_paged_with_counts_per_group(tmp_path: Path) -> None:
    big = mp.Workspace.sandbox(size=2000, backup_dir=tmp_path / "b")
    df = big.reports.frame()
    queue = ReviewQueue(big.reports.plan(df, delete=df.index.tolist()), progress=False)
    assert len(queue.proposals) == len(df) >= 2000
    assert queue.grid.total == len(df) and len(queue.grid.page_ids) == 15  # one page drawn
    queue.group_by.value = "board"
    boards = queue.group_counts()
    assert boards["rows"].sum() == len(df) and len(queue.group.options) == len(boards)
    assert queue.plans["reports"].counts()["delete"] == len(df)
    first_board = boards.index[0]
    assert queue.group.value == first_board  # the largest group, picked
    queue.keep_group.click()
    assert queue.plans["reports"].counts()["delete"] == len(df) - boards.loc[first_board, "rows"]
    queue.grid.select_matching()
    queue.keep_selected.click()
    assert queue.plans["reports"].is_empty and "0 to delete" in queue.counts.value
