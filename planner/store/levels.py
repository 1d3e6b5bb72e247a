"""Current skill levels of every employee as a numpy matrix (the input of scoring).

Where a skill has several ratings the most trusted source wins (validated > manager >
peer > self), then the newest assessment. A completed training module ("training"
rating) raises the level to what the module reaches, never lowers it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.store.workspace import Workspace

# Index = rank - 1 (rank 0 means no rating).
SOURCES = ("self", "peer", "manager", "validated", "training")
SOURCE_RANK = {"self": 1, "peer": 2, "manager": 3, "validated": 4}


@dataclass
class LevelMatrix:
    """Levels of employees × skills; NaN where a skill was never assessed."""

    employee_ids: np.ndarray        # int64, workspace employee ids, ascending
    employee_keys: list[str]        # the sheet's ids, same order
    skill_ids: list[str]            # every workspace skill, catalog order
    levels: np.ndarray              # float32, shape (employees, skills)
    sources: np.ndarray             # int8 rank of the winning source (0 = none, 5 = training)

    def column(self, skill_id: str) -> np.ndarray:
        return self.levels[:, self.skill_ids.index(skill_id)]

    def row_of(self, employee_id: int) -> int:
        index = int(np.searchsorted(self.employee_ids, employee_id))
        if index >= len(self.employee_ids) or self.employee_ids[index] != employee_id:
            raise KeyError(employee_id)
        return index


def current_levels(ws: Workspace) -> LevelMatrix:
    conn = ws.conn
    emp = conn.execute("SELECT id, employee_key FROM employees ORDER BY id").fetchall()
    employee_ids = np.fromiter((e[0] for e in emp), dtype=np.int64, count=len(emp))
    keys = [e[1] for e in emp]
    skill_ids = [r[0] for r in conn.execute("SELECT id FROM skills ORDER BY rowid")]
    skill_index = {s: i for i, s in enumerate(skill_ids)}
    levels = np.full((len(emp), len(skill_ids)), np.nan, dtype=np.float32)
    sources = np.zeros((len(emp), len(skill_ids)), dtype=np.int8)
    rank_sql = ("CASE source WHEN 'validated' THEN 4 WHEN 'manager' THEN 3 WHEN 'peer' THEN 2 "
                "WHEN 'self' THEN 1 ELSE 5 END")
    rows = conn.execute(
        f"SELECT employee_id, skill_id, level, {rank_sql}, coalesce(assessment_id, 0) "
        "FROM ratings").fetchall()
    if not rows:
        return LevelMatrix(employee_ids, keys, skill_ids, levels, sources)
    e_col, s_col, lvl, rank, assess = (np.array(c) for c in zip(*rows, strict=True))
    e_idx = np.searchsorted(employee_ids, e_col.astype(np.int64))
    s_idx = np.array([skill_index[s] for s in s_col], dtype=np.int64)
    lvl = lvl.astype(np.float32)
    rank = rank.astype(np.int8)
    assess = assess.astype(np.int64)

    surveyed = rank < 5
    # Order surveyed ratings by (cell, rank, assessment): the last of each cell wins.
    cell = e_idx[surveyed] * len(skill_ids) + s_idx[surveyed]
    order = np.lexsort((assess[surveyed], rank[surveyed], cell))
    cell_sorted = cell[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = cell_sorted[1:] != cell_sorted[:-1]
    chosen = order[last]
    flat_levels = levels.reshape(-1)
    flat_sources = sources.reshape(-1)
    flat_levels[cell_sorted[last]] = lvl[surveyed][chosen]
    flat_sources[cell_sorted[last]] = rank[surveyed][chosen]

    trained = ~surveyed
    if trained.any():
        cell_t = e_idx[trained] * len(skill_ids) + s_idx[trained]
        current = flat_levels[cell_t]
        # max per cell among training ratings, then raise where higher than the survey
        best = np.full(flat_levels.shape, -1.0, dtype=np.float32)
        np.maximum.at(best, cell_t, lvl[trained])
        raise_mask = (best > np.nan_to_num(flat_levels, nan=-1.0))
        flat_levels[raise_mask] = best[raise_mask]
        flat_sources[raise_mask] = 5
        del current
    return LevelMatrix(employee_ids, keys, skill_ids, levels, sources)
