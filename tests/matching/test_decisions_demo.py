"""Issue 11 on the demo: a demand of 3 per role for every role, default options.

Every plan finishes by the ready-by date or is flagged by name; no licensed role is filled
by someone without the credential; the allocation's hours and cost are the plan's, per
person, in the JSON and in the workspace (what the report's sheets read); fairness is
stored with the scenario; eligible means reachable.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from planner.cli import main
from planner.matching import credential_gates, score_workspace
from planner.matching.scoring import ELIGIBLE_MAX_HOURS, RESKILL_MAX_HOURS
from planner.planning.learning import effective_levels
from planner.store import Workspace


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.rplan"
    assert main(["init", str(path), "--demo"]) == 0
    with Workspace.open(path) as ws:
        roles = [r[0] for r in ws.conn.execute("SELECT id FROM roles ORDER BY id")]
    demand = folder / "demand.csv"
    demand.write_text("role_id,headcount\n" + "".join(f"{r},3\n" for r in roles))
    return path, demand


@pytest.fixture(scope="module")
def decided(demo):
    """allocate --json then plan --json, default options (captured without capsys)."""
    import contextlib
    import io

    path, demand = demo
    outputs = []
    for args in (
        ["allocate", path, "--demand", demand, "--start", "2027-01-04", "--json"],
        ["plan", path, "--json"],
    ):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main([str(a) for a in args]) == 0
        outputs.append(json.loads(buffer.getvalue()))
    return path, outputs[0], outputs[1]


def test_every_plan_ends_by_the_horizon_or_is_flagged_by_name(decided):
    _path, allocation, plan = decided
    horizon = date.fromisoformat(allocation["totals"]["ready_by"])
    assert horizon == date(2028, 7, 4)  # 18 months after the start, stated in the output
    assert plan["horizon"] == horizon.isoformat()
    flagged = {p["employee_key"] for p in plan["past_horizon"]}
    assert len(plan["people"]) == allocation["totals"]["filled"] > 0
    for person in plan["people"]:
        finish = person["totals"]["finish_date"]
        if finish and date.fromisoformat(finish) > horizon:
            assert person["employee_key"] in flagged
    late = {p["employee_key"] for p in allocation["past_horizon"]}
    assert late == flagged
    for key in late:
        assert any(key in w for w in allocation["warnings"])


def test_no_licensed_role_is_filled_without_the_credential(decided):
    path, allocation, _plan = decided
    with Workspace.open(path) as ws:
        scored = score_workspace(ws)
    gates = credential_gates(scored.catalog, scored.paths)
    assert {r for r, _s in gates} >= {"ai_lawyer", "ai_medical_practitioner"}
    eff = effective_levels(scored.catalog, scored.levels)
    skill_index = {s: i for i, s in enumerate(scored.catalog.skills)}
    checked = 0
    for role in allocation["roles"]:
        for person in role["chosen"]:
            row = scored.scores.row_of(person["employee_id"])
            for (role_id, skill), minimum in gates.items():
                if role_id == role["role_id"]:
                    assert eff[row, skill_index[skill]] >= minimum, (person, skill)
                    checked += 1
    assert checked > 0


def test_allocation_hours_and_cost_are_the_plans_per_person(decided):
    path, allocation, plan = decided
    planned = {p["employee_id"]: p["totals"] for p in plan["people"]}
    chosen = [p for role in allocation["roles"] for p in role["chosen"]]
    assert chosen and len(chosen) == len(planned)
    for person in chosen:
        totals = planned[person["employee_id"]]
        assert person["gap_hours"] == pytest.approx(totals["hours"], abs=0.01)
        assert person["cost"] == pytest.approx(totals["cost"], abs=0.01)
        assert person["weeks_to_ready"] == totals["weeks_to_ready"]
        assert person["finish_date"] == totals["finish_date"]
    # what the report reads: the allocations table and the plan items agree per person
    with Workspace.open(path) as ws:
        rows = ws.conn.execute(
            "SELECT a.employee_id, a.gap_hours, a.cost, coalesce(sum(p.hours), 0), "
            "coalesce(sum(p.cost), 0) FROM allocations a LEFT JOIN plan_items p ON "
            "p.scenario_id = a.scenario_id AND p.employee_id = a.employee_id "
            "GROUP BY a.employee_id"
        ).fetchall()
    assert len(rows) == len(chosen)
    for _eid, hours, cost, plan_hours, plan_cost in rows:
        assert hours == pytest.approx(plan_hours, abs=0.01)
        assert cost == pytest.approx(plan_cost, abs=0.01)


def test_fairness_is_over_the_eligible_pool_stored_and_never_by_department(decided):
    path, allocation, _plan = decided
    reports = allocation["fairness"]
    assert reports and {r["pool"] for r in reports} == {"eligible pool", "workforce"}
    assert "department" not in {r["attribute"] for r in reports}
    for report in reports:
        for group in report["groups"]:
            if group["impact_ratio"] is not None:
                assert group["impact_ratio"] == round(group["impact_ratio"], 2)
                assert group["flagged"] == (group["impact_ratio"] < 0.8 and not group["small"])
            if group["flagged"]:
                assert group["needed_to_clear"] is None or group["needed_to_clear"] > 0
    with Workspace.open(path) as ws:
        constraints, results = ws.conn.execute(
            "SELECT constraints, results FROM scenarios WHERE name = 'Default'"
        ).fetchone()
    assert json.loads(results)["fairness"] == reports
    assert json.loads(constraints)["fairness_attributes"] == list(
        dict.fromkeys(r["attribute"] for r in reports)
    )


def test_eligible_means_reachable_on_the_demo(demo):
    path, _demand = demo
    with Workspace.open(path) as ws:
        scores = score_workspace(ws).scores
    hours = scores.gap_hours[scores.eligible]
    assert (hours <= ELIGIBLE_MAX_HOURS).all()
    assert (hours <= RESKILL_MAX_HOURS).mean() >= 0.7  # most eligible people
    assert (scores.eligible.sum(axis=0) >= 2).all()  # every role has candidates
    assert np.isfinite(scores.weeks_to_ready[scores.eligible]).all()


def test_the_reports_summary_names_the_attributes_checked_as_the_command_line_does(
    decided, tmp_path
):
    """The Summary's fairness note words attributes as every other place does ('age band',
    never 'Age band' beside 'site')."""
    import openpyxl

    from planner.exporting import export_report

    path, allocation, _plan = decided
    out = tmp_path / "report.xlsx"
    with Workspace.open(path) as ws:
        export_report(ws, out)
    rows = openpyxl.load_workbook(out)["Summary"].iter_rows(values_only=True)
    note = next(r[3] for r in rows if r[0] == "Fairness (four-fifths rule)")
    attributes = list(dict.fromkeys(r["attribute"] for r in allocation["fairness"]))
    assert attributes, "the demo's default check has attributes"
    assert note.startswith(
        "checked by " + ", ".join(a.replace("_", " ").lower() for a in attributes)
    )
