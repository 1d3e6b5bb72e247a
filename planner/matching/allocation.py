"""Allocation: whom to reskill into which role, as an assignment problem.

Rows are employees, columns are role slots (a role needing 3 people has 3 columns). Each
person fills at most one slot. The objective, lexicographic in effect:

1. fill as many slots as possible (a large bonus ``fill`` per filled slot), then
2. maximise Σ value, value = fit − ``hours_weight`` × gap hours.

It is solved exactly with ``scipy.optimize.linear_sum_assignment`` on
``cost = −(fill + value)`` for feasible pairs and a large finite cost for infeasible ones,
plus one "leave empty" dummy row per slot at cost 0, so an infeasible pair is never
better than leaving its slot empty and is dropped afterwards.

Pruning: before the solver, each role keeps only its best ``K = number of open slots``
feasible candidates. Exact: if an optimum puts e in role r while e is not among r's best K,
at most K − 1 of those K are busy elsewhere, so one of them is free, feasible for r and at
least as good as e: swapping keeps the optimum. 50,000 rows shrink to ≤ K × roles.

Ties: a tiny penalty grows with the employee's position (``TIE_EPS`` in total at most), so
among equally good allocations people with lower ids win; allocations whose values differ
by less than ``TIE_EPS`` × slots are treated as ties.

Horizon: a person whose weeks to ready (gap hours / their weekly hours) end after the
ready-by date (default: 18 months after the start) is not feasible for that role.
The objective also takes ``weeks_weight`` fit points per week to ready, so at equal fit the
person ready sooner wins.

Budget (total training cost of the chosen people ≤ budget): an exact mixed-integer
program (:mod:`planner.matching.budgeted`, ``scipy.optimize.milp``); a solve stopped at its
time limit reports its proven optimality gap. Without side constraints the assignment
stays on ``linear_sum_assignment``.

Numbers: by default hours and cost come from the scores (the module chains closing each
gap). ``overrides`` replace them for given pairs with a plan's own numbers (prerequisites,
workshop fallbacks): see :func:`planner.matching.consistent.allocate_consistent`.
"""

from __future__ import annotations

import calendar
import logging
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from planner.errors import PlannerError
from planner.matching.budgeted import DEFAULT_TIME_LIMIT, solve_budgeted
from planner.matching.demand import Demand
from planner.matching.rankings import candidate_order
from planner.matching.scoring import Scores
from planner.progress import Progress, report

log = logging.getLogger("planner.matching")

HOURS_WEIGHT = 0.05      # 100 training hours weigh as much as 5 fit points
WEEKS_WEIGHT = 0.02      # a year sooner ready weighs about one fit point
TIE_EPS = 1e-6           # total tie-break penalty of one placement, in fit points
RUNNER_UPS = 3
DEFAULT_HORIZON_MONTHS = 18

REASONS: dict[str, str] = {
    "no_eligible_candidate": "no eligible candidate",
    "max_hours": "the other candidates need more than the maximum training hours",
    "budget": "the budget does not stretch further",
    "other_roles": "the remaining candidates are placed in other roles",
    "horizon": "the other eligible candidates are not ready by the ready-by date",
}


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months (the last day of a shorter month when needed)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_start(today: date | None = None) -> date:
    """The Monday after ``today``: where plans start unless told otherwise."""
    today = today or date.today()
    return today + timedelta(days=7 - today.weekday())


