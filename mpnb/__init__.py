"""mpnb: manage Mixpanel entities from notebooks and the shell.

    >>> import mpnb as mp
    >>> ws = mp.Workspace()            # the built-in sandbox when no credentials are set
    >>> ws.list_bookmarks_v2(bookmark_type="insights")

The public surface is what this module exports: the Workspace, every params and response model of the
eight families (as the entity-management guide names them), and the errors.
"""

import mpnb._httpx  # first: httpx without its command-line client
from mpnb._paging import CursorPage as CursorPage
from mpnb._paging import Pagination as Pagination
from mpnb._reset import sandbox_reset as sandbox_reset
from mpnb._version import __version__ as __version__
from mpnb._workspace import PublicWorkspace as PublicWorkspace
from mpnb._workspace import Workspace as Workspace
from mpnb._workspace import WorkspaceInfo as WorkspaceInfo
from mpnb.audit import Audit as Audit
from mpnb.copying import copy as copy
from mpnb.entities.alerts import *  # noqa: F403
from mpnb.entities.alerts import __all__ as _alerts
from mpnb.entities.annotations import *  # noqa: F403
from mpnb.entities.annotations import __all__ as _annotations
from mpnb.entities.cohorts import *  # noqa: F403
from mpnb.entities.cohorts import __all__ as _cohorts
from mpnb.entities.dashboards import *  # noqa: F403
from mpnb.entities.dashboards import __all__ as _dashboards
from mpnb.entities.experiments import *  # noqa: F403
from mpnb.entities.experiments import __all__ as _experiments
from mpnb.entities.flags import *  # noqa: F403
from mpnb.entities.flags import __all__ as _flags
from mpnb.entities.reports import *  # noqa: F403
from mpnb.entities.reports import __all__ as _reports
from mpnb.entities.webhooks import *  # noqa: F403
from mpnb.entities.webhooks import __all__ as _webhooks
from mpnb.errors import *  # noqa: F403
from mpnb.errors import __all__ as _errors
from mpnb.frames import to_frame  # light: pandas loads when it is called

_families = [*_alerts, *_annotations, *_cohorts, *_dashboards, *_experiments, *_flags, *_reports, *_webhooks]
__all__ = sorted(
    {
        "Audit",
        "CursorPage",
        "Pagination",
        "PublicWorkspace",
        "Workspace",
        "WorkspaceInfo",
        "__version__",
        "copy",
        "sandbox_reset",
        "to_frame",
        *[n for n in _families if not n.endswith("Methods")],
        *_errors,
    }
)
