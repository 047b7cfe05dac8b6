"""``Workspace``: the session (target, credentials, HTTP client, backups) plus every family's operations.

This is the facade the lower layers see; ``mpnb.Workspace`` adds the frames namespaces (``ws.reports``),
``ws.restore`` and ``ws.audit`` on top of it, so imports here run downwards only.

>>> ws = mp.Workspace()                     # no target: the built-in sandbox (said once)
>>> ws = mp.Workspace.sandbox(seed=1)       # an isolated sandbox, e.g. for a test
>>> ws.info()
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import Field, SecretStr

from mpnb._backup import Backups
from mpnb._constants import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    IN_PROCESS_SANDBOX_URL,
    MIXPANEL_MAX_REQUESTS_PER_MINUTE,
)
from mpnb._families import FamilyMethods
from mpnb._http import Http
from mpnb._models import ResponseModel, parse_list
from mpnb._records import Records
from mpnb._session import Target, mask_secret, mask_url, resolve_target, sandbox_target
from mpnb.errors import ConfigError, InputError

if TYPE_CHECKING:
    import httpx

    from mpnb.sandbox import Sandbox

__all__ = ["PublicWorkspace", "Workspace", "WorkspaceInfo"]

_default_lock = threading.Lock()
_announced = False


def _int_id(value: Any, field: str) -> int | None:
    """A project id as given to the sandbox: None, or a positive integer (bools and text refused)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InputError(f"{field} must be a positive integer id, got {value!r}", field=field)
    return value


def _shared_sandbox() -> Sandbox:
    """The default sandbox ($MPNB_HOME/sandbox.sqlite3) that ``mp.Workspace()`` uses when no target is set."""
    global _announced
    from mpnb.sandbox import default_sandbox

    with _default_lock:
        sandbox = default_sandbox()
        if not _announced:
            _announced = True
            print(
                "mpnb: no credentials found, so this Workspace uses the built-in SANDBOX "
                f"(demo data in {sandbox.state_path}, shared with the mpnb CLI; nothing leaves this machine).",
                file=sys.stderr,
            )
        return sandbox


class PublicWorkspace(ResponseModel):
    """A workspace of the project (``is_global``/``is_default`` decide which one mpnb uses when none is pinned)."""

    id: int
    name: str
    project_id: int | None = None
    is_default: bool = False
    description: str | None = None
    is_global: bool | None = None
    is_restricted: bool | None = None
    is_visible: bool | None = None
    created_iso: str | None = None
    creator_name: str | None = None


class WorkspaceInfo(ResponseModel):
    """What ``ws.info()`` reports: where requests go and as whom, never a secret."""

    target: str
    kind: str
    base_url: str
    project_id: int
    region: str | None = None
    workspace_id: int | None = None
    workspace_pinned: bool = False
    auth: str
    username: str | None = None
    workspaces: list[PublicWorkspace] = Field(default_factory=list)

    def __str__(self) -> str:
        lines = [
            f"target:     {self.target}",
            f"base url:   {self.base_url}",
            f"project:    {self.project_id}" + (f"  (region {self.region})" if self.region else ""),
            f"workspace:  {self.workspace_id} ({'pinned' if self.workspace_pinned else 'discovered'})",
            f"auth:       {self.auth}" + (f" as {self.username}" if self.username else ""),
            "workspaces: "
            + ", ".join(
                f"{w.id} {w.name}{' [global]' if w.is_global else ''}{' [default]' if w.is_default else ''}"
                for w in self.workspaces
            ),
        ]
        return "\n".join(lines)


WorkspaceT = TypeVar("WorkspaceT", bound="Workspace")


