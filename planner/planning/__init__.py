"""Training plans: learning paths, schedules, workshop cohorts, status and progress.

Core (pure): :func:`build_plans` turns (employee id, role id) pairs into a
:class:`PlanSet` (per-person :class:`PersonPlan` with :class:`PlanItem` s, and the
:class:`Cohort` s). Workspace: :func:`plan_scenario` plans a scenario's allocation and
saves it (one transaction, statuses kept), :func:`load_plan` reads it back,
:func:`set_status` / :func:`progress_report` track it, :func:`diff_plan_updates` /
:func:`apply_plan_updates` take back an edited plans workbook, :func:`compare_scenarios`
puts scenarios side by side.
"""

from planner.planning.builder import build_plans
from planner.planning.cohorts import cohort_sizes
from planner.planning.compare import compare_scenarios
from planner.planning.learning import Path, PathBuilder, effective_levels
from planner.planning.model import (
    NEEDS_COHORT,
    STATUSES,
    Cohort,
    Person,
    PersonPlan,
    PlanItem,
    PlanSet,
    PlanSettings,
    Totals,
    next_monday,
)
from planner.planning.schedule import WeekCursor, week_loads, within_capacity
from planner.planning.store import (
    NoScenario,
    list_scenarios,
    load_plan,
    plan_scenario,
    resolve_scenario,
    save_plan,
    scenario_settings,
    update_cohort,
)
from planner.planning.tracking import normalise_status, progress_report, set_status
from planner.planning.updates import (
    PlanChange,
    apply_plan_updates,
    diff_plan_updates,
    read_plan_workbook,
)

__all__ = [
    "NEEDS_COHORT",
    "STATUSES",
    "Cohort",
    "NoScenario",
    "Path",
    "PathBuilder",
    "Person",
    "PersonPlan",
    "PlanChange",
    "PlanItem",
    "PlanSet",
    "PlanSettings",
    "Totals",
    "WeekCursor",
    "apply_plan_updates",
    "build_plans",
    "cohort_sizes",
    "compare_scenarios",
    "diff_plan_updates",
    "effective_levels",
    "list_scenarios",
    "load_plan",
    "next_monday",
    "normalise_status",
    "plan_scenario",
    "progress_report",
    "read_plan_workbook",
    "resolve_scenario",
    "save_plan",
    "scenario_settings",
    "set_status",
    "update_cohort",
    "week_loads",
    "within_capacity",
]
