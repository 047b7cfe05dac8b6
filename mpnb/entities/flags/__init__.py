"""Feature flags: models, endpoint table and ``FlagsMethods``.

>>> flag = ws.create_feature_flag(mp.CreateFeatureFlagParams(name="Dark Mode", key="dark_mode"))
>>> ws.set_flag_test_users(flag.id, mp.SetTestUsersParams(users={"On": "user-1", "Off": "user-2"}))

Paths live under ``/projects/{pid}/workspaces/{wid}`` (the workspace is discovered when none is pinned);
limits under ``/projects/{pid}``. The collection and item paths have no trailing slash, as the official
Feature Flags Management spec writes them (it wins over the catalog's ``feature-flags/``); the sub-actions
the spec does not document keep the catalog's trailing slash.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, ClassVar

from pydantic import Field

from mpnb._http import Http, Op, objects_of
from mpnb._models import InputModel, ResponseModel, Timestamp, parse_list, parse_model
from mpnb._paging import check_page_size
from mpnb.entities._base import FamilyBase, check_uuid_id
from mpnb.entities._family import Family, Reference
from mpnb.entities._lexicon_refs import in_flag_ruleset
from mpnb.entities.flags._rules import check_ruleset, default_ruleset, users_by_distinct_id, variant_keys
from mpnb.errors import InputError, InvalidResponseError, NotFoundError, OutcomeUnknownError

__all__ = [
    "CreateFeatureFlagParams",
    "FeatureFlag",
    "FeatureFlagStatus",
    "FlagContractStatus",
    "FlagHistoryResponse",
    "FlagLimitsResponse",
    "FlagsMethods",
    "ServingMethod",
    "SetTestUsersParams",
    "UpdateFeatureFlagParams",
]


class FeatureFlagStatus(str, Enum):
    """A flag's state: ``enabled`` serves its ruleset, ``disabled`` serves the control, ``archived`` is hidden."""

    ENABLED = "enabled"
    DISABLED = "disabled"
    ARCHIVED = "archived"


class ServingMethod(str, Enum):
    """Where a flag is evaluated: in the client SDK, on the server, or remote with local fallback."""

    CLIENT = "client"
    SERVER = "server"
    REMOTE_OR_LOCAL = "remote_or_local"
    REMOTE_ONLY = "remote_only"


class FlagContractStatus(str, Enum):
    """The account's feature-flag contract, from ``get_flag_limits()``."""

    ACTIVE = "active"
    GRACE_PERIOD = "grace_period"
    EXPIRED = "expired"


# -- models ------------------------------------------------------------------------------------------
class FeatureFlag(ResponseModel):
    """A flag as the server returns it; ``ruleset`` stays the raw object so it can be sent back unchanged."""

    id: str
    project_id: int | None = None
    name: str
    key: str
    description: str | None = None
    status: FeatureFlagStatus = FeatureFlagStatus.DISABLED
    tags: list[str] = Field(default_factory=list)
    experiment_id: str | None = None
    is_experiment_active: bool | None = None
    context: str = ""
    data_group_id: str | int | None = None
    serving_method: ServingMethod = ServingMethod.CLIENT
    ruleset: dict[str, Any] = Field(default_factory=dict)
    hash_salt: str | None = None
    workspace_id: int | None = None
    content_type: str | None = None
    created: Timestamp | None = None
    modified: Timestamp | None = None
    enabled_at: Timestamp | None = None
    deleted: Timestamp | None = None
    creator_id: int | None = None
    creator_name: str | None = None
    creator_email: str | None = None
    last_modified_by_id: int | None = None
    last_modified_by_name: str | None = None
    last_modified_by_email: str | None = None
    is_favorited: bool | None = None
    pinned_date: str | None = None

    @property
    def test_users(self) -> dict[str, str]:
        """QA testers as ``{distinct_id: variant_key}`` (``ruleset.test.users``)."""
        test = self.ruleset.get("test") or {}
        users = test.get("users") if isinstance(test, dict) else None
        return dict(users) if isinstance(users, dict) else {}


