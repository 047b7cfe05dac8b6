"""Audit rules of the data dictionary's properties (to come)."""
