"""Audit rules of the data dictionary's events (to come)."""
