"""Current skill levels of every employee as a numpy matrix (the input of scoring).

Ratings live in two places: imports store each assessment as dense matrices in
``rating_blocks`` (a few rows for a whole sheet), single ratings (level edits in the GUI,
completed training) are rows of ``ratings``. :func:`current_levels` merges both with one
rule, per employee and skill:

1. the most trusted source wins: validated > manager > peer > self;
2. within a source, the newest assessment wins (higher assessment id). A single rating
   with an assessment id counts as part of that assessment and beats its block (it was
   written later); a single rating without one (a manual edit) counts as newer than
   every assessment of its source;
3. completed training ("training" ratings) raises the level to what the module reaches,
   never lowers it.

Blocks are not tied to employees or skills by foreign keys: rows of deleted employees and
columns of deleted skills are ignored here, as the cascade would have removed them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from planner.store.workspace import Workspace

# Index = rank - 1 (rank 0 means no rating).
SOURCES = ("self", "peer", "manager", "validated", "training")
SOURCE_RANK = {"self": 1, "peer": 2, "manager": 3, "validated": 4}
TRAINING_RANK = 5
BLOCK_ROWS = 100_000           # employees (rows) per stored block, bounds a blob's size

# Merge key of a candidate rating: rank in the high bits, then its age. Blocks of
# assessment a get 2a, single ratings of assessment a get 2a + 1, manual edits the max.
_RANK_SHIFT = 42
_NEWEST = (1 << _RANK_SHIFT) - 1

BLOCK_INSERT = ("INSERT INTO rating_blocks (assessment_id, skill_ids, employee_ids, levels, "
                "sources, raw, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")


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


@dataclass
class RatingBlock:
    """One stored block, decoded (arrays are read-only views of the blob)."""

    id: int
    assessment_id: int
    skill_ids: list[str]
    employee_ids: np.ndarray        # int64 (rows)
    levels: np.ndarray              # float32 rows × columns
    sources: np.ndarray             # int8 rank rows × columns
    raw: dict[str, str]
    rated_at: str


def block_rows(assessment_id: int, skill_ids: Sequence[str], employee_ids: np.ndarray,
               levels: np.ndarray, sources: np.ndarray,
               raw: Mapping[tuple[int, int], str] | None, rated_at: str,
               chunk: int = BLOCK_ROWS) -> list[tuple[Any, ...]]:
    """Parameter tuples for :data:`BLOCK_INSERT`: the matrix cut into chunks of rows.

    Args:
        employee_ids: workspace employee id of each row.
        levels: float rows × len(skill_ids), NaN = not rated (stored as float32).
        sources: source rank (1-4) per cell, or per row (1-D).
        raw: original text of interpreted cells, by (row, column).
    """
    employee_ids = np.ascontiguousarray(employee_ids, dtype="<i8")
    levels = np.asarray(levels, dtype="<f4").reshape(len(employee_ids), len(skill_ids))
    sources = np.asarray(sources, dtype=np.int8)
    if sources.ndim == 1:
        sources = np.repeat(sources[:, None], len(skill_ids), axis=1)
    sources = np.where(np.isnan(levels), 0, sources).astype(np.int8)
    names = json.dumps(list(skill_ids), ensure_ascii=False)
    by_chunk: dict[int, dict[str, str]] = {}
    for (r, c), text in (raw or {}).items():
        by_chunk.setdefault(r // chunk, {})[f"{r % chunk},{c}"] = text
    out = []
    for n, start in enumerate(range(0, len(employee_ids), chunk)):
        stop = start + chunk
        out.append((assessment_id, names, employee_ids[start:stop].tobytes(),
                    np.ascontiguousarray(levels[start:stop]).tobytes(),
                    np.ascontiguousarray(sources[start:stop]).tobytes(),
                    json.dumps(by_chunk.get(n, {}), ensure_ascii=False), rated_at))
    return out


def read_blocks(ws: Workspace, *, with_raw: bool = False) -> Iterator[RatingBlock]:
    """Every stored block, oldest assessment first."""
    raw_sql = "raw" if with_raw else "'{}'"
    for row in ws.conn.execute(
            f"SELECT id, assessment_id, skill_ids, employee_ids, levels, sources, {raw_sql}, "
            "rated_at FROM rating_blocks ORDER BY assessment_id, id"):
        skills = json.loads(row[2])
        employees = np.frombuffer(row[3], dtype="<i8")
        shape = (len(employees), len(skills))
        yield RatingBlock(row[0], row[1], skills, employees,
                          np.frombuffer(row[4], dtype="<f4").reshape(shape),
                          np.frombuffer(row[5], dtype=np.int8).reshape(shape),
                          json.loads(row[6]), row[7])


class _Axes:
    """Maps block rows and columns onto the workspace's employees and skills."""

    def __init__(self, employee_ids: np.ndarray, skill_ids: list[str]) -> None:
        self.employee_ids = employee_ids
        self.skill_index = {s: i for i, s in enumerate(skill_ids)}

    def rows(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions, mask of ids that exist)."""
        if len(self.employee_ids) == 0:
            return np.zeros(len(ids), np.int64), np.zeros(len(ids), bool)
        pos = np.searchsorted(self.employee_ids, ids)
        pos = np.minimum(pos, len(self.employee_ids) - 1)
        return pos, self.employee_ids[pos] == ids

    def columns(self, skills: list[str]) -> tuple[np.ndarray, np.ndarray]:
        pos = np.array([self.skill_index.get(s, -1) for s in skills], dtype=np.int64)
        return pos, pos >= 0


def _occurrence(ids: np.ndarray) -> np.ndarray:
    """0 for an id's first row, 1 for its second, ... (rows of several raters)."""
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    starts = np.ones(len(ids), dtype=bool)
    starts[1:] = sorted_ids[1:] != sorted_ids[:-1]
    run_start = np.maximum.accumulate(np.where(starts, np.arange(len(ids)), 0))
    occurrence = np.empty(len(ids), dtype=np.int64)
    occurrence[order] = np.arange(len(ids)) - run_start
    return occurrence