class CreateFeatureFlagParams(InputModel):
    """A new flag; defaults as Mixpanel's UI gives them (On/Off ruleset, client serving, ``distinct_id``)."""

    name: str = Field(min_length=1, max_length=255)
    """The flag's name, 1 to 255 characters."""
    key: str = Field(min_length=1, max_length=255)
    """The flag's key, as SDKs ask for it (unique in the project)."""
    description: str | None = None
    """Free-text description shown in Mixpanel."""
    status: FeatureFlagStatus | None = None
    """Start ``enabled`` or ``disabled`` (Mixpanel's default when unset)."""
    tags: list[str] = Field(default_factory=list)
    """Tag names."""
    context: str = Field(default="distinct_id", min_length=1, max_length=255)
    """The property users are bucketed by (``distinct_id`` by default); fixed once the flag is enabled."""
    serving_method: ServingMethod = ServingMethod.CLIENT
    """Where the flag is evaluated (see ``mp.ServingMethod``)."""
    ruleset: dict[str, Any] = Field(default_factory=default_ruleset)
    """Variants and rollout groups (default: On/Off, everyone gets On); splits are fractions 0 to 1."""
    experiment_id: str | None = None
    """Id of the experiment this flag serves."""
    data_group_id: str | int | None = None
    """Data group the entity belongs to (group analytics); leave unset for users."""
    hash_salt: str | None = Field(default=None, min_length=32, max_length=32)
    """A 32-character salt for bucketing; leave unset to keep (or let Mixpanel make) one."""


class UpdateFeatureFlagParams(InputModel):
    """The fields to change. Mixpanel replaces a flag whole (PUT), so every field left out (name, key,
    status and ruleset too) is filled from the current flag, never defaulted: ``UpdateFeatureFlagParams(
    description="...")`` changes the description alone. ``description=None`` set explicitly clears it.
    """

    name: str | None = Field(default=None, min_length=1, max_length=255)
    """The flag's name, 1 to 255 characters."""
    key: str | None = Field(default=None, min_length=1, max_length=255)
    """The flag's key, as SDKs ask for it (unique in the project)."""
    status: FeatureFlagStatus | None = None
    """``enabled``, ``disabled`` or ``archived`` (see ``mp.FeatureFlagStatus``)."""
    ruleset: dict[str, Any] | None = None
    """Variants and rollout groups; ``split`` and ``rollout_percentage`` are fractions from 0 to 1."""
    description: str | None = None
    """Free-text description shown in Mixpanel."""
    tags: list[str] | None = None
    """Tag names."""
    context: str | None = Field(default=None, min_length=1, max_length=255)
    """The property users are bucketed by (``distinct_id`` by default); fixed once the flag is enabled."""
    serving_method: ServingMethod | None = None
    """Where the flag is evaluated (see ``mp.ServingMethod``)."""
    experiment_id: str | None = None
    """Id of the experiment this flag serves."""
    data_group_id: str | int | None = None
    """Data group the entity belongs to (group analytics); leave unset for users."""
    hash_salt: str | None = Field(default=None, min_length=32, max_length=32)
    """A 32-character salt for bucketing; leave unset to keep (or let Mixpanel make) one."""
    reset_hash_salt: bool | None = None
    """Make a new salt, re-bucketing every user."""


class SetTestUsersParams(InputModel):
    """QA testers pinned to variants: ``{"On": "user-1"}`` (variant -> user, as the guide writes it) or
    ``{"user-1": "On"}`` (user -> variant, as Mixpanel stores it); ``{}`` clears them.

    mpnb reads the flag's variant keys to tell which way round ``users`` is; a key that is neither a variant
    nor paired with one is refused before sending (``mp.InputError`` naming ``users``).
    """

    users: dict[str, str]
    """QA testers: ``{variant_key: distinct_id}`` or ``{distinct_id: variant_key}``."""


class FlagHistoryResponse(ResponseModel):
    """One page of a flag's change log: ``events`` are positional arrays, ``count`` the total."""

    events: list[list[Any]]
    count: int


