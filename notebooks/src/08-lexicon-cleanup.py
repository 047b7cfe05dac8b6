# %% [markdown]
# # Lexicon cleanup
#
# The data dictionary (Lexicon) at a glance: events by status and by use. The same event tracked under several
# spellings, side by side with what uses each; events described and tagged in a FrameEditor; the events nothing
# uses hidden, with a record of what was hidden and a plan that shows them again. Every change waits for
# **your** click on Apply, on every target.
#
# **Where it runs.** As it is, on mpnb's built-in **sandbox**: a seeded demo project in memory, no credentials,
# no network (or a sandbox that `mpnb sandbox serve` serves on this machine, when `MPNB_BASE_URL` points there).
# The cell tagged `parameters` changes the target (papermill can set it too): `TARGET = "env"` uses
# `MPNB_BASE_URL` or the `MP_USERNAME`/`MP_SECRET`/`MP_PROJECT_ID`/`MP_REGION` variables; `TARGET = "mixpanel"`
# with `MP_USERNAME`, `MP_PROJECT_ID` and `MP_REGION` asks for the service account's secret in a password box.
# Never type a secret into a cell. This notebook **changes** entities: on real Mixpanel it stops after
# connecting unless `ALLOW_WRITES_TO_REAL_PROJECT = True`, and bulk changes then ask for `confirm=True`.

# %% tags=["parameters"]
TARGET = "sandbox"  # "sandbox", "env" (MPNB_BASE_URL or MP_* variables) or "mixpanel" (asks for the secret)
MP_USERNAME = ""  # TARGET = "mixpanel": the service account's username (not a secret)
MP_PROJECT_ID = 0  # TARGET = "mixpanel": the project's id
MP_REGION = "us"  # TARGET = "mixpanel": "us", "eu" or "in"
ALLOW_WRITES_TO_REAL_PROJECT = False  # this demo edits entities: True lets it on real Mixpanel

# %%
from mpnb.notebook import connect

ws = connect(TARGET, MP_USERNAME, MP_PROJECT_ID, MP_REGION, allow_writes=ALLOW_WRITES_TO_REAL_PROJECT)
print(ws.info())

# %% [markdown]
# ## The dictionary at a glance
#
# Each event's status is the first of **dropped** (its new data is discarded at ingestion), **hidden** (out of
# the pickers), **verified** (someone checked it tracks what its name says) or **plain**. Whether it is used
# comes from the frame's `used_by_*` columns: the reports, cohorts, flags, alerts and custom events that name
# it, directly or through a chain (an alert on a report that queries it). Mixpanel's API shows no other use:
# an event only a dashboard's text or an outside query names counts as unused.

# %%
import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 60)

from pathlib import Path

from IPython.display import display

from mpnb.frames import read_csv, spec_for, write_csv
from mpnb.widgets import FrameEditor, PlanView

events = ws.events.frame()
used_by = [c for c in events.columns if c.startswith("used_by_")]
uses = events[used_by].fillna(0).sum(axis=1).astype(int)
STATUSES = ["dropped", "hidden", "verified", "plain"]
status = pd.Series("plain", index=events.index)
for word in reversed(STATUSES[:-1]):  # dropped wins over hidden, hidden over verified
    status[events[word].fillna(False).astype(bool)] = word
glance = pd.crosstab(status.rename("status"), uses.gt(0).map({True: "used", False: "unused"}).rename("use"))
glance = glance.reindex(index=STATUSES, columns=["used", "unused"], fill_value=0)
print(f"{len(events):,} events on {ws.target.label()}: {(uses > 0).sum():,} used, {(uses == 0).sum():,} unused")
glance

# %% [markdown]
# Three views that read the same at 40 events or 5,000: status by use, how many things use each event (in
# bins), and the most used events by what uses them.

# %%
TOP = 15  # events in the right-hand chart
labels = ["0", "1", "2-4", "5-9", "10-49", "50-99", "100+"]
bins = pd.cut(uses, [-1, 0, 1, 4, 9, 49, 99, float("inf")], labels=labels).value_counts().reindex(labels)
top = events.loc[uses.nlargest(TOP).index, used_by].fillna(0).astype(int)
top.columns = [c.removeprefix("used_by_") for c in used_by]

fig, (left, middle, right) = plt.subplots(1, 3, figsize=(14, 4.5), gridspec_kw={"width_ratios": [2, 2.5, 3]})
glance.iloc[::-1].plot.barh(ax=left, color=["#2e86c1", "#bdc3c7"], title="Events by status and use")
left.set_ylabel("")
left.legend(title="", loc="lower right")
bins.plot.bar(ax=middle, color="#5d6d7e", rot=0, title="Events by how many things use them")
middle.set_xlabel("reports, cohorts, flags, alerts and custom events using it")
middle.tick_params(axis="x", labelsize=8)
for ax in (left, middle):
    for bars in ax.containers:
        ax.bar_label(bars, labels=[f"{v:,.0f}" if v else "" for v in bars.datavalues], fontsize=8)
