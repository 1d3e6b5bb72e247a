"""The import wizard with the real importer: end to end, cancel, refusals."""

from __future__ import annotations

import threading

import pytest
from imp_helpers import department_workbook
from ui_helpers import dialogs, write_sheet

from planner.store import Workspace


def open_wizard(window, qtbot, path):
    wizard = window.import_file(path)
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.currentPage() in (wizard.sheet_page, wizard.mapping_page),
                    timeout=30_000)
    return wizard


def to_mapping(wizard, qtbot):
    if wizard.currentPage() is wizard.sheet_page:
        wizard.next()       # sheet -> mapping (the table is found in the background)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page, timeout=30_000)


def walk_to_checks(wizard, qtbot):
    to_mapping(wizard, qtbot)
    wizard.next()       # -> level preview
    assert wizard.currentPage() is wizard.levels_page
    wizard.next()       # -> validation report, checked in the background
    assert wizard.currentPage() is wizard.check_page
    qtbot.waitUntil(lambda: wizard.check_page.task.done, timeout=30_000)


def test_wizard_imports_a_sheet_end_to_end(window, qtbot, tmp_path):
    sheet = write_sheet(tmp_path / "new-team.csv", n=25, seed=11)
    # the new people get ids that do not clash with the workspace's
    text = sheet.read_text().replace("E00", "N00")
    sheet.write_text(text)
    wizard = open_wizard(window, qtbot, sheet)
    # a CSV has one sheet: the wizard goes straight to the columns
    assert wizard.currentPage() is wizard.mapping_page
    to_mapping(wizard, qtbot)
    page = wizard.mapping_page
    roles = [combo.currentData() for combo in page.combos]
    assert roles[:5] == ["employee_id", "name", "department", "job_title", "site"]
    assert any(r.startswith("skill:") for r in roles)
    # the user says the job title column is not needed
    page.set_role("Job title", "ignore")
    wizard.next()
    levels = wizard.levels_page
    assert levels.table.rowCount() > 0
    assert {c.currentText().removeprefix("as read: ") for c in levels.combos} <= \
        {"0", "1", "2", "3", "4", "5", "—"}
    # each distinct value once per scale, however many columns hold it
    seen = [(levels.table.item(i, 0).text(), levels.table.item(i, 1).text())
            for i in range(levels.table.rowCount())]
    assert len(seen) == len(set(seen)) and len(seen) <= 6
    wizard.next()
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=30_000)
    assert wizard.check_page.content.is_empty      # "no problems found"
    assert "No problems" in wizard.check_page.content.message.text()
    assert "25 rows read" in wizard.check_page.summary.text()
    with qtbot.waitSignals([wizard.imported, window.state.loaded], timeout=30_000):
        wizard.next()
    assert wizard.import_page.outcome == "imported"
    assert wizard.report.employees_added == 25
    assert len(window.state.data) == 85
    assert window.employees_page.model.rowCount() == 85
    with Workspace.open(window.state.path) as ws:
        assert ws.conn.execute("SELECT count(*) FROM employees").fetchone()[0] == 85
        assert ws.conn.execute("SELECT job_title FROM employees WHERE employee_key = "
                               "'N0000'").fetchone()[0] == ""
        # the mapping is remembered for the next file with this layout
        saved = ws.conn.execute("SELECT mapping FROM import_mappings").fetchall()
        assert any('"ignore"' in m for (m,) in saved)
    wizard.accept()


def test_cancel_leaves_workspace_unchanged(window, qtbot, tmp_path, monkeypatch,
                                           dump_tables):
    from planner.ui.wizard import import_wizard

    real_commit = import_wizard.commit
    release = threading.Event()

    def slow_commit(ws, source, mapping, *, progress=None, **kw):
        # Hold the worker until the test has pressed Cancel, as a long import would be.
        assert release.wait(20)
        return real_commit(ws, source, mapping, progress=progress, **kw)

    monkeypatch.setattr(import_wizard, "commit", slow_commit)
    with Workspace.open(window.state.path) as ws:
        before = dump_tables(ws)
    sheet = write_sheet(tmp_path / "more.csv", n=30, seed=5)
    sheet.write_text(sheet.read_text().replace("E00", "M00"))
    wizard = open_wizard(window, qtbot, sheet)
    walk_to_checks(wizard, qtbot)
    wizard.next()
    page = wizard.import_page
    assert wizard.currentPage() is page and not page.isComplete()
    page.cancel.click()
    release.set()
    qtbot.waitUntil(lambda: page.task.done, timeout=30_000)
    assert page.outcome == "cancelled"
    assert "not changed" in page.status.text()
    assert not dialogs()          # a cancel is not an error
    with Workspace.open(window.state.path) as ws:
        assert dump_tables(ws) == before
    wizard.reject()