class FlagLimitsResponse(ResponseModel):
    """How many flags the project has (``current_usage``) against its ``limit``, and the contract's state."""

    limit: int
    is_trial: bool
    current_usage: int
    contract_status: FlagContractStatus


# -- endpoints ---------------------------------------------------------------------------------------
class OPS:
    LIST = Op("list_feature_flags", "GET", "feature-flags", scope="project_workspace")
    CREATE = Op("create_feature_flag", "POST", "feature-flags", scope="project_workspace", idempotent=False)
    GET = Op("get_feature_flag", "GET", "feature-flags/{id}", scope="project_workspace")
    UPDATE = Op("update_feature_flag", "PUT", "feature-flags/{id}", scope="project_workspace")
    DELETE = Op("delete_feature_flag", "DELETE", "feature-flags/{id}", scope="project_workspace")
    ARCHIVE = Op(
        "archive_feature_flag", "POST", "feature-flags/{id}/archive/", scope="project_workspace", idempotent=True
    )
    RESTORE = Op("restore_feature_flag", "DELETE", "feature-flags/{id}/archive/", scope="project_workspace")
    DUPLICATE = Op(
        "duplicate_feature_flag", "POST", "feature-flags/{id}/duplicate/", scope="project_workspace", idempotent=False
    )
    TEST_USERS = Op("set_flag_test_users", "PUT", "feature-flags/{id}/test-users/", scope="project_workspace")
    HISTORY = Op("get_flag_history", "GET", "feature-flags/{id}/history/", scope="project_workspace")
    LIMITS = Op("get_flag_limits", "GET", "feature-flags/limits/", scope="project")


# The spec's FeatureFlagRequest properties: everything else on a flag is read-only and is stripped before a PUT.
WRITABLE = (
    "name",
    "key",
    "description",
    "tags",
    "experiment_id",
    "status",
    "context",
    "data_group_id",
    "serving_method",
    "ruleset",
    "workspace_id",
    "is_experiment_active",
    "hash_salt",
    "reset_hash_salt",
)
_NULLABLE = {"description", "experiment_id", "data_group_id", "hash_salt"}


def _flag(data: Any, what: str) -> FeatureFlag:
    return parse_model(FeatureFlag, data, what=what)


def _derives_from(copy: dict[str, Any], original: dict[str, Any]) -> bool:
    key, name = str(original.get("key") or ""), str(original.get("name") or "")
    return bool(key and key in str(copy.get("key", ""))) or bool(name and name in str(copy.get("name", "")))


def raw_flag(http: Http, flag_id: str) -> dict[str, Any]:
    """One flag as the server sends it."""
    data = http.call(OPS.GET, path={"id": flag_id})
    if not isinstance(data, dict):
        raise InvalidResponseError("unexpected answer from get_feature_flag: expected an object")
    return data


def fill_and_put(http: Http, fid: str, current: dict[str, Any], changes: dict[str, Any]) -> Any:
    """PUT ``current`` (the flag as the server last answered it) with ``changes`` applied: the one fill-and-PUT.

    Mixpanel replaces a flag whole, so every writable field the caller did not change is filled from
    ``current``; read-only fields are dropped and the ruleset is checked. The typed update, frames (with the
    record of their fresh list read: no GET per flag), copy and the CLI all write flags through here.
    """
    body: dict[str, Any] = {k: current[k] for k in WRITABLE if k in current and k != "reset_hash_salt"}
    body.update(changes)
    for key in ("tags", "context", "serving_method"):
        if body.get(key) is None:
            body.pop(key, None)  # let the server name what is missing rather than send null
    ruleset = dict(body.get("ruleset") or {})
    old_rules = current.get("ruleset")
    if "test" not in ruleset and isinstance(old_rules, dict) and old_rules.get("test"):
        ruleset["test"] = old_rules["test"]
    body["ruleset"] = ruleset
    check_ruleset(ruleset)
    if current.get("status") == "enabled" and body.get("context") != current.get("context"):
        raise InputError(
            f"flag {fid} is enabled, and an enabled flag's context cannot change "
            f"({current.get('context')!r} -> {body.get('context')!r}); nothing was sent",
            field="context",
        )
    return http.call(OPS.UPDATE, path={"id": fid}, json_body=body)


