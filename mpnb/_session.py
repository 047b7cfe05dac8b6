"""Where requests go and who they are from: arguments, then ``MPNB_BASE_URL``, then ``MP_*``, then sandbox.

A ``Target`` is resolved once when a Workspace is built. Secrets live in ``SecretStr`` and only leave it
inside the Authorization header the HTTP layer builds.
"""

from __future__ import annotations

import base64
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from pydantic import SecretStr

from mpnb._constants import (
    REGION_HOSTS,
    SANDBOX_PROJECT_ID,
    SANDBOX_SECRET,
    SANDBOX_USERNAME,
)
from mpnb.errors import ConfigError

__all__ = [
    "Credentials",
    "Target",
    "mask_secret",
    "normalise_base_url",
    "redact_url",
    "resolve_target",
    "sandbox_target",
]

TargetKind = Literal["sandbox", "url", "mixpanel"]
ENV_VARS = (
    "MP_USERNAME",
    "MP_SECRET",
    "MP_OAUTH_TOKEN",
    "MP_PROJECT_ID",
    "MP_REGION",
    "MP_WORKSPACE_ID",
)


@dataclass(frozen=True)
class Credentials:
    """A service account (username + secret) or a static OAuth token; never printed."""

    username: str | None = None
    secret: SecretStr | None = None
    oauth_token: SecretStr | None = None

    @property
    def kind(self) -> str:
        return "oauth_token" if self.oauth_token is not None else "service_account"

    def authorization(self) -> str:
        """The Authorization header value."""
        if self.oauth_token is not None:
            return f"Bearer {self.oauth_token.get_secret_value()}"
        assert self.username is not None and self.secret is not None
        raw = f"{self.username}:{self.secret.get_secret_value()}".encode()
        return "Basic " + base64.b64encode(raw).decode()

    def __repr__(self) -> str:
        who = "oauth token" if self.oauth_token is not None else f"service account {self.username!r}"
        return f"Credentials({who}, secret hidden)"


@dataclass(frozen=True)
class Target:
    """Resolved destination: an origin, a project, an optional pinned workspace and credentials."""

    kind: TargetKind
    app_url: str  # e.g. https://mixpanel.com/api/app
    project_id: int
    credentials: Credentials = field(repr=False)
    region: str | None = None
    workspace_id: int | None = None

    @property
    def is_real(self) -> bool:
        """True unless requests stay on this machine: the one decision behind every confirmation.

        Only the built-in sandbox and a server on a loopback address (``mpnb sandbox serve``) are not real;
        any other destination, ``MPNB_BASE_URL=https://eu.mixpanel.com`` included, is treated as real
        Mixpanel: bulk deletes, applies, copies and restores need ``confirm=True`` (CLI: ``--yes``).
        """
        if self.kind == "sandbox":
            return False
        if self.kind == "url":
            return not _is_loopback(_url_parts(self.app_url)[1] or "")
        return True

    def label(self, workspace_id: int | None = None) -> str:
        """``SANDBOX`` or ``Mixpanel us · project 123 · workspace 4``."""
        wid = workspace_id if workspace_id is not None else self.workspace_id
        if self.kind == "sandbox":
            return "SANDBOX"
        head = f"Mixpanel {self.region}" if self.kind == "mixpanel" else f"{self.app_url}"
        parts = [head, f"project {self.project_id}"]
        if wid is not None:
            parts.append(f"workspace {wid}")
        return " · ".join(parts)


def _int_or_error(value: str | int | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be an integer id, got {value!r}") from None


def _is_loopback(host: str) -> bool:
    if host in ("localhost",) or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redact_url(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``***@``, for messages."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "<unparsable URL>"
    if "@" not in parts.netloc:
        return url.strip()
    return parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]).geturl()


class _MaskedUrl(str):
    """A URL whose repr hides ``user:password@``, so a traceback showing locals never shows the password."""

    def __repr__(self) -> str:
        return repr(redact_url(str(self)))


