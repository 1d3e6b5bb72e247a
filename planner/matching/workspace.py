"""Scoring a workspace: its catalog, current levels and module chains in one bundle."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.catalog.model import Catalog
from planner.catalog.paths import ModulePaths
from planner.matching.scoring import DEFAULT_WEEKLY_HOURS, Scores, score
from planner.progress import Progress
from planner.store.levels import LevelMatrix, current_levels
from planner.store.workspace import Workspace
from planner.wording import counted


@dataclass
class ScoredWorkspace:
    catalog: Catalog
    levels: LevelMatrix
    paths: ModulePaths
    scores: Scores


def score_workspace(ws: Workspace, progress: Progress | None = None, *,
                    hours_per_week: float | None = None) -> ScoredWorkspace:
    """Load the workspace's catalog and current levels, and score everyone for every role.

    ``hours_per_week`` replaces the workspace's default weekly training hours (people with
    their own keep theirs) for the weeks to ready.
    """
    catalog = ws.catalog()
    levels = current_levels(ws)
    paths = ModulePaths(catalog)
    return ScoredWorkspace(catalog, levels, paths, score(
        levels, catalog, paths, progress=progress,
        weekly_hours=weekly_hours_of(ws, levels.employee_ids),
        default_weekly_hours=hours_per_week or default_weekly_hours(ws)))


def weekly_hours_note(ws: Workspace, given: float | None) -> tuple[str, bool]:
    """Which weekly training hours apply, in words, and whether ``given`` changes nothing.

    Returns:
        (the note, True when an --hours-per-week was given but everybody has their own).
    """
    own, total = ws.conn.execute(
        "SELECT count(weekly_hours > 0 OR NULL), count(*) FROM employees").fetchone()
    without = total - own
    own_text = counted(own, "person", "people")
    without_text = counted(without, "person", "people")
    if given is None:
        return (f"weekly training hours: each person's own ({own_text}), else the workspace "
                f"default {default_weekly_hours(ws):g} h ({without_text})", False)
    if without == 0:
        return (f"--hours-per-week {given:g} changes nothing: every person ({total}) has "
                "their own weekly training hours", True)
    return (f"weekly training hours: {given:g} h for people without their own "
            f"({without_text}; an override of the workspace default "
            f"{default_weekly_hours(ws):g} h); people with their own keep them "
            f"({own_text})", False)



def default_weekly_hours(ws: Workspace) -> float:
    """The workspace's weekly training hours for people without their own (default 4)."""
    try:
        value = float(ws.setting("weekly_training_hours", DEFAULT_WEEKLY_HOURS))
    except (TypeError, ValueError):
        value = DEFAULT_WEEKLY_HOURS
    return value if value > 0 else DEFAULT_WEEKLY_HOURS


def weekly_hours_of(ws: Workspace, employee_ids: np.ndarray) -> np.ndarray:
    """Each employee's own weekly training hours (NaN where none), in ``employee_ids`` order."""
    own = dict(ws.conn.execute("SELECT id, weekly_hours FROM employees"))
    return np.array([own.get(int(e)) if isinstance(own.get(int(e)), int | float) else np.nan
                     for e in employee_ids], dtype=np.float32)
