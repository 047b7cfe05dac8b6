# %% [markdown]
# # Copy between projects
#
# Promote a dashboard, and a flag with its experiment, from one project to another: plan first, every
# reference remapped, and safe to run again. Every change waits for **your** click on Apply, on every target.
#
# **Where it runs.** As it is, on mpnb's built-in **sandbox**, which hosts the seeded demo project (1000)
# and a second, empty project (1001): no credentials, no network. The cell tagged `parameters` changes the
# target: `TARGET = "env"` uses `MPNB_BASE_URL` or the `MP_USERNAME`/`MP_SECRET`/`MP_PROJECT_ID`/`MP_REGION`
# variables; `TARGET = "mixpanel"` with `MP_USERNAME`, `MP_PROJECT_ID` and `MP_REGION` asks for the service
# account's secret in a password box, and `TO_PROJECT_ID` names the project to copy into (the same service
# account must reach both). Never type a secret into a cell. This notebook **writes** to the target project
# when you click Apply: on real Mixpanel it stops after connecting unless `ALLOW_WRITES_TO_REAL_PROJECT = True`.

# %% tags=["parameters"]
TARGET = "sandbox"  # "sandbox", "env" (MPNB_BASE_URL or MP_* variables) or "mixpanel" (asks for the secret)
MP_USERNAME = ""  # TARGET = "mixpanel": the service account's username (not a secret)
MP_PROJECT_ID = 0  # TARGET = "mixpanel": the project to copy from
MP_REGION = "us"  # TARGET = "mixpanel": "us", "eu" or "in"
TO_PROJECT_ID = 1001  # the project to copy into (the sandbox's second project is 1001)
ALLOW_WRITES_TO_REAL_PROJECT = False  # this demo creates entities: True lets it on real Mixpanel

# %%
from mpnb.notebook import connect

ws = connect(TARGET, MP_USERNAME, MP_PROJECT_ID, MP_REGION, allow_writes=ALLOW_WRITES_TO_REAL_PROJECT)
print(ws.info())

# %% [markdown]
# ## The two projects
#
# `ws.for_project(id)` is the same credentials (here: the same sandbox) on another project.

# %%
import pandas as pd
from IPython.display import HTML, display

import mpnb as mp
from mpnb.notebook import board_html

dst = ws.for_project(TO_PROJECT_ID)
sizes = pd.DataFrame(
    {
        "from": [len(ws.list_dashboards()), len(ws.list_feature_flags()), len(ws.list_experiments())],
        "to": [len(dst.list_dashboards()), len(dst.list_feature_flags()), len(dst.list_experiments())],
    },
    index=["dashboards", "flags", "experiments"],
)
sizes.columns = [f"project {ws.target.project_id}", f"project {dst.target.project_id}"]
sizes

# %% [markdown]
# ## What to promote
#
# The board with the most reports, and an experiment that runs on a flag.

# %%
boards = ws.dashboards.frame()
board_id = int(boards["report_count"].idxmax())
experiment = next(e for e in ws.list_experiments() if e.feature_flag)
print(f"board {board_id} {boards.loc[board_id, 'title']!r}; experiment {experiment.name!r} on flag")
print(f"{experiment.feature_flag['key']!r}")
display(HTML(board_html(ws, board_id)))

# %% [markdown]
# ## The plan
#
# Nothing is sent yet. The plan says, per family, what will be created, updated or skipped in the target
# and which target entity each source entity pairs with; why each entity is in the copy (a board brings
# its reports, text cards and layout, the cohorts their queries name, and with `include_alerts` the alerts
# on them; an experiment brings its flag); and what it will not send (an alert whose report is in conflict
# waits with it). **Apply** asks first, naming the target project, then shows each row's outcome.

# %%
from mpnb.widgets import CopyView, PlanView

plan = mp.copy(ws, dst, dashboards=[board_id], experiments=[experiment.id], include_alerts=True)
copy_view = CopyView(plan)
copy_view

# %% [markdown]
# Every reference the copy rewrites to the target's new ids (the first dozen):

# %%
plan.refs_frame().head(12)

# %% [markdown]
# ## The copy in the target
#
# Flags arrive **disabled** and experiments as **drafts**: turning them on in the target stays a
# deliberate act. Run this cell after you clicked Apply above: it draws the board as the target holds it.

# %%
if copy_view.result is None:
    print("Nothing copied yet: click Apply above first (and confirm), then run this cell.")
else:
    print(copy_view.result)
    new_board = copy_view.result.id_map["dashboards"][board_id]
    display(HTML(board_html(dst, new_board)))

# %% [markdown]
# ## Run it again
#
# A journal under `$MPNB_HOME/copies` maps each source id to its copy, so a second run creates nothing
# twice: its plan only reads, and every row is a skip.

# %%
if copy_view.result is None:
    print("Nothing copied yet: click Apply above first, then run this cell.")
else:
    again = mp.copy(ws, dst, dashboards=[board_id], experiments=[experiment.id], include_alerts=True)
    print(again.summary())

# %% [markdown]
# ## Change the source, promote the change
#
# Describe one of the copied reports in the source project: a plan, sent by its **Apply**.

# %%
first = int(plan.to_frame().query("family == 'reports'")["source_id"].iloc[0])
source_reports = ws.reports.frame(cleanup=False, progress=False)
source_reports.loc[first, "description"] = "Promoted from staging"
edit_view = PlanView(ws.reports.plan(source_reports), progress=False)
edit_view

# %% [markdown]
# The next copy updates exactly that report (after writing the target's current record to a backup), and
# leaves alone anything edited in the target since the last copy (a conflict).

# %%
update_view = None
if copy_view.result is None or edit_view.result is None:
    print("Click Apply above first: on the copy, and on the source's description, then run this cell.")
else:
    update = mp.copy(ws, dst, dashboards=[board_id], experiments=[experiment.id], include_alerts=True)
    update_view = CopyView(update)
    display(update_view)

# %%
if update_view is None or update_view.result is None:
    print("Nothing promoted yet: click Apply above first, then run this cell.")
else:
    print(dst.get_bookmark(update_view.result.id_map["reports"][first]).description)

# %% [markdown]
# From the shell the same copy is
# `mpnb copy --to-project-id 1001 --dashboards BOARD --experiments "NAME" --include-alerts` (the plan),
# then `--yes` to apply it.
#
# Back to [the quickstart](01-quickstart.ipynb) or on to [the cleanup audit](06-audit.ipynb).
