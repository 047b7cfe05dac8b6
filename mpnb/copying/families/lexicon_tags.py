"""Lexicon tags are not copied: a definition's tags travel by name."""

from mpnb.copying._rules import CopyRules

COPY = CopyRules("lexicon_tags", why="tags travel by name; create them in the target with ws.create_lexicon_tag")
