"""Custom properties are not copied yet (reports using them will bring them once the copy rules exist)."""

from mpnb.copying._rules import CopyRules

COPY = CopyRules("custom_properties", why="the copy rules for custom properties are not built yet")
