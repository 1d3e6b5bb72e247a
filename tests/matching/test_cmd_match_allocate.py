"""The match and allocate commands end to end on a workspace with the shipped catalog."""

from __future__ import annotations

import json

import pytest

from planner.cli import main
from planner.store import Workspace

PROMPT = {"prompt_design": 4, "llm_knowledge": 3, "communication": 4,
          "creative_problem_solving": 3, "python": 2, "ai_literacy": 2}


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """Twelve people: P1-P4 close to prompt engineers, the rest further away."""
    path = tmp_path_factory.mktemp("team") / "team.rplan"
    ws = Workspace.create(path)
    with ws.transaction():
        ws.conn.execute("INSERT INTO assessments (id, source_name, sha256, imported_at) "
                        "VALUES (1, 's.xlsx', 'x', '2026-01-01')")
        for i in range(1, 13):
            ws.conn.execute(
                "INSERT INTO employees (id, employee_key, name, department, site, attributes) "
                "VALUES (?, ?, ?, ?, 'Lyon', ?)",
                (i, f"P{i}", f"Person {i}", "Marketing" if i <= 6 else "Finance",
                 json.dumps({"age_band": "<40" if i % 2 else "40+"})))
            drop = 0 if i <= 4 else min(i - 3, 4)
            for skill, level in PROMPT.items():
                value = max(level - drop, 0) if i != 4 or skill != "python" else 0
                ws.conn.execute("INSERT INTO ratings (employee_id, skill_id, assessment_id, "
                                "source, level, rated_at) VALUES (?, ?, 1, 'manager', ?, "
                                "'2026-01-01')", (i, skill, value))
    ws.close()
    return path


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_match_one_role_ranks_and_explains_blockers(team, capsys):
    code, out, _ = run_cli(capsys, "match", team, "--role", "Prompt engineer", "--top", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Prompt engineer (prompt_engineer)"
    assert lines[1].split() == ["#", "id", "name", "fit", "eligible", "gap", "h", "weeks",
                                "readiness"]
    assert [ln.split()[1] for ln in lines[3:6]] == ["P1", "P2", "P3"]
    assert "100.0" in lines[3] and "ready" in lines[3]
    assert "What holds candidates back most often:" in out


def test_match_json_for_every_role(team, capsys):
    code, out, _ = run_cli(capsys, "match", team, "--top", "2", "--json")
    data = json.loads(out)
    assert code == 0 and len(data) == 20
    prompt = next(r for r in data if r["role_id"] == "prompt_engineer")
    assert [c["employee_key"] for c in prompt["candidates"]] == ["P1", "P2"]
    assert prompt["candidates"][0] | {"name": "Person 1", "fit": 100.0, "eligible": True,
                                      "readiness": "ready"} == prompt["candidates"][0]


def test_match_employee_best_roles_and_explanation(team, capsys):
    code, out, _ = run_cli(capsys, "match", team, "--employee", "P4", "--top", "3", "--json")
    roles = json.loads(out)
    assert code == 0 and roles[0]["role_id"] == "prompt_engineer" and len(roles) == 3
    code, out, _ = run_cli(capsys, "match", team, "--employee", "P4", "--role",
                           "prompt_engineer")
    assert code == 0
    assert out.startswith("P4 Person 4 → Prompt engineer: fit ")
    assert "  Python 0 → 2: −14.3 points, 19.5 h\n" in out
    code, out, _ = run_cli(capsys, "match", team, "--employee", "P4", "--role",
                           "prompt_engineer", "--json")
    why = json.loads(out)
    assert round(100 - sum(s["points_lost"] for s in why["skills"]), 1) == \
        pytest.approx(why["fit"], abs=0.05)


def test_match_refusals(team, capsys):
    code, _, err = run_cli(capsys, "match", team, "--role", "wizard")
    assert code == 3 and "unknown role 'wizard'" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "match", team, "--employee", "nobody")
    assert code == 3 and "no employee with id 'nobody'" in err
    with pytest.raises(SystemExit) as exc:
        main(["match", str(team), "--top", "0"])
    assert exc.value.code == 2


