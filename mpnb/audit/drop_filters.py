"""Audit rules of the data dictionary's drop_filters (to come)."""
