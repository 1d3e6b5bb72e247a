"""Reading employees with their current levels (for the CLI, exports and the GUI)."""

from __future__ import annotations

import json
from collections.abc import Iterator
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
    return list(iter_employees(ws, skill=skill, min_level=min_level, levels=levels))


def iter_employees(ws: Workspace, *, skill: str | None = None,
                   min_level: float | None = None,
                   levels: LevelMatrix | None = None) -> Iterator[dict[str, Any]]:
    """:func:`list_employees` one person at a time (50,000 people stream in seconds)."""
    levels = levels if levels is not None else current_levels(ws)
    names = dict(ws.conn.execute("SELECT id, name FROM skills"))
    count = len(levels.employee_ids)
    mask = np.ones(count, dtype=bool)
    if skill is not None:
        skill_id = resolve_skill(ws, skill)
        column = levels.column(skill_id)
        mask = np.nan_to_num(column, nan=-1.0) >= (min_level if min_level is not None else 0)
    # Per skill column once, not per cell: the level rounded, its name and source words.
    rated = ~np.isnan(levels.levels)
    rounded = np.round(levels.levels.astype(np.float64), 2)
    skill_names = [names[s] for s in levels.skill_ids]
    source_words = [None, *SOURCES]
    rows = ws.conn.execute(f"SELECT {', '.join(PROFILE_COLUMNS)} FROM employees ORDER BY id")
    for row_index, row in enumerate(rows):
        if row_index >= count or not mask[row_index]:
            continue
        record = dict(zip(PROFILE_COLUMNS, row, strict=True))
        record["attributes"] = json.loads(record["attributes"])
        columns = np.flatnonzero(rated[row_index]).tolist()
        values = rounded[row_index, columns].tolist()
        ranks = levels.sources[row_index, columns].tolist()
        record["skills"] = {
            levels.skill_ids[j]: {"name": skill_names[j], "level": value,
                                  "source": source_words[rank] if 0 <= rank <= len(SOURCES)
                                  else None}
            for j, value, rank in zip(columns, values, ranks, strict=True)}
        yield record
