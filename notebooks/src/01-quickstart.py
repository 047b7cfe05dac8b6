# %% [markdown]
# # mpnb quickstart
#
# Connect, see where requests go, and read every entity family of the project as a pandas DataFrame.
#
# **Where it runs.** As it is, on mpnb's built-in **sandbox**: a seeded demo project in memory, no credentials,
# no network (or a sandbox that `mpnb sandbox serve` serves on this machine, when `MPNB_BASE_URL` points there).
# The cell tagged `parameters` changes the target (papermill can set it too): `TARGET = "env"` uses
# `MPNB_BASE_URL` or the `MP_USERNAME`/`MP_SECRET`/`MP_PROJECT_ID`/`MP_REGION` variables; `TARGET = "mixpanel"`
# with `MP_USERNAME`, `MP_PROJECT_ID` and `MP_REGION` asks for the service account's secret in a password box.
# Never type a secret into a cell. This notebook only reads.

# %% tags=["parameters"]
TARGET = "sandbox"  # "sandbox", "env" (MPNB_BASE_URL or MP_* variables) or "mixpanel" (asks for the secret)
MP_USERNAME = ""  # TARGET = "mixpanel": the service account's username (not a secret)
MP_PROJECT_ID = 0  # TARGET = "mixpanel": the project's id
MP_REGION = "us"  # TARGET = "mixpanel": "us", "eu" or "in"

# %%
from mpnb.notebook import connect

ws = connect(TARGET, MP_USERNAME, MP_PROJECT_ID, MP_REGION)
print(ws.info())

# %% [markdown]
# ## Every family as a frame
#
# `ws.<family>.frame()` makes one list call and returns a DataFrame indexed by the entity's id, with
# nullable dtypes and a few derived columns (`owner`, `age_days`). The same frame is where bulk edits
# start (see [02 Bulk cleanup of reports](02-bulk-cleanup-reports.ipynb)).
#
# `readable(df, columns)` is how the cells below show a frame: short ids, dates without a midnight time,
# empty cells for missing values, alert frequencies in words. It is a display copy only; edits and plans
# always use the frame itself.

# %%
import matplotlib.pyplot as plt
import pandas as pd

from mpnb.frames import readable

pd.set_option("display.max_colwidth", 60)

FAMILIES = ["dashboards", "reports", "cohorts", "flags", "experiments", "alerts", "annotations", "webhooks"]
frames = {family: getattr(ws, family).frame() for family in FAMILIES}
summary = pd.DataFrame({"entities": {family: len(df) for family, df in frames.items()}})
assert list(summary.index) == FAMILIES and (summary["entities"] >= 0).all()
summary

# %%
ax = summary["entities"].sort_values().plot.barh(figsize=(6, 3), title=f"Entities on {ws.target.label()}")
ax.set_xlabel("count")
plt.show()

# %% [markdown]
# ### Dashboards and reports

# %%
readable(frames["dashboards"].head(10), ["title", "owner", "modified", "total_view_count"])

# %%
readable(frames["reports"].head(10), ["name", "bookmark_type", "dashboard_id", "owner", "modified"])

# %% [markdown]
# ### Cohorts, feature flags and experiments

# %%
readable(frames["cohorts"].head(10), ["name", "count", "is_visible", "last_edited"])

# %%
readable(frames["flags"].head(10), ["name", "key", "status", "serving_method", "tags"])

# %%
readable(frames["experiments"].head(10), ["name", "status", "start_date", "end_date", "owner"])

# %% [markdown]
# ### Alerts, annotations and webhooks

# %%
readable(frames["alerts"].head(10), ["name", "frequency", "paused", "valid"])

# %%
readable(frames["annotations"].head(10), ["date", "description"])

# %%
readable(frames["webhooks"], ["name", "url", "is_enabled", "auth_type"])

# %% [markdown]
# ## The same calls, one entity at a time
#
# Every operation of Mixpanel's entity-management guide is a method on `ws` with the guide's name and
# params model (`ws.list_bookmarks_v2()`, `mp.CreateDashboardParams`, `ws.launch_experiment(...)`).

# %%
report = ws.list_bookmarks_v2()[0]
history = ws.get_bookmark_history(bookmark_id=report.id, page_size=5)
more = history.pagination.has_more
print(f"report {report.id} {report.name!r}: {len(history.data)} history entries, more pages: {more}")

# %% [markdown]
# ## Next
#
# * [02 Bulk cleanup of reports](02-bulk-cleanup-reports.ipynb): find untitled, stale and duplicate reports, fix
#   them in a frame, plan, apply, delete with a backup, restore.
# * [03 Flags and experiments](03-flags-and-experiments.ipynb): forms for flags and experiments, the lifecycle panel.
# * [04 Alerts, annotations and webhooks](04-alerts-annotations-webhooks.ipynb) and
#   [05 Dashboards](05-dashboards.ipynb).
# * [06 Cleanup audit](06-audit.ipynb): what is stale, broken or orphaned across all eight families.
