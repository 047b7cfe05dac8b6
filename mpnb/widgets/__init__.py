"""Notebook widgets: forms for alerts, flags and experiments, the experiment lifecycle panel, the plan views.

    >>> from mpnb.widgets import AlertForm, FlagForm, ExperimentForm, LifecyclePanel, ExperimentList, PlanView
    >>> from mpnb.widgets import CopyView, FrameEditor, ReviewQueue
    >>> AlertForm(ws)                      # or AlertForm(ws, alert_id=7) to edit
    >>> FlagForm(ws)                       # or FlagForm(ws, flag_id=...) to edit through the safe PUT
    >>> ExperimentForm(ws)                 # create, then dates and a flag link; resumable
    >>> ExperimentList(ws)                 # every experiment; pick one for its LifecyclePanel
    >>> PlanView(ws.reports.plan(df))      # Apply behind a confirmation
    >>> FrameEditor(ws, "reports")         # the frame in a grid: cell edits, paste, undo, the live plan, Apply
    >>> ReviewQueue(ws.audit())            # proposed deletes by reason/board/owner/age, keep or delete, Apply
    >>> CopyView(mp.copy(ws, dst, dashboards=[12]))  # a copy plan per family and row; Apply names the destination

``import mpnb`` never loads ipywidgets; importing this package does. Each widget is a thin shell over plain
functions and the Workspace's own calls: controls are attributes (``form.name.value = ...``,
``form.create.click()``), outcomes and errors land in ``form.status``, hooks are ``form.on_<event>(cb)``.
Only controls present in both ipywidgets 7.7 and 8 are used.
"""

from mpnb.frames import readable
from mpnb.widgets._colab import enable_colab_widgets
from mpnb.widgets.alert_form import AlertForm
from mpnb.widgets.copy_view import CopyView
from mpnb.widgets.experiment_form import ExperimentForm
from mpnb.widgets.flag_form import FlagForm
from mpnb.widgets.frame_editor import FrameEditor
from mpnb.widgets.lifecycle import ExperimentList, LifecyclePanel
from mpnb.widgets.plan_view import PlanView
from mpnb.widgets.review_queue import ReviewQueue

__all__ = [
    "AlertForm",
    "CopyView",
    "ExperimentForm",
    "ExperimentList",
    "FlagForm",
    "FrameEditor",
    "LifecyclePanel",
    "PlanView",
    "ReviewQueue",
    "enable_colab_widgets",
    "readable",
]
