"""Webhooks are never copied: Mixpanel never returns their passwords, so a copy could not authenticate."""

from mpnb.copying._rules import CopyRules

COPY = CopyRules("webhooks", why="their passwords cannot be read back; create them in the target by hand")
