"""Notebook widgets: forms for alerts, flags and experiments, the experiment lifecycle panel, the plan view.

Import from here (``from mpnb.widgets import AlertForm``): ``import mpnb`` never loads ipywidgets. Each widget
is a thin shell over plain functions and the Workspace's own calls; see each module's docstring.
"""

from mpnb.widgets._colab import enable_colab_widgets
from mpnb.widgets.alert_form import AlertForm
from mpnb.widgets.experiment_form import ExperimentForm
from mpnb.widgets.flag_form import FlagForm
from mpnb.widgets.lifecycle import ExperimentList, LifecyclePanel
from mpnb.widgets.plan_view import PlanView

__all__ = [
    "AlertForm",
    "ExperimentForm",
    "ExperimentList",
    "FlagForm",
    "LifecyclePanel",
    "PlanView",
    "enable_colab_widgets",
]
