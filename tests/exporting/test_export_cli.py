"""``reskill-planner export``: kinds, exit codes and messages."""

from __future__ import annotations

import openpyxl
import pytest

from planner.cli import main


@pytest.mark.parametrize(
    "kind, sheet",
    [
        ("report", "Summary"),
        ("plans", "Training plan"),
        ("workshops", "Sign-in sheets"),
        ("template", "Employees"),
    ],
)
def test_export_each_kind(planned, tmp_path, capsys, kind, sheet):
    out = tmp_path / f"{kind}.xlsx"
    assert main(["export", str(planned.path), str(out), "--kind", kind]) == 0
    assert "wrote" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames[0] == sheet


def test_unwritable_path_exits_3(planned, tmp_path, capsys):
    assert main(["export", str(planned.path), str(tmp_path / "no" / "r.xlsx")]) == 3
    assert "does not exist" in capsys.readouterr().err


def test_workshops_without_plan_say_what_is_missing(bare, tmp_path, capsys):
    assert main(["export", str(bare.path), str(tmp_path / "w.xlsx"), "--kind", "workshops"]) == 3
    err = capsys.readouterr().err
    assert "no training plan yet" in err
    message = err.split("error:", 1)[1]
    assert "reskill-planner" not in message and "`" not in message, "HR words, no commands"


def test_unknown_scenario_exits_3(planned, tmp_path, capsys):
    assert main(["export", str(planned.path), str(tmp_path / "r.xlsx"), "--scenario", "nope"]) == 3
    assert "no scenario named 'nope'" in capsys.readouterr().err


def test_split_needs_plans(planned, tmp_path):
    with pytest.raises(SystemExit):
        main(["export", str(planned.path), str(tmp_path / "r.xlsx"), "--split"])
