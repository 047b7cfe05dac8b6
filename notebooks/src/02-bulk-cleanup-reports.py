# %% [markdown]
# # Bulk cleanup of reports
#
# Find untitled, stale and duplicate reports; name them from their query and describe them in a FrameEditor;
# review what a delete would take away; delete with a backup; restore from it. Every change waits for **your**
# click on Apply.
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

# %%
import json

import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 60)

from IPython.display import display

from mpnb.widgets import FrameEditor, PlanView, readable

reports = ws.reports.frame()
now = pd.Timestamp.now().normalize()
if "idle_days" not in reports:  # days since the last edit (newer mpnb versions add the column themselves)
    reports["idle_days"] = (now - pd.to_datetime(reports["modified"])).dt.days
print(f"{len(reports)} reports on {ws.target.label()}")
readable(reports).head()  # short ids, plain dates, empty cells instead of <NA>

# %% [markdown]
# ## Reports by age
#
# How long since each report was last edited, by type: the tail on the right is the cleanup.

# %%
fig, ax = plt.subplots(figsize=(8, 3.5))
types = sorted(reports["bookmark_type"].unique())
ages = [reports.loc[reports["bookmark_type"] == t, "idle_days"] for t in types]
ax.hist(ages, bins=12, stacked=True, label=types)
ax.set_xlabel("days since last modified")
ax.set_ylabel("reports")
ax.legend()
plt.show()

# %% [markdown]
# ## Find them
#
# * **untitled**: the name starts with "Untitled";
# * **undescribed**: no description;
# * **stale**: not edited for a year and never viewed;
# * **duplicates**: the same type and the same query. In each group the **most viewed** copy stays
#   (the oldest on a tie); another copy is proposed only when nobody views it (0 views). A copy that
#   people open is shown for review but never proposed: deleting it would break their links.

# %%
untitled = reports[reports["name"].str.match(r"(?i)^untitled")]
undescribed = reports[reports["description"].fillna("").str.strip() == ""]
stale = reports[(reports["idle_days"] > 365) & (reports["total_view_count"] == 0)]

query = reports["bookmark_type"] + "|" + reports["params"].map(lambda p: json.dumps(p, sort_keys=True))
ranked = reports.assign(query=query).sort_values(["total_view_count", "created"], ascending=[False, True])
kept = ranked.drop_duplicates("query")["query"]
kept = pd.Series(kept.index, index=kept.to_numpy())  # query -> the id that stays
copies = ranked[ranked.duplicated("query")]
pairs = pd.DataFrame(
    {
        "keep": copies["query"].map(kept).to_numpy(),
        "copy": copies.index,
        "copy views": copies["total_view_count"].to_numpy(),
        "proposed": (copies["total_view_count"] == 0).to_numpy(),
    }
)
duplicates = copies[copies["total_view_count"] == 0]
print(
    f"untitled: {len(untitled)}, without a description: {len(undescribed)}, "
    f"stale: {len(stale)}, duplicate copies: {len(copies)} (proposed: {len(duplicates)})"
)

# %% [markdown]
# Each duplicate next to the copy that stays: name, board and views of both.

# %%
cols = ["name", "dashboard_id", "total_view_count"]
side = pd.concat(
    {
        "stays": readable(reports.loc[pairs["keep"]], cols).reset_index(),
        "copy": readable(reports.loc[pairs["copy"]], cols).reset_index(),
    },
    axis=1,
)
side[("copy", "proposed")] = ["delete" if p else "keep: people view it" for p in pairs["proposed"]]
side


# %% [markdown]
# ## Name the untitled ones from their query
#
# A name made from what the report asks ("Funnels: Search → Checkout → Purchase") instead of a
# placeholder. The plan shows each rename; nothing is sent until you click **Apply**.


# %%
def name_from_query(row: pd.Series) -> str:
    shown = (row["params"] or {}).get("sections", {}).get("show", [])
    events = [s.get("behavior", {}).get("name") for s in shown if s.get("behavior", {}).get("name")]
    return f"{row['bookmark_type'].title()}: {' → '.join(events) or 'no events'}"


named = reports.copy()
named.loc[untitled.index, "name"] = untitled.apply(name_from_query, axis=1)
rename_view = PlanView(ws.reports.plan(named), progress=False)
rename_view

# %% [markdown]
# ## Describe them, in the FrameEditor
#
# The reports without a description, in a grid: sort and search it, select rows, type what they
# answer into **Set description**, and the plan beneath follows. Only you know what a report is for,
# so nothing is written for you: **Apply** sends what you typed.

# %%
editor = FrameEditor(ws, "reports", ids=list(undescribed.index), progress=False)
editor

# %% [markdown]
# ## Review the deletes
#
# The stale reports and the unviewed duplicate copies. Put the ids you want to keep into
# `keep_anyway` and run the cell again. The most viewed reports are never in this list (the
# check below stops the notebook if one were).

# %%
keep_anyway: set[int] = set()  # ids to keep after all, e.g. {41, 47}

doomed = sorted((set(stale.index) | set(duplicates.index)) - keep_anyway)
most_viewed = set(reports.nlargest(10, "total_view_count").index)
assert not most_viewed & set(doomed), "a most-viewed report is proposed for deletion: review the rules"
review = readable(reports.loc[doomed], ["name", "dashboard_id", "total_view_count", "idle_days"])
review["why"] = ["duplicate, unviewed" if i in duplicates.index else "stale" for i in doomed]
review

# %% [markdown]
# **What a restore cannot bring back.** Read this before you click Apply:

# %%
lost = ", ".join(ws.reports.spec.lost_on_restore)
boards = sorted(int(b) for b in reports.loc[doomed, "dashboard_id"].dropna().unique())
print(
    f"Deleting {len(doomed)} reports removes their cards from boards {boards}. A backup of the full "
    f"records is written first, and ws.restore(backup) recreates them, but without: {lost}."
)

# %% [markdown]
# ## Delete, with a backup
#
# The plan names each report, its board, views and last edit. **Apply** asks before it sends;
# every delete writes a backup of the full records first. Deleting this many reports at once (more
# than a tenth of the project's) also needs the box above Apply ticked: a large delete is never one
# click away.

# %%
delete_view = PlanView(ws.reports.plan(ws.reports.frame(), delete=doomed), progress=False)
delete_view

# %% [markdown]
# ## Restore
#
# After the delete, `ws.restore(backup)` recreates what the backup holds: new ids, and the map of
# old to new ids comes back. Run this cell after you applied the delete above.

# %%
backup = ws.backups.latest("reports")
if delete_view.result is None or backup is None:
    print("Nothing deleted yet: click Apply in the delete plan above, then run this cell again.")
else:
    restored = ws.restore(backup)
    print(restored)  # what came back, and what could not
    print(f"{len(ws.reports.frame())} reports now")
    table = restored.to_frame()
    display(table.head())

# %% [markdown]
# ## Next
#
# [03 Flags and experiments](03-flags-and-experiments.ipynb): forms for flags and experiments, and the
# experiment lifecycle panel. Or [06 Cleanup audit](06-audit.ipynb): the same kind of cleanup across all
# eight families.
