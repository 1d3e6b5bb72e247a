"""Why a score is what it is: the per-skill breakdown of one (employee, role) pair, and what
most often holds a role's candidates back.

The breakdown uses the same formulas as :mod:`planner.matching.scoring`, in float64, so
``100 − Σ points lost`` equals the fit (up to float32 rounding of the matrix).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from planner.catalog.model import Catalog
from planner.catalog.paths import ModulePaths
from planner.matching import scoring
from planner.matching.gates import (
    UNREACHABLE_TEXT,
    blocking_text,
    gate_minimum,
    is_gate,
    too_many_hours_text,
)
from planner.matching.scoring import (
    READINESS_LABELS,
    RoleMatrices,
    aligned_levels,
    effective_levels,
    readiness_bands,
)
from planner.store.levels import LevelMatrix


@dataclass(frozen=True)
class SkillGap:
    """One required skill of a role, for one person."""

    skill_id: str
    skill_name: str
    level: float | None          # own assessed level; None = not assessed (unknown)
    effective: float             # after adjacency credit (unknown counts as 0)
    via: str | None              # skill whose level gave the credit, None = own level
    via_factor: float | None
    target: int
    weight: int
    must_min: int | None
    must_met: bool | None        # None when the skill is not a must-have
    gate: bool                   # a credential gate: no module chain reaches the must-have
    points_lost: float
    hours: float                 # to close the gap; inf = no module chain reaches the target
    cost: float
    modules: tuple[str, ...]
    text: str

    @property
    def unknown(self) -> bool:
        return self.level is None


@dataclass(frozen=True)
class Explanation:
    employee_id: int
    employee_key: str
    role_id: str
    role_name: str
    fit: float
    eligible: bool
    gap_hours: float
    gap_cost: float
    readiness: str
    skills: list[SkillGap] = field(default_factory=list)
    why_not: str | None = None   # the blocking reason when not eligible

    @property
    def must_failures(self) -> list[SkillGap]:
        return [s for s in self.skills if s.must_met is False]

    @property
    def unknown_skills(self) -> list[SkillGap]:
        return [s for s in self.skills if s.unknown]

    def lines(self) -> list[str]:
        return [s.text for s in self.skills]


def _fmt_level(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _skill_text(name: str, level: float | None, effective: float, via_name: str | None,
                target: int, lost: float, hours: float, must_min: int | None,
                must_met: bool | None, gate: bool = False) -> str:
    start = "?" if level is None else _fmt_level(level)
    if via_name is not None:
        start += f" (counts as {_fmt_level(effective)} via {via_name})"
    parts = [f"{name} {start} → {target}"]
    if lost > 0.005:
        parts.append(f": −{lost:.1f} points")
        parts.append(", no module reaches the target" if math.isinf(hours)
                     else f", {hours:g} h")
    else:
        parts.append(": met")
    if level is None:
        parts.append(" (not assessed)")
    if must_met is False and gate:
        parts.append(f" — credential gate {must_min} not met (no training module reaches it)")
    elif must_met is False:
        parts.append(f" — must-have {must_min} not met")
    return "".join(parts)


def explain(levels: LevelMatrix, catalog: Catalog, employee_id: int | str, role_id: str,
            paths: ModulePaths | None = None) -> Explanation:
    """The per-skill breakdown of ``employee_id``'s fit for ``role_id``.

    Args:
        employee_id: a workspace employee id, or the sheet's employee key (str).

    Raises:
        KeyError: unknown employee or role.
    """
    if isinstance(employee_id, str):
        if employee_id not in levels.employee_keys:
            raise KeyError(employee_id)
        row = levels.employee_keys.index(employee_id)
    else:
        row = levels.row_of(employee_id)
    role = catalog.roles[role_id]
    matrices = RoleMatrices.from_catalog(catalog, list(catalog.skills))
    skill_ids = matrices.skill_ids
    single = LevelMatrix(levels.employee_ids[row:row + 1], [levels.employee_keys[row]],
                         levels.skill_ids, levels.levels[row:row + 1], levels.sources[row:row + 1])
    raw = aligned_levels(single, skill_ids)
    eff, via = effective_levels(raw, matrices.adjacency)
    index = {s: i for i, s in enumerate(skill_ids)}
    paths = paths if paths is not None else ModulePaths(catalog)
    total_weight = float(sum(req.weight for req in role.requirements))

    gaps: list[SkillGap] = []
    for req in role.requirements:
        s = index[req.skill]
        own = float(raw[0, s])
        level = None if math.isnan(own) else own
        effective = float(eff[0, s])
        via_index = int(via[0, s])
        via_skill = skill_ids[via_index] if via_index >= 0 else None
        factor = float(matrices.adjacency[s, via_index]) if via_index >= 0 else None
        ratio = min(effective / req.target, 1.0)
        lost = 100.0 * req.weight * (1.0 - ratio) / total_weight if total_weight else 0.0
        chain = paths.chain(req.skill, effective, req.target)
        hours = chain.hours if chain is not None else math.inf
        cost = chain.cost if chain is not None else math.inf
        gate = is_gate(req, paths)
        must_min = gate_minimum(req) if gate else req.must_min
        must_met = None if must_min is None else effective >= must_min
        name = catalog.skills[req.skill].name if req.skill in catalog.skills else req.skill
        via_name = (catalog.skills[via_skill].name if via_skill in catalog.skills
                    else via_skill)
        gaps.append(SkillGap(
            skill_id=req.skill, skill_name=name, level=level, effective=effective,
            via=via_skill, via_factor=factor, target=req.target, weight=req.weight,
            must_min=must_min, must_met=must_met, gate=gate, points_lost=lost, hours=hours,
            cost=cost, modules=chain.modules if chain is not None else (),
            text=_skill_text(name, level, effective, via_name, req.target, lost, hours,
                             must_min, must_met, gate)))
    fit = 100.0 - sum(g.points_lost for g in gaps) if total_weight else 100.0
    gap_hours = sum(g.hours for g in gaps)
    # the same first blocker as scoring: gates first, then in the catalog's skill order
    failing = sorted((g for g in gaps if g.must_met is False),
                     key=lambda g: (not g.gate, index[g.skill_id]))
    eligible = not failing and gap_hours <= scoring.ELIGIBLE_MAX_HOURS
    band = int(readiness_bands(np.array([gap_hours]), np.array([eligible]))[0])
    why = None
    if failing:
        why = blocking_text(failing[0].skill_name, failing[0].must_min, failing[0].gate)
    elif math.isinf(gap_hours):
        why = UNREACHABLE_TEXT
    elif not eligible:
        why = too_many_hours_text(gap_hours)
    return Explanation(
        employee_id=int(levels.employee_ids[row]), employee_key=levels.employee_keys[row],
        role_id=role_id, role_name=role.name, fit=fit, eligible=eligible,
        gap_hours=gap_hours, gap_cost=sum(g.cost for g in gaps),
        readiness=READINESS_LABELS[band], skills=gaps, why_not=why)


@dataclass(frozen=True)
class Blocker:
    """How often one required skill holds a role's candidates back."""

    skill_id: str
    skill_name: str
    target: int
    must_min: int | None
    below_target: float       # share of candidates whose effective level is below target
    failing_must: float       # share failing the must-have minimum (0 when none)
    unknown: float            # share never assessed on the skill
    mean_points_lost: float   # average fit points this skill costs a candidate


