"""Reusable widgets: the level delegate, the person detail panel, charts."""