@pytest.mark.parametrize("name, content, words", [
    ("salaries.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50, "damaged"),
    ("photo.xlsx", bytes(range(256)) * 20, "not a spreadsheet"),
])
def test_refused_file_shows_error_dialog(window, qtbot, tmp_path, name, content, words):
    bad = tmp_path / name
    bad.write_bytes(content)
    wizard = window.import_file(bad)
    qtbot.waitUntil(lambda: bool(dialogs()), timeout=30_000)
    assert wizard.currentPage() is wizard.file_page
    text = dialogs()[0].text()
    assert name in text and words in text
    assert wizard.file_page.isComplete()      # the user can pick another file
    wizard.reject()


def test_text_renamed_xlsx_is_named_as_text_and_refused(window, qtbot, tmp_path):
    bad = tmp_path / "report.xlsx"
    bad.write_text("this is plain text wearing an xlsx name\n")
    wizard = window.import_file(bad)
    qtbot.waitUntil(lambda: bool(dialogs()), timeout=30_000)
    assert wizard.currentPage() is wizard.file_page
    text = dialogs()[0].text()
    assert "no table" in text
    assert "report.xlsx is a text file, not a workbook" in text
    wizard.reject()


def test_validation_report_is_filterable(window, qtbot, tmp_path):
    sheet = tmp_path / "issues.csv"
    sheet.write_text("Employee ID,Name,Department,Python,SQL\n"
                     "A1,Ann,IT,3,great\n"
                     "A2,Bob,IT,4,2\n"
                     ",Nobody,IT,2,2\n"
                     "A4,Eve,IT,9,1\n", encoding="utf-8")
    wizard = open_wizard(window, qtbot, sheet)
    walk_to_checks(wizard, qtbot)
    check = wizard.check_page
    total = check.table.rowCount()
    assert total >= 2
    cells = [check.table.item(i, 1).text() for i in range(total)]
    assert any(c.endswith(("E2", "D5", "A4")) for c in cells), cells
    check.kind.setCurrentIndex(1)       # errors only
    errors = check.visible_issue_count()
    check.kind.setCurrentIndex(2)       # warnings only
    warnings = check.visible_issue_count()
    assert errors + warnings == total
    check.kind.setCurrentIndex(0)
    check.search.setText(cells[0])
    assert 1 <= check.visible_issue_count() < total or total == 1
    wizard.reject()


@pytest.mark.parametrize("answer", ["Read it anyway", "Cancel"])
def test_a_file_refused_for_its_size_can_be_read_anyway(window, qtbot, tmp_path, monkeypatch,
                                                        answer):
    """A file over the size limits (an honest, very large HRIS export, say) is not a dead
    end in the window: the wizard offers what the command line's --allow-large does."""
    from PySide6.QtWidgets import QMessageBox

    from planner.importing import budget

    sheet = write_sheet(tmp_path / "big-export.csv", n=30, seed=5)
    sheet.write_text(sheet.read_text().replace("E00", "B00"))
    monkeypatch.setattr(budget, "MAX_CELLS", 100)  # as if the sheet held millions of cells
    with Workspace.open(window.state.path) as ws:
        before = ws.conn.execute("SELECT count(*) FROM employees").fetchone()[0]
    wizard = window.import_file(sheet)
    qtbot.waitUntil(lambda: bool(dialogs("tooLargeDialog")), timeout=30_000)
    box = dialogs("tooLargeDialog")[0]
    assert not dialogs()  # no error box besides: one question
    assert "big-export.csv" in box.text() and "cells" in box.text()
    assert "--allow-large" not in box.text()  # no command line in the window
    assert wizard.currentPage() is wizard.file_page
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    anyway = next(b for b in box.buttons() if b.text() == "Read it anyway")
    button = cancel if answer == "Cancel" else anyway
    button.click()
    if answer == "Cancel":
        qtbot.wait(200)
        assert wizard.currentPage() is wizard.file_page
        assert "big-export.csv" in wizard.file_page.status.text()
        assert wizard.file_page.isComplete()  # another file, or try again
        wizard.reject()
        return
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page, timeout=30_000)
    assert wizard.budget is not None and wizard.budget.seconds > budget.DEFAULT_MAX_SECONDS
    walk_to_checks(wizard, qtbot)
    with qtbot.waitSignals([wizard.imported, window.state.loaded], timeout=30_000):
        wizard.next()
    assert wizard.report.employees_added == 30
    with Workspace.open(window.state.path) as ws:
        assert ws.conn.execute("SELECT count(*) FROM employees").fetchone()[0] == before + 30
    wizard.accept()


def test_a_note_under_the_table_is_named_on_the_columns_page(window, qtbot, tmp_path):
    sheet = write_sheet(tmp_path / "export.csv", n=12, seed=3)
    with sheet.open("a", encoding="utf-8") as fh:
        fh.write("\nConfidential <internal> use only\n")
    wizard = open_wizard(window, qtbot, sheet)
    to_mapping(wizard, qtbot)
    notes = wizard.mapping_page.notes
    assert not notes.isHidden()
    assert "Row 15 ('Confidential &lt;internal&gt; use only') looks like a note under the " \
        "table and is skipped." in notes.text()
    assert "Read as text" in notes.text()  # every note a sentence
    assert "12 data rows" in wizard.mapping_page.summary.text()
    wizard.reject()


@pytest.mark.parametrize("also", [True, False])
def test_the_other_sheets_with_the_same_columns_can_come_along(window, qtbot, tmp_path, also):
    """A workbook with one sheet per department: the checks page offers the other sheets
    (never ticked for the user); ticked, they are imported in the same step."""
    path = department_workbook(tmp_path / "departments.xlsx", per_sheet=4, prefix="S")
    with Workspace.open(window.state.path) as ws:
        before = ws.conn.execute("SELECT count(*) FROM employees").fetchone()[0]
    wizard = open_wizard(window, qtbot, path)
    walk_to_checks(wizard, qtbot)
    check = wizard.check_page
    assert check.also.isVisible() and not check.also.isChecked()
    assert "2 other sheets" in check.also.text() and "IT, Clinical" in check.also.text()
    check.also.setChecked(also)
    with qtbot.waitSignals([wizard.imported, window.state.loaded], timeout=30_000):
        wizard.next()
    page = wizard.import_page
    assert page.outcome == "imported"
    added = 12 if also else 4
    with Workspace.open(window.state.path) as ws:
        assert ws.conn.execute("SELECT count(*) FROM employees").fetchone()[0] == before + added
    if also:
        assert "departments.xlsx, sheet Clinical: imported 4 new" in page.status.text()
    else:
        assert "sheet Clinical" not in page.status.text()
    wizard.accept()