def current_levels(ws: Workspace) -> LevelMatrix:
    """Every employee's current level per skill (see the module docstring for the rule)."""
    conn = ws.conn
    emp = conn.execute("SELECT id, employee_key FROM employees ORDER BY id").fetchall()
    employee_ids = np.fromiter((e[0] for e in emp), dtype=np.int64, count=len(emp))
    keys = [e[1] for e in emp]
    skill_ids = [r[0] for r in conn.execute("SELECT id FROM skills ORDER BY rowid")]
    shape = (len(emp), len(skill_ids))
    levels = np.full(shape, np.nan, dtype=np.float32)
    best = np.full(shape, -1, dtype=np.int64)       # merge key of the current winner
    axes = _Axes(employee_ids, skill_ids)

    for block in read_blocks(ws):
        rows, row_ok = axes.rows(block.employee_ids)
        cols, col_ok = axes.columns(block.skill_ids)
        if not row_ok.any() or not col_ok.any():
            continue
        age = 2 * block.assessment_id
        occurrence = _occurrence(block.employee_ids)
        for n in range(int(occurrence.max()) + 1):
            # Rows within one pass have distinct employees, so fancy writes cannot collide.
            pick = np.flatnonzero(row_ok & (occurrence == n))
            r, c = rows[pick], cols[col_ok]
            grid = np.ix_(r, c)
            lv = block.levels[np.ix_(pick, np.flatnonzero(col_ok))]
            rank = block.sources[np.ix_(pick, np.flatnonzero(col_ok))].astype(np.int64)
            key = np.where(np.isnan(lv), -1, (rank << _RANK_SHIFT) | age)
            win = key > best[grid]
            if win.all():
                best[grid], levels[grid] = key, lv
            else:
                best[grid] = np.where(win, key, best[grid])
                levels[grid] = np.where(win, lv, levels[grid])

    sparse = conn.execute(
        "SELECT employee_id, skill_id, level, CASE source WHEN 'validated' THEN 4 "
        "WHEN 'manager' THEN 3 WHEN 'peer' THEN 2 WHEN 'self' THEN 1 ELSE 5 END, "
        "assessment_id FROM ratings").fetchall()
    sources = (best >> _RANK_SHIFT).astype(np.int8)
    sources[best < 0] = 0
    if sparse:
        _merge_sparse(sparse, axes, levels, best, sources)
    return LevelMatrix(employee_ids, keys, skill_ids, levels, sources)


