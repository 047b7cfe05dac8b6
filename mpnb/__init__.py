"""mpnb: manage Mixpanel entities from notebooks and the shell.

    >>> import mpnb as mp
    >>> ws = mp.Workspace()            # the built-in sandbox when no credentials are set
    >>> ws.list_bookmarks_v2(bookmark_type="insights")

The public surface is what this module exports: the Workspace, every params and response model of the
eight families (as the entity-management guide names them), and the errors.
"""

import mpnb._httpx  # first: httpx without its command-line client
from mpnb import _families, _workspace
from mpnb._families import *  # noqa: F403  (every family's models and params)
from mpnb._paging import CursorPage as CursorPage
from mpnb._paging import Pagination as Pagination
from mpnb._reset import sandbox_reset as sandbox_reset
from mpnb._version import __version__ as __version__
from mpnb._workspace import PublicWorkspace as PublicWorkspace
from mpnb._workspace import WorkspaceInfo as WorkspaceInfo
from mpnb.audit import Audit as Audit
from mpnb.audit import AuditAccess as _AuditAccess
from mpnb.copying import copy as copy
from mpnb.doctor import DoctorAccess as _DoctorAccess
from mpnb.doctor import DoctorReport as DoctorReport
from mpnb.errors import *  # noqa: F403
from mpnb.errors import __all__ as _errors
from mpnb.frames import FramesAccess as _FramesAccess
from mpnb.frames import to_frame  # light: pandas loads when it is called
from mpnb.graph import GraphAccess as _GraphAccess


class Workspace(_FramesAccess, _AuditAccess, _GraphAccess, _DoctorAccess, _workspace.Workspace):
    """A connection to one Mixpanel project (or the sandbox), with every entity operation on it, every
    family as a DataFrame (``ws.reports.frame()``), ``ws.restore(backup)``, ``ws.audit()`` and ``ws.doctor()``.

    Targets resolve in this order: arguments; ``MPNB_BASE_URL`` with credentials; the ``MP_*``
    variables (real Mixpanel); else the built-in sandbox.

    >>> ws = mp.Workspace()                     # no target: the built-in sandbox (said once)
    >>> ws = mp.Workspace.sandbox(seed=1)       # an isolated sandbox, e.g. for a test
    """


__all__ = sorted(
    {
        "Audit",
        "CursorPage",
        "DoctorReport",
        "Pagination",
        "PublicWorkspace",
        "Workspace",
        "WorkspaceInfo",
        "__version__",
        "copy",
        "sandbox_reset",
        "to_frame",
        *_families.REGISTRY.public_names(),
        *_errors,
    }
)
