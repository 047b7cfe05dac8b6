"""Named targets for the shell (kubectl's contexts): ``$MPNB_HOME/contexts.json``, never a secret in it.

A context holds where to go (region or base URL, project, workspace) and who to be (a service account's user
name, or an OAuth token), and says where its secret is: in the system keyring when the optional ``keyring``
package is installed and the secret was stored there (``mpnb context add ... --secret-stdin``), else in an
environment variable the context names (``--secret-env VAR``, default ``MPNB_<NAME>_SECRET``). A cleanup
script can then run ``mpnb --context staging ...`` and ``mpnb --context prod ...`` without exporting
credentials by hand.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from mpnb.errors import ConfigError, InputError

__all__ = [
    "KEYRING_SERVICE",
    "context_kwargs",
    "current_context",
    "default_secret_env",
    "keyring_or_none",
    "load_contexts",
    "save_contexts",
]

KEYRING_SERVICE = "mpnb"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_SECRET_WORDS = ("secret", "token", "password")


def contexts_path() -> Path:
    from mpnb._backup import mpnb_home

    return mpnb_home() / "contexts.json"


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise InputError(f"context name {name!r}: use letters, digits, '.', '_' and '-' (at most 64)", field="name")
    return name


def default_secret_env(name: str, kind: str) -> str:
    """``MPNB_PROD_SECRET`` (or ``..._TOKEN``) for context ``prod``."""
    return f"MPNB_{re.sub(r'[^A-Z0-9]', '_', name.upper())}_{'TOKEN' if kind == 'oauth_token' else 'SECRET'}"


def load_contexts() -> dict[str, Any]:
    """``{"current": name or None, "contexts": {name: {...}}}`` (empty when there is no file yet)."""
    path = contexts_path()
    if not path.exists():
        return {"current": None, "contexts": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not a contexts file ({exc}); move it aside and add the contexts again") from None
    if not isinstance(data, dict) or not isinstance(data.get("contexts"), dict):
        raise ConfigError(f"{path} is not a contexts file; move it aside and add the contexts again")
    return data


def save_contexts(data: dict[str, Any]) -> Path:
    """Write the contexts (owner-only permissions: it names accounts, though never their secrets)."""
    for ctx in data["contexts"].values():
        leaked = [k for k in ctx if any(w in k.lower() for w in _SECRET_WORDS) and not k.endswith("_env")]
        if leaked:  # pragma: no cover - the add command never puts one there
            raise AssertionError(f"a context must not hold {leaked}")
    path = contexts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return path


def current_context() -> str | None:
    """The context `mpnb context use` chose, if any (read only when there is a file)."""
    if not contexts_path().exists():
        return None
    current = load_contexts().get("current")
    return str(current) if current else None


def keyring_or_none() -> Any:
    """The ``keyring`` module when it is installed and has a usable backend, else ``None``."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except KeyringError:  # pragma: no cover - a broken keyring configuration
        return None
    if type(backend).__name__ == "Keyring" and "fail" in type(backend).__module__:
        return None  # keyring's placeholder backend: nothing can be stored
    if type(backend).__name__ == "ChainerBackend" and not getattr(backend, "backends", None):
        return None  # no backend behind the chain (a server without a desktop keyring)
    return keyring


def _secret(name: str, ctx: dict[str, Any], kind: str) -> SecretStr:
    ring = keyring_or_none() if ctx.get("keyring") else None
    if ring is not None:
        stored = ring.get_password(KEYRING_SERVICE, f"{name}:{kind}")
        if stored:
            return SecretStr(stored)
    env = str(ctx.get("secret_env") or default_secret_env(name, kind))
    value = os.environ.get(env)
    if not value:
        where = "the keyring (install `keyring`, or set it) or " if ctx.get("keyring") else ""
        raise ConfigError(f"context {name!r}: its {kind.replace('_', ' ')} is not in {where}${env}; set {env}")
    return SecretStr(value)


def context_kwargs(name: str) -> dict[str, Any]:
    """The ``Workspace(...)`` arguments of context ``name``, its secret read from the keyring or environment."""
    check_name(name)
    data = load_contexts()
    ctx = data["contexts"].get(name)
    if ctx is None:
        known = ", ".join(sorted(data["contexts"])) or "none yet"
        raise ConfigError(f"no context {name!r} (known: {known}); add it with `mpnb context add {name} ...`")
    kind = str(ctx.get("auth") or "service_account")
    out: dict[str, Any] = {"project_id": ctx.get("project_id")}
    for key in ("region", "workspace_id", "base_url"):
        if ctx.get(key) is not None:
            out[key] = ctx[key]
    if kind == "oauth_token":
        out["oauth_token"] = _secret(name, ctx, kind)
    else:
        out["username"] = ctx.get("username")
        out["secret"] = _secret(name, ctx, kind)
    return out