@dataclass
class Constraints:
    """What HR fixes before allocating (employee ids are workspace ids)."""

    max_hours_per_person: float | None = None
    budget: float | None = None
    hours_weight: float = HOURS_WEIGHT
    eligible_only: bool = True
    pins: dict[int, str] = field(default_factory=dict)
    exclusions: dict[int, set[str] | None] = field(default_factory=dict)  # None = every role
    start: date | None = None          # first training week (default: next Monday)
    ready_by: date | None = None       # horizon (default: start + 18 months)
    horizon: bool = True               # False: no ready-by limit at all
    weeks_weight: float = WEEKS_WEIGHT
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds for an exact solve under a budget

    @property
    def start_date(self) -> date:
        return self.start or default_start()

    @property
    def ready_by_date(self) -> date | None:
        if not self.horizon:
            return None
        return self.ready_by or add_months(self.start_date, DEFAULT_HORIZON_MONTHS)

    @property
    def horizon_weeks(self) -> int | None:
        """Whole training weeks between the start and the ready-by date (None: no limit)."""
        ready_by = self.ready_by_date
        return None if ready_by is None else max((ready_by - self.start_date).days // 7, 0)

    def to_json(self) -> dict[str, Any]:
        """The scalar settings (pins and exclusions are stored as allocation rules)."""
        ready_by = self.ready_by_date
        return {"max_hours_per_person": self.max_hours_per_person, "budget": self.budget,
                "hours_weight": self.hours_weight, "eligible_only": self.eligible_only,
                "weeks_weight": self.weeks_weight,
                "ready_by": ready_by.isoformat() if ready_by else None,
                "ready_by_given": self.ready_by is not None, "horizon": self.horizon}


@dataclass(frozen=True)
class Placement:
    employee_id: int
    employee_key: str
    role_id: str
    fit: float
    gap_hours: float
    cost: float
    pinned: bool = False
    eligible: bool = True
    weeks_to_ready: float = 0.0
    finish_date: str | None = None     # ISO date the plan ends (when planned)
    from_plan: bool = False            # hours/cost/weeks are the plan's own numbers

    def to_json(self) -> dict[str, Any]:
        return {"employee_id": self.employee_id, "employee_key": self.employee_key,
                "role_id": self.role_id, "fit": round(self.fit, 2),
                "gap_hours": _finite(self.gap_hours), "cost": _finite(self.cost),
                "pinned": self.pinned, "eligible": self.eligible,
                "weeks_to_ready": _finite(self.weeks_to_ready),
                "finish_date": self.finish_date, "from_plan": self.from_plan}


@dataclass
class RoleOutcome:
    role_id: str
    headcount: int
    chosen: list[Placement] = field(default_factory=list)
    runner_ups: list[Placement] = field(default_factory=list)
    unfilled: int = 0
    reason: str | None = None          # a key of REASONS when unfilled > 0

    def to_json(self) -> dict[str, Any]:
        return {"role_id": self.role_id, "headcount": self.headcount,
                "chosen": [p.to_json() for p in self.chosen],
                "runner_ups": [p.to_json() for p in self.runner_ups],
                "unfilled": self.unfilled, "reason": self.reason,
                "reason_text": REASONS.get(self.reason or "")}


@dataclass
class AllocationResult:
    roles: dict[str, RoleOutcome]
    budget: float | None = None
    max_hours_per_person: float | None = None
    multiplier: float = 0.0            # kept for older readers; always 0 (exact solve)
    warnings: list[str] = field(default_factory=list)
    solver: str = "assignment"         # "assignment" (linear_sum_assignment) or "milp"
    optimality_gap: float | None = None  # proven relative gap; None = proven optimal
    ready_by: date | None = None
    horizon_weeks: int | None = None
    start: date | None = None

    @property
    def placements(self) -> list[Placement]:
        return [p for outcome in self.roles.values() for p in outcome.chosen]

    @property
    def demanded(self) -> int:
        return sum(o.headcount for o in self.roles.values())

    @property
    def filled(self) -> int:
        return len(self.placements)

    @property
    def total_hours(self) -> float:
        return float(sum(p.gap_hours for p in self.placements))

    @property
    def total_cost(self) -> float:
        return float(sum(p.cost for p in self.placements))

    @property
    def mean_fit(self) -> float:
        chosen = self.placements
        return float(sum(p.fit for p in chosen) / len(chosen)) if chosen else 0.0

    def totals(self) -> dict[str, Any]:
        return {"demanded": self.demanded, "filled": self.filled,
                "unfilled": self.demanded - self.filled, "mean_fit": round(self.mean_fit, 2),
                "total_hours": _finite(self.total_hours), "total_cost": _finite(self.total_cost),
                "budget": self.budget, "max_hours_per_person": self.max_hours_per_person,
                "ready_by": self.ready_by.isoformat() if self.ready_by else None,
                "horizon_weeks": self.horizon_weeks,
                "start": self.start.isoformat() if self.start else None,
                "solver": self.solver, "optimality_gap": self.optimality_gap,
                "optimal": self.optimality_gap is None}

    def to_json(self) -> dict[str, Any]:
        return {"totals": self.totals(),
                "roles": [o.to_json() for o in self.roles.values()],
                "multiplier": self.multiplier, "warnings": list(self.warnings)}


def _finite(value: float) -> float | None:
    return round(float(value), 2) if math.isfinite(value) else None


@dataclass
class _Problem:
    """The allocation restricted to demanded roles, pinned people already placed."""

    value: np.ndarray      # float64 E×R' (fit − hours_weight × hours)
    cost: np.ndarray       # float64 E×R'
    ok: np.ndarray         # bool E×R': feasible without the budget
    slots: np.ndarray      # int open slots per role
    tie: np.ndarray        # float64 E: tie-break penalty by employee position
    fill: float            # bonus per filled slot (dominates any difference in value)
    prune: bool = True     # keep only each role's best K candidates (exact, see above)


def _solve(problem: _Problem, lam: float, ok: np.ndarray) -> np.ndarray:
    """Role column per employee row (-1 = none) maximising fill·count + Σ(value − λ·cost)."""
    n_emp = ok.shape[0]
    assigned = np.full(n_emp, -1, dtype=np.int64)
    total_slots = int(problem.slots.sum())
    if total_slots == 0:
        return assigned
    adjusted = problem.value - lam * problem.cost if lam else problem.value
    keep: list[np.ndarray] = []
    for j in np.flatnonzero(problem.slots > 0):
        rows = np.flatnonzero(ok[:, j])
        if problem.prune and len(rows) > total_slots:
            key = adjusted[rows, j] - problem.tie[rows]
            rows = rows[np.argpartition(-key, total_slots - 1)[:total_slots]]
        keep.append(rows)
    rows = np.unique(np.concatenate(keep)) if keep else np.zeros(0, dtype=np.int64)
    columns = np.repeat(np.arange(len(problem.slots)), problem.slots)
    # Tie-break by position among the kept rows (ascending ids): wider steps than the
    # global penalty, so they survive the solver's floating-point arithmetic.
    tie = TIE_EPS * np.arange(len(rows), dtype=np.float64) / max(len(rows), 1)
    gain = problem.fill + adjusted[np.ix_(rows, columns)] - tie[:, None]
    feasible = ok[np.ix_(rows, columns)]
    # Infeasible pairs: a finite cost above any feasible one and above "leave empty" (0).
    big = float(np.abs(gain).max(initial=0.0)) * 2 + 1.0
    matrix = np.vstack([np.where(feasible, -gain, big), np.zeros((total_slots, len(columns)))])
    from scipy.optimize import linear_sum_assignment  # loaded when first allocating

    row_ind, col_ind = linear_sum_assignment(matrix)
    for r, c in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
        if r < len(rows) and feasible[r, c]:
            assigned[rows[r]] = columns[c]
    return assigned


def _assignment_cost(problem: _Problem, assigned: np.ndarray) -> float:
    rows = np.flatnonzero(assigned >= 0)
    return float(problem.cost[rows, assigned[rows]].sum())


Override = tuple[float, float, float]   # (hours, cost, weeks to ready) of one pair


def allocate(scores: Scores, demand: Demand, constraints: Constraints | None = None,
             progress: Progress | None = None, *, runner_ups: int = RUNNER_UPS,
             prune: bool = True,
             overrides: dict[tuple[int, str], Override] | None = None) -> AllocationResult:
    """Choose at most one role per employee to fill ``demand`` (see the module docstring).

    Args:
        runner_ups: how many next-best candidates to list per role.
        prune: keep only each role's best candidates before the solver (exact; turning it
            off is for tests and diagnostics).
        overrides: {(employee id, role id): (hours, cost, weeks)} replacing the scores'
            numbers for those pairs (e.g. the plan's own numbers).

    Raises:
        PlannerError: a role, pin or exclusion that cannot be honoured (unknown role or
            employee, more pins than headcount, pinned people alone over the budget).
    """
    constraints = constraints or Constraints()
    report(progress, 0, 3, "Preparing the allocation")
    unknown = [r for r in demand.headcount if r not in scores.role_ids]
    if unknown:
        raise PlannerError(f"the demand names roles the workspace does not have: "
                           f"{', '.join(unknown)}")
    roles = [r for r in scores.role_ids if demand.headcount.get(r, 0) > 0]
    role_pos = {r: j for j, r in enumerate(roles)}
    cols = [scores.col_of(r) for r in roles]
    n_emp = len(scores.employee_ids)
    fit = scores.fit[:, cols].astype(np.float64)
    hours = scores.gap_hours[:, cols].astype(np.float64)
    cost = scores.gap_cost[:, cols].astype(np.float64)
    weeks = scores.weeks_to_ready[:, cols].astype(np.float64)
    for (employee_id, role_id), (h, c, w) in (overrides or {}).items():
        if role_id in role_pos:
            try:
                r = scores.row_of(int(employee_id))
            except KeyError:
                continue
            hours[r, role_pos[role_id]] = h
            cost[r, role_pos[role_id]] = c
            weeks[r, role_pos[role_id]] = w
    base = np.isfinite(hours) & np.isfinite(cost)
    if constraints.eligible_only:
        base &= scores.eligible[:, cols]
    ok_any_hours = base.copy()
    if constraints.max_hours_per_person is not None:
        base &= hours <= constraints.max_hours_per_person
    horizon_weeks = constraints.horizon_weeks
    before_horizon = base.copy()
    if horizon_weeks is not None:
        base &= weeks <= horizon_weeks

    def row(employee_id: int, what: str) -> int:
        try:
            return scores.row_of(int(employee_id))
        except KeyError:
            raise PlannerError(f"{what}: no employee with id {employee_id}") from None

    for employee_id, excluded in constraints.exclusions.items():
        r = row(employee_id, "exclusion")
        if excluded is None:
            base[r, :] = ok_any_hours[r, :] = False
        else:
            for role_id in excluded:
                if role_id in role_pos:
                    base[r, role_pos[role_id]] = ok_any_hours[r, role_pos[role_id]] = False

    slots = np.array([demand.headcount[r] for r in roles], dtype=np.int64)
    warnings: list[str] = []
    pinned: dict[int, int] = {}
    for employee_id, role_id in sorted(constraints.pins.items()):
        r = row(employee_id, "pin")
        key = scores.employee_keys[r]
        if role_id not in role_pos:
            raise PlannerError(f"{key} is pinned to {role_id!r}, which the demand does not ask "
                               "for")
        excluded = constraints.exclusions.get(employee_id, set())
        if excluded is None or role_id in excluded:
            raise PlannerError(f"{key} is both pinned to and excluded from {role_id!r}")
        j = role_pos[role_id]
        if slots[j] == 0:
            raise PlannerError(f"more people are pinned to {role_id!r} than its headcount "
                               f"({demand.headcount[role_id]})")
        slots[j] -= 1
        pinned[r] = j
        if not base[r, j]:
            warnings.append(f"{key} is pinned to {role_id} although not eligible or over the "
                            "maximum hours")
    pinned_rows = np.array(sorted(pinned), dtype=np.int64)
    base[pinned_rows, :] = False
    ok_any_hours[pinned_rows, :] = False
    pinned_cost = float(sum(cost[r, j] for r, j in pinned.items()))
    budget_left = None
    if constraints.budget is not None:
        budget_left = constraints.budget - pinned_cost
        if budget_left < 0:
            raise PlannerError(f"the pinned people alone cost {pinned_cost:,.0f}, more than the "
                               f"budget of {constraints.budget:,.0f}")

    value = (fit - constraints.hours_weight * np.where(np.isfinite(hours), hours, 0.0)
             - constraints.weeks_weight * np.where(np.isfinite(weeks), weeks, 0.0))
    spread = float(np.ptp(value[base])) if base.any() else 0.0
    extreme = float(np.abs(value[base]).max()) if base.any() else 0.0
    problem = _Problem(
        value=value, cost=np.where(np.isfinite(cost), cost, 0.0), ok=base, slots=slots,
        tie=TIE_EPS * np.arange(n_emp, dtype=np.float64) / max(n_emp, 1),
        fill=(int(slots.sum()) + 1) * (spread + 1.0) + 2 * extreme, prune=prune)

    report(progress, 1, 3, "Solving the assignment")
    unconstrained = _solve(problem, 0.0, base)
    assigned, solver, gap = unconstrained, "assignment", None
    if budget_left is not None:
        report(progress, 1, 3, "Solving within the budget (exact)")
        solution = solve_budgeted(problem.value, problem.cost, base, slots, budget_left,
                                  problem.tie, time_limit=constraints.time_limit)
        assigned, solver, gap = solution.assigned, "milp", solution.gap
        if gap is not None:
            warnings.append(f"the exact solve stopped at its time limit; the allocation is "
                            f"within {gap:.2%} of the best possible")

    report(progress, 2, 3, "Collecting the result")
    outcomes: dict[str, RoleOutcome] = {}
    chosen_rows = set(np.flatnonzero(assigned >= 0).tolist()) | set(pinned)

    def placement(r: int, j: int, is_pinned: bool = False) -> Placement:
        c = cols[j]
        return Placement(int(scores.employee_ids[r]), scores.employee_keys[r], roles[j],
                         float(scores.fit[r, c]), float(hours[r, j]), float(cost[r, j]),
                         is_pinned, bool(scores.eligible[r, c]), float(weeks[r, j]))

    for j, role_id in enumerate(roles):
        outcome = RoleOutcome(role_id, demand.headcount[role_id])
        members = [(r, True) for r, pj in pinned.items() if pj == j]
        members += [(int(r), False) for r in np.flatnonzero(assigned == j)]
        order = sorted(members, key=lambda m: (-scores.fit[m[0], cols[j]], weeks[m[0], j],
                                               hours[m[0], j], scores.employee_ids[m[0]]))
        outcome.chosen = [placement(r, j, p) for r, p in order]
        outcome.unfilled = outcome.headcount - len(outcome.chosen)
        free = np.flatnonzero(base[:, j])
        ranked = candidate_order(scores, cols[j], free) if len(free) else free
        outcome.runner_ups = [placement(int(r), j) for r in
                              [r for r in ranked[: runner_ups + len(chosen_rows)]
                               if int(r) not in chosen_rows][:runner_ups]]
        if outcome.unfilled:
            outcome.reason = _reason(j, base, ok_any_hours, unconstrained, assigned,
                                     constraints, before_horizon)
        outcomes[role_id] = outcome
    result = AllocationResult(outcomes, constraints.budget, constraints.max_hours_per_person,
                              0.0, warnings, solver, gap, constraints.ready_by_date,
                              horizon_weeks, constraints.start_date)
    budget = constraints.budget
    if budget is not None and result.total_cost > budget + 1e-6 * max(abs(budget), 1.0):
        raise AssertionError("allocation exceeds the budget")  # the exact solve forbids it
    report(progress, 3, 3, "Allocated")
    return result


def _reason(j: int, ok: np.ndarray, ok_any_hours: np.ndarray, unconstrained: np.ndarray,
            assigned: np.ndarray, constraints: Constraints,
            before_horizon: np.ndarray) -> str:
    filled = int((assigned == j).sum())
    if constraints.budget is not None and int((unconstrained == j).sum()) > filled:
        return "budget"
    candidates = int(ok[:, j].sum())
    if candidates <= filled:
        if constraints.max_hours_per_person is not None and int(ok_any_hours[:, j].sum()) > filled:
            return "max_hours"
        if int(before_horizon[:, j].sum()) > filled:
            return "horizon"
        return "no_eligible_candidate"
    # Filling slots comes first, so a free candidate left out can only be too expensive.
    if (ok[:, j] & (assigned < 0)).any():
        return "budget"
    return "other_roles"