def role_blockers(levels: LevelMatrix, catalog: Catalog, role_id: str, *, top: int = 5,
                  employee_ids: np.ndarray | list[int] | None = None) -> list[Blocker]:
    """The required skills that most often hold candidates back, worst first.

    Args:
        employee_ids: the candidates to look at (e.g. the top 50); default everyone.
        top: how many skills to return.
    """
    role = catalog.roles[role_id]
    matrices = RoleMatrices.from_catalog(catalog, list(catalog.skills))
    raw = aligned_levels(levels, matrices.skill_ids)
    if employee_ids is not None:
        rows = np.searchsorted(levels.employee_ids, np.asarray(employee_ids, dtype=np.int64))
        raw = raw[rows]
    eff, _ = effective_levels(raw, matrices.adjacency)
    index = {s: i for i, s in enumerate(matrices.skill_ids)}
    total_weight = float(sum(req.weight for req in role.requirements)) or 1.0
    count = max(len(raw), 1)
    blockers = []
    for req in role.requirements:
        s = index[req.skill]
        column = eff[:, s].astype(np.float64)
        lost = 100.0 * req.weight * (1.0 - np.minimum(column / req.target, 1.0)) / total_weight
        failing = (column < req.must_min).sum() / count if req.must_min is not None else 0.0
        blockers.append(Blocker(
            skill_id=req.skill,
            skill_name=catalog.skills[req.skill].name if req.skill in catalog.skills
            else req.skill,
            target=req.target, must_min=req.must_min,
            below_target=float((column < req.target).sum() / count),
            failing_must=float(failing),
            unknown=float(np.isnan(raw[:, s]).sum() / count),
            mean_points_lost=float(lost.mean()) if len(lost) else 0.0))
    # Failing a must-have excludes a candidate outright, so it ranks first; then how often.
    blockers.sort(key=lambda b: (-b.failing_must, -b.below_target, -b.mean_points_lost,
                                 b.skill_id))
    return blockers[:top]