def mask_url(url: str | None) -> str | None:
    """``url`` as a ``str`` whose repr is redacted (``None`` stays ``None``)."""
    return None if url is None else _MaskedUrl(url)


class _Env:
    """The environment as read here: ``.get`` only, and a repr that shows no value (MP_SECRET is one)."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = env

    def get(self, key: str) -> str | None:
        value = self._env.get(key)
        return mask_url(value) if key == "MPNB_BASE_URL" else value

    def __repr__(self) -> str:
        return "<environment: values hidden>"


def _url_parts(url: str) -> tuple[str, str | None, bool, str, str]:
    """scheme, host, whether it has userinfo, path, and host[:port]; no frame keeps the userinfo."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return "", None, False, "", ""
    return parts.scheme, host, "@" in parts.netloc, parts.path, parts.netloc.rpartition("@")[2]


def normalise_base_url(url: str) -> str:
    """An origin (or origin + /api/app) -> the App API root; ``http://`` only for loopback hosts.

    A ``user:password@`` in the URL is refused: credentials belong in MP_USERNAME/MP_SECRET or
    MP_OAUTH_TOKEN, where they never show up in a URL of an error message. No message echoes it.
    """
    url = mask_url(url) or ""
    shown = redact_url(url)
    scheme, hostname, userinfo, path, netloc = _url_parts(url)
    if scheme not in ("http", "https") or not hostname:
        raise ConfigError(f"MPNB_BASE_URL / base_url must be an http(s) URL, got {shown!r}")
    if userinfo:
        raise ConfigError(
            f"MPNB_BASE_URL / base_url must not carry credentials ({shown!r}); remove the user:password@ part "
            "and set MP_USERNAME and MP_SECRET (or MP_OAUTH_TOKEN) instead"
        )
    if scheme == "http" and not _is_loopback(hostname):
        raise ConfigError(
            f"base_url {shown!r} uses http:// for a non-loopback host; use https:// "
            "(plain http is allowed only for 127.0.0.1/localhost, e.g. `mpnb sandbox serve`)"
        )
    path = path.rstrip("/")
    if not path.endswith("/api/app"):
        path = f"{path}/api/app"
    return f"{scheme}://{netloc}{path}"


def mask_secret(value: str | SecretStr | None) -> SecretStr | None:
    """``value`` as a ``SecretStr`` (masked in every repr), or ``None`` when empty."""
    if value is None or isinstance(value, SecretStr):
        return value
    return SecretStr(value) if value != "" else None


def _unsendable(value: str | SecretStr | None, *, ascii_only: bool) -> tuple[int, str] | None:
    """Where and why the first character cannot go into the Authorization header, else ``None``.

    A bearer token travels as header text (visible ASCII); a username and secret travel base64-encoded
    UTF-8, so only a character with no UTF-8 form (a byte that was not UTF-8 in the environment) fails.
    The value stays inside this frame, which is gone before any error is raised.
    """
    if value is None:
        return None
    for i, ch in enumerate(value.get_secret_value() if isinstance(value, SecretStr) else value):
        if "\ud800" <= ch <= "\udfff":
            return i, "a byte that is not UTF-8"
        if ascii_only and not ("!" <= ch <= "~"):
            return i, "a character an HTTP header cannot carry (not visible ASCII)"
    return None


def _check_sendable(username: str | None, secret: SecretStr | None, token: SecretStr | None, source: str) -> None:
    """A credential that could never be sent is a one-line ``ConfigError`` naming it, never a traceback."""
    for what, value, ascii_only in (
        ("the OAuth token (MP_OAUTH_TOKEN / oauth_token=)", token, True),
        ("the secret (MP_SECRET / secret=)", secret, False),
        ("the username (MP_USERNAME / username=)", username, False),
    ):
        bad = _unsendable(value, ascii_only=ascii_only)
        if bad is not None:
            raise ConfigError(
                f"{source}: {what} has {bad[1]} at position {bad[0] + 1}; set it again from its source "
                "(a copy-paste or a file in another encoding often adds one)"
            )


