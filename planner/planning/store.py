"""Plans in the workspace: plan a scenario's allocation, save and load plan items and cohorts.

A scenario's plan settings (start, hours per week, cohort sizes, blocked weeks) are kept
in its ``constraints`` so re-planning keeps the dates stable; the levels at plan time
(for the progress report) go to ``results["plan"]``, with the figures derived from the
items (totals, finish, who is past the ready-by date), rewritten whenever the items change.
Workshop moves made by hand are remembered in the constraints and kept on a rebuild
(``cohort_moves``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from planner.catalog.revision import stamp_scenario
from planner.errors import PlannerError
from planner.planning.builder import build_plans
from planner.planning.cohort_moves import MOVES_KEY, reapply_moves, remembered_moves
from planner.planning.model import (
    DEFAULT_MAX_WAIT_WEEKS,
    Cohort,
    Person,
    PersonPlan,
    PlanItem,
    PlanSet,
    PlanSettings,
    next_monday,
)
from planner.progress import Progress
from planner.store.levels import current_levels
from planner.store.workspace import Workspace, now_iso

log = logging.getLogger("planner.planning")

PLAN_KEYS = ("start", "hours_per_week", "min_cohort", "max_cohort", "blocked_weeks",
             "max_wait_weeks")


class NoScenario(PlannerError):
    """The workspace has no scenario (allocation) to plan, or not the one asked for."""


def list_scenarios(ws: Workspace) -> list[tuple[int, str]]:
    """(id, name) of every scenario, the most recently updated first."""
    return [tuple(r) for r in ws.conn.execute(
        "SELECT id, name FROM scenarios ORDER BY updated_at DESC, id DESC")]


def resolve_scenario(ws: Workspace, scenario: str | int | None = None) -> tuple[int, str]:
    """The (id, name) of a scenario given by name or id; the latest one when None.

    Raises:
        NoScenario: the workspace has none, or none by that name.
    """
    scenarios = list_scenarios(ws)
    if not scenarios:
        raise NoScenario(f"{ws.path.name} has no allocation to plan yet: allocate people "
                         "to roles for a demand first.")
    if scenario is None:
        return scenarios[0]
    for sid, name in scenarios:
        if name == scenario or (isinstance(scenario, int) and sid == scenario):
            return sid, name
    names = ", ".join(sorted(n for _, n in scenarios))
    raise NoScenario(f"no scenario named {scenario!r} in {ws.path.name} (there are: {names})")


def _json_column(ws: Workspace, scenario_id: int, column: str) -> dict[str, Any]:
    row = ws.conn.execute(f"SELECT {column} FROM scenarios WHERE id = ?",
                          (scenario_id,)).fetchone()
    try:
        value = json.loads(row[0]) if row and row[0] else {}
    except json.JSONDecodeError:
        value = {}
    return value if isinstance(value, dict) else {}


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def scenario_settings(ws: Workspace, scenario_id: int | None, *, start: date | None = None,
                      hours_per_week: float | None = None, min_cohort: int | None = None,
                      max_cohort: int | None = None,
                      blocked_weeks: Iterable[date] | None = None,
                      max_wait_weeks: int | None = None,
                      horizon: date | None = None) -> PlanSettings:
    """Plan settings: the arguments given, else the scenario's last ones, else defaults.

    ``scenario_id`` None: a scenario not saved yet (the workspace's defaults). The horizon
    (ready-by date) is the scenario's allocation's unless given.
    """
    stored = _json_column(ws, scenario_id, "constraints") if scenario_id is not None else {}

    def pick(value: Any, key: str, default: Any) -> Any:
        if value is not None:
            return value
        return stored.get(key) if stored.get(key) is not None else default

    try:
        stored_start = _as_date(stored.get("start"))
    except ValueError:
        stored_start = None
    blocked = blocked_weeks if blocked_weeks is not None else [
        _as_date(d) for d in stored.get("blocked_weeks", ()) or ()]
    settings = PlanSettings(
        start=start or stored_start or next_monday(),
        hours_per_week=float(pick(hours_per_week, "hours_per_week",
                                  ws.setting("weekly_training_hours", 4.0))),
        min_cohort=int(pick(min_cohort, "min_cohort", ws.setting("min_cohort", 4))),
        max_cohort=int(pick(max_cohort, "max_cohort", ws.setting("max_cohort", 16))),
        blocked_weeks=tuple(sorted(d for d in blocked if d is not None)),
        max_wait_weeks=_max_wait(max_wait_weeks, stored,
                                 ws.setting("max_wait_weeks", DEFAULT_MAX_WAIT_WEEKS)),
        horizon=horizon or _stored_date(stored.get("ready_by")),
    )
    if not settings.hours_per_week > 0:
        raise PlannerError("hours per week must be more than 0")
    if settings.min_cohort < 1 or settings.max_cohort < settings.min_cohort:
        raise PlannerError(f"cohort sizes must satisfy 1 <= min <= max (got "
                           f"{settings.min_cohort} and {settings.max_cohort})")
    return settings


def _stored_date(value: Any) -> date | None:
    try:
        return _as_date(value)
    except ValueError:
        return None


def _max_wait(given: int | None, stored: dict[str, Any], default: Any) -> int | None:
    """The longest cohort wait: given, else the scenario's, else the workspace setting."""
    if given is not None:
        return int(given)
    value = stored.get("max_wait_weeks", default)
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return DEFAULT_MAX_WAIT_WEEKS


def load_people(ws: Workspace, employee_ids: Iterable[int] | None = None) -> dict[int, Person]:
    rows = ws.conn.execute("SELECT id, employee_key, name, department, site, weekly_hours "
                           "FROM employees")
    wanted = set(employee_ids) if employee_ids is not None else None
    return {r[0]: Person(*r) for r in rows if wanted is None or r[0] in wanted}


def plan_scenario(ws: Workspace, scenario: str | int | None = None, *,
                  start: date | None = None, hours_per_week: float | None = None,
                  min_cohort: int | None = None, max_cohort: int | None = None,
                  blocked_weeks: Iterable[date] | None = None,
                  max_wait_weeks: int | None = None,
                  progress: Progress | None = None) -> PlanSet:
    """Plan a scenario's allocation and save its plan items and cohorts (one transaction).

    The scenario's previous plan is replaced; items that are still in the plan keep their
    status, status date and id, and finished items that are no longer needed (their skill
    was raised) stay as a record. Settings not given come from the scenario's last plan,
    then from the workspace settings.

    Raises:
        NoScenario: nothing allocated yet, or no such scenario.
        CatalogError: a prerequisite cycle among the modules.
    """
    scenario_id, name = resolve_scenario(ws, scenario)
    settings = scenario_settings(ws, scenario_id, start=start, hours_per_week=hours_per_week,
                                 min_cohort=min_cohort, max_cohort=max_cohort,
                                 blocked_weeks=blocked_weeks, max_wait_weeks=max_wait_weeks)
    pairs = ws.conn.execute("SELECT employee_id, role_id FROM allocations "
                            "WHERE scenario_id = ? ORDER BY employee_id",
                            (scenario_id,)).fetchall()
    catalog = ws.catalog()
    levels = current_levels(ws)
    people = load_people(ws, (p[0] for p in pairs))
    plan_set = build_plans(catalog, levels, pairs, settings, progress=progress, people=people)
    plan_set.scenario, plan_set.scenario_id = name, scenario_id
    remembered = remembered_moves(_json_column(ws, scenario_id, "constraints"))
    if remembered:
        plan_set.moves, dropped = reapply_moves(plan_set, remembered)
        kept = len(plan_set.moves)
        if kept:
            plan_set.notes.append(f"{kept} workshop {'move' if kept == 1 else 'moves'} made "
                                  "by hand kept")
        plan_set.notes.extend(dropped)
    budget = _json_column(ws, scenario_id, "constraints").get("budget")
    plan_set.budget = float(budget) if budget is not None else None
    save_plan(ws, plan_set)
    return plan_set


def save_plan(ws: Workspace, plan_set: PlanSet) -> None:
    """Replace the scenario's plan items and cohorts with ``plan_set`` (one transaction)."""
    sid = plan_set.scenario_id
    if sid is None:
        raise ValueError("the plan set has no scenario id")
    settings = plan_set.settings
    catalog_modules = dict(ws.conn.execute("SELECT id, title FROM modules"))
    with ws.transaction():
        old = {(r[2], r[4]): r for r in ws.conn.execute(
            "SELECT id, scenario_id, employee_id, role_id, module_id, seq, start_week, "
            "end_week, start_date, end_date, hours, cost, cohort_id, status, status_date "
            "FROM plan_items WHERE scenario_id = ?", (sid,))}
        # facilitators and rooms stay with the n-th session of a module at a site
        staffed: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for module_id, site, facilitator, room in ws.conn.execute(
                "SELECT module_id, site, facilitator, room FROM cohorts WHERE scenario_id = ? "
                "ORDER BY week, id", (sid,)):
            staffed.setdefault((module_id, site), []).append((facilitator, room))
        for cohort in plan_set.cohorts:
            previous = staffed.get((cohort.module_id, cohort.site), [])
            if cohort.number <= len(previous) and not (cohort.facilitator or cohort.room):
                cohort.facilitator, cohort.room = previous[cohort.number - 1]
        ws.conn.execute("DELETE FROM plan_items WHERE scenario_id = ?", (sid,))
        ws.conn.execute("DELETE FROM cohorts WHERE scenario_id = ?", (sid,))
        stamp_scenario(ws, sid, "plan")
        next_cohort = (ws.conn.execute("SELECT coalesce(max(id), 0) FROM cohorts")
                       .fetchone()[0]) + 1
        for cohort in plan_set.cohorts:
            cohort.id = next_cohort
            next_cohort += 1
        ws.conn.executemany(
            "INSERT INTO cohorts (id, scenario_id, module_id, site, week, session_date, "
            "facilitator, room) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(c.id, sid, c.module_id, c.site, c.week, c.session_date.isoformat(),
              c.facilitator, c.room) for c in plan_set.cohorts])
        next_item = max([ws.conn.execute("SELECT coalesce(max(id), 0) FROM plan_items")
                         .fetchone()[0], *(r[0] for r in old.values())]) + 1
        kept: set[tuple[int, str]] = set()
        finished: dict[int, list[tuple]] = {}
        for key, row in old.items():
            if row[13] == "done":
                finished.setdefault(key[0], []).append((key, row))
        for plan in plan_set.plans:
            history = []
            planned = {i.module_id for i in plan.items}
            for key, row in finished.get(plan.employee_id, ()):
                # finished modules that the new path no longer needs remain as a record
                if row[3] == plan.role_id and key[1] not in planned:
                    start_date, end_date = _as_date(row[8]), _as_date(row[9])
                    history.append(PlanItem(
                        employee_id=plan.employee_id, role_id=plan.role_id, module_id=key[1],
                        title=catalog_modules.get(key[1], key[1]), skill="", from_level=0,
                        to_level=0, format="", seq=0, start_week=settings.week_of(start_date),
                        end_week=settings.week_of(end_date), start_date=start_date,
                        end_date=end_date, hours=row[10], cost=row[11], status="done",
                        status_date=_as_date(row[14]), id=row[0]))
            _fill_module_fields(ws, history)
            plan.items[:0] = sorted(history, key=lambda i: (i.start_date, i.module_id))
            for seq, item in enumerate(plan.items, 1):
                item.seq = seq
                previous = old.get((item.employee_id, item.module_id))
                if item.id is None and previous is not None:
                    item.id = previous[0]
                    item.status = previous[13]
                    item.status_date = _as_date(previous[14])
                if item.id is None:
                    item.id = next_item
                    next_item += 1
                kept.add((item.employee_id, item.module_id))
        ws.conn.executemany(
            "INSERT INTO plan_items (id, scenario_id, employee_id, role_id, module_id, seq, "
            "start_week, end_week, start_date, end_date, hours, cost, cohort_id, status, "
            "status_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(i.id, sid, i.employee_id, i.role_id, i.module_id, i.seq, i.start_week,
              i.end_week, i.start_date.isoformat(), i.end_date.isoformat(), i.hours, i.cost,
              plan_set.cohorts[i.cohort].id if i.cohort is not None else None, i.status,
              i.status_date.isoformat() if i.status_date else None)
             for plan in plan_set.plans for i in plan.items])
        constraints = _json_column(ws, sid, "constraints")
        constraints.update({k: v for k, v in settings.to_json().items() if k in PLAN_KEYS})
        if plan_set.moves is not None:
            constraints[MOVES_KEY] = plan_set.moves
        results = _json_column(ws, sid, "results")
        results["plan"] = {
            "planned_at": now_iso(),
            "baseline": {str(p.employee_id): p.baseline for p in plan_set.plans},
            "unmet": {str(p.employee_id): [list(u) for u in p.unmet]
                      for p in plan_set.plans if p.unmet},
            "idle_weeks": {str(p.employee_id): p.idle_weeks for p in plan_set.plans
                           if p.idle_weeks},
        }
        ws.conn.execute("UPDATE scenarios SET constraints = ? WHERE id = ?",
                        (json.dumps(constraints), sid))
        _store_figures(ws, plan_set, results)
    log.info("saved plan of scenario %s: %d items, %d cohorts", plan_set.scenario,
             len(kept), len(plan_set.cohorts))


