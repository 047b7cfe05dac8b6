"""Event definitions are not copied yet: a copy would write Lexicon metadata (descriptions, tags, owners) onto the
target's events of the same names."""

from mpnb.copying._rules import CopyRules

COPY = CopyRules("events", why="a copy of the data dictionary's metadata is not built yet")
