"""Project webhooks (alert delivery): models, endpoint table and ``WebhooksMethods``.

A webhook's password is a secret: the params models hold it as ``SecretStr`` (their repr, errors and
dumps show ``**********``), ``body_of`` reveals it only into the request body, and Mixpanel never returns
it. Create and update answer only ``{id, name}``.

>>> made = ws.create_webhook(mp.CreateWebhookParams(name="Ops", url="https://example.com/hook",
...     auth_type=mp.WebhookAuthType.BASIC, username="ops", password=os.environ["HOOK_PASSWORD"]))
>>> ws.test_webhook(mp.WebhookTestParams(url="https://example.com/hook")).success
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field, SecretStr, field_validator, model_validator

from mpnb._http import Op
from mpnb._models import InputModel, ResponseModel, Timestamp, body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase, check_str_id
from mpnb.entities._family import Family
from mpnb.errors import InputError

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self from Python 3.11

__all__ = [
    "CreateWebhookParams",
    "ProjectWebhook",
    "UpdateWebhookParams",
    "WebhookAuthType",
    "WebhookMutationResult",
    "WebhookTestParams",
    "WebhookTestResult",
    "WebhooksMethods",
]

# Keys that must never reach a backup file, whatever a server answers.
_SECRET_KEYS = frozenset({"password", "secret", "token"})


class WebhookAuthType(str, Enum):
    """How Mixpanel authenticates to the receiver: HTTP Basic is the only kind."""

    BASIC = "basic"


# -- models ------------------------------------------------------------------------------------------
class ProjectWebhook(ResponseModel):
    """A webhook as listed; credentials are write-only and never part of it."""

    id: str
    name: str
    url: str
    is_enabled: bool
    auth_type: str | None = None  # "basic" (== WebhookAuthType.BASIC) or None; kept open for new kinds
    created: Timestamp | None = None
    modified: Timestamp | None = None
    creator_id: int | None = None
    creator_name: str | None = None


class WebhookMutationResult(ResponseModel):
    """What Mixpanel answers to a webhook create or update: only the ``id`` and ``name``."""

    id: str
    name: str


class WebhookTestResult(ResponseModel):
    """The receiver's reply to a test call: a failure is still HTTP 200 with ``success=False``."""

    success: bool
    status_code: int
    message: str


URL_MAX = 2048


def _https_url(value: Any) -> Any:
    """Mixpanel delivers webhooks over HTTPS only; the message never echoes the URL (it may hold userinfo)."""
    if not isinstance(value, str):
        return value  # pydantic's own type error follows
    if len(value) > URL_MAX:
        raise ValueError(f"url must be at most {URL_MAX} characters, got {len(value)}")
    parts = urlsplit(value.strip())
    if parts.scheme.lower() != "https" or not parts.hostname:
        got = f"a {parts.scheme!r} URL" if parts.scheme else "no scheme"
        raise ValueError(
            f"url must be an https:// URL with a host (Mixpanel only calls webhooks over HTTPS); got {got}"
        )
    return value.strip()


_SECRET_FIELDS = ("password",)


