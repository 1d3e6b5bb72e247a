"""Plans saved in a workspace: statuses, training ratings, progress, scenarios, round-trip."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
import pytest

from planner.errors import PlannerError
from planner.planning import (
    NoScenario,
    apply_plan_updates,
    compare_scenarios,
    diff_plan_updates,
    load_plan,
    plan_scenario,
    progress_report,
    read_plan_workbook,
    set_status,
    update_cohort,
)
from planner.store import current_levels

PEOPLE = [{"id": e, "site": "Paris", "department": "Ops" if e < 4 else "Legal"}
          for e in range(1, 7)]


@pytest.fixture
def ws(tmp_path, ph):
    levels = {e: {"a": 2, "c": 1} for e in range(1, 7)}
    workspace = ph.make_workspace(tmp_path / "w.rplan", ph.small_catalog(), PEOPLE,
                                  levels=levels)
    ph.add_scenario(workspace, "A", [(e, "r") for e in range(1, 6)] + [(6, "s")],
                    demand={"r": 4, "s": 2})
    yield workspace
    workspace.close()


def items(ws, scenario="A"):
    return ws.conn.execute(
        "SELECT e.employee_key, p.module_id, p.status, p.status_date, p.id FROM plan_items p "
        "JOIN employees e ON e.id = p.employee_id JOIN scenarios s ON s.id = p.scenario_id "
        "WHERE s.name = ? ORDER BY p.employee_id, p.seq", (scenario,)).fetchall()


def test_no_scenario_is_a_clear_error(tmp_path, ph):
    ws = ph.make_workspace(tmp_path / "e.rplan", ph.small_catalog(), PEOPLE)
    with pytest.raises(NoScenario, match="allocate"):
        plan_scenario(ws)
    ws.close()


def test_plan_is_saved_and_loaded_back(ws, ph):
    plans = plan_scenario(ws, start=ph.START)
    update_cohort(ws, plans.cohorts[0].id, facilitator="Ana", room="B12")
    plans = plan_scenario(ws)             # same settings again: the session keeps its staff
    assert (plans.cohorts[0].facilitator, plans.cohorts[0].room) == ("Ana", "B12")
    saved = load_plan(ws, "A")
    assert [p.employee_id for p in saved.plans] == [1, 2, 3, 4, 5, 6]
    assert saved.to_json()["totals"] == plans.to_json()["totals"]
    assert len(saved.cohorts) == len(plans.cohorts) == 1       # a2w for the four in Paris
    assert sorted(saved.cohorts[0].members) == [1, 2, 3, 4, 5]
    assert ws.conn.execute("SELECT count(*) FROM plan_items").fetchone()[0] == sum(
        len(p.items) for p in plans.plans)


def test_marking_done_raises_the_level_and_replanning_keeps_statuses(ws, ph):
    plan_scenario(ws, start=ph.START)
    skill_a = current_levels(ws).levels[0, list(ph.small_catalog().skills).index("a")]
    assert skill_a == 2
    set_status(ws, ("A", "E1", "a2w"), "Done", date(2027, 1, 20))
    set_status(ws, ("A", "E2", "c2"), "in_progress", date(2027, 1, 10))
    levels = current_levels(ws)
    assert levels.levels[0, list(levels.skill_ids).index("a")] == 4
    assert levels.sources[0, list(levels.skill_ids).index("a")] == 5  # training
    before = {(k, m): (s, d) for k, m, s, d, _ in items(ws)}
    plan_scenario(ws, start=ph.START + timedelta(weeks=1))
    after = {(k, m): (s, d) for k, m, s, d, _ in items(ws)}
    assert after[("E1", "a2w")] == ("done", "2027-01-20")       # kept as a record
    assert after[("E2", "c2")] == ("in progress", "2027-01-10")
    assert set(before) == set(after)
    assert ws.conn.execute("SELECT count(*) FROM cohorts").fetchone()[0] == 1
    # setting it back removes the training rating again
    set_status(ws, ("A", "E1", "a2w"), "planned")
    levels = current_levels(ws)
    assert levels.levels[0, list(levels.skill_ids).index("a")] == 2


def test_unknown_status_is_rejected(ws, ph):
    plan_scenario(ws, start=ph.START)
    with pytest.raises(PlannerError, match="unknown status"):
        set_status(ws, ("A", "E1", "a2w"), "finished")
    with pytest.raises(PlannerError, match="no plan item"):
        set_status(ws, ("A", "E1", "zzz"), "done")


def test_reimport_updates_progress(ws, ph):
    plan_scenario(ws, start=ph.START)
    late = ph.START + timedelta(weeks=30)
    before = {r["employee_key"]: r for r in progress_report(ws, "A", today=late)}
    assert before["E1"]["verdict"] == "behind"
    assert before["E1"]["achieved"] == 0
    assert before["E1"]["skills"][0]["at_plan"] is not None
    # a later survey: E1 now validated at target on every skill of role r
    with ws.transaction():
        ws.conn.execute("INSERT INTO assessments (id, source_name, sha256, imported_at) "
                        "VALUES (2, 'later.xlsx', 'y', '2027-06-01T00:00:00')")
        for skill, value in {"a": 4, "b": 3, "d": 2, "c": 2}.items():
            ws.conn.execute("INSERT INTO ratings (employee_id, skill_id, assessment_id, "
                            "source, level, rated_at) VALUES (1, ?, 2, 'validated', ?, "
                            "'2027-06-01')", (skill, value))
    after = {r["employee_key"]: r for r in progress_report(ws, "A", today=late)}
    assert after["E1"]["verdict"] == "done"
    assert after["E1"]["achieved"] == after["E1"]["items"]
    assert {s["skill"]: s["now"] for s in after["E1"]["skills"]}["a"] == 4
    assert after["E2"]["verdict"] == "behind"
    early = {r["employee_key"]: r for r in progress_report(ws, "A", today=ph.START)}
    assert early["E2"]["verdict"] == "on_track"


def test_scenarios_are_independent(ws, ph):
    plan_scenario(ws, "A", start=ph.START)
    a_items = ws.conn.execute("SELECT * FROM plan_items ORDER BY id").fetchall()
    a_cohorts = ws.conn.execute("SELECT * FROM cohorts ORDER BY id").fetchall()
    ph.add_scenario(ws, "B", [(6, "r"), (1, "s")])
    plan_b = plan_scenario(ws, "B", start=ph.START, hours_per_week=2)
    assert ws.conn.execute("SELECT * FROM plan_items WHERE scenario_id = 1 ORDER BY id"
                           ).fetchall() == a_items
    assert ws.conn.execute("SELECT * FROM cohorts WHERE scenario_id = 1 ORDER BY id"
                           ).fetchall() == a_cohorts
    assert [p.employee_id for p in plan_b.plans] == [1, 6]
    rows = {r["scenario"]: r for r in compare_scenarios(ws, ["A", "B"])}
    assert rows["A"]["people_moved"] == 6 and rows["B"]["people_moved"] == 2
    assert rows["A"]["roles_filled"] == 5 and rows["A"]["roles_demanded"] == 6
    assert rows["B"]["hours_per_week"] == 2 and rows["A"]["hours_per_week"] == 4
    assert rows["A"]["hours"] == pytest.approx(load_plan(ws, "A").totals().hours)
    assert rows["B"]["finish_date"] == plan_b.totals().finish_date.isoformat()
    with pytest.raises(NoScenario, match="there are: A, B"):
        compare_scenarios(ws, ["A", "C"])


def write_plan_workbook(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Training plan"
    sheet.append(["Training plan - scenario A"])
    sheet.append(["Employee ID", "Name", "Role", "Module ID", "Module", "Start", "End",
                  "Hours", "Cost", "Status", "Status date"])
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_plan_workbook_round_trip(ws, ph, tmp_path):
    plan_scenario(ws, start=ph.START)
    path = tmp_path / "plans.xlsx"
    write_plan_workbook(path, [
        ["E1", "Person 1", "r", "a2w", "x", ph.START, None, 8, 300, "Done", date(2027, 2, 1)],
        ["E2", "Person 2", "r", "a2w", "x", None, None, 8, 300, "planned", None],
        ["E3", "Person 3", "r", "b1", "x", date(2027, 3, 1), None, 5, 100, "In progress",
         None],
    ])
    rows = read_plan_workbook(path)
    assert [r["row"] for r in rows] == [3, 4, 5]
    changes = diff_plan_updates(ws, rows, "A")
    described = [c.describe() for c in changes]
    assert any("E1 / a2w: status planned -> done" in d for d in described)
    assert not any("E2" in d for d in described)   # unchanged
    # E1's workshop already starts on ph.START: no start change for it
    assert {(c.employee_key, c.field) for c in changes} == {
        ("E1", "status"), ("E1", "status_date"), ("E3", "status"), ("E3", "start_date")}
    assert apply_plan_updates(ws, changes) == 2
    status = {(k, m): (s, d) for k, m, s, d, _ in items(ws)}
    assert status[("E1", "a2w")] == ("done", "2027-02-01")
    assert status[("E3", "b1")][0] == "in progress"
    assert ws.conn.execute("SELECT start_date FROM plan_items p JOIN employees e ON "
                           "e.id = p.employee_id WHERE e.employee_key = 'E3' AND "
                           "module_id = 'b1'").fetchone()[0] == "2027-03-01"
    levels = current_levels(ws)
    assert levels.levels[0, levels.skill_ids.index("a")] == 4   # done -> training rating
    assert diff_plan_updates(ws, read_plan_workbook(path), "A") == []


def test_plan_workbook_errors_name_rows_and_apply_nothing(ws, ph, tmp_path):
    plan_scenario(ws, start=ph.START)
    path = tmp_path / "plans.xlsx"
    write_plan_workbook(path, [
        ["E1", "", "", "a2w", "", None, None, 0, 0, "Done", None],
        ["E9", "", "", "a2w", "", None, None, 0, 0, "Done", None],
        ["E2", "", "", "a2w", "", None, None, 0, 0, "finished", None],
        ["E3", "", "", "a2w", "", None, None, 0, 0, "done", "soon"],
    ])
    changes = diff_plan_updates(ws, read_plan_workbook(path), "A")
    errors = [c.describe() for c in changes if c.error]
    assert [e.split(":")[0] for e in errors] == ["row 4", "row 5", "row 6"]
    assert "unknown status" in errors[1] and "date" in errors[2]
    before = items(ws)
    with pytest.raises(PlannerError, match="3 rows have errors"):
        apply_plan_updates(ws, changes)
    assert items(ws) == before


def test_workbook_without_the_sheet_is_rejected(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Other"
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(PlannerError, match="Training plan"):
        read_plan_workbook(tmp_path / "x.xlsx")


def test_plan_reports_cost_beyond_the_scenarios_budget(ws, ph):
    plans = plan_scenario(ws, "A", start=ph.START)
    assert plans.budget is None and plans.over_budget == 0
    cost = plans.totals().cost
    assert cost > 0
    ws.conn.execute("UPDATE scenarios SET constraints = json_set(constraints, '$.budget', ?) "
                    "WHERE name = 'A'", (cost - 10,))
    plans = plan_scenario(ws, "A")
    assert plans.budget == cost - 10
    assert plans.over_budget == pytest.approx(10)
    assert plans.to_json()["over_budget"] == pytest.approx(10)
    ws.conn.execute("UPDATE scenarios SET constraints = json_set(constraints, '$.budget', ?) "
                    "WHERE name = 'A'", (cost * 2,))
    assert plan_scenario(ws, "A").over_budget == 0
