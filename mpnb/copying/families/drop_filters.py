"""Drop filters are not copied: dropping events in another project discards its data."""

from mpnb.copying._rules import CopyRules

COPY = CopyRules("drop_filters", why="a drop filter discards data: create it in the target on purpose")