def _write(http: Http, fid: Any, changes: dict[str, Any], current: dict[str, Any] | None) -> Any:
    return fill_and_put(http, str(fid), current if current is not None else raw_flag(http, str(fid)), changes)


FAMILY = Family(
    name="flags",
    singular="flag",
    words=("feature flags", "feature-flags"),
    model=FeatureFlag,
    ops=OPS,
    list_all={"include_archived": "true"},
    id_kind="uuid",
    label="key",
    natural_key=("key",),
    key_unique=True,
    write=_write,
    active=lambda r: r.get("status") == "enabled",
    content=("key", "context", "ruleset"),
    references=(
        Reference.at("experiment_id", "experiments", "belongs to the experiment", binds=True),
        Reference.inside("ruleset", "cohort_id", "cohorts", "rolls out to the cohort"),
        *in_flag_ruleset(),  # the events and properties its rollout rules name ("where used")
    ),
)


class FlagsMethods(FamilyBase):
    """Feature flags: list, create, PUT-safe update, lifecycle, duplicate, QA testers, history, limits.

    >>> flag = ws.get_feature_flag(flag_id)
    >>> ws.update_feature_flag(flag.id, mp.UpdateFeatureFlagParams(
    ...     name=flag.name, key=flag.key, status=mp.FeatureFlagStatus.ENABLED, ruleset=flag.ruleset))
    """

    FAMILY: ClassVar[Family] = FAMILY

    def _raw_flags(self, *, include_archived: bool = False) -> list[dict[str, Any]]:
        query = {"include_archived": "true"} if include_archived else None
        data = self._http.call(OPS.LIST, params=query)
        return objects_of(data, "list_feature_flags")

    def _raw_flag(self, flag_id: str) -> dict[str, Any]:
        return raw_flag(self._http, flag_id)

    def list_feature_flags(self, *, include_archived: bool = False) -> list[FeatureFlag]:
        """Every flag of the project; archived ones only with ``include_archived=True``."""
        return parse_list(FeatureFlag, self._raw_flags(include_archived=include_archived), what="list_feature_flags")

    def create_feature_flag(self, params: CreateFeatureFlagParams) -> FeatureFlag:
        """Create a flag (disabled unless ``params.status`` says otherwise); the ruleset is checked first."""
        check_ruleset(params.ruleset)
        body = params.model_dump(mode="json", exclude_none=True)
        return _flag(self._http.call(OPS.CREATE, json_body=body, natural_key=params.key), "create_feature_flag")

    def get_feature_flag(self, flag_id: str) -> FeatureFlag:
        """One feature flag by id (a UUID string), with its ``ruleset`` (variants and rollout groups).

        In a ruleset, ``split`` and ``rollout_percentage`` are fractions from 0 to 1 (``0.25`` is 25%).
        ``mp.NotFoundError`` when the workspace has no flag with that id.
        """
        return _flag(self._raw_flag(check_uuid_id(flag_id, "flag_id")), "get_feature_flag")

    def update_feature_flag(self, flag_id: str, params: UpdateFeatureFlagParams) -> FeatureFlag:
        """Replace a flag (PUT) without resetting anything the caller left out.

        One GET of the current flag fills every writable field not set in ``params`` (context, serving method,
        tags, description, ...; test users too when the new ruleset has no ``test``); read-only fields are
        dropped, the ruleset is checked, then one PUT is sent.
        """
        fid = check_uuid_id(flag_id, "flag_id")
        given = params.model_dump(mode="json", include=params.model_fields_set)
        changes = {k: v for k, v in given.items() if v is not None or k in _NULLABLE}
        return _flag(fill_and_put(self._http, fid, self._raw_flag(fid), changes), "update_feature_flag")

    def delete_feature_flag(self, flag_id: str) -> None:
        """Delete a disabled or archived flag, after a backup; an enabled one is refused before sending."""
        fid = check_uuid_id(flag_id, "flag_id")
        try:
            record = self._raw_flag(fid)
        except NotFoundError:
            record = {}
        if record.get("status") == "enabled":
            raise InputError(
                f"flag {fid} ({record.get('key')!r}) is enabled and Mixpanel refuses to delete enabled flags: "
                "disable it first (ws.update_feature_flag(id, mp.UpdateFeatureFlagParams(..., "
                "status=mp.FeatureFlagStatus.DISABLED, ...))); nothing was sent",
                field="flag_id",
            )
        records = [record] if record else []
        self._delete("flags", [fid], records, lambda: self._http.call(OPS.DELETE, path={"id": fid}))

    def archive_feature_flag(self, flag_id: str) -> None:
        """Archive a disabled flag (Mixpanel archives only from disabled; it then hides from lists)."""
        self._http.call(OPS.ARCHIVE, path={"id": check_uuid_id(flag_id, "flag_id")})

    def restore_feature_flag(self, flag_id: str) -> FeatureFlag:
        """Bring an archived flag back; it lands disabled."""
        fid = check_uuid_id(flag_id, "flag_id")
        data = self._http.call(OPS.RESTORE, path={"id": fid})
        if not (isinstance(data, dict) and "id" in data):
            data = self._raw_flag(fid)  # a 204 or a retried DELETE's 404 carries no flag
        return _flag(data, "restore_feature_flag")

    def duplicate_feature_flag(self, flag_id: str) -> FeatureFlag:
        """Copy a flag. Mixpanel has answered this with a 500 although the copy was made, so on an
        ambiguous failure the new flags are searched for one derived from the original before re-raising.
        """
        fid = check_uuid_id(flag_id, "flag_id")
        before = self._raw_flags(include_archived=True)
        original = next((f for f in before if str(f.get("id")) == fid), None)
        if original is None:
            original = self._raw_flag(fid)
        try:
            data = self._http.call(OPS.DUPLICATE, path={"id": fid}, natural_key=str(original.get("key") or fid))
        except OutcomeUnknownError:
            seen = {str(f.get("id")) for f in before}
            fresh = [
                f
                for f in self._raw_flags(include_archived=True)
                if str(f.get("id")) not in seen and _derives_from(f, original)
            ]
            if not fresh:
                raise
            fresh.sort(key=lambda f: str(f.get("created") or ""))
            return _flag(fresh[-1], "duplicate_feature_flag")
        return _flag(data, "duplicate_feature_flag")

    def set_flag_test_users(self, flag_id: str, params: SetTestUsersParams) -> None:
        """Pin QA testers to variants; always sent as ``{distinct_id: variant_key}``.

        The flag is read once to learn its variant keys, which decide which way round ``params.users`` is.
        """
        fid = check_uuid_id(flag_id, "flag_id")
        keys = variant_keys(self._raw_flag(fid).get("ruleset"))
        users = users_by_distinct_id(params.users, keys)
        self._http.call(OPS.TEST_USERS, path={"id": fid}, json_body={"users": users})

    def get_flag_history(
        self, flag_id: str, *, page: int | str | None = None, page_size: int | None = None
    ) -> FlagHistoryResponse:
        """One page of a flag's change history (``history.count`` = all events, ``history.events`` = this page)."""
        fid = check_uuid_id(flag_id, "flag_id")
        query = {"page": None if page is None else str(page), "page_size": check_page_size(page_size)}
        data = self._http.call(OPS.HISTORY, path={"id": fid}, params=query)
        return parse_model(FlagHistoryResponse, data, what="get_flag_history")

    def get_flag_limits(self) -> FlagLimitsResponse:
        """The project's flag allowance: ``limits.current_usage`` of ``limits.limit``."""
        return parse_model(FlagLimitsResponse, self._http.call(OPS.LIMITS), what="get_flag_limits")
