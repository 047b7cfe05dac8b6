"""What every family mixin may use: the HTTP layer, the one delete path, and input checks.

Family modules define their endpoint table and a ``<Family>Methods`` mixin on top of ``FamilyBase``;
the Workspace supplies ``_http``, ``_backups`` and ``target_label``.
"""

from __future__ import annotations

import functools
import inspect
import logging
import operator
import re
import types
import typing
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel

from mpnb._backup import Backup, Backups
from mpnb._bulk import send_batches
from mpnb._http import Http, Op
from mpnb.errors import InputError, MpnbError, NotFoundError, PartialSuccessError

__all__ = ["FamilyBase", "check_int_id", "check_int_ids", "check_str_id", "check_uuid_id", "ids_csv"]


log = logging.getLogger("mpnb.entities")


def _few(ids: list[Any]) -> str:
    return ", ".join(map(str, ids[:10])) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")


# An integer id is at most 19 ASCII digits (it must fit Mixpanel's 64-bit ids).
_INT_ID = re.compile(r"[0-9]{1,19}")
# Webhook ids are opaque strings (UUIDs on the sandbox); anything outside this grammar is refused.
_TOKEN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}... ({len(text)} characters)"


def check_int_id(value: Any, field: str) -> int:
    """A positive integer id, or an ``InputError`` naming ``field``.

    Any integral type is an id (Python ``int``, numpy and pandas integers from a frame's index); a string
    must be ASCII digits only ("3", never "٣" or "3.0"); ``True``/``False`` are not ids.
    """
    number: int | None = None
    if isinstance(value, str):
        text = value.strip()
        if _INT_ID.fullmatch(text):
            number = int(text)
    elif not isinstance(value, (bool, float, complex)) and type(value).__name__ not in ("bool", "bool_"):
        try:
            number = operator.index(value)
        except TypeError:
            number = None
    if number is None:
        raise InputError(f"{field} must be an integer id, got {_shown(value)}", field=field)
    if number <= 0 or number >= 2**63:
        raise InputError(f"{field} must be a positive 64-bit id, got {_shown(value)}", field=field)
    return number


def check_int_ids(values: Any, field: str, *, allow_empty: bool = False) -> list[int]:
    """A list of integer ids (any iterable of them: a list, a frame's index, a numpy array)."""
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
        raise InputError(f"{field} must be a list of integer ids, got {_shown(values)}", field=field)
    ids = [check_int_id(v, f"{field}[{i}]") for i, v in enumerate(values)]
    if not ids and not allow_empty:
        raise InputError(f"{field} must name at least one id", field=field)
    return ids


def check_uuid_id(value: Any, field: str) -> str:
    """A UUID id (flags and experiments: the official specs type them ``uuid4``), in canonical form."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str) and len(value.strip()) == 36:
        try:
            return str(uuid.UUID(value.strip()))
        except ValueError:
            pass
    raise InputError(
        f"{field} must be a UUID such as '1b4e28ba-2fa1-11d2-883f-0016d3cca427', got {_shown(value)}", field=field
    )


def check_str_id(value: Any, field: str) -> str:
    """An opaque string id (webhooks): letters, digits, ``-`` and ``_``, at most 128 characters."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str) and _TOKEN_ID.fullmatch(value.strip()):
        return value.strip()
    raise InputError(
        f"{field} must be an id of letters, digits, '-' and '_' (a UUID), got {_shown(value)}", field=field
    )


def ids_csv(ids: Any, field: str = "ids") -> str | None:
    """``ids`` as the comma-joined query value Mixpanel expects, or ``None`` when none are given.

    The one id-list helper: every family's ``ids=`` filter and the frames layer's list reads use it.
    """
    if ids is None:
        return None
    checked = check_int_ids(ids, field, allow_empty=True)
    return ",".join(str(i) for i in checked) or None


def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The params model an annotation names (``M`` or ``M | None``), and whether ``None`` is allowed."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) == 1:
            return models[0], type(None) in args
    return None, False


def _refuse(model: type[BaseModel], value: Any, field: str, method: str) -> InputError:
    hint = f"; build it with mp.{model.__name__}(**your_dict)" if isinstance(value, dict) else ""
    return InputError(
        f"{method} takes a mp.{model.__name__} for {field}, got {type(value).__name__}{hint}; nothing was sent",
        field=field,
    )


