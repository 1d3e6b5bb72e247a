"""``reskill-planner plan``: exit codes, JSON totals, progress, compare, apply-updates."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest

from planner.cli import main

START = "2027-01-04"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def path(tmp_path, ph):
    people = [{"id": e, "site": "Paris" if e < 6 else "Lyon"} for e in range(1, 9)]
    ws = ph.make_workspace(tmp_path / "cli.rplan", ph.small_catalog(), people,
                           levels={e: {"a": e % 3} for e in range(1, 9)})
    ph.add_scenario(ws, "A", [(e, "r") for e in range(1, 8)] + [(8, "s")])
    ph.add_scenario(ws, "B", [(e, "s") for e in range(1, 4)])
    ws.close()
    return tmp_path / "cli.rplan"


def test_no_allocation_exits_3_with_advice(tmp_path, ph, capsys):
    ph.make_workspace(tmp_path / "e.rplan", ph.small_catalog(), []).close()
    code, _out, err = run(capsys, "plan", tmp_path / "e.rplan")
    assert code == 3 and "reskill-planner allocate" in err and "Traceback" not in err


def test_bad_usage_exits_2(path, capsys):
    for argv in (["--start", "soon"], ["--hours-per-week", "0"], ["--min-cohort", "x"],
                 ["--progress", "--compare", "A"]):
        with pytest.raises(SystemExit) as exc:
            main(["plan", str(path), *argv])
        assert exc.value.code == 2
    capsys.readouterr()


def test_unknown_scenario_and_bad_cohort_sizes_exit_3(path, capsys):
    code, _, err = run(capsys, "plan", path, "--scenario", "Z")
    assert code == 3 and "no scenario named 'Z'" in err
    code, _, err = run(capsys, "plan", path, "--min-cohort", "5", "--max-cohort", "2")
    assert code == 3 and "cohort sizes" in err


def test_json_totals_match_items(path, capsys):
    code, out, _ = run(capsys, "plan", path, "--scenario", "A", "--start", START,
                       "--blocked-week", "2027-01-11", "--json")
    assert code == 0
    data = json.loads(out)
    people = data["people"]
    assert len(people) == 8
    items = [i for p in people for i in p["items"]]
    assert items and all(i["start_week"] != 1 for i in items)
    assert data["totals"]["scenario"]["hours"] == pytest.approx(sum(i["hours"] for i in items))
    assert data["totals"]["scenario"]["cost"] == pytest.approx(sum(i["cost"] for i in items))
    for p in people:
        assert p["totals"]["cost"] == pytest.approx(sum(i["cost"] for i in p["items"]))
        for i in p["items"]:
            assert {"module", "title", "format", "start_date", "end_date", "weeks", "hours",
                    "cost", "cohort"} <= set(i)
    assert sum(t["people"] for t in data["totals"]["by_role"].values()) == 8
    assert data["settings"]["blocked_weeks"] == ["2027-01-11"]
    for cohort in data["cohorts"]:
        assert cohort["site"] == "Paris" and 4 <= cohort["size"] <= 16


def test_text_output_progress_and_compare(path, capsys):
    code, out, _ = run(capsys, "plan", path, "--start", START)   # latest scenario: B
    assert code == 0 and out.startswith("Scenario B:")
    code, out, _ = run(capsys, "plan", path, "--scenario", "A")
    assert code == 0 and "a2w @ Paris #1" in out
    code, out, _ = run(capsys, "plan", path, "--scenario", "A", "--progress", "--json")
    assert code == 0 and {r["verdict"] for r in json.loads(out)} <= {"on_track", "behind",
                                                                      "done"}
    code, out, _ = run(capsys, "plan", path, "--compare", "A", "B", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["scenario"] for r in rows] == ["A", "B"]
    assert rows[0]["people_moved"] == 8 and rows[1]["people_moved"] == 3
    code, out, _ = run(capsys, "plan", path, "--compare", "A", "B")
    assert code == 0 and "roles filled" in out


def test_apply_updates_needs_yes(path, tmp_path, capsys, monkeypatch):
    assert run(capsys, "plan", path, "--scenario", "A", "--start", START)[0] == 0
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Training plan"
    sheet.append(["Employee ID", "Name", "Role", "Module ID", "Module", "Start", "End",
                  "Hours", "Cost", "Status", "Status date"])
    sheet.append(["E1", "", "", "a1", "", None, None, 6, 100, "done", date(2027, 1, 20)])
    book.save(tmp_path / "plans.xlsx")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, out, err = run(capsys, "plan", path, "--scenario", "A", "--apply-updates",
                         tmp_path / "plans.xlsx")
    assert code == 1 and "status planned -> done" in out and "--yes" in err
    code, out, _ = run(capsys, "plan", path, "--scenario", "A", "--apply-updates",
                       tmp_path / "plans.xlsx", "--yes")
    assert code == 0 and "Updated 1 plan items" in out
    code, out, _ = run(capsys, "plan", path, "--scenario", "A", "--apply-updates",
                       tmp_path / "plans.xlsx")
    assert code == 0 and "Nothing to change" in out
    sheet.append(["E99", "", "", "a1", "", None, None, 6, 100, "done", None])
    book.save(tmp_path / "plans.xlsx")
    code, out, err = run(capsys, "plan", path, "--scenario", "A", "--apply-updates",
                         tmp_path / "plans.xlsx", "--yes")
    assert code == 3 and "row 3" in out and "nothing was applied" in err
