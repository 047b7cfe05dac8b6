"""``python -m mpnb.cli``."""

from mpnb.cli import main

main()
