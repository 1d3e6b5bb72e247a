"""Scenarios in the workspace: a demand, its constraints and the allocation that answers it.

A scenario is saved by name in one transaction (the row is updated in place, so plans and
cohorts that refer to it stay attached); its allocation rows and pin/exclusion rules are
replaced. Constraint keys other than the allocation's (e.g. the plan's start date and
hours per week, written by planning) are kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.catalog.revision import stamp_scenario
from planner.errors import PlannerError
from planner.matching.allocation import AllocationResult, Constraints
from planner.matching.demand import Demand
from planner.store.workspace import Workspace, now_iso

DEFAULT_SCENARIO = "Default"


@dataclass
class SavedScenario:
    id: int
    name: str
    demand: Demand
    constraints: Constraints
    results: dict[str, Any] = field(default_factory=dict)
    allocations: list[dict[str, Any]] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""


def _json(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except json.JSONDecodeError:
        value = {}
    return value if isinstance(value, dict) else {}


def save_scenario(ws: Workspace, name: str, demand: Demand, constraints: Constraints,
                  result: AllocationResult, *, plan_settings: dict[str, Any] | None = None,
                  fairness: list[dict[str, Any]] | None = None) -> int:
    """Save (or replace) the scenario ``name``; returns its id.

    Args:
        plan_settings: the plan settings the allocation was planned with (PlanSettings'
            JSON), kept so that ``plan`` reproduces the same numbers.
        fairness: the fairness reports (``FairnessReport.to_json()``), stored in the results
            with the attributes checked, so every export shows them.
    """
    name = name.strip() or DEFAULT_SCENARIO
    stamp = now_iso()
    with ws.transaction():
        row = ws.conn.execute("SELECT id, constraints FROM scenarios WHERE name = ?",
                              (name,)).fetchone()
        stored = {**_json(row[1] if row else None), **constraints.to_json(),
                  **(plan_settings or {})}
        results = result.to_json()
        if fairness is not None:
            results["fairness"] = fairness
            stored["fairness_attributes"] = list(dict.fromkeys(f.get("attribute")
                                                               for f in fairness))
        payload = (json.dumps(demand.to_json()), json.dumps(stored), json.dumps(results))
        if row:
            scenario_id = int(row[0])
            ws.conn.execute("UPDATE scenarios SET updated_at = ?, demand = ?, constraints = ?, "
                            "results = ? WHERE id = ?", (stamp, *payload, scenario_id))
        else:
            scenario_id = int(ws.conn.execute(
                "INSERT INTO scenarios (name, created_at, updated_at, demand, constraints, "
                "results) VALUES (?, ?, ?, ?, ?, ?)", (name, stamp, stamp, *payload)).lastrowid)
        ws.conn.execute("DELETE FROM allocations WHERE scenario_id = ?", (scenario_id,))
        ws.conn.execute("DELETE FROM allocation_rules WHERE scenario_id = ?", (scenario_id,))
        ws.conn.executemany(
            "INSERT INTO allocations (scenario_id, employee_id, role_id, fit, gap_hours, cost, "
            "pinned) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(scenario_id, p.employee_id, p.role_id, p.fit, p.gap_hours, p.cost, int(p.pinned))
             for p in result.placements])
        roles = {r[0] for r in ws.conn.execute("SELECT id FROM roles")}
        rules = [(scenario_id, e, r, "pin") for e, r in constraints.pins.items()]
        for employee_id, excluded in constraints.exclusions.items():
            if excluded is None:
                rules.append((scenario_id, employee_id, None, "exclude"))
            else:
                rules += [(scenario_id, employee_id, r, "exclude") for r in sorted(excluded)
                          if r in roles]
        ws.conn.executemany("INSERT INTO allocation_rules (scenario_id, employee_id, role_id, "
                            "kind) VALUES (?, ?, ?, ?)", rules)
        stamp_scenario(ws, scenario_id, "allocation")
    return scenario_id


def load_scenario(ws: Workspace, name_or_id: str | int = DEFAULT_SCENARIO) -> SavedScenario:
    """A saved scenario by name or id; PlannerError naming the saved ones if not found."""
    if isinstance(name_or_id, int):
        row = ws.conn.execute("SELECT id, name, demand, constraints, results, created_at, "
                              "updated_at FROM scenarios WHERE id = ?", (name_or_id,)).fetchone()
    else:
        row = ws.conn.execute("SELECT id, name, demand, constraints, results, created_at, "
                              "updated_at FROM scenarios WHERE name = ?",
                              (name_or_id,)).fetchone()
    if row is None:
        names = ", ".join(r[0] for r in ws.conn.execute("SELECT name FROM scenarios "
                                                         "ORDER BY name")) or "none yet"
        raise PlannerError(f"no scenario {name_or_id!r} in {ws.path.name} (saved: {names})")
    scenario_id = int(row[0])
    stored = _json(row[3])
    pins: dict[int, str] = {}
    exclusions: dict[int, set[str] | None] = {}
    for employee_id, role_id, kind in ws.conn.execute(
            "SELECT employee_id, role_id, kind FROM allocation_rules WHERE scenario_id = ? "
            "ORDER BY employee_id, role_id", (scenario_id,)):
        if kind == "pin":
            pins[employee_id] = role_id
        elif role_id is None:
            exclusions[employee_id] = None
        elif exclusions.get(employee_id, set()) is not None:
            exclusions.setdefault(employee_id, set()).add(role_id)
    defaults = Constraints()
    constraints = Constraints(
        max_hours_per_person=stored.get("max_hours_per_person"),
        budget=stored.get("budget"),
        hours_weight=float(stored.get("hours_weight", defaults.hours_weight)),
        eligible_only=bool(stored.get("eligible_only", defaults.eligible_only)),
        pins=pins, exclusions=exclusions, ready_by=_given_ready_by(stored),
        horizon=bool(stored.get("horizon", defaults.horizon)))
    allocations = [
        {"employee_id": e, "employee_key": k, "name": n, "role_id": r, "fit": f,
         "gap_hours": h, "cost": c, "pinned": bool(p)}
        for e, k, n, r, f, h, c, p in ws.conn.execute(
            "SELECT a.employee_id, e.employee_key, e.name, a.role_id, a.fit, a.gap_hours, "
            "a.cost, a.pinned FROM allocations a JOIN employees e ON e.id = a.employee_id "
            "WHERE a.scenario_id = ? ORDER BY a.role_id, a.fit DESC, a.employee_id",
            (scenario_id,))]
    return SavedScenario(scenario_id, row[1], Demand.from_json(_json(row[2])), constraints,
                         _json(row[4]), allocations, row[5], row[6])


def rename_scenario(ws: Workspace, name_or_id: str | int, new_name: str) -> None:
    """Rename a saved scenario (its plan and cohorts stay attached); PlannerError if the new
    name is blank or taken, or the scenario does not exist."""
    new_name = new_name.strip()
    if not new_name:
        raise PlannerError("a scenario needs a name")
    scenario = load_scenario(ws, name_or_id)
    if new_name == scenario.name:
        return
    if ws.conn.execute("SELECT 1 FROM scenarios WHERE name = ?", (new_name,)).fetchone():
        raise PlannerError(f"a scenario named {new_name!r} already exists")
    with ws.transaction():
        # updated_at stays: renaming does not make a scenario the latest one to plan
        ws.conn.execute("UPDATE scenarios SET name = ? WHERE id = ?", (new_name, scenario.id))


def delete_scenario(ws: Workspace, name_or_id: str | int) -> None:
    """Delete a saved scenario with its allocation, rules, plan and cohorts."""
    scenario = load_scenario(ws, name_or_id)
    with ws.transaction():
        ws.conn.execute("DELETE FROM scenarios WHERE id = ?", (scenario.id,))


def _given_ready_by(stored: dict[str, Any]) -> date | None:
    """The ready-by date HR set (None when the default horizon applied)."""
    if not stored.get("ready_by_given") or not stored.get("ready_by"):
        return None
    try:
        return date.fromisoformat(str(stored["ready_by"]))
    except ValueError:
        return None
