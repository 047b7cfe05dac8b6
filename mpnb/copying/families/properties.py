"""Property definitions are not copied yet (their metadata would go by name and resource type)."""

from mpnb.copying._rules import CopyRules

COPY = CopyRules("properties", why="a copy of the data dictionary's metadata is not built yet")
