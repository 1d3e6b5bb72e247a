"""Reskill Planner: move the staff you have into the generative-AI roles you need."""

__version__ = "0.1.0"