def test_allocate_saves_a_scenario_with_fairness(team, tmp_path, capsys):
    demand = tmp_path / "demand.csv"
    demand.write_text("role_id,headcount\nprompt_engineer,3\n", "utf-8")
    code, out, _ = run_cli(capsys, "allocate", team, "--demand", demand, "--json",
                           "--fairness-by", "department", "--fairness-by", "age_band",
                           "--exclude", "P2", "--scenario", "Q1")
    assert code == 0
    data = json.loads(out)
    role = data["roles"][0]
    assert role["role_name"] == "Prompt engineer"
    assert [p["employee_key"] for p in role["chosen"]][:2] == ["P1", "P3"]
    assert "P2" not in {p["employee_key"] for p in role["chosen"] + role["runner_ups"]}
    assert data["scenario"]["name"] == "Q1"
    # issue 11: each attribute over the eligible pool, then over the workforce
    assert [(f["attribute"], f["pool"]) for f in data["fairness"]] == [
        ("department", "eligible pool"), ("department", "workforce"),
        ("age_band", "eligible pool"), ("age_band", "workforce")]
    pool = {g["group"]: g for g in data["fairness"][0]["groups"]}
    workforce = {g["group"]: g for g in data["fairness"][1]["groups"]}
    assert sum(g["selected"] for g in pool.values()) == 3
    assert workforce["Marketing"]["selected"] + workforce["Finance"]["selected"] == 3
    # the pool holds only people eligible for a demanded role; the workforce everyone
    assert sum(g["size"] for g in pool.values()) < sum(g["size"] for g in workforce.values())
    with Workspace.open(team) as ws:
        rows = ws.conn.execute("SELECT e.employee_key FROM allocations a JOIN employees e "
                               "ON e.id = a.employee_id JOIN scenarios s ON s.id = "
                               "a.scenario_id WHERE s.name = 'Q1'").fetchall()
        assert sorted(r[0] for r in rows) == sorted(p["employee_key"] for p in role["chosen"])
        assert ws.conn.execute("SELECT kind, role_id FROM allocation_rules").fetchall() == \
            [("exclude", None)]


def test_allocate_text_output_with_pin_and_budget(team, tmp_path, capsys):
    demand = tmp_path / "demand.csv"
    demand.write_text("Prompt engineer,2\n", "utf-8")
    code, out, _ = run_cli(capsys, "allocate", team, "--demand", demand, "--budget", "0",
                           "--pin", "P4=prompt_engineer")
    # P4 needs Python training: pinned people alone exceed a zero budget
    assert code == 3
    code, out, _ = run_cli(capsys, "allocate", team, "--demand", demand, "--budget", "100000",
                           "--pin", "P4=prompt_engineer", "--max-hours", "500")
    assert code == 0
    # issue 11: the horizon and the weekly hours come first, then the roles
    first, second = out.splitlines()[:2]
    assert first.startswith("Ready by ") and "18 months after the start" in first
    assert second == "Prompt engineer (prompt_engineer): 2 of 2"
    assert "P4" in out and "yes" in out and "runner-ups: " in out
    assert "proven optimal" in out
    # the default fairness attributes never include department (it flags by construction)
    assert "Selection rates by department" not in out and "Selection rates by " in out
    assert "Saved as scenario 'Default'" in out


@pytest.mark.parametrize(("content", "message"), [
    ("prompt_engineer,3\nwizard,1\n", "row 2, column 1 (role): unknown role 'wizard'"),
    ("prompt_engineer,lots\n", "row 1, column 2 (headcount)"),
])
def test_allocate_bad_demand_file_exits_3(team, tmp_path, capsys, content, message):
    demand = tmp_path / "demand.csv"
    demand.write_text(content, "utf-8")
    code, _, err = run_cli(capsys, "allocate", team, "--demand", demand)
    assert code == 3
    assert err.startswith(f"reskill-planner: error: file {demand}, cell ")
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("args", [
    ["--budget", "-5"], ["--pin", "P1"], ["--exclude", "=x"], [],
])
def test_allocate_bad_usage_exits_2(team, tmp_path, capsys, args):
    demand = tmp_path / "demand.csv"
    demand.write_text("prompt_engineer,1\n", "utf-8")
    base = ["allocate", str(team)] + (["--demand", str(demand)] if args else [])
    with pytest.raises(SystemExit) as exc:
        main(base + args)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err
