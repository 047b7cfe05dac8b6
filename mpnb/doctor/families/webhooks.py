"""Webhooks: no password in any answer; scratch: a webhook with Basic auth to an unroutable https URL
(``.invalid`` never resolves), its connectivity test, and what its record shows of the credentials."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from mpnb.doctor._cycle import Cycle
from mpnb.doctor._kit import FamilyDoctor, Raw, Scratch, Verdict, check, not_tested
from mpnb.entities.webhooks import CreateWebhookParams, UpdateWebhookParams, WebhookTestParams

Probe = Callable[[str, Callable[[], Any]], Any]


def scratch_password() -> str:
    """The scratch webhook's Basic-auth password: random, sent once, scrubbed from the report."""
    return secrets.token_urlsafe(18)


def _no_password(records: list[Raw]) -> tuple[bool, str]:
    keys = sorted({k for r in records for k in r if "password" in k.lower() or "secret" in k.lower()})
    return not keys, f"password-like fields: {keys or 'none'} in {len(records)} webhooks"


def _listed(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    claim = "webhook passwords are write-only: no answer carries one"
    if not records:
        return [not_tested("W-b", claim, "no webhooks")]
    holds, seen = _no_password(records)
    return [check("W-b", claim, holds, seen)]


def _url(cycle: Cycle) -> str:
    return f"https://{cycle.run_id}.mpnb-doctor.invalid/hook"


def _create(cycle: Cycle) -> Any:
    cycle.password = scratch_password()
    params = CreateWebhookParams(
        name=cycle.name("webhook"), url=_url(cycle), auth_type="basic", username="mpnb-doctor", password=cycle.password
    )
    return cycle.create("webhooks", params.name, lambda: cycle.ws.create_webhook(params).id)


def _value(cycle: Cycle, step: str) -> str:
    return cycle.name(f"webhook-{step}")  # the name is the label: it keeps the run's tag


def _update(cycle: Cycle, eid: Any, value: Any) -> None:
    cycle.ws.update_webhook(eid, UpdateWebhookParams(name=value))


def _delete(ws: Any, eid: Any) -> None:
    ws.delete_webhook(eid)


def _credentials_and_test(cycle: Cycle) -> list[Verdict]:
    """W-b, W-d on the scratch webhook; W-c: a failed connectivity test is HTTP 200 with success false."""
    found = cycle.records("webhooks", [cycle.first("webhooks")])
    holds, seen = _no_password(found)
    auth = found[0].get("auth_type") if found else None
    out = [
        check("W-b", "webhook passwords are write-only: no answer carries one", holds if found else None, seen),
        check(
            "W-d", "auth_type reads back as a string ('basic')", auth == "basic", f"auth_type is {type(auth).__name__}"
        ),
    ]
    result = cycle.again(lambda: cycle.ws.test_webhook(WebhookTestParams(url=_url(cycle))), resend=True)
    seen = f"answered 2xx with success {result.success}" + (
        f", status_code {result.status_code}" if result.status_code else ""
    )
    out.append(
        check("W-c", "a failed connectivity test answers HTTP 200 with success: false", result.success is False, seen)
    )
    out.append(check("AU-h", "a webhook test can be sent with the URL only", True, "accepted without credentials"))
    return out


DOCTOR = FamilyDoctor(
    family="webhooks",
    path_item="W-a",
    reads=(_listed,),
    scratch=Scratch(
        create=_create,
        edit="name",
        value=_value,
        update=_update,
        delete=_delete,
        questions=(_credentials_and_test,),
        items=("W-d", "W-c", "AU-h"),
        what="a webhook with Basic auth to an unroutable https://<run id>.mpnb-doctor.invalid/hook",
    ),
    items=("W-a", "W-b"),
)
