"""Demo data of the sandbox's webhooks: deterministic, realistically messy."""

from __future__ import annotations

import random
import uuid

from mpnb.sandbox.routes.webhooks import T, hash_password
from mpnb.sandbox.seed import PEOPLE, Seeder

__all__ = ["seed"]

_DEMO: list[tuple[str, str, bool, bool]] = [
    # name, url, basic auth, enabled
    ("Ops alerts to PagerDuty", "https://events.pagerduty.example.com/integration/3f9a/enqueue", False, True),
    ("Slack relay (growth)", "https://hooks.acme-relay.example.com/mixpanel/growth", True, True),
    # still enabled, but its host was shut down with the old ETL cluster: every delivery fails
    ("Data warehouse trigger", "https://etl-legacy.acme.invalid/api/v1/mixpanel-alerts", True, True),
    ("Legacy Zapier hook (do not use)", "https://hooks.legacy-zap.invalid/catch/118/abc", False, False),
]


def seed(s: Seeder) -> None:
    """A few webhooks: two with Basic auth (only hashes stored), two on dead ``.invalid`` hosts (one still
    enabled, so its test call fails; one disabled long ago)."""
    rng = random.Random(f"webhooks:{s.config.seed}")  # independent of other families' draws
    for i, (name, url, basic, enabled) in enumerate(_DEMO):
        uid, person, _ = rng.choice(PEOPLE)
        age = rng.randint(30, 600) - i * 5
        wid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        salt = f"{rng.getrandbits(64):016x}"
        s.store.put(
            T,
            wid,
            {
                "id": wid,
                "name": name,
                "url": url,
                "is_enabled": enabled,
                "auth_type": "basic" if basic else None,
                "created": s.days_ago(age),
                "modified": s.days_ago(rng.randint(0, age)),
                "creator_id": uid,
                "creator_name": person,
                "_username": f"mixpanel-{i}" if basic else None,
                "_password_hash": hash_password(f"demo-password-{i}", salt) if basic else None,
            },
        )
