"""Reading employees with their current levels (for the CLI, exports and the GUI)."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from planner.errors import InputRejected
from planner.store.levels import SOURCES, LevelMatrix, current_levels
from planner.store.workspace import Workspace

PROFILE_COLUMNS = ("id", "employee_key", "name", "email", "department", "job_title", "site",
                   "manager", "weekly_hours", "attributes")


def resolve_skill(ws: Workspace, text: str) -> str:
    """A skill id from an id, a name or an alias (case-insensitive); InputRejected if unknown."""
    wanted = text.strip().casefold()
    for skill in ws.catalog().skills.values():
        if wanted in {skill.id.casefold(), skill.name.casefold(),
                      *(a.casefold() for a in skill.aliases)}:
            return skill.id
    raise InputRejected(f"unknown skill {text!r}; `reskill-planner catalog skills` lists them")


def list_employees(ws: Workspace, *, skill: str | None = None,
                   min_level: float | None = None,
                   levels: LevelMatrix | None = None) -> list[dict[str, Any]]:
    """Every employee (or those with ``skill`` ≥ ``min_level``) with their current levels."""
    levels = levels if levels is not None else current_levels(ws)
    names = dict(ws.conn.execute("SELECT id, name FROM skills"))
    mask = np.ones(len(levels.employee_ids), dtype=bool)
    if skill is not None:
        skill_id = resolve_skill(ws, skill)
        column = levels.column(skill_id)
        mask = np.nan_to_num(column, nan=-1.0) >= (min_level if min_level is not None else 0)
    rows = ws.conn.execute(f"SELECT {', '.join(PROFILE_COLUMNS)} FROM employees ORDER BY id")
    out = []
    for row_index, row in enumerate(rows):
        if not mask[row_index]:
            continue
        record = dict(zip(PROFILE_COLUMNS, row, strict=True))
        record["attributes"] = json.loads(record["attributes"])
        skills = {}
        for j, skill_id in enumerate(levels.skill_ids):
            value = float(levels.levels[row_index, j])
            if math.isnan(value):
                continue
            rank = int(levels.sources[row_index, j])
            skills[skill_id] = {"name": names[skill_id], "level": round(value, 2),
                                "source": SOURCES[rank - 1] if rank else None}
        record["skills"] = skills
        out.append(record)
    return out
