# %% [markdown]
# # Bulk cleanup of reports
#
# Find untitled, undescribed, never-viewed and duplicate reports; name them from their query and describe them
# in a FrameEditor; review thousands of proposed deletes by group; delete with a backup; restore from it.
# Every change waits for **your** click on Apply, on every target.
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
import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 60)

from IPython.display import display

from mpnb.restore import restore_losses
from mpnb.widgets import FrameEditor, PlanView, ReviewQueue, readable

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
# The cleanup audit reads the reports (and the alerts on them) once and changes nothing. Its rules are
# the project's one policy, the same `mpnb audit` and notebook 06 use:
#
# * **duplicate copies**: the same type and query **on the same board** (copies on other boards belong to
#   their boards' readers and are never duplicates). In each group the most viewed copy stays; another is
#   proposed for deletion only when nobody views it, nobody edited it lately and no alert watches it;
# * **never viewed**: nobody opened it since it was made (a recent edit or an alert keeps it);
# * **untitled** and **undescribed**: for a person to name and describe.

# %%
audit = ws.audit(
    families=["reports"],
    rules=["duplicate_report", "never_viewed_report", "untitled_report", "undescribed_report"],
)
audit.summary()[["rule", "findings", "actions"]]

# %% [markdown]
# Each proposed duplicate next to the copy that stays: name, board and views of both (the first 15; the
# review queue below has them all).

# %%
dups = audit.findings.query("rule == 'duplicate_report'")
kept_ids = [f["kept"] for f in dups["evidence"]]
cols = ["name", "dashboard_id", "total_view_count"]
side = pd.concat(
    {
        "stays": readable(reports.loc[kept_ids], cols).reset_index(),
        "copy": readable(reports.loc[dups["id"].tolist()], cols).reset_index(),
    },
    axis=1,
)
side[("copy", "default")] = [
    "delete" if d == "delete" else f"keep: {r}" for d, r in zip(dups["default"], dups["keep_reason"])
]
side.head(15)


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


untitled = reports.loc[audit.findings.query("rule == 'untitled_report'")["id"].tolist()]
named = reports.copy()
named.loc[untitled.index, "name"] = untitled.apply(name_from_query, axis=1)
rename_view = PlanView(ws.reports.plan(named), progress=False)
rename_view

# %% [markdown]
# ## Describe them, in the FrameEditor
#
# The reports without a description, in a grid that holds all of them: search, sort and filter, select
# rows, type what they answer into **Set description** (or edit a cell in place, paste a column from a
# spreadsheet, undo step by step), and the plan beneath follows. Only you know what a report is for, so
# nothing is written for you: **Apply** sends what you typed.

# %%
undescribed = audit.findings.query("rule == 'undescribed_report'")["id"].tolist()
editor = FrameEditor(ws, "reports", ids=undescribed, progress=False)
editor

# %% [markdown]
# ## Review the deletes
#
# The proposed deletes of the two cleanup rules, grouped by reason, board, owner or age, with counts.
# Every row starts at the policy's default: a copy people view, one edited lately or one an alert watches
# starts at **keep** (its reason is shown) and a group's "delete" never switches it; only its own, explicit
# choice does. The plan beneath follows your choices; **Apply** asks before it sends, and writes a backup
# of everything the delete takes with it first.

# %%
cleanup = ws.audit(families=["reports"], rules=["duplicate_report", "never_viewed_report"])
queue = ReviewQueue(cleanup, progress=False)
queue

# %% [markdown]
# **What a restore cannot bring back.** Read this before you click Apply:

# %%
doomed = queue.deletes("reports")
boards = reports.loc[doomed, "dashboard_id"].dropna().astype(int).value_counts()
print(
    f"Deleting {len(doomed)} reports removes their cards from {len(boards)} boards "
    f"(most: {', '.join(f'board {b} ({n})' for b, n in boards.head(5).items()) or 'none'}). "
    f"A backup of the full records is written first, and ws.restore(backup) recreates them, but without: "
    f"{'; '.join(restore_losses('reports'))}."
)

# %% [markdown]
# ## Restore
#
# After the delete, `ws.restore(backup)` recreates what the backup holds: new ids, and the map of
# old to new ids comes back. Run this cell after you applied the delete above.

# %%
backup = ws.backups.latest("reports")
if backup is None or not any(view.result is not None for view in queue.views.values()):
    print("Nothing deleted yet: click Apply in the review queue above, then run this cell again.")
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