class Workspace(FamilyMethods):
    """A connection to one Mixpanel project (or the sandbox), with every entity operation on it.

    Targets resolve in this order: arguments; ``MPNB_BASE_URL`` with credentials; the ``MP_*``
    variables (real Mixpanel); else the built-in sandbox.
    """

    def __init__(
        self,
        *,
        username: str | None = None,
        secret: str | SecretStr | None = None,
        oauth_token: str | SecretStr | None = None,
        project_id: int | None = None,
        region: Literal["us", "eu", "in"] | None = None,
        workspace_id: int | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_requests_per_minute: int | Literal["auto"] | None = "auto",
        backup_dir: str | os.PathLike[str] | None = None,
        backups: bool = True,
        backoff_base: float = 1.0,
        sleep: Callable[[float], None] | None = None,
        _sandbox: Sandbox | None = None,
        _transport: httpx.BaseTransport | None = None,
    ) -> None:
        secret, oauth_token, base_url = mask_secret(secret), mask_secret(oauth_token), mask_url(base_url)  # masked
        self._settings: dict[str, Any] = {  # what ``for_project`` passes on: the same pace, waits and backups
            "timeout": timeout,
            "max_retries": max_retries,
            "max_requests_per_minute": max_requests_per_minute,
            "backup_dir": backup_dir,
            "backups": backups,
            "backoff_base": backoff_base,
            "sleep": sleep,
            "_transport": _transport,
        }
        target = (
            None
            if _sandbox is not None
            else resolve_target(
                username=username,
                secret=secret,
                oauth_token=oauth_token,
                project_id=project_id,
                region=region,
                workspace_id=workspace_id,
                base_url=base_url,
            )
        )
        transport = _transport
        self.emulator: Sandbox | None = None
        if target is None:
            from mpnb.sandbox import SandboxTransport

            self.emulator = _sandbox or _shared_sandbox()
            target = sandbox_target(IN_PROCESS_SANDBOX_URL, workspace_id, _int_id(project_id, "project_id"))
            transport = SandboxTransport(self.emulator)
        if max_requests_per_minute == "auto":
            max_requests_per_minute = MIXPANEL_MAX_REQUESTS_PER_MINUTE if target.is_real else None
        self._http = Http(
            target,
            transport=transport,
            timeout=timeout,
            max_retries=max_retries,
            max_requests_per_minute=max_requests_per_minute,
            backoff_base=backoff_base,
            sleep=sleep or time.sleep,
        )
        self._backups = Backups(backup_dir, enabled=backups)
        self._records: dict[str, Records] = {}
        self._layer_cache: dict[str, Any] = {}  # what the layers above build once per Workspace (``ws.reports``)
        self._lock = threading.Lock()
        self.frames_state: dict[str, Any] = {}
        """What the frames layer remembers of its reads, by family (owned here so it lives and dies with the
        Workspace; only ``mpnb.frames`` reads or writes it)."""

    @classmethod
    def sandbox(
        cls: type[WorkspaceT],
        *,
        seed: int = 0,
        size: int | None = None,
        state: str | os.PathLike[str] | None = None,
        faults: str | None = None,
        workspace_id: int | None = None,
        **kwargs: Any,
    ) -> WorkspaceT:
        """A Workspace on its own isolated sandbox (``size`` = number of demo reports)."""
        from mpnb.sandbox import Sandbox

        emulator = (
            Sandbox(seed=seed, state=state, faults=faults)
            if size is None
            else Sandbox(seed=seed, size=size, state=state, faults=faults)
        )
        return cls(_sandbox=emulator, workspace_id=workspace_id, **kwargs)

    def for_project(
        self: WorkspaceT,
        project_id: int,
        *,
        workspace_id: int | None = None,
        region: Literal["us", "eu", "in"] | None = None,
    ) -> WorkspaceT:
        """The same credentials (or the same sandbox) on another project, e.g. the target of ``mp.copy``, with
        this Workspace's timeout, retries, pace, back-off and backups.

        >>> prod = staging.for_project(1001)       # the sandbox hosts a second, empty project 1001
        """
        pid = _int_id(project_id, "project_id")
        if self.emulator is not None:
            return type(self)(_sandbox=self.emulator, project_id=pid, workspace_id=workspace_id, **self._settings)
        t, creds = self.target, self.target.credentials
        return type(self)(
            username=creds.username,
            secret=creds.secret,
            oauth_token=creds.oauth_token,
            project_id=pid,
            region=region or t.region,  # type: ignore[arg-type]
            workspace_id=workspace_id,
            base_url=t.app_url if t.kind == "url" else None,
            **self._settings,
        )

    # -- session ---------------------------------------------------------------------------------------
    @property
    def target(self) -> Target:
        """Where this Workspace sends requests (sandbox, a served sandbox or real Mixpanel), never with a secret."""
        return self._http.target

    @property
    def backups(self) -> Backups:
        """Backups taken before deletes (``ws.backups.latest()``)."""
        return self._backups

    @property
    def workspace_pinned(self) -> int | None:
        """The workspace id the user pinned (argument, ``MP_WORKSPACE_ID``, ``set_workspace_id``), else None."""
        return self._http.pinned_workspace_id

    def on_wait(self, listener: Callable[[str, float], None]) -> Callable[[], None]:
        """Call ``listener(kind, seconds)`` before each wait of the HTTP layer (pacing, rate limit, retry);
        returns the function that stops it. Progress bars use it; it never changes how long a wait is."""
        return self._http.on_wait(listener)

    def on_answer(self, listener: Callable[[httpx.Response], None]) -> Callable[[], None]:
        """Call ``listener(response)`` as each answer arrives, retried ones too; returns the function that stops
        it. It only watches (``mpnb doctor`` reads statuses, rate-limit headers and answer shapes through it)."""
        return self._http.on_answer(listener)

    def records(self, family: str) -> Records:
        """Raw records in and out of one family: the seam the frames layer works through."""
        with self._lock:
            if family not in self._records:
                self._records[family] = Records(self._http, self._delete, family)
            return self._records[family]

    @property
    def workspace_id(self) -> int | None:
        """The pinned workspace id, or ``None`` (paths that need one then use the discovered workspace)."""
        return self._http.workspace_id

    def set_workspace_id(self, workspace_id: int | None) -> None:
        """Pin the workspace for workspace-scoped calls (``None`` unpins)."""
        self._http.set_workspace_id(workspace_id)

    def list_workspaces(self) -> list[PublicWorkspace]:
        """The project's workspaces (data views)."""
        return parse_list(PublicWorkspace, self._http.list_workspaces(), what="list_workspaces")

    def info(self) -> WorkspaceInfo:
        """Target, project, region, workspaces and auth kind; never a secret."""
        spaces = self.list_workspaces()
        pinned = self._http.workspace_id is not None and self.target.workspace_id is not None
        wid = self._http.workspace_id
        if wid is None:
            try:
                wid = self._http.required_workspace_id()
            except ConfigError:
                wid = None
        creds = self.target.credentials
        return WorkspaceInfo(
            target=self.target.label(wid),
            kind=self.target.kind,
            base_url=self.target.app_url,
            project_id=self.target.project_id,
            region=self.target.region,
            workspace_id=wid,
            workspace_pinned=pinned or self.workspace_pinned is not None,
            auth=creds.kind,
            username=creds.username,
            workspaces=spaces,
        )

    @property
    def request_count(self) -> int:
        """Requests sent so far (retries included)."""
        return self._http.request_count

    def close(self) -> None:
        """Close the HTTP connections; a ``with mp.Workspace() as ws:`` block does it for you."""
        self._http.close()

    def __enter__(self: WorkspaceT) -> WorkspaceT:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        http = self.__dict__.get("_http")
        if http is None:  # half-built (its __init__ failed): never raise from repr
            return "<mpnb.Workspace (not connected)>"
        return f"<mpnb.Workspace {http.target.label(http.workspace_id)}>"
