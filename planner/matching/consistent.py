"""One set of numbers: an allocation whose hours, cost and weeks are those of its plans.

The scores' gap hours count the module chains that close each skill gap. A plan adds what
those chains need (prerequisite modules, skill levels a module requires) and may swap a
workshop for its self-paced alternative when no cohort forms in time, so its hours, cost
and finish can only be known by planning. :func:`allocate_consistent` therefore

1. allocates on the scores' numbers,
2. plans the chosen people exactly as ``plan`` will (same settings),
3. replaces the numbers of every chosen pair by its plan's (hours, cost, weeks to ready)
   and allocates again, until the chosen people's numbers are their plans' numbers.

The scores' numbers never exceed a plan's (a plan contains the chains), so pairs not yet
planned are judged optimistically and a pair whose plan is worse is re-judged: the final
allocation is optimal for the plan numbers of the pairs it chose. Each placement reports
its plan's hours, cost, weeks to ready and finish date.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

from planner.catalog.model import Catalog
from planner.catalog.paths import ModulePaths
from planner.matching.allocation import AllocationResult, Constraints, allocate
from planner.matching.demand import Demand
from planner.matching.scoring import Scores
from planner.planning.builder import build_plans
from planner.planning.model import Person, PlanSet, PlanSettings
from planner.progress import Progress
from planner.store.levels import LevelMatrix

log = logging.getLogger("planner.matching")

MAX_ROUNDS = 8


def allocate_consistent(
    scores: Scores,
    levels: LevelMatrix,
    catalog: Catalog,
    demand: Demand,
    constraints: Constraints,
    settings: PlanSettings,
    *,
    people: Mapping[int, Person] | None = None,
    paths: ModulePaths | None = None,
    progress: Progress | None = None,
) -> tuple[AllocationResult, PlanSet]:
    """Allocate with the plans' own numbers (see the module docstring).

    Returns:
        The allocation (placements carry plan hours, cost, weeks and finish date) and the
        plans it leads to (not saved).
    """
    overrides: dict[tuple[int, str], tuple[float, float, float]] = {}
    result = plans = None
    for _round in range(MAX_ROUNDS):
        result = allocate(scores, demand, constraints, progress, overrides=overrides)
        pairs = [(p.employee_id, p.role_id) for p in result.placements]
        plans = build_plans(catalog, levels, pairs, settings, paths, people=people)
        changed = False
        for placement in result.placements:
            plan = plans.plan_of(placement.employee_id)
            numbers = (plan.hours, plan.cost, float(plan.weeks_to_ready))
            key = (placement.employee_id, placement.role_id)
            if overrides.get(key) != numbers:
                overrides[key] = numbers
                used = (placement.gap_hours, placement.cost, placement.weeks_to_ready)
                changed = changed or any(
                    abs(a - b) > 1e-6 for a, b in zip(used, numbers, strict=True)
                )
        if not changed:
            break
    else:
        log.info("allocation and plans did not settle in %d rounds", MAX_ROUNDS)
    assert result is not None and plans is not None
    _use_plan_numbers(result, plans)
    budget = constraints.budget
    if budget is not None and result.total_cost > budget + 1e-6 * max(budget, 1.0):
        result.warnings.append(
            f"the plans cost {result.total_cost:,.2f}, more than the budget of {budget:,.2f} "
            "(workshop alternatives or prerequisites changed after the allocation)"
        )
    late = [p for p in plans.plans if p.past(constraints.ready_by_date)]
    if late:
        result.warnings.append(
            f"{len(late)} plans finish after the ready-by date "
            f"{constraints.ready_by_date.isoformat()}: "
            + ", ".join(f"{p.person.employee_key} {p.person.name}".strip() for p in late)
        )
    return result, plans


def _use_plan_numbers(result: AllocationResult, plans: PlanSet) -> None:
    """Every placement (chosen and runner-up) shows its plan's numbers where planned."""
    by_id = {p.employee_id: p for p in plans.plans}
    for outcome in result.roles.values():
        chosen = []
        for placement in outcome.chosen:
            plan = by_id.get(placement.employee_id)
            if plan is None:
                chosen.append(placement)
                continue
            finish = plan.finish_date
            chosen.append(
                replace(
                    placement,
                    gap_hours=plan.hours,
                    cost=plan.cost,
                    weeks_to_ready=float(plan.weeks_to_ready),
                    finish_date=finish.isoformat() if finish else None,
                    from_plan=True,
                )
            )
        outcome.chosen = chosen
