"""Scenarios side by side: people moved, roles filled, hours, cost and finish date."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from planner.planning.store import _json_column, list_scenarios, resolve_scenario
from planner.store.workspace import Workspace


def compare_scenarios(ws: Workspace, names: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """One row per scenario (all of them when ``names`` is None), in the order given.

    Hours, cost and finish date come from the saved plan; a scenario not planned yet
    shows its allocation's gap hours and cost and ``planned: False``.
    """
    chosen = ([resolve_scenario(ws, n) for n in names] if names
              else list(reversed(list_scenarios(ws))))
    q = ws.conn.execute
    rows = []
    for sid, name in chosen:
        try:
            demand = json.loads(q("SELECT demand FROM scenarios WHERE id = ?",
                                  (sid,)).fetchone()[0] or "{}")
        except json.JSONDecodeError:
            demand = {}
        demand = {str(k): int(v) for k, v in demand.items()} if isinstance(demand, dict) else {}
        per_role = dict(q("SELECT role_id, count(*) FROM allocations WHERE scenario_id = ? "
                          "GROUP BY role_id", (sid,)))
        people, alloc_hours, alloc_cost = q(
            "SELECT count(*), coalesce(sum(gap_hours), 0), coalesce(sum(cost), 0) "
            "FROM allocations WHERE scenario_id = ?", (sid,)).fetchone()
        items, hours, cost, finish = q(
            "SELECT count(*), coalesce(sum(hours), 0), coalesce(sum(cost), 0), max(end_date) "
            "FROM plan_items WHERE scenario_id = ?", (sid,)).fetchone()
        cohorts = q("SELECT count(*) FROM cohorts WHERE scenario_id = ?", (sid,)).fetchone()[0]
        constraints = _json_column(ws, sid, "constraints")
        planned = "plan" in _json_column(ws, sid, "results")
        demanded = sum(demand.values()) if demand else people
        filled = (sum(min(per_role.get(r, 0), n) for r, n in demand.items()) if demand
                  else people)
        rows.append({
            "scenario": name, "people_moved": people,
            "roles_filled": filled, "roles_demanded": demanded,
            "planned": planned, "modules": items,
            "hours": hours if planned else alloc_hours,
            "cost": cost if planned else alloc_cost,
            "finish_date": finish, "cohorts": cohorts,
            "hours_per_week": constraints.get("hours_per_week"),
            "start": constraints.get("start"), "budget": constraints.get("budget"),
        })
    return rows