def _credentials(
    username: str | None, secret: str | SecretStr | None, token: str | SecretStr | None, *, source: str
) -> Credentials | None:
    def secret_of(v: str | SecretStr | None) -> SecretStr | None:
        if v is None or v == "":
            return None
        return v if isinstance(v, SecretStr) else SecretStr(v)

    username = username or None
    sec, tok = secret_of(secret), secret_of(token)
    _check_sendable(username, sec, tok, source)
    if tok is not None:
        return Credentials(oauth_token=tok)
    if username and sec is None:
        raise ConfigError(f"{source}: a username is set but its secret is missing (set MP_SECRET / secret=)")
    if sec is not None and not username:
        raise ConfigError(f"{source}: a secret is set but its username is missing (set MP_USERNAME / username=)")
    if username and sec is not None:
        return Credentials(username=username, secret=sec)
    return None


def resolve_target(
    *,
    username: str | None = None,
    secret: str | SecretStr | None = None,
    oauth_token: str | SecretStr | None = None,
    project_id: int | str | None = None,
    region: str | None = None,
    workspace_id: int | str | None = None,
    base_url: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Target | None:
    """Resolve the target order (arguments, MPNB_BASE_URL, MP_*); ``None`` means "use the built-in sandbox"."""
    # Secrets are wrapped first, so no frame below (nor this one, in a traceback with locals) holds them bare.
    secret, oauth_token, base_url = mask_secret(secret), mask_secret(oauth_token), mask_url(base_url)
    environ = _Env(os.environ if env is None else env)
    del env  # the raw mapping (MP_SECRET is in it) must not stay a local of this frame
    explicit = any(v not in (None, "") for v in (username, secret, oauth_token, base_url))
    if explicit:
        source = "Workspace(...) arguments"
        creds = _credentials(username, secret, oauth_token, source=source)
        url = base_url
        pid_raw: int | str | None = project_id
        region_raw = region
    elif environ.get("MPNB_BASE_URL") or any(environ.get(v) for v in ENV_VARS):
        source = "environment (MPNB_BASE_URL / MP_*)"
        creds = _credentials(
            environ.get("MP_USERNAME"),
            mask_secret(environ.get("MP_SECRET")),
            mask_secret(environ.get("MP_OAUTH_TOKEN")),
            source=source,
        )
        url = environ.get("MPNB_BASE_URL") or None
        pid_raw = project_id if project_id is not None else environ.get("MP_PROJECT_ID")
        region_raw = region or environ.get("MP_REGION")
        if workspace_id is None:
            workspace_id = environ.get("MP_WORKSPACE_ID")
    else:
        return None

    if creds is None:
        raise ConfigError(
            f"{source}: no credentials; set MP_USERNAME and MP_SECRET (service account) or MP_OAUTH_TOKEN"
        )
    pid = _int_or_error(pid_raw, "MP_PROJECT_ID / project_id")
    if pid is None:
        raise ConfigError(f"{source}: the project id is missing; set MP_PROJECT_ID or project_id=")
    wid = _int_or_error(workspace_id, "MP_WORKSPACE_ID / workspace_id")
    if url:
        return Target("url", normalise_base_url(url), pid, creds, region=region_raw, workspace_id=wid)
    reg = (region_raw or "us").lower()
    if reg not in REGION_HOSTS:
        raise ConfigError(f"MP_REGION / region must be one of us, eu, in; got {region_raw!r}")
    return Target("mixpanel", REGION_HOSTS[reg], pid, creds, region=reg, workspace_id=wid)


def sandbox_target(app_url: str, workspace_id: int | None = None, project_id: int | None = None) -> Target:
    """The built-in sandbox's fixed, documented, non-secret demo identity (its demo project unless named)."""
    creds = Credentials(username=SANDBOX_USERNAME, secret=SecretStr(SANDBOX_SECRET))
    pid = SANDBOX_PROJECT_ID if project_id is None else project_id
    return Target("sandbox", app_url, pid, creds, region=None, workspace_id=workspace_id)
