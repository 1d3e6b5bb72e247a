"""A scenario allocated again keeps one set of numbers: its plan follows the new allocation.

Allocating a scenario that already has a plan builds the plan again in the same
transaction (statuses of training that continues are kept, people no longer chosen are
named), and a scenario re-run after a catalog edit takes the allocate command's own path
(time to ready, the plans' numbers, the same fairness attributes), never a shortcut.
"""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from planner.catalog import changes
from planner.catalog.revision import rerun_scenario, stale_scenarios
from planner.catalog.saving import edit_catalog
from planner.cli import main
from planner.planning import load_plan, set_status
from planner.store import Workspace

FIRST = {"prompt_engineer": 3, "ai_ethicist": 2}
SECOND = {"prompt_engineer": 3, "ai_copywriter": 2}


def _demand(folder, name: str, headcount: dict[str, int]):
    path = folder / name
    path.write_text("role_id,headcount\n" + "".join(f"{r},{n}\n" for r, n in headcount.items()))
    return path


def _allocate(path, demand) -> dict:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["allocate", str(path), "--demand", str(demand), "--scenario", "S",
                     "--start", "2027-01-04", "--json"]) == 0
    return json.loads(buffer.getvalue())


@pytest.fixture
def planned(tmp_path):
    path = tmp_path / "demo.rplan"
    assert main(["init", str(path), "--demo"]) == 0
    _allocate(path, _demand(tmp_path, "first.csv", FIRST))
    assert main(["plan", str(path), "--scenario", "S"]) == 0
    return path


def _same_numbers(ws: Workspace) -> None:
    """Allocation hours and cost per person are the plan's; the stored totals too."""
    plan = load_plan(ws, "S")
    by_person = {p.employee_id: p for p in plan.plans}
    rows = ws.conn.execute("SELECT a.employee_id, a.gap_hours, a.cost FROM allocations a "
                           "JOIN scenarios s ON s.id = a.scenario_id WHERE s.name = 'S'").fetchall()
    assert {e for e, _h, _c in rows} == set(by_person)
    for employee_id, hours, cost in rows:
        assert hours == pytest.approx(by_person[employee_id].hours)
        assert cost == pytest.approx(by_person[employee_id].cost)
    results = json.loads(ws.conn.execute(
        "SELECT results FROM scenarios WHERE name = 'S'").fetchone()[0])
    assert results["totals"]["total_hours"] == pytest.approx(plan.totals().hours)
    assert results["plan"]["totals"]["hours"] == pytest.approx(plan.totals().hours)


def test_allocating_a_planned_scenario_again_builds_its_plan_for_the_new_people(
        planned, tmp_path):
    with Workspace.open(planned) as ws:
        plan = load_plan(ws, "S")
        ethicist = next(p for p in plan.plans if p.role_id == "ai_ethicist")
        engineer = next(p for p in plan.plans if p.role_id == "prompt_engineer" and p.items)
        set_status(ws, ethicist.items[0].id, "in progress")
        set_status(ws, engineer.items[0].id, "in progress")
        continuing = (engineer.employee_id, engineer.items[0].module_id)

    second = _allocate(planned, _demand(tmp_path, "second.csv", SECOND))

    with Workspace.open(planned) as ws:
        plan = load_plan(ws, "S")
        roles = {p.role_id for p in plan.plans}
        assert roles == set(SECOND), "the plan is the new allocation's, not the old one's"
        kept = {(i.employee_id, i.module_id): i.status for p in plan.plans for i in p.items}
        assert kept[continuing] == "in progress"
        _same_numbers(ws)
    notes = " ".join(second["notes"])
    assert "built again" in notes
    assert "no longer chosen" in notes and ethicist.person.employee_key in notes


def test_allocating_a_scenario_without_a_plan_builds_none(tmp_path):
    path = tmp_path / "demo.rplan"
    assert main(["init", str(path), "--demo"]) == 0
    out = _allocate(path, _demand(tmp_path, "first.csv", FIRST))
    with Workspace.open(path) as ws:
        assert ws.conn.execute("SELECT count(*) FROM plan_items").fetchone()[0] == 0
    assert not any("built again" in n for n in out["notes"])


def _summary_text(path, out) -> str:
    import openpyxl

    assert main(["export", str(path), str(out)]) == 0
    sheet = openpyxl.load_workbook(out, read_only=True)["Summary"]
    return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_a_rerun_after_a_catalog_edit_is_the_allocate_commands_own_run(planned, tmp_path):
    with Workspace.open(planned) as ws:
        before = json.loads(ws.conn.execute(
            "SELECT constraints FROM scenarios WHERE name = 'S'").fetchone()[0])
        module = next(i.module_id for p in load_plan(ws, "S").plans for i in p.items)
        edit_catalog(ws, lambda c: changes.update_module(c, module, cost=1.0))
        assert [s.name for s in stale_scenarios(ws)] == ["S"]
    assert "older catalog" in _summary_text(planned, tmp_path / "before.xlsx")

    with Workspace.open(planned) as ws:
        assert rerun_scenario(ws, "S") == ["allocation", "plan"]

        assert stale_scenarios(ws) == []
        _same_numbers(ws)
        stored = json.loads(ws.conn.execute(
            "SELECT constraints FROM scenarios WHERE name = 'S'").fetchone()[0])
        results = json.loads(ws.conn.execute(
            "SELECT results FROM scenarios WHERE name = 'S'").fetchone()[0])
        assert stored["fairness_attributes"] == before["fairness_attributes"]
        assert {r["attribute"] for r in results["fairness"]} == set(
            before["fairness_attributes"])
        assert stored["start"] == before["start"] == "2027-01-04"
        assert results["totals"]["ready_by"] == "2028-07-04"  # the default horizon from then
    assert "older catalog" not in _summary_text(planned, tmp_path / "after.xlsx")
