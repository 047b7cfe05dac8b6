"""The frames table by family name (kept as an import path for the CLI and restore)."""

from mpnb.frames.families import SPECS, spec_for

__all__ = ["SPECS", "spec_for"]
