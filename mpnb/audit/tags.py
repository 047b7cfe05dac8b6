"""Audit rules of the data dictionary's tags (to come)."""
