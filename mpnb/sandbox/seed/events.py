"""Demo data of the sandbox's data dictionary events: the reports' and cohorts' events, messy on purpose.

The thirteen events the demo reports and cohorts count are there, with the same event tracked again under
other spellings (``Add to Cart``, ``add_to_cart``, ``addToCart``; ``Sign Up``, ``sign_up``, ``signup``,
``SignUp``; ``Purchase``, ``Purchases``), Mixpanel's own events, and noise (``debug_log``, ``heartbeat``). Named
cases the audit finds: ``Share`` is hidden though reports count it, ``Video Played`` is dropped though reports
and a cohort count it, ``Page View`` is unverified and counted by many reports, ``Search`` has no description
and no owner. The rest grows with ``size`` (``size // 4`` events: 5,000 at 20,000), in mixed naming styles,
about half undescribed and most unowned. Deterministic by seed; its own random stream.
"""

from __future__ import annotations

import random
from typing import Any

from mpnb.sandbox.routes.lexicon_model import EVENTS, ROWS
from mpnb.sandbox.seed import PEOPLE, Seeder
from mpnb.sandbox.seed.lexicon_tags import USED
from mpnb.sandbox.seed.reports import EVENTS as REPORTED

__all__ = ["AFTER", "BUILTIN", "NOISE", "VARIANTS", "seed"]

AFTER = ("lexicon_tags",)
VARIANTS = {
    "Add to Cart": ["add_to_cart", "addToCart", "Add To Cart"],
    "Sign Up": ["sign_up", "signup", "SignUp"],
    "Page View": ["page_view", "pageView"],
    "Purchase": ["Purchases", "purchase_completed"],
    "Login": ["log_in", "Log In"],
    "Checkout": ["checkout"],
    "Video Played": ["video_played"],
}
BUILTIN = ["$session_start", "$session_end", "$mp_web_page_view", "$identify", "$campaign_delivery"]
NOISE = ["debug_log", "heartbeat", "test_event", "QA Event", "internal_ping", "dev_click", "load_test"]
_OBJECTS = [
    "Profile", "Settings", "Cart", "Order", "Invoice", "Coupon", "Wishlist", "Product", "Review", "Comment",
    "Message", "Notification", "Report", "Dashboard", "Team", "Invite", "Password", "Avatar", "Address",
    "Payment Method", "Subscription", "Trial", "Plan", "Onboarding Step", "Tutorial", "Feed", "Story", "Photo",
    "Playlist", "Song", "Podcast", "Episode", "Article", "Bookmark", "Folder", "File", "Document", "Template",
    "Integration", "API Key", "Webhook", "Workspace", "Project", "Task", "Calendar Event", "Reminder", "Survey",
    "Banner", "Modal", "Tooltip", "Search Result", "Filter", "Sort Order", "Export", "Import", "Chart", "Map",
    "Ticket", "Chat", "Referral",
]  # fmt: skip
_ACTIONS = [
    "Viewed", "Opened", "Closed", "Created", "Updated", "Deleted", "Shared", "Copied", "Downloaded", "Uploaded",
    "Clicked", "Submitted", "Started", "Completed", "Failed", "Skipped", "Dismissed", "Renamed", "Archived",
    "Restored", "Liked", "Saved", "Sent", "Received", "Scheduled", "Cancelled", "Expanded", "Collapsed",
    "Selected", "Searched", "Filtered", "Sorted", "Exported", "Imported", "Enabled", "Disabled", "Connected",
    "Disconnected", "Reported", "Played",
]  # fmt: skip


def _style(obj: str, action: str, roll: float) -> str:
    """Title Case most of the time; snake_case and camelCase from other teams' SDKs."""
    words = f"{obj} {action}".split()
    if roll < 0.62:
        return " ".join(words)
    if roll < 0.86:
        return "_".join(w.lower() for w in words)
    return words[0].lower() + "".join(w.capitalize() for w in words[1:])


def _row(s: Seeder, rng: random.Random, name: str, **fields: Any) -> dict[str, Any]:
    age = rng.randint(20, 1200)
    modified = rng.randint(0, age)
    owned = rng.random() < 0.4
    row: dict[str, Any] = {
        "id": s.store.next_id(ROWS),
        "name": name,
        "displayName": None,
        "description": f"When a user does {name.lower()}" if rng.random() < 0.45 else None,
        "hidden": rng.random() < 0.08,
        "dropped": False,
        "merged": False,
        "verified": rng.random() < 0.12,
        "tags": sorted(rng.sample(USED, rng.choice([0, 0, 1, 1, 2]))),
        "contacts": [rng.choice(PEOPLE)[2]] if owned else [],
        "teamContacts": [],
        "customEventId": None,
        "status": "active",
        "platforms": sorted(rng.sample(["web", "ios", "android", "server"], rng.randint(1, 3))),
        "isMixpanelDefinition": name.startswith("$"),
        "createdUtc": s.days_ago(age),
        "modifiedUtc": s.days_ago(modified),
        "lastModified": s.days_ago(modified),
    }
    row.update(fields)
    return row


def _put(s: Seeder, row: dict[str, Any]) -> None:
    s.store.put(EVENTS, row["name"], row)


def seed(s: Seeder) -> None:
    rng = random.Random(f"events:{s.config.seed}")
    people = [p[2] for p in PEOPLE]
    for name in REPORTED:  # what the demo reports and cohorts count: mostly documented
        _put(
            s,
            _row(
                s,
                rng,
                name,
                description=f"A user did {name.lower()} (tracked by the web and mobile SDKs)",
                contacts=[rng.choice(people)],
                tags=["core"] + (["commerce"] if name in ("Add to Cart", "Checkout", "Purchase") else []),
                verified=name in ("Sign Up", "Purchase", "Login"),
                hidden=False,
            ),
        )
    fixes: dict[str, dict[str, Any]] = {
        "Share": {"hidden": True},  # hidden, yet reports count it
        "Video Played": {"dropped": True, "tags": ["core", "deprecated"]},  # dropped, yet still counted
        "Page View": {"verified": False},  # counted by many reports, never verified
        "Search": {"description": None, "contacts": []},  # nobody wrote it down, nobody owns it
    }
    for name, fields in fixes.items():
        row = s.store.table(EVENTS)[name]
        row.update(fields)
        _put(s, row)
    for names in VARIANTS.values():  # the same event under other spellings, from other SDKs
        for name in names:
            _put(s, _row(s, rng, name, tags=["legacy"] if rng.random() < 0.5 else [], verified=False))
    for name in BUILTIN:
        _put(s, _row(s, rng, name, description="Tracked by Mixpanel", verified=True, tags=[], contacts=[]))
    for name in NOISE:
        _put(s, _row(s, rng, name, description=None, verified=False, tags=[], contacts=[]))
    count = max(0, s.size // 4 - len(s.store.table(EVENTS)))
    pairs = [(o, a) for o in _OBJECTS for a in _ACTIONS]
    rng.shuffle(pairs)
    made = 0
    for n in range(len(pairs) * 3):
        if made >= count:
            break
        obj, action = pairs[n % len(pairs)]
        name = _style(obj, action, rng.random()) if n < len(pairs) else f"{obj} {action} v{n // len(pairs) + 1}"
        if name in s.store.table(EVENTS):
            continue
        _put(s, _row(s, rng, name, dropped=rng.random() < 0.02))
        made += 1
