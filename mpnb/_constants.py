"""Constants shared by the client layers (the sandbox keeps its own copies on purpose)."""

from __future__ import annotations

REGION_HOSTS: dict[str, str] = {
    "us": "https://mixpanel.com/api/app",
    "eu": "https://eu.mixpanel.com/api/app",
    "in": "https://in.mixpanel.com/api/app",
}

# The built-in sandbox's documented demo identity (S3). Not secrets: they only open the local emulator.
SANDBOX_USERNAME = "sandbox.demo.mp-service-account"
SANDBOX_SECRET = "sandbox-secret"
SANDBOX_PROJECT_ID = 1000
SANDBOX_EMPTY_PROJECT_ID = 1001  # a second, empty project (copy targets)
IN_PROCESS_SANDBOX_URL = "http://sandbox.localhost/api/app"

DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_RETRIES = 3
BACKOFF_BASE = 1.0
BACKOFF_MAX = 60.0
# Mixpanel documents low limits for the App API; stay well under them by default (S7).
MIXPANEL_MAX_REQUESTS_PER_MINUTE = 60
