"""Demand files, the fairness check and scenarios saved in the workspace."""

from __future__ import annotations

import json

import pytest

from planner.errors import InputRejected, PlannerError
from planner.matching import (
    Constraints,
    Demand,
    allocate,
    fairness,
    group_labels,
    load_scenario,
    save_scenario,
    score,
)
from planner.store import Workspace, current_levels


def test_demand_reads_ids_and_names_with_or_without_header(mh, tmp_path):
    catalog = mh.small_catalog()
    path = tmp_path / "demand.csv"
    path.write_text("\ufeffrole_id,headcount\nr1,3\nrole two , 2\n\nR3,0\n", "utf-8")
    assert Demand.from_csv(path, catalog).headcount == {"r1": 3, "r2": 2, "r3": 0}
    assert Demand.parse("Role One;2\n# comment\nr3;1", catalog).headcount == {"r1": 2, "r3": 1}
    assert Demand.parse("r1,2.0", catalog).total == 2


@pytest.mark.parametrize(("text", "where", "what"), [
    ("role_id,headcount\nr1,2\nprompt wizard,1\n", "row 3, column 1", "'prompt wizard'"),
    ("r1,two\n", "row 1, column 2", "'two'"),
    ("r1,-1\n", "row 1, column 2", "'-1'"),
    ("r1,1.5\n", "row 1, column 2", "'1.5'"),
    ("r1\n", "row 1, column 2", "no headcount"),
    ("r1,1\nRole One,2\n", "row 2, column 1", "appears twice"),
    ("r1,1,x\n", "row 1, column 3", "'x'"),
])
def test_demand_errors_name_file_row_and_value(mh, text, where, what):
    with pytest.raises(InputRejected) as exc:
        Demand.parse(text, mh.small_catalog(), file="d.csv")
    message = str(exc.value)
    assert message.startswith("file d.csv, cell " + where)
    assert what in message


def test_empty_or_missing_demand_is_refused(mh, tmp_path):
    with pytest.raises(InputRejected, match="asks for nobody"):
        Demand.parse("role_id,headcount\nr1,0\n", mh.small_catalog())
    with pytest.raises(InputRejected, match="cannot read"):
        Demand.from_csv(tmp_path / "missing.csv", mh.small_catalog())


def test_fairness_on_a_hand_made_example():
    groups = {**{i: "Sales" for i in range(1, 11)},        # 10 people, 5 selected: 0.50
              **{i: "Ops" for i in range(11, 21)},         # 10 people, 3 selected: 0.30
              **{i: "Legal" for i in range(21, 27)},       # 6 people, 3 selected: 0.50
              **{i: "Board" for i in range(27, 29)}}       # 2 people, 2 selected: small
    selected = [1, 2, 3, 4, 5, 11, 12, 13, 21, 22, 23, 27, 28]
    report = fairness(groups, selected, "department")
    by = {g.group: g for g in report.groups}
    assert report.highest_rate == 0.5  # the small group's 100 % is not the reference
    assert (by["Sales"].rate, by["Sales"].impact_ratio) == (0.5, 1.0)
    assert by["Ops"].impact_ratio == pytest.approx(0.6) and by["Ops"].flagged
    assert not by["Legal"].flagged
    assert by["Board"].small and by["Board"].impact_ratio == 2.0 and not by["Board"].flagged
    assert [g.group for g in report.flagged] == ["Ops"]
    data = report.to_json()
    assert data["flagged"] == ["Ops"] and data["threshold"] == 0.8
    assert [g["group"] for g in data["groups"]] == ["Ops", "Sales", "Legal", "Board"]
    # exactly four fifths is not flagged
    edge = fairness({**{i: "A" for i in range(10)}, **{i: "B" for i in range(10, 20)}},
                    [0, 1, 2, 3, 4, 10, 11, 12, 13], "x")
    assert [g.impact_ratio for g in edge.groups] == [1.0, pytest.approx(0.8)]
    assert edge.flagged == []
    assert fairness({1: "A"}, [], "x").groups[0].impact_ratio is None


