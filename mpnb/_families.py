"""The one list of entity families.

Each family's module (``mpnb/entities/<name>.py``) declares its ``Family`` entry (``FAMILY``), its models and
its ``<Family>Methods`` mixin. A family is registered by two lines here: its module's names, and its mixin
in ``FamilyMethods``' bases (the order users see). ``REGISTRY`` is read from those bases; everything that
iterates families iterates it. Each layer keeps its own part of a family in a module named after it
(``mpnb/frames/families/<name>.py``, ``mpnb/restore/<name>.py``, ``mpnb/copying/families/<name>.py``,
``mpnb/audit/<name>.py``, ``mpnb/cli/<name>.py``) and finds it with ``REGISTRY.slices(package)``;
``tests/test_registry.py`` fails when a family's part is missing. No ``__all__`` here: ``mpnb`` re-exports
every family's public names through this module.
"""

from mpnb._registry import Registry as _Registry
from mpnb.entities.alerts import *  # noqa: F403
from mpnb.entities.annotations import *  # noqa: F403
from mpnb.entities.cohorts import *  # noqa: F403
from mpnb.entities.custom_events import *  # noqa: F403
from mpnb.entities.custom_properties import *  # noqa: F403
from mpnb.entities.dashboards import *  # noqa: F403
from mpnb.entities.drop_filters import *  # noqa: F403
from mpnb.entities.events import *  # noqa: F403
from mpnb.entities.experiments import *  # noqa: F403
from mpnb.entities.flags import *  # noqa: F403
from mpnb.entities.lexicon_tags import *  # noqa: F403
from mpnb.entities.properties import *  # noqa: F403
from mpnb.entities.reports import *  # noqa: F403
from mpnb.entities.webhooks import *  # noqa: F403


class FamilyMethods(
    DashboardsMethods,  # noqa: F405
    ReportsMethods,  # noqa: F405
    CohortsMethods,  # noqa: F405
    FlagsMethods,  # noqa: F405
    ExperimentsMethods,  # noqa: F405
    AlertsMethods,  # noqa: F405
    AnnotationsMethods,  # noqa: F405
    WebhooksMethods,  # noqa: F405
    EventsMethods,  # noqa: F405
    PropertiesMethods,  # noqa: F405
    LexiconTagsMethods,  # noqa: F405
    DropFiltersMethods,  # noqa: F405
    CustomEventsMethods,  # noqa: F405
    CustomPropertiesMethods,  # noqa: F405
):
    """Every family's operations (one mixin per family): what the Workspace is made of."""


REGISTRY = _Registry.of(FamilyMethods)
