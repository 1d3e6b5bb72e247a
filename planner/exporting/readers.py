"""Small SQL readers: what each exported sheet needs from the workspace, as plain rows."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.exporting.cells import as_date
from planner.store.workspace import Workspace

log = logging.getLogger("planner.exporting")

EMPLOYEE_FIELDS = (
    "id",
    "employee_key",
    "name",
    "email",
    "department",
    "job_title",
    "site",
    "manager",
    "weekly_hours",
)


@dataclass
class ScenarioInfo:
    """A scenario's header data; ``None`` of it when the workspace has no scenario."""

    id: int
    name: str
    demand: dict[str, int] = field(default_factory=dict)
    constraints: dict[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    updated_at: str = ""


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if text else {}
    except (TypeError, json.JSONDecodeError):
        return {}


def scenario(ws: Workspace, name: str | None = None) -> ScenarioInfo | None:
    """The named scenario (NoScenario if missing), or the latest; None when there is none."""
    from planner.planning import NoScenario, resolve_scenario

    try:
        sid, sname = resolve_scenario(ws, name)
    except NoScenario:
        if name is not None:
            raise
        return None
    row = ws.conn.execute(
        "SELECT demand, constraints, results, updated_at FROM scenarios WHERE id = ?", (sid,)
    ).fetchone()
    demand = _json(row[0])
    demand = (
        {str(k): int(v) for k, v in demand.items() if isinstance(v, int | float)}
        if isinstance(demand, dict)
        else {}
    )
    constraints, results = _json(row[1]), _json(row[2])
    return ScenarioInfo(
        sid,
        sname,
        demand,
        constraints if isinstance(constraints, dict) else {},
        results if isinstance(results, dict) else {},
        row[3] or "",
    )


def employees(ws: Workspace) -> list[tuple]:
    """Employee rows (EMPLOYEE_FIELDS), ascending id (the order of ``current_levels``)."""
    return ws.conn.execute(
        f"SELECT {', '.join(EMPLOYEE_FIELDS)} FROM employees ORDER BY id"
    ).fetchall()


ALLOCATION_SQL = """
SELECT a.role_id, r.name, e.id, e.employee_key, e.name, e.email, e.department, e.site,
       a.fit, a.gap_hours, a.cost, a.pinned
FROM allocations a JOIN employees e ON e.id = a.employee_id JOIN roles r ON r.id = a.role_id
WHERE a.scenario_id = ? ORDER BY r.rowid, a.fit DESC, e.employee_key
"""


def allocations(ws: Workspace, scenario_id: int) -> list[tuple]:
    """(role id, role name, employee id, key, name, email, department, site, fit, gap hours,
    cost, pinned) of a scenario, role by role, best fit first."""
    return ws.conn.execute(ALLOCATION_SQL, (scenario_id,)).fetchall()


@dataclass
class PlanRow:
    employee_id: int
    employee_key: str
    name: str
    email: str
    department: str
    site: str
    role_id: str
    role_name: str
    module_id: str
    module_title: str
    skill_id: str
    format: str
    seq: int
    start_week: int
    end_week: int
    start: date | None
    end: date | None
    hours: float
    cost: float
    status: str
    status_date: date | None
    cohort_id: int | None
    item_id: int | None = None

    @property
    def weeks(self) -> int:
        return self.end_week - self.start_week + 1


PLAN_SQL = """
SELECT p.employee_id, e.employee_key, e.name, e.email, e.department, e.site, p.role_id,
       r.name, p.module_id, m.title, m.skill_id, m.format, p.seq, p.start_week, p.end_week,
       p.start_date, p.end_date, p.hours, p.cost, p.status, p.status_date, p.cohort_id, p.id
FROM plan_items p JOIN employees e ON e.id = p.employee_id
JOIN roles r ON r.id = p.role_id JOIN modules m ON m.id = p.module_id
WHERE p.scenario_id = ? ORDER BY e.employee_key, p.employee_id, p.seq, p.id
"""


def plan_rows(ws: Workspace, scenario_id: int) -> list[PlanRow]:
    """Plan items of a scenario, person by person in plan order."""
    out = []
    for r in ws.conn.execute(PLAN_SQL, (scenario_id,)):
        out.append(
            PlanRow(
                *r[:15],
                as_date(r[15]),
                as_date(r[16]),
                r[17],
                r[18],
                r[19],
                as_date(r[20]),
                r[21],
                r[22],
            )
        )
    return out


@dataclass
class CohortInfo:
    id: int
    number: int  # 1-based, in session order
    module_id: str
    module_title: str
    format: str
    hours: float
    site: str
    week: int
    session_date: date | None
    facilitator: str
    room: str
    members: list[tuple] = field(default_factory=list)  # (employee id, key, name, department)


def cohorts(ws: Workspace, scenario_id: int) -> list[CohortInfo]:
    """Workshop cohorts with their members, in session order."""
    rows = ws.conn.execute(
        "SELECT c.id, c.module_id, m.title, m.format, m.hours, c.site, c.week, "
        "c.session_date, c.facilitator, c.room FROM cohorts c "
        "JOIN modules m ON m.id = c.module_id WHERE c.scenario_id = ? "
        "ORDER BY c.session_date, c.site, c.module_id, c.id",
        (scenario_id,),
    ).fetchall()
    out = [
        CohortInfo(r[0], n, r[1], r[2], r[3], r[4], r[5], r[6], as_date(r[7]), r[8], r[9])
        for n, r in enumerate(rows, 1)
    ]
    by_id = {c.id: c for c in out}
    for cid, eid, key, name, dept in ws.conn.execute(
        "SELECT p.cohort_id, e.id, e.employee_key, e.name, e.department FROM plan_items p "
        "JOIN employees e ON e.id = p.employee_id WHERE p.scenario_id = ? "
        "AND p.cohort_id IS NOT NULL ORDER BY e.name, e.employee_key",
        (scenario_id,),
    ):
        if cid in by_id:
            by_id[cid].members.append((eid, key, name, dept))
    return out
