"""The workspace store: one SQLite file per workspace (sqlite-utils over sqlite3)."""

from planner.store.levels import LevelMatrix, current_levels
from planner.store.workspace import WORKSPACE_SUFFIX, Workspace, copy_workspace, now_iso

__all__ = ["WORKSPACE_SUFFIX", "LevelMatrix", "Workspace", "copy_workspace", "current_levels",
           "now_iso"]
