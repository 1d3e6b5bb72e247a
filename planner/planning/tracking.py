"""Status of plan items and progress against a later assessment.

Marking an item done records a rating with source "training" at the level the module
reaches (the levels loader lets training raise a level, never lower it), so fit scores
move without a new survey. Setting it back removes that rating again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from planner.errors import InputRejected, PlannerError
from planner.planning.learning import effective_levels
from planner.planning.model import STATUSES
from planner.planning.store import _as_date, _json_column, resolve_scenario
from planner.store.levels import current_levels
from planner.store.workspace import Workspace

log = logging.getLogger("planner.planning")

ItemRef = int | tuple[str | int, str | int, str]


def normalise_status(text: Any) -> str:
    """'Done', 'in_progress', 'In-progress' → the stored spelling; InputRejected if unknown."""
    value = " ".join(str(text or "").strip().casefold().replace("_", " ").replace("-", " ")
                     .split())
    if value not in STATUSES:
        raise InputRejected(f"unknown status {text!r}; use one of: {', '.join(STATUSES)}")
    return value


def find_item(ws: Workspace, item: ItemRef) -> int:
    """A plan item id from an id or (scenario, employee key or id, module id)."""
    if isinstance(item, int):
        row = ws.conn.execute("SELECT id FROM plan_items WHERE id = ?", (item,)).fetchone()
        if row is None:
            raise PlannerError(f"no plan item with id {item}")
        return item
    scenario, employee, module_id = item
    sid, name = resolve_scenario(ws, scenario)
    row = ws.conn.execute(
        "SELECT p.id FROM plan_items p JOIN employees e ON e.id = p.employee_id "
        "WHERE p.scenario_id = ? AND p.module_id = ? AND "
        "(e.employee_key = ? OR e.id = ?)",
        (sid, module_id, str(employee), employee if isinstance(employee, int) else -1)
    ).fetchone()
    if row is None:
        raise PlannerError(f"scenario {name!r} has no plan item for employee {employee} "
                           f"and module {module_id}")
    return row[0]


def _marker(module_id: str) -> str:
    return f"training: {module_id}"


def _apply_status(ws: Workspace, item_id: int, status: str, when: date) -> None:
    """Set a status inside the caller's transaction, keeping training ratings in step."""
    employee_id, module_id, old = ws.conn.execute(
        "SELECT employee_id, module_id, status FROM plan_items WHERE id = ?",
        (item_id,)).fetchone()
    skill_id, to_level = ws.conn.execute("SELECT skill_id, to_level FROM modules WHERE id = ?",
                                         (module_id,)).fetchone()
    ws.conn.execute("UPDATE plan_items SET status = ?, status_date = ? WHERE id = ?",
                    (status, when.isoformat(), item_id))
    delete = ("DELETE FROM ratings WHERE employee_id = ? AND skill_id = ? AND "
              "source = 'training' AND assessment_id IS NULL AND raw = ?")
    if status == "done":
        ws.conn.execute(delete, (employee_id, skill_id, _marker(module_id)))
        ws.conn.execute("INSERT INTO ratings (employee_id, skill_id, assessment_id, source, "
                        "level, raw, rated_at) VALUES (?, ?, NULL, 'training', ?, ?, ?)",
                        (employee_id, skill_id, float(to_level), _marker(module_id),
                         when.isoformat()))
    elif old == "done":
        # the rating stays while the same module is done in another scenario
        others = ws.conn.execute("SELECT count(*) FROM plan_items WHERE employee_id = ? AND "
                                 "module_id = ? AND status = 'done' AND id <> ?",
                                 (employee_id, module_id, item_id)).fetchone()[0]
        if not others:
            ws.conn.execute(delete, (employee_id, skill_id, _marker(module_id)))


def set_status(ws: Workspace, item: ItemRef, status: str, when: date | None = None) -> int:
    """Set a plan item's status (planned, in progress, done) and status date.

    Args:
        item: the plan item id, or (scenario name, employee key, module id).
        status: the new status (case and _/- spellings accepted).
        when: the status date (today when omitted).

    Returns:
        The item id.
    """
    status = normalise_status(status)
    with ws.transaction():
        item_id = find_item(ws, item)
        _apply_status(ws, item_id, status, when or date.today())
    return item_id


