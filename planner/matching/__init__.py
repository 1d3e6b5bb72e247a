"""Matching: fit of every employee for every role, explanations, rankings, allocation,
fairness check and scenarios (no Qt).

Typical use::

    bundle = score_workspace(ws)                       # catalog, levels, paths, scores
    top = top_candidates(bundle.scores, "prompt_engineer", 10)
    why = explain(bundle.levels, bundle.catalog, top[0].employee_id, "prompt_engineer")
    result = allocate(bundle.scores, Demand.from_csv("demand.csv", bundle.catalog),
                      Constraints(budget=50_000))
    save_scenario(ws, "Default", demand, constraints, result)
    report = fairness(ws, [p.employee_id for p in result.placements], "site")

    # the whole job as the CLI and the GUI do it (plans' numbers, fairness, saved):
    from planner.matching.run import allocate_scenario
    run = allocate_scenario(ws, "Default", demand, Constraints(budget=50_000))
"""

from planner.matching.allocation import (
    HOURS_WEIGHT,
    REASONS,
    AllocationResult,
    Constraints,
    Placement,
    RoleOutcome,
    allocate,
)
from planner.matching.demand import Demand
from planner.matching.explain import Blocker, Explanation, SkillGap, explain, role_blockers
from planner.matching.fairness import (
    FOUR_FIFTHS,
    FairnessReport,
    GroupRate,
    default_attributes,
    fairness,
    group_labels,
    ratio_text,
)
from planner.matching.gates import credential_gates, readiness_text, why_not
from planner.matching.rankings import Match, best_roles, top_candidates
from planner.matching.scenarios import (
    DEFAULT_SCENARIO,
    SavedScenario,
    load_scenario,
    save_scenario,
)
from planner.matching.scoring import (
    NEAR_MAX_HOURS,
    READINESS_LABELS,
    RESKILL_MAX_HOURS,
    RoleMatrices,
    Scores,
    effective_levels,
    score,
)
from planner.matching.workspace import ScoredWorkspace, score_workspace, weekly_hours_note

__all__ = [
    "DEFAULT_SCENARIO",
    "FOUR_FIFTHS",
    "HOURS_WEIGHT",
    "NEAR_MAX_HOURS",
    "READINESS_LABELS",
    "REASONS",
    "RESKILL_MAX_HOURS",
    "AllocationResult",
    "Blocker",
    "Constraints",
    "Demand",
    "Explanation",
    "FairnessReport",
    "GroupRate",
    "Match",
    "Placement",
    "RoleMatrices",
    "RoleOutcome",
    "SavedScenario",
    "ScoredWorkspace",
    "Scores",
    "SkillGap",
    "allocate",
    "best_roles",
    "credential_gates",
    "default_attributes",
    "effective_levels",
    "explain",
    "fairness",
    "group_labels",
    "load_scenario",
    "ratio_text",
    "readiness_text",
    "role_blockers",
    "save_scenario",
    "score",
    "score_workspace",
    "top_candidates",
    "weekly_hours_note",
    "why_not",
]
