"""Fit, eligibility, gap hours and readiness of every employee for every role, with numpy.

For employee e, role r and each required skill s (target T, weight w, must-have minimum M):

* effective level L = max(own level, factor × level of an adjacent skill), where the
  catalog says part of another skill transfers (``Skill.adjacent``); a blank (not assessed)
  level counts as 0 here and is flagged "unknown" by the explanations;
* fit = 100 · Σ w · min(L / T, 1) / Σ w;
* eligible = L ≥ M for every must-have skill;
* gap hours / cost = Σ of the cheapest module chain from floor(L) to T (``ModulePaths``),
  the same chains planning schedules, so both agree; inf when no chain reaches the target.

Everything is a handful of matrix products over employees × skills, never a Python loop
over (employee, role) pairs: ``min(L / T, 1)`` only depends on T ∈ {1..5}, so each distinct
target contributes one (E × S) @ (S × R) product with the weights of the requirements at
that target. The same trick gives must-have failures and gap hours.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from planner.catalog.model import MAX_LEVEL, Catalog
from planner.catalog.paths import ModulePaths
from planner.progress import Progress, report
from planner.store.levels import LevelMatrix

log = logging.getLogger("planner.matching")

# Readiness bands by gap hours (training hours still needed for the role).
READY, NEAR, RESKILL, FAR = 0, 1, 2, 3
READINESS_LABELS: tuple[str, ...] = ("ready", "near", "reskill", "far")
NEAR_MAX_HOURS = 40.0      # about ten weeks at four hours a week
RESKILL_MAX_HOURS = 200.0  # about a year of part-time learning; beyond that: far


@dataclass(frozen=True)
class RoleMatrices:
    """The catalog's roles as matrices over a fixed skill order (rows = roles).

    Attributes:
        targets: float32 R×S, target level, 0 where the role does not require the skill.
        weights: float32 R×S, weight 1-3, 0 where not required.
        must_min: float32 R×S, must-have minimum, NaN where none.
        adjacency: float32 S×S, ``adjacency[s, t]`` = share of skill t's level that counts
            towards skill s (0 where none).
    """

    role_ids: list[str]
    skill_ids: list[str]
    targets: np.ndarray
    weights: np.ndarray
    must_min: np.ndarray
    adjacency: np.ndarray

    @property
    def required(self) -> np.ndarray:
        return self.weights > 0

    @classmethod
    def from_catalog(cls, catalog: Catalog, skill_ids: list[str] | None = None) -> RoleMatrices:
        """Matrices of ``catalog``'s roles over ``skill_ids`` (default: the catalog's skills).

        Required skills missing from ``skill_ids`` are appended, so no requirement is lost.
        """
        skills = list(skill_ids if skill_ids is not None else catalog.skills)
        index = {s: i for i, s in enumerate(skills)}
        for role in catalog.roles.values():
            for req in role.requirements:
                if req.skill not in index:
                    index[req.skill] = len(skills)
                    skills.append(req.skill)
        roles = list(catalog.roles)
        shape = (len(roles), len(skills))
        targets = np.zeros(shape, dtype=np.float32)
        weights = np.zeros(shape, dtype=np.float32)
        must = np.full(shape, np.nan, dtype=np.float32)
        for r, role_id in enumerate(roles):
            for req in catalog.roles[role_id].requirements:
                s = index[req.skill]
                targets[r, s] = req.target
                weights[r, s] = req.weight
                if req.must_min is not None:
                    must[r, s] = req.must_min
        adjacency = np.zeros((len(skills), len(skills)), dtype=np.float32)
        for skill_id, skill in catalog.skills.items():
            if skill_id not in index:
                continue
            for adj in skill.adjacent:
                if adj.from_skill in index and adj.from_skill != skill_id:
                    s, t = index[skill_id], index[adj.from_skill]
                    adjacency[s, t] = max(adjacency[s, t], adj.factor)
        return cls(roles, skills, targets, weights, must, adjacency)


@dataclass
class Scores:
    """Scores of every employee for every role (rows follow ``employee_ids``)."""

    employee_ids: np.ndarray      # int64, as in the LevelMatrix
    employee_keys: list[str]
    role_ids: list[str]
    skill_ids: list[str]          # the skill axis used (catalog order)
    fit: np.ndarray               # float32 E×R, 0-100
    eligible: np.ndarray          # bool E×R: every must-have met
    gap_hours: np.ndarray         # float32 E×R, inf = unreachable with the catalog's modules
    gap_cost: np.ndarray          # float32 E×R, inf = unreachable
    readiness: np.ndarray         # int8 E×R, index into READINESS_LABELS
    unknown_count: np.ndarray     # int16 E×R: required skills never assessed

    def row_of(self, employee_id: int) -> int:
        """Row of a workspace employee id; KeyError if not scored."""
        index = int(np.searchsorted(self.employee_ids, employee_id))
        if index >= len(self.employee_ids) or self.employee_ids[index] != employee_id:
            raise KeyError(employee_id)
        return index

    def col_of(self, role_id: str) -> int:
        """Column of a role id; KeyError if unknown."""
        try:
            return self.role_ids.index(role_id)
        except ValueError:
            raise KeyError(role_id) from None

    def employee_id_of_key(self, key: str) -> int:
        """The workspace id of an employee named by the sheet's id; KeyError if unknown."""
        try:
            return int(self.employee_ids[self.employee_keys.index(key)])
        except ValueError:
            raise KeyError(key) from None


