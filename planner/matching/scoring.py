"""Fit, eligibility, gap hours and readiness of every employee for every role, with numpy.

For employee e, role r and each required skill s (target T, weight w, must-have minimum M):

* effective level L = max(own level, factor × level of an adjacent skill), where the
  catalog says part of another skill transfers (``Skill.adjacent``); a blank (not assessed)
  level counts as 0 here and is flagged "unknown" by the explanations;
* fit = 100 · Σ w · min(L / T, 1) / Σ w;
* eligible = L ≥ M for every must-have skill, no credential gate missing (a must-have no
  module chain reaches from level 0: licensed practice such as law or radiology, see
  :mod:`planner.matching.gates`), every gap closable by the catalog's modules and the
  training at most ``ELIGIBLE_MAX_HOURS`` (eligible means reachable);
* gap hours / cost = Σ of the cheapest module chain from floor(L) to T (``ModulePaths``),
  the same chains planning schedules, so both agree; inf when no chain reaches the target.

Everything is computed for all employees × roles at once, never with a Python loop over
(employee, role) pairs: employees go through in blocks of a few thousand (so the arrays
stay in the CPU cache), each block skills-major; every role's requirements form a padded
roles × P grid, so a block's fit is one gather, three elementwise operations and one sum
over the grid. Gap hours, gap cost, must-have failures and unknowns only depend on
floor(L) and on whether the own level is known, so they come from per-requirement lookup
tables with one ``take`` each. No BLAS call is involved: OpenBLAS threads for such thin
products only add contention on a shared two-core machine (measured: 2-4× slower).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from planner.catalog.model import MAX_LEVEL, Catalog
from planner.catalog.paths import ModulePaths
from planner.progress import Progress, report
from planner.store.levels import LevelMatrix

log = logging.getLogger("planner.matching")

# Readiness bands: ready / near / reskill for eligible people by gap hours (training hours
# still needed), "not eligible" for everyone else (the reason: :func:`why_not`).
READY, NEAR, RESKILL, NOT_ELIGIBLE = 0, 1, 2, 3
FAR = NOT_ELIGIBLE  # the old name of the last band
READINESS_LABELS: tuple[str, ...] = ("ready", "near", "reskill", "not eligible")
# One level step 2 -> 3 costs 60-120 h with a project (ROLE_EVIDENCE.md, training hours), so
# "near" is at most about one such step; "reskill" is more. Must-haves are set so that an
# eligible person is reachable in about RESKILL_MAX_HOURS (a bootcamp-sized programme).
NEAR_MAX_HOURS = 80.0
RESKILL_MAX_HOURS = 400.0
# Eligible means reachable: nobody needing more than 1.5 × that programme is eligible (on the
# demo, three quarters of the eligible pairs need at most RESKILL_MAX_HOURS).
ELIGIBLE_MAX_HOURS = 600.0
DEFAULT_WEEKLY_HOURS = 4.0
# Blocker codes besides a skill column: eligible, "a gap no module chain closes", and "more
# training than a reskilling is planned for" (over ELIGIBLE_MAX_HOURS).
NO_BLOCKER, UNREACHABLE_GAP, TOO_MANY_HOURS = -1, -2, -3


@dataclass(frozen=True)
class RoleMatrices:
    """The catalog's roles as matrices over a fixed skill order (rows = roles).

    Attributes:
        targets: float32 R×S, target level, 0 where the role does not require the skill.
        weights: float32 R×S, weight 1-3, 0 where not required.
        must_min: float32 R×S, must-have minimum, NaN where none (a credential gate without
            a minimum needs its target).
        gates: bool R×S, requirements the catalog marks as credential gates.
        adjacency: float32 S×S, ``adjacency[s, t]`` = share of skill t's level that counts
            towards skill s (0 where none).
    """

    role_ids: list[str]
    skill_ids: list[str]
    targets: np.ndarray
    weights: np.ndarray
    must_min: np.ndarray
    adjacency: np.ndarray
    gates: np.ndarray | None = None

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
        gates = np.zeros(shape, dtype=bool)
        for r, role_id in enumerate(roles):
            for req in catalog.roles[role_id].requirements:
                s = index[req.skill]
                targets[r, s] = req.target
                weights[r, s] = req.weight
                if req.must_min is not None:
                    must[r, s] = req.must_min
                if getattr(req, "gate", False):
                    gates[r, s] = True
                    if req.must_min is None:
                        must[r, s] = req.target
        adjacency = np.zeros((len(skills), len(skills)), dtype=np.float32)
        for skill_id, skill in catalog.skills.items():
            if skill_id not in index:
                continue
            for adj in skill.adjacent:
                if adj.from_skill in index and adj.from_skill != skill_id:
                    s, t = index[skill_id], index[adj.from_skill]
                    adjacency[s, t] = max(adjacency[s, t], adj.factor)
        return cls(roles, skills, targets, weights, must, adjacency, gates)


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
    weekly_hours: np.ndarray | None = None   # float32 E: own weekly training hours or default
    gate_missing: np.ndarray | None = None   # bool E×R: a credential gate is missing
    blocker: np.ndarray | None = None        # int16 E×R: skill column of the first failing
    #                                          must-have (gates first), NO_BLOCKER, UNREACHABLE_GAP
    default_weekly_hours: float = DEFAULT_WEEKLY_HOURS
    weeks_to_ready: np.ndarray = field(init=False, repr=False)  # float32 E×R, inf = never

    def __post_init__(self) -> None:
        shape = self.fit.shape
        if self.weekly_hours is None:
            self.weekly_hours = np.full(shape[0], self.default_weekly_hours, dtype=np.float32)
        if self.gate_missing is None:
            self.gate_missing = np.zeros(shape, dtype=bool)
        if self.blocker is None:
            self.blocker = np.where(self.eligible, NO_BLOCKER, UNREACHABLE_GAP).astype(np.int16)
        self.weeks_to_ready = weeks_to_ready(self.gap_hours, self.weekly_hours)

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
    """max(own, factor × adjacent) for every cell at once; ``base`` is skills × employees
    with NaN already replaced by 0.

    All credits are gathered into one pairs × employees matrix, then reduced per
    receiving skill with ``np.maximum.reduceat`` (pairs sorted by receiving skill).
    """
    targets, sources = np.nonzero(adjacency)  # row-major: sorted by receiving skill
    if len(targets) == 0:
        return base
    credit = base[sources] * adjacency[targets, sources][:, None]
    starts = np.flatnonzero(np.r_[True, targets[1:] != targets[:-1]])
    receivers = targets[starts]
    eff = base.copy()
    eff[receivers] = np.maximum(base[receivers], np.maximum.reduceat(credit, starts, axis=0))
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
_BLOCK = 2048                   # employees per block: a block's arrays stay in the CPU cache
_CODES = 2 * (MAX_LEVEL + 1)    # floor level 0-5, plus 6 when the own level is unknown
_UNKNOWN_UNIT = 1 << 16         # packs "unknown" counts above must-have failures in one int


@dataclass(frozen=True)
class _Requirements:
    """Every role's requirements as a roles × P grid (P = most requirements of a role;
    shorter roles are padded with requirements that weigh and cost nothing).

    Gap hours, cost, must-have failures and unknowns only depend on the floor of the
    effective level (must-have minimums are whole numbers) and on whether the own level is
    known, so each requirement gets a small lookup table over those codes.
    """

    roles: np.ndarray          # roles that have requirements (R')
    skill: np.ndarray          # intp R'·P: column in the skill axis
    inv_target: np.ndarray     # float32 R'·P
    weight: np.ndarray         # float32 R'·P (0 for padding)
    total_weight: np.ndarray   # float32 R'
    gaps: np.ndarray           # complex64 R'·P·_CODES: hours + 1j·cost (inf as _UNREACHABLE)
    flags: np.ndarray          # int32 R'·P·_CODES: must-have failure + _UNKNOWN_UNIT·unknown
    offsets: np.ndarray        # intp R'·P: k·_CODES
    priority: np.ndarray       # int32 R'×P: 2 for a credential gate, else 1 (0 padding)
    width: int                 # P


def _requirements(matrices: RoleMatrices, hours: np.ndarray,
                  cost: np.ndarray) -> _Requirements:
    """The grid; a must-have whose minimum no chain reaches from level 0 is a gate."""
    required = matrices.required
    roles = np.flatnonzero(required.any(axis=1))
    width = int(required.sum(axis=1).max(initial=0))
    levels = np.arange(MAX_LEVEL + 1)
    skill = np.zeros((len(roles), width), dtype=np.intp)
    target = np.ones((len(roles), width), dtype=np.intp)
    weight = np.zeros((len(roles), width), dtype=np.float32)
    must = np.full((len(roles), width), np.nan, dtype=np.float32)
    real = np.zeros((len(roles), width), dtype=bool)
    marked = np.zeros((len(roles), width), dtype=bool)
    gates = matrices.gates if matrices.gates is not None else np.zeros_like(required)
    for i, r in enumerate(roles):  # a loop over roles, once, to lay out the grid
        cols = np.flatnonzero(required[r])
        skill[i, :len(cols)] = cols
        target[i, :len(cols)] = matrices.targets[r, cols]
        weight[i, :len(cols)] = matrices.weights[r, cols]
        must[i, :len(cols)] = matrices.must_min[r, cols]
        real[i, :len(cols)] = True
        marked[i, :len(cols)] = gates[r, cols]
    # a credential gate: marked so in the catalog, or a must-have no chain reaches from 0
    gate = real & ~np.isnan(must) & (marked | np.isinf(
        hours[skill, 0, np.nan_to_num(must, nan=0).astype(np.intp)]))
    h = hours[skill[..., None], levels, target[..., None]]        # R' × P × 6
    c = cost[skill[..., None], levels, target[..., None]]
    gap = (np.where(np.isinf(h), _UNREACHABLE, h)
           + 1j * np.where(np.isinf(c), _UNREACHABLE, c)).astype(np.complex64)
    gap[~real] = 0
    fails = (levels < must[..., None]).astype(np.int32)            # NaN must: never
    unknown = np.where(real, _UNKNOWN_UNIT, 0)[..., None].astype(np.int32)
    return _Requirements(
        roles=roles,
        skill=skill.reshape(-1),
        inv_target=(1.0 / target).astype(np.float32).reshape(-1),
        weight=weight.reshape(-1),
        total_weight=weight.sum(axis=1),
        gaps=np.concatenate([gap, gap], axis=2).reshape(-1),
        flags=np.concatenate([fails, fails + unknown], axis=2).reshape(-1),
        offsets=np.arange(skill.size, dtype=np.intp) * _CODES,
        priority=np.where(gate, 2, real.astype(np.int32)).astype(np.int32),
        width=width)


def _score_block(raw: np.ndarray, adjacency: np.ndarray, req: _Requirements,
                 out: dict[str, np.ndarray]) -> None:
    """Scores of one block of employees, written into ``out`` (arrays of that block).

    Works skills-major (skills × employees): gathering a requirement's skill is a row
    copy and summing a role's requirements adds whole rows, both contiguous.
    """
    if not len(req.roles):
        return
    n = raw.shape[0]
    grid = (len(req.roles), req.width, n)
    raw_t = np.ascontiguousarray(raw.T)
    eff = _credited(np.fmax(raw_t, np.float32(0.0)), adjacency)  # fmax: NaN (unknown) -> 0
    code = np.clip(np.floor(eff), 0, MAX_LEVEL).astype(np.intp)
    code += (MAX_LEVEL + 1) * np.isnan(raw_t)
    index = code[req.skill]
    index += req.offsets[:, None]
    gaps = req.gaps.take(index).reshape(grid).sum(axis=1)
    flag_grid = req.flags.take(index).reshape(grid)
    flags = flag_grid.sum(axis=1)
    # the first failing must-have of each pair, credential gates first (priority 2 > 1)
    fails = flag_grid % _UNKNOWN_UNIT
    fails *= req.priority[..., None]
    first = fails.argmax(axis=1)
    skills = req.skill.reshape(len(req.roles), req.width)
    blocker = skills[np.arange(len(req.roles))[:, None], first]
    blocker[~fails.any(axis=1)] = NO_BLOCKER
    gate_missing = (fails == 2).any(axis=1)
    ratio = eff[req.skill]
    ratio *= req.inv_target[:, None]
    np.minimum(ratio, np.float32(1.0), out=ratio)
    ratio *= req.weight[:, None]
    points = ratio.reshape(grid).sum(axis=1)
    # points / total first: exactly 1.0 (fit 100) when every target is met
    fit = np.float32(100.0) * np.minimum(points / req.total_weight[:, None], np.float32(1.0))
    out["fit"][:, req.roles] = fit.T
    out["gap_hours"][:, req.roles] = gaps.real.T
    out["gap_cost"][:, req.roles] = gaps.imag.T
    out["eligible"][:, req.roles] = (flags % _UNKNOWN_UNIT == 0).T
    out["blocker"][:, req.roles] = blocker.T
    out["gate_missing"][:, req.roles] = gate_missing.T
    out["unknown_count"][:, req.roles] = (flags // _UNKNOWN_UNIT).T


def readiness_bands(gap_hours: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Readiness per employee × role: ready / near / reskill by gap hours for eligible
    people (monotone: fewer hours never give a worse band), "not eligible" otherwise."""
    bands = np.full(gap_hours.shape, NOT_ELIGIBLE, dtype=np.int8)
    bands[eligible] = RESKILL
    bands[eligible & (gap_hours <= NEAR_MAX_HOURS)] = NEAR
    bands[eligible & (gap_hours <= 0)] = READY
    return bands