def people_workspace(path, mh) -> Workspace:
    ws = Workspace.create(path, catalog=mh.small_catalog())
    with ws.transaction():
        ws.conn.execute("INSERT INTO assessments (id, source_name, sha256, imported_at) "
                        "VALUES (1, 's.xlsx', 'x', '2026-01-01')")
        for i in range(1, 7):
            ws.conn.execute(
                "INSERT INTO employees (id, employee_key, name, department, site, attributes) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (i, f"K{i}", f"Person {i}", "Ops" if i <= 3 else "Sales", "",
                 json.dumps({"Age band": "30-39" if i % 2 else "50-59"} if i != 6 else {})))
            for skill, level in {"a": min(i, 5), "b": min(i, 5), "c": 2, "d": 3}.items():
                ws.conn.execute("INSERT INTO ratings (employee_id, skill_id, assessment_id, "
                                "source, level, rated_at) VALUES (?, ?, 1, 'manager', ?, "
                                "'2026-01-01')", (i, skill, level))
    return ws


def test_group_labels_from_columns_and_attributes(mh, tmp_path):
    with people_workspace(tmp_path / "w.rplan", mh) as ws:
        assert group_labels(ws, "Department")[1] == "Ops"
        assert group_labels(ws, "site")[1] == "(blank)"
        ages = group_labels(ws, "age_band")
        assert (ages[1], ages[2], ages[6]) == ("30-39", "50-59", "(blank)")
        with pytest.raises(PlannerError, match=r"choose one of: department.*Age band"):
            group_labels(ws, "shoe size")
        report = fairness(ws, [4, 5, 6], "department")
        assert {g.group: g.selected for g in report.groups} == {"Ops": 0, "Sales": 3}


def test_scenario_round_trip(mh, tmp_path):
    with people_workspace(tmp_path / "w.rplan", mh) as ws:
        scores = score(current_levels(ws), ws.catalog())
        demand = Demand({"r1": 2, "r2": 1})
        constraints = Constraints(budget=5000.0, max_hours_per_person=300, pins={2: "r2"},
                                  exclusions={6: None, 5: {"r1", "r3"}})
        result = allocate(scores, demand, constraints)
        sid = save_scenario(ws, "Plan A", demand, constraints, result)
        # planning writes its own keys into the constraints; a re-save keeps them
        ws.conn.execute("UPDATE scenarios SET constraints = json_set(constraints, "
                        "'$.start', '2027-01-04') WHERE id = ?", (sid,))
        loaded = load_scenario(ws, "Plan A")
        assert loaded.id == sid and loaded.demand.headcount == {"r1": 2, "r2": 1}
        assert loaded.constraints == constraints
        assert loaded.results["totals"] == result.totals()
        assert sorted((a["employee_id"], a["role_id"], a["pinned"]) for a in loaded.allocations) \
            == sorted((p.employee_id, p.role_id, p.pinned) for p in result.placements)
        assert load_scenario(ws, sid).name == "Plan A"

        again = allocate(scores, Demand({"r1": 1}), Constraints())
        assert save_scenario(ws, "Plan A", Demand({"r1": 1}), Constraints(), again) == sid
        reloaded = load_scenario(ws, "Plan A")
        assert len(reloaded.allocations) == 1 and reloaded.constraints.pins == {}
        stored = json.loads(ws.conn.execute("SELECT constraints FROM scenarios WHERE id = ?",
                                            (sid,)).fetchone()[0])
        assert stored["start"] == "2027-01-04" and stored["budget"] is None
        assert ws.conn.execute("SELECT count(*) FROM scenarios").fetchone()[0] == 1
        with pytest.raises(PlannerError, match="Plan A"):
            load_scenario(ws, "Plan B")