def aligned_levels(levels: LevelMatrix, skill_ids: list[str]) -> np.ndarray:
    """levels.levels re-ordered to ``skill_ids`` (float32, NaN for skills never rated)."""
    if list(levels.skill_ids) == list(skill_ids):
        return levels.levels.astype(np.float32, copy=False)
    out = np.full((len(levels.employee_ids), len(skill_ids)), np.nan, dtype=np.float32)
    own = {s: i for i, s in enumerate(levels.skill_ids)}
    for j, skill in enumerate(skill_ids):
        if skill in own:
            out[:, j] = levels.levels[:, own[skill]]
    return out


def effective_levels(raw: np.ndarray, adjacency: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Levels after adjacency credit, and the skill index that gave each (-1 = own level).

    Credit comes from the assessed level of the adjacent skill only (no chains), so the
    result does not depend on the order skills are processed in. Meant for a few rows
    (explanations); :func:`score` uses the vectorised :func:`_credited`.
    """
    base = np.nan_to_num(raw, nan=0.0)
    eff = base.copy()
    via = np.full(base.shape, -1, dtype=np.int16)
    targets, sources = np.nonzero(adjacency)
    for s, t in zip(targets.tolist(), sources.tolist(), strict=True):
        credit = adjacency[s, t] * base[:, t]
        better = credit > eff[:, s]
        eff[:, s] = np.where(better, credit, eff[:, s])
        via[:, s] = np.where(better, t, via[:, s])
    return eff, via


def _credited(base: np.ndarray, adjacency: np.ndarray) -> np.ndarray:
    """max(own, factor × adjacent) for every cell at once (base: NaN already replaced by 0).

    All credits are gathered into one E × pairs matrix, then reduced per receiving skill
    with ``np.maximum.reduceat`` (pairs sorted by receiving skill), so there is no loop.
    """
    targets, sources = np.nonzero(adjacency)  # row-major: sorted by receiving skill
    if len(targets) == 0:
        return base
    credit = base[:, sources] * adjacency[targets, sources]
    starts = np.flatnonzero(np.r_[True, targets[1:] != targets[:-1]])
    receivers = targets[starts]
    eff = base.copy()
    eff[:, receivers] = np.maximum(base[:, receivers],
                                   np.maximum.reduceat(credit, starts, axis=1))
    return eff


def _path_tables(paths: ModulePaths, skill_ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hours and cost tables [skill, from, to] over ``skill_ids`` (inf for unknown skills)."""
    hours, cost = paths.hours_table, paths.cost_table
    if list(paths.skill_ids) == list(skill_ids):
        return hours, cost
    own = {s: i for i, s in enumerate(paths.skill_ids)}
    size = hours.shape[1]
    h = np.full((len(skill_ids), size, size), np.inf, dtype=np.float32)
    c = np.full_like(h, np.inf)
    for j, skill in enumerate(skill_ids):
        if skill in own:
            h[j], c[j] = hours[own[skill]], cost[own[skill]]
        else:
            for level in range(size):
                h[j, level, : level + 1] = c[j, level, : level + 1] = 0.0
    return h, c


_UNREACHABLE = np.float32(1e7)  # stands for inf inside sums; any total above half is inf
_CHUNK = 8192                   # employees per block: keeps the one-hot block in cache


def _gap_matrix(tables: list[np.ndarray], targets: np.ndarray,
                required: np.ndarray) -> np.ndarray:
    """[(skill, from level), role × table]: table[s, from, T[r, s]] where r requires s."""
    n_roles, n_skills = targets.shape
    size = tables[0].shape[1]
    out = np.zeros((n_skills, size, n_roles * len(tables)), dtype=np.float32)
    roles, skills = np.nonzero(required)
    for k, table in enumerate(tables):
        finite = np.where(np.isinf(table), _UNREACHABLE, table).astype(np.float32)
        # out[s, l, k·R + r] = finite[s, l, T[r, s]] for every required (r, s)
        out[skills, :, k * n_roles + roles] = finite[skills, :, targets[roles, skills]
                                                     .astype(np.intp)]
    return out.reshape(n_skills * size, -1)


def _gap_sums(tables: list[np.ndarray], floor_levels: np.ndarray, targets: np.ndarray,
              required: np.ndarray) -> list[np.ndarray]:
    """Σ over required skills of table[s, floor(L), T] for every employee × role, per table.

    Levels are one-hot encoded per (skill, level) so all tables and roles come out of one
    matrix product per block of employees.
    """
    n_emp, n_skills = floor_levels.shape
    n_roles = targets.shape[0]
    size = tables[0].shape[1]
    matrix = _gap_matrix(tables, targets, required)
    offsets = (size * np.arange(n_skills))[None, :]
    total = np.empty((n_emp, matrix.shape[1]), dtype=np.float32)
    for start in range(0, n_emp, _CHUNK):
        block = floor_levels[start:start + _CHUNK]
        onehot = np.zeros((len(block), n_skills * size), dtype=np.float32)
        rows = np.arange(len(block))[:, None]
        onehot[rows, block + offsets] = 1.0
        total[start:start + len(block)] = onehot @ matrix
    total[total >= _UNREACHABLE / 2] = np.inf
    return [total[:, k * n_roles:(k + 1) * n_roles] for k in range(len(tables))]


def readiness_bands(gap_hours: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Readiness per employee × role from gap hours (see the thresholds above).

    Someone failing a must-have is never "near": the must-have needs real training first.
    """
    bands = np.full(gap_hours.shape, FAR, dtype=np.int8)
    bands[gap_hours <= RESKILL_MAX_HOURS] = RESKILL
    bands[(gap_hours <= NEAR_MAX_HOURS) & eligible] = NEAR
    bands[gap_hours <= 0] = READY
    return bands


def score(levels: LevelMatrix, catalog: Catalog, paths: ModulePaths | None = None, *,
          progress: Progress | None = None) -> Scores:
    """Score every employee of ``levels`` for every role of ``catalog``.

    Args:
        levels: current levels (NaN = not assessed).
        catalog: skills (adjacency), roles (requirements) and modules (gap hours).
        paths: module chains of ``catalog``; built when not given.
        progress: optional progress sink (cancellable).
    """
    report(progress, 0, 4, "Preparing role matrices")
    skill_ids = list(catalog.skills)
    matrices = RoleMatrices.from_catalog(catalog, skill_ids)
    skill_ids = matrices.skill_ids
    raw = aligned_levels(levels, skill_ids)
    # Only skills some role requires enter the sums (the rest only give adjacency credit).
    used = np.flatnonzero(matrices.required.any(axis=0))
    eff = _credited(np.fmax(raw, np.float32(0.0)), matrices.adjacency)[:, used]  # NaN→0
    targets = matrices.targets[:, used]
    weights = matrices.weights[:, used]
    must_min = matrices.must_min[:, used]
    required = weights > 0
    n_emp, n_roles = raw.shape[0], len(matrices.role_ids)

    report(progress, 1, 4, "Computing fit")
    points = np.zeros((n_emp, n_roles), dtype=np.float32)
    for target in np.unique(targets[required]):
        ratio = np.minimum(eff * np.float32(1.0 / target), np.float32(1.0))
        points += ratio @ np.where(targets == target, weights, 0).astype(np.float32).T
    total_weight = weights.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = np.where(total_weight > 0, 100.0 * points / total_weight, 100.0)
    fit = np.clip(fit, 0.0, 100.0).astype(np.float32)

    has_must = ~np.isnan(must_min)
    failures = np.zeros((n_emp, n_roles), dtype=np.float32)
    for minimum in np.unique(must_min[has_must]):
        below = (eff < minimum).astype(np.float32)
        failures += below @ (has_must & (must_min == minimum)).astype(np.float32).T
    eligible = failures < 0.5
    unknown = np.isnan(raw[:, used]).astype(np.float32) @ required.astype(np.float32).T

    report(progress, 2, 4, "Computing gap hours and cost")
    paths = paths if paths is not None else ModulePaths(catalog)
    hours_table, cost_table = _path_tables(paths, skill_ids)
    floor_levels = np.clip(np.floor(eff), 0, MAX_LEVEL).astype(np.intp)
    gap_hours, gap_cost = _gap_sums([hours_table[used], cost_table[used]], floor_levels,
                                    targets, required)

    readiness = readiness_bands(gap_hours, eligible)
    report(progress, 4, 4, "Scored")
    log.debug("scored %d employees × %d roles", n_emp, n_roles)
    return Scores(
        employee_ids=np.asarray(levels.employee_ids, dtype=np.int64),
        employee_keys=list(levels.employee_keys),
        role_ids=matrices.role_ids,
        skill_ids=skill_ids,
        fit=fit,
        eligible=eligible,
        gap_hours=gap_hours,
        gap_cost=gap_cost,
        readiness=readiness,
        unknown_count=np.rint(unknown).astype(np.int16),
    )