def weeks_to_ready(gap_hours: np.ndarray, weekly_hours: np.ndarray) -> np.ndarray:
    """Whole weeks of training at each person's weekly hours (inf when unreachable)."""
    weekly = np.asarray(weekly_hours, dtype=np.float32).reshape(-1, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        weeks = np.ceil(np.asarray(gap_hours, dtype=np.float32) / weekly - np.float32(1e-6))
    return np.maximum(weeks, np.float32(0.0)).astype(np.float32)


def score(levels: LevelMatrix, catalog: Catalog, paths: ModulePaths | None = None, *,
          progress: Progress | None = None, weekly_hours: np.ndarray | None = None,
          default_weekly_hours: float = DEFAULT_WEEKLY_HOURS) -> Scores:
    """Score every employee of ``levels`` for every role of ``catalog``.

    Args:
        levels: current levels (NaN = not assessed).
        catalog: skills (adjacency), roles (requirements) and modules (gap hours).
        paths: module chains of ``catalog``; built when not given.
        progress: optional progress sink (cancellable).
        weekly_hours: each person's weekly training hours (rows of ``levels``; NaN or ≤ 0 =
            none of their own), for the weeks to ready.
        default_weekly_hours: the hours of people without their own.
    """
    report(progress, 0, 2, "Preparing role matrices")
    matrices = RoleMatrices.from_catalog(catalog, list(catalog.skills))
    skill_ids = matrices.skill_ids
    paths = paths if paths is not None else ModulePaths(catalog)
    req = _requirements(matrices, *_path_tables(paths, skill_ids))
    raw = aligned_levels(levels, skill_ids)
    n_emp, n_roles = raw.shape[0], len(matrices.role_ids)
    out = {"fit": np.full((n_emp, n_roles), 100.0, dtype=np.float32),
           "eligible": np.ones((n_emp, n_roles), dtype=bool),
           "gap_hours": np.zeros((n_emp, n_roles), dtype=np.float32),
           "gap_cost": np.zeros((n_emp, n_roles), dtype=np.float32),
           "unknown_count": np.zeros((n_emp, n_roles), dtype=np.int16),
           "blocker": np.full((n_emp, n_roles), NO_BLOCKER, dtype=np.int16),
           "gate_missing": np.zeros((n_emp, n_roles), dtype=bool)}
    report(progress, 1, 2, "Scoring")
    # Blocks of employees, not pairs: every block is scored for every role at once.
    for start in range(0, n_emp, _BLOCK):
        block = slice(start, start + _BLOCK)
        _score_block(raw[block], matrices.adjacency, req,
                     {k: v[block] for k, v in out.items()})
        if progress is not None and start:
            progress.check()
    gap_hours, gap_cost = out["gap_hours"], out["gap_cost"]
    gap_hours[gap_hours >= _UNREACHABLE / 2] = np.inf
    gap_cost[gap_cost >= _UNREACHABLE / 2] = np.inf
    fit, eligible, unknown = out["fit"], out["eligible"], out["unknown_count"]
    # eligible means reachable: a gap no module chain closes blocks as well, and so does
    # more training than a reskilling is planned for
    unreachable = eligible & np.isinf(gap_hours)
    out["blocker"][unreachable] = UNREACHABLE_GAP
    too_long = eligible & ~unreachable & (gap_hours > ELIGIBLE_MAX_HOURS)
    out["blocker"][too_long] = TOO_MANY_HOURS
    eligible &= ~(unreachable | too_long)
    weekly = np.full(n_emp, default_weekly_hours, dtype=np.float32)
    if weekly_hours is not None:
        own = np.asarray(weekly_hours, dtype=np.float32)
        weekly = np.where(np.isfinite(own) & (own > 0), own, weekly).astype(np.float32)

    readiness = readiness_bands(gap_hours, eligible)
    report(progress, 2, 2, "Scored")
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
        unknown_count=unknown,
        weekly_hours=weekly,
        gate_missing=out["gate_missing"],
        blocker=out["blocker"],
        default_weekly_hours=float(default_weekly_hours),
    )
