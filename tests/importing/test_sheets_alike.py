"""A workbook with one sheet per department: every sheet can be imported (a second sheet of
the same file is not a repeat), the sheets with the same columns are named when only one is
imported, and --all-sheets imports them all in one transaction."""

from __future__ import annotations

import pytest
from imp_helpers import department_workbook, dump, new_workspace

import planner.importing as importing
from planner.importing import import_file


def test_each_sheet_of_a_workbook_can_be_imported_one_after_the_other(tmp_path):
    path = department_workbook(tmp_path / "by_department.xlsx")
    ws = new_workspace(tmp_path)
    first = import_file(ws, path)
    assert first.sheet == "Legal" and first.employees_added == 5
    assert first.same_columns == ["IT", "Clinical"]
    assert any("2 other sheets have the same columns (IT, Clinical)" in n for n in first.notes)
    second = import_file(ws, path, sheet="IT")
    assert second.duplicate_of is None and second.employees_added == 5
    again = import_file(ws, path, sheet="IT")  # the same sheet again is a repeat
    assert again.duplicate_of == second.assessment_id
    assert ws.conn.execute("SELECT count(*) FROM employees").fetchone()[0] == 10


def test_all_sheets_imports_every_sheet_with_the_same_columns(tmp_path):
    path = department_workbook(tmp_path / "by_department.xlsx")
    ws = new_workspace(tmp_path)
    report = import_file(ws, path, all_sheets=True)
    assert [r.sheet for r in report.every_sheet()] == ["Legal", "IT", "Clinical"]
    assert [r.employees_added for r in report.every_sheet()] == [5, 5, 5]
    assert report.same_columns == []
    assert ws.conn.execute("SELECT count(*) FROM employees").fetchone()[0] == 15
    sheets = [s for (s,) in ws.conn.execute("SELECT sheet FROM assessments ORDER BY id")]
    assert sheets == ["Legal", "IT", "Clinical"]
    data = report.to_dict()
    assert [r["sheet"] for r in data["more_sheets"]] == ["IT", "Clinical"]


def test_a_failure_on_a_later_sheet_leaves_the_workspace_as_it_was(tmp_path, monkeypatch):
    path = department_workbook(tmp_path / "by_department.xlsx")
    ws = new_workspace(tmp_path)
    seed = tmp_path / "seed.csv"
    seed.write_text("Employee ID,Name,Python\nS1,Sam,3\n")
    import_file(ws, seed)  # people already there: the import makes a backup first
    before = dump(ws)
    backups = set(tmp_path.glob("*.bak"))
    real_write, calls = importing.write, []

    def failing_write(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(importing, "write", failing_write)
    with pytest.raises(OSError):
        import_file(ws, path, all_sheets=True)
    assert len(calls) == 3
    assert dump(ws) == before  # the first two sheets were rolled back with the third
    assert set(tmp_path.glob("*.bak")) == backups  # and the backup made for it is gone


def test_the_command_line_names_the_other_sheets_and_the_flag(tmp_path, capsys):
    from planner.cli import main

    path = department_workbook(tmp_path / "by_department.xlsx")
    new_workspace(tmp_path, "team.rplan").close()
    workspace = str(tmp_path / "team.rplan")
    assert main(["import", workspace, str(path)]) == 0
    out = capsys.readouterr().out
    assert "(IT, Clinical) and were not imported" in out and "--all-sheets" in out
    assert main(["import", workspace, str(path), "--all-sheets"]) == 0
    out = capsys.readouterr().out
    assert "by_department.xlsx, sheet IT: imported 5 new" in out
    assert "sheet Legal: already imported" in out
