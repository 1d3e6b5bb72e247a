"""The import wizard's own work (reading, finding the table, previewing levels, checking,
importing) keeps to the file's time budget, like the command line: a step that runs past it
is stopped and the file refused in words; the workspace is unchanged."""

from __future__ import annotations

import shutil
import time

import pytest

import planner.ui.wizard.import_wizard as wizard_module
from planner.importing import budget, import_file
from planner.store import Workspace


@pytest.fixture
def ws_path(tmp_path):
    sheet = tmp_path / "first.csv"
    sheet.write_text("employee_id,name,Python\nT1,Ann,3\n")
    with Workspace.create(tmp_path / "team.rplan") as ws:
        import_file(ws, sheet)
    return tmp_path / "team.rplan"


def _hang(*_args, **_kwargs):
    while True:  # pure-Python work that never ends (a crafted file's worst case)
        time.sleep(0.005)


@pytest.mark.parametrize("step", ["detect", "check_rows", "commit", "preview_by_scale"])
def test_a_wizard_step_that_runs_past_the_budget_is_refused(
    step, ws_path, tmp_path, qtbot, monkeypatch
):
    import wizard_driver

    sheet = tmp_path / "people.csv"
    sheet.write_text("employee_id,name,Python\nN1,Nia,4\nN2,Ned,2\n")
    monkeypatch.setattr(budget, "time_budget", lambda size, allow_large=False: 1.5)
    monkeypatch.setattr(wizard_module, step, _hang)
    before = shutil.copy(ws_path, tmp_path / "before.rplan")
    started = time.monotonic()
    result = wizard_driver.drive(ws_path, sheet, timeout=20)
    assert time.monotonic() - started < 10
    assert not result["bugs"], result
    assert result["outcome"] == "refused", result
    assert "people.csv" in result["message"] and "took longer than 2 s" in result["message"]
    assert "column choices" not in result["message"]  # no mapping changes a slow file
    with Workspace.open(ws_path) as ws, Workspace.open(before) as old:
        assert (
            ws.conn.execute("SELECT count(*) FROM employees").fetchone()
            == old.conn.execute("SELECT count(*) FROM employees").fetchone()
        )


def test_the_wizard_checks_the_rows_once(ws_path, tmp_path, monkeypatch, qapp):
    """The checks page's work is what the import writes: a big file's rows are not checked
    a second time within its budget."""
    import wizard_driver

    import planner.importing as importing

    calls = []
    real = importing._prepare
    monkeypatch.setattr(importing, "_prepare", lambda *a: calls.append(1) or real(*a))
    sheet = tmp_path / "people.csv"
    sheet.write_text("employee_id,name,Python\nN1,Nia,4\nN2,Ned,2\n")
    result = wizard_driver.drive(ws_path, sheet, timeout=30)
    assert result["outcome"] == "imported", result
    assert "2 new" in result["message"]
    assert len(calls) == 1
