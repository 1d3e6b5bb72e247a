"""Allocating a scenario in a workspace, the way the CLI and the GUI both do it.

Score (unless scores are given), allocate with the plans' own numbers
(:func:`~planner.matching.consistent.allocate_consistent`), check fairness over the
eligible pool and the workforce, and save the scenario with its plan settings, the
fairness reports and the attributes they were checked on. The plan itself is saved by
``plan`` (or :func:`planner.planning.plan_scenario`), which reproduces the same numbers; a
scenario that already had a plan gets it built again for the new allocation in the same
transaction, so its plan and allocation never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from planner.matching.allocation import AllocationResult, Constraints
from planner.matching.consistent import allocate_consistent
from planner.matching.demand import Demand
from planner.matching.fairness import FairnessReport, default_attributes, fairness
from planner.matching.scenarios import save_scenario
from planner.matching.workspace import ScoredWorkspace, score_workspace, weekly_hours_note
from planner.planning.model import PlanSet
from planner.planning.store import load_people, plan_scenario, scenario_settings
from planner.progress import Progress
from planner.store.workspace import Workspace
from planner.wording import counted


@dataclass
class AllocationRun:
    scenario_id: int
    result: AllocationResult
    plans: PlanSet
    fairness: list[FairnessReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # which weekly hours apply, …
    eligible_pool: int = 0  # people eligible for a demanded role
    replanned: bool = False  # the scenario had a plan, built again for this allocation

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario_id": self.scenario_id,
            **self.result.to_json(),
            "fairness": [r.to_json() for r in self.fairness],
            "notes": list(self.notes),
            "eligible_pool": self.eligible_pool,
            "past_horizon": [
                {
                    "employee_key": p.person.employee_key,
                    "name": p.person.name,
                    "role": p.role_id,
                    "finish_date": p.finish_date.isoformat() if p.finish_date else None,
                }
                for p in self.plans.past_horizon
            ],
        }


def eligible_pool(scored: ScoredWorkspace, demand: Demand) -> list[int]:
    """Employee ids eligible for at least one demanded role."""
    scores = scored.scores
    cols = [scores.col_of(r) for r, n in demand.headcount.items() if n > 0 and r in scores.role_ids]
    if not cols:
        return []
    return scores.employee_ids[scores.eligible[:, cols].any(axis=1)].tolist()


def allocate_scenario(
    ws: Workspace,
    name: str,
    demand: Demand,
    constraints: Constraints,
    *,
    attributes: Sequence[str] | None = None,
    hours_per_week: float | None = None,
    max_wait_weeks: int | None = None,
    start: date | None = None,
    scored: ScoredWorkspace | None = None,
    progress: Progress | None = None,
) -> AllocationRun:
    """Allocate ``demand`` and save it as scenario ``name`` (see the module docstring).

    Args:
        attributes: fairness attributes (default: :func:`default_attributes`).
        hours_per_week: weekly training hours for people without their own (default: the
            scenario's last value, else the workspace setting).
        max_wait_weeks: longest wait for a workshop cohort (default: the scenario's, else 4).
        start: first training week (default: the scenario's last start, else next Monday).
        scored: scores already computed with the same weekly hours.
    """
    row = ws.conn.execute("SELECT id FROM scenarios WHERE name = ?", (name,)).fetchone()
    settings = scenario_settings(
        ws,
        row[0] if row else None,
        start=start or constraints.start,
        hours_per_week=hours_per_week,
        max_wait_weeks=max_wait_weeks,
    )
    constraints.start = settings.start
    settings = replace(settings, horizon=constraints.ready_by_date)
    if scored is None or hours_per_week is not None:
        scored = score_workspace(ws, progress, hours_per_week=settings.hours_per_week)
    people = load_people(ws)
    result, plans = allocate_consistent(
        scored.scores,
        scored.levels,
        scored.catalog,
        demand,
        constraints,
        settings,
        people=people,
        paths=scored.paths,
        progress=progress,
    )
    selected = [p.employee_id for p in result.placements]
    pool = eligible_pool(scored, demand)
    reports: list[FairnessReport] = []
    for attribute in attributes or default_attributes(ws):
        reports.append(fairness(ws, selected, attribute, pool_ids=pool))
        reports.append(fairness(ws, selected, attribute))
    note, _nothing = weekly_hours_note(ws, hours_per_week)
    if progress is not None:
        progress.check()
    plan_keys = {
        k: v
        for k, v in settings.to_json().items()
        if k
        in (
            "start",
            "hours_per_week",
            "min_cohort",
            "max_cohort",
            "blocked_weeks",
            "max_wait_weeks",
        )
    }
    notes = [note]
    with ws.transaction():
        started = _training_under_way(ws, row[0]) if row else {}
        had_plan = bool(row) and ws.conn.execute(
            "SELECT 1 FROM plan_items WHERE scenario_id = ? LIMIT 1", (row[0],)
        ).fetchone() is not None
        scenario_id = save_scenario(
            ws,
            name,
            demand,
            constraints,
            result,
            plan_settings=plan_keys,
            fairness=[r.to_json() for r in reports],
        )
        if had_plan:
            # the old plan was the old allocation's: never leave the two apart
            plans = plan_scenario(ws, scenario_id)
            notes.append("the scenario's training plan was built again for this allocation "
                         "(statuses kept for training that continues)")
        dropped = sorted(set(started) - {p.employee_id for p in result.placements})
        if dropped:  # only a planned scenario has training under way
            names = ", ".join(started[e] for e in dropped[:5]) + (", …" if len(dropped) > 5
                                                                 else "")
            who = counted(len(dropped), "person with training under way is",
                          "people with training under way are")
            notes.append(f"{who} no longer chosen, so their plan was removed: {names} "
                         "(finished modules stay in their skill levels)")
    return AllocationRun(scenario_id, result, plans, reports, notes, len(pool), had_plan)


def _training_under_way(ws: Workspace, scenario_id: int) -> dict[int, str]:
    """{employee id: "key name"} of the people of a scenario's plan with an item started or
    done."""
    return {
        int(e): f"{key} {name or ''}".strip()
        for e, key, name in ws.conn.execute(
            "SELECT DISTINCT p.employee_id, e.employee_key, e.name FROM plan_items p "
            "JOIN employees e ON e.id = p.employee_id "
            "WHERE p.scenario_id = ? AND p.status <> 'planned'",
            (scenario_id,),
        )
    }