def _at_the_door(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its secrets as ``SecretStr`` (a new dict when one changes), before any validation runs."""
    if any(isinstance(data.get(k), str) for k in _SECRET_FIELDS):
        data = {k: SecretStr(v) if k in _SECRET_FIELDS and isinstance(v, str) else v for k, v in data.items()}
    return data


class _WebhookInput(InputModel):
    """Shared config: errors never show the input, since it may hold the password.

    The password becomes a ``SecretStr`` at the door (construction, ``model_validate``, assignment), so no
    frame of a failed validation, pydantic's included, holds it in the clear for a traceback with locals.
    """

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, validate_assignment=True, hide_input_in_errors=True
    )

    def __init__(self, /, **data: Any) -> None:
        for key in _SECRET_FIELDS:
            if isinstance(data.get(key), str):
                data[key] = SecretStr(data[key])
        super().__init__(**data)

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate ``obj`` (a dict's password is wrapped first)."""
        if isinstance(obj, dict):
            obj = _at_the_door(obj)
        return super().model_validate(obj, **kwargs)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SECRET_FIELDS and isinstance(value, str):
            value = SecretStr(value)
        super().__setattr__(name, value)

    @field_validator("url", mode="before", check_fields=False)
    @classmethod
    def _url(cls, value: Any) -> Any:
        return _https_url(value)

    def _check_credentials(self) -> None:
        """Credentials only with Basic auth, and Basic auth only with both credentials."""
        auth = getattr(self, "auth_type", None)
        username, password = getattr(self, "username", None), getattr(self, "password", None)
        if auth is None and (username is not None or password is not None):
            raise ValueError("username and password need auth_type=WebhookAuthType.BASIC")
        if auth is not None and (not username or password is None or not password.get_secret_value()):
            raise ValueError("auth_type=WebhookAuthType.BASIC needs both username and password")


class CreateWebhookParams(_WebhookInput):
    """A new project webhook (where alerts can post): ``name``, an ``https`` ``url``, and for Basic auth
    ``auth_type="basic"`` with ``username`` and ``password``. The password is kept as a secret: it never
    shows in a repr, an error or a log. Missing Basic-auth credentials are refused before sending.
    """

    name: str = Field(min_length=1, max_length=255)
    """The webhook's name (non-empty)."""
    url: str
    """Where Mixpanel posts: an ``https://`` URL."""
    auth_type: WebhookAuthType | None = None
    """``"basic"`` (``mp.WebhookAuthType.BASIC``) for HTTP Basic auth, else unset."""
    username: str | None = None
    """Basic-auth user name."""
    password: SecretStr | None = None
    """Basic-auth password: a secret, never shown in a repr, error or log, and never returned by Mixpanel."""

    @model_validator(mode="after")
    def _credentials(self) -> CreateWebhookParams:
        self._check_credentials()
        return self


class UpdateWebhookParams(_WebhookInput):
    """Only the fields set are PATCHed; turning Basic auth on needs both credentials."""

    name: str | None = Field(default=None, min_length=1, max_length=255)
    """Display name (required, non-empty)."""
    url: str | None = None
    """Where Mixpanel posts: an ``https://`` URL."""
    auth_type: WebhookAuthType | None = None
    """``"basic"`` (``mp.WebhookAuthType.BASIC``) for HTTP Basic auth, else unset."""
    username: str | None = None
    """Basic-auth user name."""
    password: SecretStr | None = None
    """Basic-auth password: a secret, never shown in a repr, error or log, and never returned by Mixpanel."""
    is_enabled: bool | None = None
    """A disabled webhook receives nothing."""

    @model_validator(mode="after")
    def _credentials(self) -> UpdateWebhookParams:
        # New credentials alone are fine on a webhook that already uses Basic auth.
        if self.auth_type is not None:
            self._check_credentials()
        return self


class WebhookTestParams(_WebhookInput):
    """Send Mixpanel's test payload to ``url`` (with the same optional Basic auth as a webhook)."""

    url: str
    """Where Mixpanel posts: an ``https://`` URL."""
    name: str | None = Field(default=None, max_length=255)
    """A name for the test call."""
    auth_type: WebhookAuthType | None = None
    """``"basic"`` (``mp.WebhookAuthType.BASIC``) for HTTP Basic auth, else unset."""
    username: str | None = None
    """Basic-auth user name."""
    password: SecretStr | None = None
    """Basic-auth password: a secret, never shown in a repr, error or log, and never returned by Mixpanel."""

    @model_validator(mode="after")
    def _credentials(self) -> WebhookTestParams:
        self._check_credentials()
        return self


# -- endpoints ---------------------------------------------------------------------------------------
class OPS:
    LIST = Op("list_webhooks", "GET", "webhooks/")
    CREATE = Op("create_webhook", "POST", "webhooks/")
    UPDATE = Op("update_webhook", "PATCH", "webhooks/{id}/", idempotent=True)
    DELETE = Op("delete_webhook", "DELETE", "webhooks/{id}/")
    TEST = Op("test_webhook", "POST", "webhooks/test/", idempotent=False)


def _without_secrets(record: Any) -> Any:
    if isinstance(record, dict):
        return {k: _without_secrets(v) for k, v in record.items() if str(k).lower() not in _SECRET_KEYS}
    if isinstance(record, list):
        return [_without_secrets(v) for v in record]
    return record


FAMILY = Family(
    name="webhooks",
    singular="webhook",
    model=ProjectWebhook,
    ops=OPS,
    id_kind="str",
    natural_key=("name",),
    content=("name", "url"),
)


class WebhooksMethods(FamilyBase):
    """Webhooks: list, create, edit (PATCH), delete with a password-free backup, test connectivity."""

    FAMILY: ClassVar[Family] = FAMILY

    def list_webhooks(self) -> list[ProjectWebhook]:
        """Every webhook of the project (never with its password: Mixpanel does not return it)."""
        return parse_list(ProjectWebhook, self._http.call(OPS.LIST), what="list_webhooks")

    def create_webhook(self, params: CreateWebhookParams) -> WebhookMutationResult:
        """Create a webhook; the answer is only its ``id`` and ``name``."""
        data = self._http.call(OPS.CREATE, json_body=body_of(params), natural_key=params.name)
        return parse_model(WebhookMutationResult, data, what="create_webhook")

    def update_webhook(self, webhook_id: str, params: UpdateWebhookParams) -> WebhookMutationResult:
        """PATCH the fields set in ``params`` (``is_enabled=False`` pauses deliveries)."""
        wid = check_str_id(webhook_id, "webhook_id")
        body = body_of(params)
        if not body:
            raise InputError("UpdateWebhookParams sets no field; nothing to update", field="params")
        data = self._http.call(OPS.UPDATE, path={"id": wid}, json_body=body)
        return parse_model(WebhookMutationResult, data, what="update_webhook")

    def delete_webhook(self, webhook_id: str) -> None:
        """Delete a webhook after backing it up (Mixpanel has no single-webhook GET: one list call)."""
        wid = check_str_id(webhook_id, "webhook_id")
        listed = self._http.call(OPS.LIST)
        if isinstance(listed, dict) and isinstance(listed.get("results"), list):
            listed = listed["results"]
        rows = listed if isinstance(listed, list) else []
        records = [_without_secrets(r) for r in rows if isinstance(r, dict) and str(r.get("id")) == wid]
        self._delete("webhooks", [wid], records, lambda: self._http.call(OPS.DELETE, path={"id": wid}))

    def test_webhook(self, params: WebhookTestParams) -> WebhookTestResult:
        """Ask Mixpanel to call ``params.url`` once; a failed call is ``success=False``, not an error."""
        data = self._http.call(OPS.TEST, json_body=body_of(params))  # creates nothing: no natural key to look for
        return parse_model(WebhookTestResult, data, what="test_webhook")