def _checked(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a public family method so its params-model arguments are checked before its body runs."""
    sig = inspect.signature(fn)
    plan: list[tuple[str, type[BaseModel], bool]] | None = None

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal plan
        if plan is None:
            try:
                hints = typing.get_type_hints(fn)
            except Exception:  # an annotation that cannot be resolved: no check, never a crash
                hints = {}
            found = [(name, *_model_of(hints.get(name))) for name in sig.parameters if name != "self"]
            plan = [(name, model, optional) for name, model, optional in found if model is not None]
        if plan:
            bound = sig.bind_partial(*args, **kwargs)
            for name, model, optional in plan:
                if name not in bound.arguments:
                    continue
                value = bound.arguments[name]
                if isinstance(value, model) or (value is None and optional):
                    continue
                refused = _refuse(model, value, name, fn.__name__)
                del args, kwargs, bound, value  # a dict handed in may hold a password: no frame keeps it
                raise refused
        return fn(*args, **kwargs)

    return wrapper


class FamilyBase:
    """Base of the family mixins; the Workspace provides these attributes.

    Every public method of a subclass is wrapped once, here: an argument annotated with a params model
    must be that model (``None`` only where the annotation allows it); a dict, ``None`` or anything else is
    an ``InputError`` naming the expected type, before any request. Dicts are refused rather than converted
    so one spelling works everywhere and a typo in a key never travels far.
    """

    _http: Http
    _backups: Backups

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, attr in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(attr):
                setattr(cls, name, _checked(attr))

    @property
    def target_label(self) -> str:
        """The target as one line for messages, e.g. ``Mixpanel us · project 123``."""
        return self._http.target.label(self._http.workspace_id)

    def _require_confirm(self, what: str, confirm: bool) -> None:
        """Bulk deletes against real Mixpanel need ``confirm=True``."""
        if self._http.target.is_real and not confirm:
            raise InputError(
                f"{what} on {self.target_label} deletes real data; pass confirm=True to go ahead",
                field="confirm",
            )

    def _what_goes_with(
        self, family: str, ids: list[Any], records: list[dict[str, Any]]
    ) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
        """What a delete takes with it (records by family) and what it leaves dangling, for its backup.
        ``mpnb.Workspace`` answers from the project graph; a bare family mixin knows of nothing."""
        return {}, []

    def _bulk(self, op: Op, key: str, items: list[Any]) -> None:
        """POST ``{key: items}`` through the bulk path frames use too (batches, split on 413); raises on failure."""
        send_batches(self._http, op, key, items, raise_errors=True)

    def _delete(
        self,
        family: str,
        ids: list[Any],
        records: list[dict[str, Any]],
        send: Callable[[], Any],
        *,
        cascades: dict[str, list[dict[str, Any]]] | None = None,
        id_key: str = "id",
        dependants: list[dict[str, Any]] | None = None,
        still_there: Callable[[], list[dict[str, Any]]] | None = None,
    ) -> Backup:
        """The one delete path: refuse unknown ids, back up (with what goes with them), then send.

        When sending fails (a lost answer after the server committed, then a retry told "not found"),
        ``still_there()`` reads back the records that remain: if none of ``ids`` is left the delete happened
        and is reported as done; if some are gone a ``PartialSuccessError`` names both halves; otherwise, or
        when the read-back fails too, the original error is raised.
        """
        found = {str(r.get(id_key)) for r in records}
        missing = [i for i in ids if str(i) not in found]
        if missing:
            raise NotFoundError(
                f"no {family} with id {', '.join(map(str, missing))} on {self.target_label}; nothing was deleted",
                status=404,
            )
        if cascades is None and dependants is None and self._backups.enabled:  # off: no backup to fill
            cascades, dependants = self._what_goes_with(family, ids, records)
        backup = self._backups.save(
            Backup(
                family=family,
                target=self.target_label,
                ids=list(ids),
                records=records,
                cascades=cascades or {},
                dependants=dependants or [],
                target_key={"base_url": self._http.target.app_url, "project_id": self._http.target.project_id},
            )
        )
        try:
            send()
        except MpnbError as exc:
            if still_there is None:
                raise
            try:
                left = {str(r.get(id_key)) for r in still_there() if isinstance(r, dict)}
            except MpnbError:
                raise exc from None
            gone = [i for i in ids if str(i) not in left]
            if len(gone) == len(ids):
                log.info("%s delete of %s: the answer failed (%s) but a read-back shows them gone", family, ids, exc)
                return backup
            if gone:
                kept = [i for i in ids if str(i) in left]
                raise PartialSuccessError(
                    f"{family}: {len(gone)} of {len(ids)} were deleted ({_few(gone)}), {_few(kept)} remain ({exc}); "
                    f"the backup holds all of them",
                    done=gone,
                    failed=f"delete of {_few(kept)}",
                    cause=exc,
                ) from exc
            raise
        return backup
