"""Realistic HR exports through the import wizard: the columns it reads, what it highlights,
when Next is off and why, the level preview and its overrides, the notes it shows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

sys.path.insert(0, str(Path(__file__).parents[1] / "importing"))
import realistic

from planner.store import Workspace


def generated(tmp_path, name):
    return realistic.ALL[name](tmp_path / f"{name}{realistic.SUFFIX[name]}")


def open_on_mapping(window, qtbot, path):
    wizard = window.import_file(path)
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page, timeout=30_000)
    return wizard


def roles_by_header(wizard):
    page = wizard.mapping_page
    return {
        col.header: role for col, role in zip(wizard.mapping.columns, page.roles(), strict=True)
    }


def import_through(wizard, qtbot, window):
    wizard.next()  # -> levels
    assert wizard.currentPage() is wizard.levels_page
    wizard.next()  # -> checks
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=30_000)
    with qtbot.waitSignals([wizard.imported, window.state.loaded], timeout=30_000):
        wizard.next()
    assert wizard.import_page.outcome == "imported"


def stored(window):
    with Workspace.open(window.state.path) as ws:
        people = {
            k: (n, t)
            for k, n, t in ws.conn.execute("SELECT employee_key, name, job_title FROM employees")
        }
        from planner.store.levels import iter_ratings

        keys = dict(ws.conn.execute("SELECT id, employee_key FROM employees"))
        levels = {(keys[e], s): round(v, 2) for e, s, _a, _src, v, _raw in iter_ratings(ws)}
    return people, levels


@pytest.mark.parametrize("name", ["hris", "lms", "survey", "french_ods", "sfia", "qualtrics"])
def test_realistic_file_through_the_wizard(window, qtbot, tmp_path, name):
    path, expected = generated(tmp_path, name)
    wizard = open_on_mapping(window, qtbot, path)  # one sheet: no sheet page
    roles = roles_by_header(wizard)
    if wizard.mapping.layout == "wide":
        for header, skill in expected.skills.items():
            assert roles[header] == f"skill:{skill}", header
        for header in expected.unmatched:
            assert roles[header] == "unknown_skill"
    assert wizard.mapping_page.isComplete()
    import_through(wizard, qtbot, window)
    people, levels = stored(window)
    for key, person in expected.names.items():
        assert people[key][0] == person
        if expected.titles:
            assert people[key][1] == expected.titles[key]
    for (key, skill), level in expected.levels.items():
        assert levels[(key, skill)] == pytest.approx(level, abs=0.01), (key, skill)
    wizard.accept()


def test_hris_grid_columns_notes_and_highlights(window, qtbot, tmp_path):
    path, _ = generated(tmp_path, "hris")
    wizard = open_on_mapping(window, qtbot, path)
    page = wizard.mapping_page
    roles = roles_by_header(wizard)
    assert roles["Worker"] == "employee_id"
    assert roles["Known As"] == "name"
    assert roles["Business Title"] == "job_title"
    assert roles["Primary Work Email"] == "email"
    assert roles["Legal Name"] == "attribute"
    headers = [c.header for c in wizard.mapping.columns]
    # the second name column is kept as an attribute, and shown as needing a look
    assert headers.index("Legal Name") in page.flagged
    assert "second name column" in page.table.item(headers.index("Legal Name"), 5).text()
    # the totals row the command line notes is shown here too
    assert "totals row" in page.notes.text()
    wizard.next()
    wizard.next()
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=30_000)
    notes = [wizard.check_page.notes.item(i).text() for i in range(wizard.check_page.notes.count())]
    assert any("totals row" in n for n in notes)
    wizard.reject()


def test_unmatched_column_is_highlighted_and_the_list_is_searchable(window, qtbot, tmp_path):
    path, _ = generated(tmp_path, "survey")
    wizard = open_on_mapping(window, qtbot, path)
    page = wizard.mapping_page
    headers = [c.header for c in wizard.mapping.columns]
    row = headers.index('Please rate yourself: "Forklift operation"')
    assert row in page.flagged
    assert "Closest catalog skills" in page.table.item(row, 5).text()
    # typing part of a skill name offers the catalog skills that contain it
    combo = page.combo(row)
    completer = combo.completer()
    completer.setCompletionPrefix("image interp")
    found = [
        completer.completionModel().index(i, 0).data()
        for i in range(completer.completionModel().rowCount())
    ]
    assert found == ["Skill: Medical image interpretation (radiology)"]
    page.set_role(headers[row], "skill:medical_imaging")
    assert row not in page.flagged  # the user's choice: no longer highlighted
    wizard.next()
    wizard.next()
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=30_000)
    assert "all in the catalog" in wizard.check_page.summary.text()
    wizard.reject()


def test_next_is_off_with_the_reason_until_people_and_a_skill_are_mapped(window, qtbot, tmp_path):
    path, _ = generated(tmp_path, "legacy")
    wizard = open_on_mapping(window, qtbot, path)
    page = wizard.mapping_page
    headers = [c.header for c in wizard.mapping.columns]
    assert page.table.item(headers.index("SQL"), 5).text().startswith("Scale 1-10")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert next_button.isEnabled() and not page.reason.text()
    page.set_role("Staff No.", "ignore")
    page.set_role("Employee Name", "attribute")
    assert not page.isComplete() and not next_button.isEnabled()
    assert "identifies people" in page.reason.text()
    page.set_role("Employee Name", "name")
    assert next_button.isEnabled()
    for header in ("SQL", "Statistics", "Customer Service", "Accounting"):
        page.set_role(header, "ignore")
    assert not next_button.isEnabled()
    assert "at least one skill column" in page.reason.text()
    page.set_role("SQL", "skill:sql")
    assert next_button.isEnabled() and not page.reason.text()
    wizard.reject()


def test_level_preview_lists_each_value_once_and_a_reading_can_be_changed(window, qtbot, tmp_path):
    path, _ = generated(tmp_path, "legacy")
    wizard = open_on_mapping(window, qtbot, path)
    wizard.next()
    levels = wizard.levels_page
    seen = [
        (levels.table.item(i, 0).text(), levels.table.item(i, 1).text())
        for i in range(levels.table.rowCount())
    ]
    assert len(seen) == len(set(seen))  # once per scale, over all four columns
    assert {scale for scale, _ in seen} == {"1-10"}  # the scale is shown
    assert ("1-10", "10") in seen
    levels.set_reading("1-10", "10", 4.0)  # "10 is only advanced in our old sheet"
    wizard.next()
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=30_000)
    with qtbot.waitSignals([wizard.imported, window.state.loaded], timeout=30_000):
        wizard.next()
    _, stored_levels = stored(window)
    assert stored_levels[("7001", "sql")] == 4.0  # 7001 has SQL 10
    assert stored_levels[("7001", "statistics")] == 1.0
    wizard.accept()


def test_a_workbook_with_two_sheets_asks_for_the_sheet(window, qtbot, tmp_path):
    import xlsxwriter

    path = tmp_path / "two.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Read me").write(0, 0, "Exported from the HR system")
    skills = wb.add_worksheet("Skills")
    for r, row in enumerate(
        [["Employee ID", "Name", "Python"], ["Q1", "Ann Lee", 3], ["Q2", "Bo Chan", 4]]
    ):
        skills.write_row(r, 0, row)
    wb.close()
    wizard = window.import_file(path)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.sheet_page, timeout=30_000)
    assert wizard.sheet_page.sheets.count() == 2
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page, timeout=30_000)
    assert roles_by_header(wizard)["Python"] == "skill:python"
    wizard.reject()
