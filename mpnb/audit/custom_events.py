"""Audit rules of the data dictionary's custom_events (to come)."""