def _merge_sparse(rows: list[tuple[Any, ...]], axes: _Axes, levels: np.ndarray,
                  best: np.ndarray, sources: np.ndarray) -> None:
    e_col, s_col, lvl, rank, assess = zip(*rows, strict=True)
    e_idx, e_ok = axes.rows(np.array(e_col, dtype=np.int64))
    s_idx, s_ok = axes.columns(list(s_col))
    ok = e_ok & s_ok
    cell = (e_idx * levels.shape[1] + s_idx)[ok]
    lvl_a = np.array(lvl, dtype=np.float32)[ok]
    rank_a = np.array(rank, dtype=np.int64)[ok]
    age = np.array([_NEWEST if a is None else 2 * a + 1 for a in assess], dtype=np.int64)[ok]
    flat_levels, flat_best, flat_sources = levels.reshape(-1), best.reshape(-1), \
        sources.reshape(-1)

    surveyed = rank_a < TRAINING_RANK
    key = (rank_a[surveyed] << _RANK_SHIFT) | age[surveyed]
    s_cell = cell[surveyed]
    order = np.lexsort((key, s_cell))           # by cell, then key: the last one wins
    s_cell, key, s_lvl = s_cell[order], key[order], lvl_a[surveyed][order]
    last = np.ones(len(s_cell), dtype=bool)
    last[:-1] = s_cell[1:] != s_cell[:-1]
    s_cell, key, s_lvl = s_cell[last], key[last], s_lvl[last]
    win = key > flat_best[s_cell]
    flat_best[s_cell[win]] = key[win]
    flat_levels[s_cell[win]] = s_lvl[win]
    flat_sources[s_cell[win]] = rank_a[surveyed][order][last][win]

    trained = ~surveyed
    if trained.any():
        t_cell = cell[trained]
        top = np.full(len(flat_levels), -1.0, dtype=np.float32)
        np.maximum.at(top, t_cell, lvl_a[trained])
        raise_mask = top > np.nan_to_num(flat_levels, nan=-1.0)
        flat_levels[raise_mask] = top[raise_mask]
        flat_sources[raise_mask] = TRAINING_RANK


# -- counts and lookups for callers that used SQL on ``ratings`` ------------------------------

def ratings_count(ws: Workspace) -> int:
    """Stored ratings: rated cells of every block plus single ratings (all sources)."""
    axes = _workspace_axes(ws)
    total = 0
    for block in read_blocks(ws):
        _, row_ok = axes.rows(block.employee_ids)
        _, col_ok = axes.columns(block.skill_ids)
        total += int(np.count_nonzero(~np.isnan(block.levels[row_ok][:, col_ok])))
    return total + ws.conn.execute("SELECT count(*) FROM ratings").fetchone()[0]


def rated_employee_count(ws: Workspace) -> int:
    """Employees with at least one rating (like ``count(DISTINCT employee_id)``)."""
    axes = _workspace_axes(ws)
    rated = {r[0] for r in ws.conn.execute("SELECT DISTINCT employee_id FROM ratings")}
    for block in read_blocks(ws):
        _, row_ok = axes.rows(block.employee_ids)
        _, col_ok = axes.columns(block.skill_ids)
        any_rated = (~np.isnan(block.levels[:, col_ok])).any(axis=1) & row_ok
        rated.update(block.employee_ids[any_rated].tolist())
    return len(rated)


def rated_skill_ids(ws: Workspace) -> set[str]:
    """Skills with at least one rating (like ``SELECT DISTINCT skill_id FROM ratings``)."""
    axes = _workspace_axes(ws)
    rated = {r[0] for r in ws.conn.execute("SELECT DISTINCT skill_id FROM ratings")}
    for block in read_blocks(ws):
        _, row_ok = axes.rows(block.employee_ids)
        _, col_ok = axes.columns(block.skill_ids)
        any_rated = (~np.isnan(block.levels[row_ok])).any(axis=0) & col_ok
        rated.update(s for s, hit in zip(block.skill_ids, any_rated.tolist(), strict=True)
                     if hit)
    return rated


def iter_ratings(ws: Workspace) -> Iterator[tuple[int, str, int | None, str, float, str | None]]:
    """Every stored rating as (employee_id, skill_id, assessment_id, source, level, raw).

    Blocks first (by assessment), then single ratings. One tuple per rating: meant for
    checks and small exports, not for the 2-million-rating case (use current_levels).
    """
    axes = _workspace_axes(ws)
    for block in read_blocks(ws, with_raw=True):
        _, row_ok = axes.rows(block.employee_ids)
        _, col_ok = axes.columns(block.skill_ids)
        mask = ~np.isnan(block.levels)
        mask &= row_ok[:, None] & col_ok[None, :]
        for r, c in zip(*np.nonzero(mask), strict=True):
            yield (int(block.employee_ids[r]), block.skill_ids[c], block.assessment_id,
                   SOURCES[block.sources[r, c] - 1], float(block.levels[r, c]),
                   block.raw.get(f"{r},{c}"))
    yield from ws.conn.execute("SELECT employee_id, skill_id, assessment_id, source, level, "
                               "raw FROM ratings ORDER BY rowid")


def _workspace_axes(ws: Workspace) -> _Axes:
    ids = np.array([r[0] for r in ws.conn.execute("SELECT id FROM employees ORDER BY id")],
                   dtype=np.int64)
    return _Axes(ids, [r[0] for r in ws.conn.execute("SELECT id FROM skills ORDER BY rowid")])