@dataclass(frozen=True)
class SkillProgress:
    skill: str
    target: int
    at_plan: float | None
    now: float

    @property
    def reached(self) -> bool:
        return self.now >= self.target

    def to_json(self) -> dict[str, Any]:
        return {"skill": self.skill, "target": self.target, "at_plan": self.at_plan,
                "now": self.now, "reached": self.reached}


def progress_report(ws: Workspace, scenario: str | int | None = None,
                    today: date | None = None) -> list[dict[str, Any]]:
    """Per person of a planned scenario: levels at plan time vs now and a verdict.

    An item counts as achieved when it is marked done or the person's level in its skill
    (latest assessment, training ratings, adjacency credit) has reached what it teaches.
    Verdict: ``done`` when every item is achieved (or every target reached), ``behind``
    when an item that should have ended before ``today`` is not, else ``on_track``.
    """
    today = today or date.today()
    sid, _name = resolve_scenario(ws, scenario)
    catalog = ws.catalog()
    items = ws.conn.execute(
        "SELECT p.employee_id, p.role_id, p.module_id, m.skill_id, m.to_level, p.end_date, "
        "p.status FROM plan_items p JOIN modules m ON m.id = p.module_id "
        "WHERE p.scenario_id = ? ORDER BY p.employee_id, p.seq", (sid,)).fetchall()
    allocated = dict(ws.conn.execute(
        "SELECT employee_id, role_id FROM allocations WHERE scenario_id = ?", (sid,)))
    people = {r[0]: r[1:] for r in ws.conn.execute(
        "SELECT id, employee_key, name, department FROM employees")}
    plan_info = _json_column(ws, sid, "results").get("plan", {})
    baseline = plan_info.get("baseline", {}) if isinstance(plan_info, dict) else {}
    by_person: dict[int, list[tuple]] = {}
    for row in items:
        by_person.setdefault(row[0], []).append(row)
    for employee_id in allocated:
        if str(employee_id) in baseline:
            by_person.setdefault(employee_id, [])
    ids = sorted(by_person)
    levels = current_levels(ws)
    rows = np.searchsorted(levels.employee_ids, ids) if len(levels.employee_ids) else \
        np.full(len(ids), -1)
    eff = effective_levels(catalog, levels, np.asarray(rows, dtype=np.int64))
    skill_index = {s: j for j, s in enumerate(catalog.skills)}
    report = []
    for n, employee_id in enumerate(ids):
        person_items = by_person[employee_id]
        role_id = person_items[0][1] if person_items else allocated[employee_id]
        role = catalog.roles.get(role_id)
        at_plan = baseline.get(str(employee_id), {})

        def now(skill: str, n: int = n) -> float:
            j = skill_index.get(skill)
            return round(float(eff[n, j]), 2) if j is not None else 0.0

        skills = [SkillProgress(r.skill, r.target, at_plan.get(r.skill), now(r.skill))
                  for r in (role.requirements if role else ())
                  if r.skill in at_plan or not at_plan]
        achieved = [row[6] == "done" or now(row[3]) >= row[4] for row in person_items]
        due = [_as_date(row[5]) < today for row in person_items]
        if all(achieved) or (skills and all(s.reached for s in skills)):
            verdict = "done"
        elif any(d and not a for d, a in zip(due, achieved, strict=True)):
            verdict = "behind"
        else:
            verdict = "on_track"
        key, name, department = people.get(employee_id, (str(employee_id), "", ""))
        report.append({
            "employee_id": employee_id, "employee_key": key, "name": name,
            "department": department, "role": role_id,
            "items": len(person_items),
            "done": sum(1 for row in person_items if row[6] == "done"),
            "achieved": sum(achieved), "due": sum(due),
            "due_achieved": sum(1 for d, a in zip(due, achieved, strict=True) if d and a),
            "skills": [s.to_json() for s in skills if s.at_plan is None
                       or s.at_plan < s.target],
            "verdict": verdict,
        })
    return report
