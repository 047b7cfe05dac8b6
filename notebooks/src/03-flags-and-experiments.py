# %% [markdown]
# # Feature flags and experiments
#
# Forms for flags and experiments, the experiment lifecycle panel, and the project's experiments by state.
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
import mpnb as mp
from mpnb.notebook import connect

ws = connect(TARGET, MP_USERNAME, MP_PROJECT_ID, MP_REGION, allow_writes=ALLOW_WRITES_TO_REAL_PROJECT)
print(ws.info())

# %%
import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 60)

STATES = ["draft", "active", "concluded", "success", "fail"]  # every chart orders states the same way
flags = ws.flags.frame()
experiments = ws.experiments.frame()
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3))
flags["status"].value_counts().plot.bar(ax=left, title="Flags by status", rot=0)
by_state = experiments["status"].value_counts().reindex(STATES, fill_value=0)
by_state.plot.bar(ax=right, title="Experiments by state", rot=0)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## A new feature flag
#
# Type a **Name** (the key follows it), adjust variants and rollout, and click **Create**. Errors show next
# to their field; the status line says what was sent.

# %%
from mpnb.widgets import ExperimentForm, ExperimentList, FlagForm, LifecyclePanel

flag_form = FlagForm(ws)
flag_form

# %% [markdown]
# ## A new experiment
#
# Name, variants (splits in percent; **split evenly** shares them), metrics one per line
# (`name = event`, the first is primary), then optional dates and a flag to link. A flag you create
# above is picked here for you. **Create** runs the steps and reports each.

# %%
experiment_form = ExperimentForm(ws)
flag_form.on_created(lambda flag: experiment_form.load_flags(select=flag.id))
experiment_form

# %% [markdown]
# ## The lifecycle panel
#
# A draft experiment made in code, and its panel: one button per legal move (draft: **Launch** or
# **Archive**), each asking for confirmation before it is sent.

# %%
draft = ws.create_experiment(
    mp.CreateExperimentParams(
        name="Checkout Button Color",
        description="Green vs blue checkout button",
        hypothesis="A green button lifts checkouts",
        variants=[
            {"key": "control", "is_control": True, "split": 0.5},
            {"key": "green", "is_control": False, "split": 0.5},
        ],
        metrics=[{"name": "Checkout conversion", "type": "primary", "event": "Checkout"}],
    )
)
panel = LifecyclePanel(ws, draft.id)
panel

# %% [markdown]
# ## Every experiment
#
# Pick one to open its lifecycle panel below the table.

# %%
experiment_list = ExperimentList(ws)
experiment_list.follow(panel)  # the table follows the panel above too
experiment_list

# %% [markdown]
# ## The same widgets, driven from code
#
# Each control is an attribute, so a script (or a test) fills and clicks them as a person would.

# %%
scripted_flag = FlagForm(ws)
scripted_flag.name.value = "Scripted Dark Mode"
scripted_flag.create.click()
print(scripted_flag.status_text)
assert scripted_flag.created is not None and scripted_flag.created.key == "scripted_dark_mode"

scripted_experiment = ExperimentForm(ws)
scripted_experiment.name.value = "Scripted Onboarding Test"
scripted_experiment.metrics.value = "Activation = Sign Up"
scripted_experiment.load_flags()
scripted_experiment.flag.value = scripted_flag.created.id
scripted_experiment.create.click()
print(scripted_experiment.status_text)
assert scripted_experiment.done == ["create", "link"]

# %%
scripted_panel = LifecyclePanel(ws, scripted_experiment.experiment.id)
for move in ("launch", "conclude", "decide"):
    if move == "decide":  # the panel picks nothing for you: the outcome and the winner are your choice
        scripted_panel.outcome.value, scripted_panel.winning_variant.value = "success", "treatment"
    scripted_panel.buttons[move].click()
    scripted_panel.confirm.yes.click()
    print(scripted_panel.status_text)
assert scripted_panel.lifecycle.status.value == "success"

# %%
experiments = ws.experiments.frame()
counts = experiments["status"].value_counts().reindex(STATES, fill_value=0)
ax = counts.plot.bar(figsize=(5, 3), title="Experiments by state, now", rot=0)
plt.show()

# %% [markdown]
# ## Next
#
# [04 Alerts, annotations and webhooks](04-alerts-annotations-webhooks.ipynb): alerts on saved reports,
# release annotations, and webhooks tested before they are saved.