top.iloc[::-1].plot.barh(ax=right, stacked=True, title=f"The {TOP} most used events")
right.set_ylabel("")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## One event, several spellings
#
# The audit's near-duplicate rule groups names that differ only in case, separators, camelCase or a plural
# (`Add to Cart`, `add_to_cart`, `addToCart`) and names the spelling to keep in each group: the most used,
# then a verified one. Side by side with what uses each spelling: one that nothing uses can be hidden (the
# plan below does it); one still in use is for a person to merge, since the reports using it would change.

# %%
audit = ws.audit(families=["events"], rules=["near_duplicate_event"])
advice = {"update": "hide: nothing uses it", "review": "review: still in use"}
suggested, groups = {}, {}
for f in audit.findings.itertuples():
    groups.setdefault(f.evidence["kept"], f.evidence["group"])
    suggested[f.name] = advice.get(f.action, f.action)
near = pd.DataFrame(
    [
        {"group": kept, "name": name, "suggested": "keep" if name == kept else suggested.get(name, "already hidden")}
        for kept, group in groups.items()
        for name in group
    ],
    columns=["group", "name", "suggested"],
)
near["status"] = near["name"].map(status)
near = near.join(events[used_by], on="name")
near["uses"] = near["name"].map(uses)
order = near.groupby("group")["uses"].sum().sort_values(ascending=False).index  # the most used groups first
near = near.set_index("group").loc[order].reset_index()
more = f"; the {TOP} most used groups below" if len(groups) > TOP else ""
print(f"{len(groups)} groups of near-duplicate names, {len(near)} spellings{more}")
near[near["group"].isin(order[:TOP])].set_index(["group", "name"])

# %% [markdown]
# ## Describe and tag them, in the FrameEditor
#
# Every event in a grid: search, sort (by `used_by_reports`, say, to start with what matters most), filter,
# select rows and type a description into **Set description**, or a tag into **Add tag**; edit a cell in
# place, paste a column from a spreadsheet, undo step by step. The plan beneath follows; **Apply** asks, then
# sends it (one bulk request for every event you changed). Only you know what an event means: nothing is
# written for you.

# %%
shown = ["display_name", "description", "tags", "contacts", "verified", "hidden", *used_by]
editor = FrameEditor(ws, "events", columns=shown, progress=False)
editor

# %% [markdown]
# ## Hide what nothing uses
#
# A hidden event leaves the pickers; its data stays, and so would any report using it. The plan hides the
# visible events that nothing uses and no drop filter names (a filtered event is the drop filter's business),
# leaving out Mixpanel's own (`$...`). Its notes say what it affects. **Apply** asks, then sends it, and
# saves the names it hid with their values before, so the next cell can show them again. On a large project
# this can be thousands of events: to go step by step, plan a part first (in the cell below, `unused[:200]`
# instead of `unused` in `hide.loc[...]`, or `spelled`: only the other spellings of an event).

# %%
filtered = set(ws.drop_filters.frame()["event_name"].dropna())
visible = ~status.isin(["hidden", "dropped"])
unused = events.index[(uses == 0) & visible & ~events.index.str.startswith("$") & ~events.index.isin(filtered)]
spelled = near.loc[near["name"].isin(unused), "name"].tolist()
print(f"{len(unused):,} of {len(events):,} events to hide ({len(spelled)} of them another event's spelling)")

hide = events.copy()
hide.loc[unused, "hidden"] = True
hide_plan = ws.events.plan(hide)
backup_file = None  # set by the click


def keep_backup(result: pd.DataFrame) -> None:
    """After the apply: the events it hid, with ``hidden`` as it was before (an events CSV, in the backups)."""
    global backup_file
    done = set(result.loc[result["status"] == "ok", "id"])
    was = {c.id: c.before for c in hide_plan.changes if c.field == "hidden" and c.id in done}
    stamp = pd.Timestamp.now(tz="UTC").strftime("%Y%m%dT%H%M%S")
    path = ws.backups.folder / "hidden-events" / f"{stamp}-hidden-events.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(write_csv(pd.DataFrame({"hidden": pd.Series(was, dtype="boolean")})), encoding="utf-8")
    backup_file = str(path)


hide_view = PlanView(hide_plan, progress=False)
hide_view.on_applied(keep_backup)
hide_view

# %% [markdown]
# ## Show them again
#
# Hiding changes no data and no report, so its undo is one more plan: `hidden` back to what it was, for the
# events the click hid. The file saved at the click holds them, as an events CSV: from the shell,
# `mpnb events apply FILE` sends the same to the project the notebook ran on. Run this cell after you
# applied the hide above; the plan it shows waits for its own click.

# %%
if hide_view.result is None or backup_file is None:
    print("Nothing hidden yet: click Apply in the hide plan above (and Yes), then run this cell again.")
else:
    saved = read_csv(Path(backup_file).read_text(encoding="utf-8"), spec_for("events"))
    print(f"{len(saved):,} events hidden by the click, as they were before: {backup_file}")
    display(saved.head())
    again = ws.events.frame()
    again.loc[saved.index, "hidden"] = saved["hidden"]
    undo_view = PlanView(ws.events.plan(again), progress=False)
    display(undo_view)

# %% [markdown]
# ## Next
#
# [06 Cleanup audit](06-audit.ipynb): every family's rules, the dictionary's included (undescribed, unowned,
# hidden yet still used, personal data not marked sensitive), with fixes through plans. Or back to
# [the quickstart](01-quickstart.ipynb).
