"""Audit rules of the data dictionary's custom_properties (to come)."""