def store_plan_figures(ws: Workspace, plan_set: PlanSet) -> None:
    """Write the figures derived from a scenario's plan items (totals, finish dates, who is
    past the ready-by date) into the scenario, after the items changed (e.g. a workshop
    move), so every page, export and command shows the same numbers."""
    with ws.transaction():
        _store_figures(ws, plan_set, _json_column(ws, plan_set.scenario_id, "results"))


def _store_figures(ws: Workspace, plan_set: PlanSet, results: dict[str, Any]) -> None:
    sid = plan_set.scenario_id
    settings = plan_set.settings
    stored = results.get("plan")
    stored = stored if isinstance(stored, dict) else {}
    stored.update({
        "totals": plan_set.totals().to_json(),
        "cohorts": len(plan_set.cohorts),
        "needs_cohort": len(plan_set.needs_cohort),
        "horizon": settings.horizon.isoformat() if settings.horizon else None,
        "past_horizon": [p.person.employee_key for p in plan_set.past_horizon],
    })
    results["plan"] = stored
    _one_set_of_numbers(ws, sid, plan_set, results)
    ws.conn.execute("UPDATE scenarios SET results = ?, updated_at = ? WHERE id = ?",
                    (json.dumps(results), now_iso(), sid))


def _one_set_of_numbers(ws: Workspace, sid: int, plan_set: PlanSet,
                        results: dict[str, Any]) -> None:
    """Write each person's plan hours, cost and finish into the scenario's allocation, so
    the allocation and the plan show the same numbers everywhere (issue 11)."""
    numbers = {p.employee_id: p for p in plan_set.plans}
    ws.conn.executemany(
        "UPDATE allocations SET gap_hours = ?, cost = ? WHERE scenario_id = ? AND "
        "employee_id = ?", [(p.hours, p.cost, sid, e) for e, p in numbers.items()])
    total_hours = total_cost = 0.0
    for role in results.get("roles") or ():
        for person in role.get("chosen") or () if isinstance(role, dict) else ():
            plan = numbers.get(person.get("employee_id")) if isinstance(person, dict) else None
            if plan is None:
                continue
            finish = plan.finish_date
            person.update({"gap_hours": round(plan.hours, 2), "cost": round(plan.cost, 2),
                           "weeks_to_ready": plan.weeks_to_ready,
                           "finish_date": finish.isoformat() if finish else None,
                           "from_plan": True})
            total_hours += plan.hours
            total_cost += plan.cost
    totals = results.get("totals")
    if isinstance(totals, dict) and results.get("roles"):
        totals.update({"total_hours": round(total_hours, 2), "total_cost": round(total_cost, 2)})


