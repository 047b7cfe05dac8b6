"""mpnb's error tree.

    MpnbError
    ├── ConfigError            (ValueError) no usable target: partial credentials, bad region, bad base URL
    ├── InputError             (ValueError) a call refused before anything was sent; names the field and the fix
    │   └── IllegalTransitionError          an experiment move its current state does not allow
    ├── APIError               Mixpanel (or the sandbox) answered with an error
    │   ├── AuthenticationError            401
    │   ├── PermissionDeniedError          403
    │   ├── NotFoundError      (LookupError) 404
    │   ├── BadRequestError    (ValueError) 400, 422 and other 4xx
    │   │   └── RegionMismatchError         400 "invalid project id for cluster"
    │   ├── RateLimitError                 429 after the retries ran out (``retry_after``)
    │   ├── ServerError                    5xx after the retries ran out
    │   ├── RedirectError                  3xx: never followed, a redirect can turn a write into a GET
    │   └── InvalidResponseError           2xx that is not the JSON the operation expects
    ├── TransportError                     the request never got an answer
    │   └── OutcomeUnknownError            a non-idempotent call failed ambiguously; it may have happened
    └── PartialSuccessError                the first part of a call happened, a later part did not
                                           (``created`` holds what exists now; do not simply retry)

Every ``APIError`` carries the HTTP status, method, URL and Mixpanel's own message. No error ever carries
a request body or an Authorization header: those can hold secrets.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigError",
    "IllegalTransitionError",
    "InputError",
    "InvalidResponseError",
    "MpnbError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PartialSuccessError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "RegionMismatchError",
    "ServerError",
    "TransportError",
]


class MpnbError(Exception):
    """Base of every error mpnb raises on purpose."""


class ConfigError(MpnbError, ValueError):
    """The target cannot be resolved: partial credentials, unknown region, unsafe base URL."""


class InputError(MpnbError, ValueError):
    """A call refused on the client before any request: ``field`` names what to fix."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class IllegalTransitionError(InputError):
    """An experiment lifecycle move that its current state does not allow."""

    def __init__(self, message: str, *, state: str, legal: list[str]) -> None:
        super().__init__(message, field="status")
        self.state = state
        self.legal = legal


class APIError(MpnbError):
    """The server answered with an error status."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str = "",
        url: str = "",
        details: Any = None,
    ) -> None:
        self.message = message
        self.status = status
        self.method = method
        self.url = url
        self.details = details
        where = f" ({method} {url} -> {status})" if method else ""
        super().__init__(f"{message}{where}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe summary for the CLI and result frames."""
        return {
            "error": type(self).__name__,
            "message": self.message,
            "status": self.status,
            "method": self.method,
            "url": self.url,
        }


class AuthenticationError(APIError):
    """401: the credentials were refused."""


class PermissionDeniedError(APIError):
    """403: the credentials lack a role or data-view permission."""


class NotFoundError(APIError, LookupError):
    """404: no such entity (or path)."""


class BadRequestError(APIError, ValueError):
    """400/422/other 4xx: the server refused the request as invalid."""


class RegionMismatchError(BadRequestError):
    """400 "invalid project id for cluster": the project lives in another region."""


class RateLimitError(APIError):
    """429 after every retry; ``retry_after`` is the server's hint in seconds, when it gave one."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx after every retry the operation allows."""


class RedirectError(APIError):
    """3xx: mpnb never follows redirects, since one can silently turn a write into a read."""


class InvalidResponseError(APIError):
    """A 2xx answer that is not the JSON shape the operation expects."""


class TransportError(MpnbError):
    """No answer: connection refused, timed out, or dropped."""

    def __init__(self, message: str, *, method: str = "", url: str = "") -> None:
        self.method = method
        self.url = url
        super().__init__(f"{message} ({method} {url})" if method else message)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe summary for the CLI and result frames."""
        return {"error": type(self).__name__, "message": str(self), "method": self.method, "url": self.url}


class OutcomeUnknownError(TransportError):
    """A create, duplicate or test call failed ambiguously: it may or may not have taken effect.

    ``natural_key`` names what to look for (e.g. a flag key or a report name) before trying again;
    ``status`` is the HTTP status when there was one (a 5xx), ``None`` when the connection dropped.
    """

    def __init__(
        self,
        message: str,
        *,
        natural_key: str | None = None,
        status: int | None = None,
        method: str = "",
        url: str = "",
    ) -> None:
        self.natural_key = natural_key
        self.status = status
        hint = f"; look for {natural_key!r} before retrying" if natural_key else ""
        super().__init__(f"{message}{hint}", method=method, url=url)


class PartialSuccessError(MpnbError):
    """Part of a call took effect and a later part failed: e.g. a report was created, its board placement not.

    ``created`` is what now exists (retrying the whole call would make a duplicate), ``done`` the ids a
    partly done bulk call did act on, ``failed`` says which step did not happen, ``cause`` is its error.
    """

    def __init__(
        self,
        message: str,
        *,
        created: Any = None,
        done: Any = None,
        failed: str = "",
        cause: BaseException | None = None,
    ) -> None:
        self.created = created
        self.done = done
        self.failed = failed
        self.cause = cause
        super().__init__(message)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe summary for the CLI and result frames."""
        made = getattr(self.created, "id", self.created)
        return {
            "error": type(self).__name__,
            "message": str(self),
            "created": made,
            "done": self.done,
            "failed": self.failed,
        }
