# %% [markdown]
# # Copy between projects
#
# Promote a dashboard, and a flag with its experiment, from one project to another: plan first, every
# reference remapped, and safe to run again.
#
# **Where it runs.** As it is, on mpnb's built-in **sandbox**, which hosts the seeded demo project (1000)
# and a second, empty project (1001): no credentials, no network. The cell tagged `parameters` changes the
# target: `TARGET = "env"` uses `MPNB_BASE_URL` or the `MP_USERNAME`/`MP_SECRET`/`MP_PROJECT_ID`/`MP_REGION`
# variables; `TARGET = "mixpanel"` with `MP_USERNAME`, `MP_PROJECT_ID` and `MP_REGION` asks for the service
# account's secret in a password box, and `TO_PROJECT_ID` names the project to copy into (the same service
# account must reach both). Never type a secret into a cell. This notebook **writes** to the target project:
# on real Mixpanel it stops after connecting unless `ALLOW_WRITES_TO_REAL_PROJECT = True`.

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
# Nothing is sent yet. The plan says what will be created, updated or skipped in the target, why each
# entity is in the copy (a board brings its reports, text cards and layout, the cohorts their queries name,
# and with `include_alerts` the alerts on them; an experiment brings its flag), and every reference it
# rewrites to the target's new ids.

# %%
plan = mp.copy(ws, dst, dashboards=[board_id], experiments=[experiment.id], include_alerts=True)
plan

# %%
plan.to_frame().groupby(["family", "action"]).size().rename("entities").to_frame()

# %%
plan.refs_frame().head(12)

# %% [markdown]
# ## Apply
#
# Flags arrive **disabled** and experiments as **drafts**: turning them on in the target stays a
# deliberate act. Every row's status is what the target holds.

# %%
result = plan.apply(confirm=dst.target.is_real)
print(result)
new_board = result.id_map["dashboards"][board_id]
display(HTML(board_html(dst, new_board)))

# %% [markdown]
# ## Run it again
#
# A journal under `$MPNB_HOME/copies` maps each source id to its copy, so a second run creates nothing
# twice: it only reads.

# %%
again = mp.copy(ws, dst, dashboards=[board_id], experiments=[experiment.id], include_alerts=True)
print(again.summary())
assert set(again.to_frame()["action"]) == {"skip"}

# %% [markdown]
# ## Change the source, promote the change
#
# Rename one report in the source project: the next copy updates exactly that report (after writing the
# target's current record to a backup), and leaves alone anything edited in the target since the last copy.

# %%
first = int(plan.to_frame().query("family == 'reports'")["source_id"].iloc[0])
ws.update_bookmark(first, mp.UpdateBookmarkParams(description="Promoted from staging"))
update = mp.copy(ws, dst, dashboards=[board_id], experiments=[experiment.id], include_alerts=True)
print(update.summary())
changed = update.to_frame().query("action == 'update'")
assert changed["source_id"].tolist() == [first]
print(update.apply(confirm=dst.target.is_real))
print(dst.get_bookmark(result.id_map["reports"][first]).description)

# %% [markdown]
# From the shell the same copy is
# `mpnb copy --to-project-id 1001 --dashboards BOARD --experiments "NAME" --include-alerts` (the plan),
# then `--yes` to apply it.
#
# Back to [the quickstart](01-quickstart.ipynb) or on to [the cleanup audit](06-audit.ipynb).