def _fill_module_fields(ws: Workspace, items: list[PlanItem]) -> None:
    for item in items:
        row = ws.conn.execute("SELECT skill_id, from_level, to_level, format FROM modules "
                              "WHERE id = ?", (item.module_id,)).fetchone()
        if row:
            item.skill, item.from_level, item.to_level, item.format = row


def load_plan(ws: Workspace, scenario: str | int | None = None) -> PlanSet:
    """The saved plan of a scenario (the latest scenario when None), as a PlanSet.

    Raises:
        NoScenario: no such scenario. A scenario never planned gives an empty PlanSet.
    """
    sid, name = resolve_scenario(ws, scenario)
    settings = scenario_settings(ws, sid)
    q = ws.conn.execute
    cohorts: list[Cohort] = []
    cohort_index: dict[int, int] = {}
    for cid, module_id, site, week, session_date, facilitator, room in q(
            "SELECT id, module_id, site, week, session_date, facilitator, room FROM cohorts "
            "WHERE scenario_id = ? ORDER BY module_id, site, week, id", (sid,)):
        number = sum(1 for c in cohorts if c.module_id == module_id and c.site == site) + 1
        cohort_index[cid] = len(cohorts)
        cohorts.append(Cohort(module_id, site, number, week, _as_date(session_date),
                              facilitator=facilitator, room=room, id=cid))
    rows = q("SELECT p.id, p.employee_id, p.role_id, p.module_id, m.title, m.skill_id, "
             "m.from_level, m.to_level, m.format, p.seq, p.start_week, p.end_week, "
             "p.start_date, p.end_date, p.hours, p.cost, p.cohort_id, p.status, "
             "p.status_date FROM plan_items p JOIN modules m ON m.id = p.module_id "
             "WHERE p.scenario_id = ? ORDER BY p.employee_id, p.seq", (sid,)).fetchall()
    allocated = q("SELECT employee_id, role_id FROM allocations WHERE scenario_id = ?",
                  (sid,)).fetchall()
    people = load_people(ws, {r[1] for r in rows} | {a[0] for a in allocated})
    roles = dict(q("SELECT id, name FROM roles"))
    results = _json_column(ws, sid, "results").get("plan", {})
    baseline = results.get("baseline", {}) if isinstance(results, dict) else {}
    unmet = results.get("unmet", {}) if isinstance(results, dict) else {}
    plans: dict[int, PersonPlan] = {}
    for r in rows:
        plan = plans.get(r[1])
        if plan is None:
            person = people.get(r[1], Person(r[1]))
            capacity = person.weekly_hours if person.weekly_hours and \
                person.weekly_hours > 0 else settings.hours_per_week
            plan = plans[r[1]] = PersonPlan(
                person, r[2], roles.get(r[2], r[2]), capacity,
                unmet=[tuple(u) for u in unmet.get(str(r[1]), [])],
                baseline=baseline.get(str(r[1]), {}))
        cohort = cohort_index.get(r[16]) if r[16] is not None else None
        item = PlanItem(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11],
                        _as_date(r[12]), _as_date(r[13]), r[14], r[15], cohort=cohort,
                        status=r[17], status_date=_as_date(r[18]), id=r[0])
        plan.items.append(item)
        if cohort is not None:
            cohorts[cohort].members.append(r[1])
    # people with nothing to learn have no items but are still part of the scenario
    for employee_id, role_id in allocated if results else ():
        if employee_id not in plans:
            person = people.get(employee_id, Person(employee_id))
            plans[employee_id] = PersonPlan(person, role_id, roles.get(role_id, role_id),
                                            settings.hours_per_week,
                                            baseline=baseline.get(str(employee_id), {}))
    from planner.planning.model import NEEDS_COHORT, WORKSHOP

    for plan in plans.values():
        for item in plan.items:
            if item.format == WORKSHOP and item.cohort is None and item.status != "done":
                item.flag = NEEDS_COHORT
    return PlanSet(settings=settings, plans=[plans[k] for k in sorted(plans)],
                   cohorts=cohorts, scenario=name, scenario_id=sid)


def update_cohort(ws: Workspace, cohort_id: int, *, facilitator: str | None = None,
                  room: str | None = None) -> None:
    """Set a cohort's facilitator and/or room (kept when the scenario is planned again)."""
    with ws.transaction():
        if ws.conn.execute("SELECT 1 FROM cohorts WHERE id = ?", (cohort_id,)).fetchone() is None:
            raise PlannerError(f"no cohort with id {cohort_id}")
        if facilitator is not None:
            ws.conn.execute("UPDATE cohorts SET facilitator = ? WHERE id = ?",
                            (facilitator, cohort_id))
        if room is not None:
            ws.conn.execute("UPDATE cohorts SET room = ? WHERE id = ?", (room, cohort_id))
