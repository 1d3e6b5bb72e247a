"""Editing a level is an undoable command written to the workspace."""

from __future__ import annotations

import math

import numpy as np

from planner.store import Workspace, current_levels


def level_in(path, employee_id, skill_id):
    with Workspace.open(path) as ws:
        m = current_levels(ws)
        return float(m.levels[m.row_of(employee_id), m.skill_ids.index(skill_id)])


def manual_rows(path):
    with Workspace.open(path) as ws:
        return ws.conn.execute("SELECT employee_id, skill_id, assessment_id, source, level, "
                               "raw, rated_at FROM ratings ORDER BY rowid").fetchall()


def rated_cell(window):
    data = window.state.data
    model = window.employees_page.model
    skill = model.skill_column_ids()[0]
    j = data.skill_ids.index(skill)
    row = int(np.flatnonzero(~np.isnan(data.levels[:, j]) & (data.levels[:, j] < 5))[0])
    return int(data.ids[row]), skill, float(data.levels[row, j])


def test_edit_then_undo_restores_the_level(window):
    path = window.state.path
    page = window.employees_page
    employee, skill, before = rated_cell(window)
    assert manual_rows(path) == []
    page.edit_level(employee, skill, 5.0)
    rows = manual_rows(path)
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == \
        [(employee, skill, None, "manager", 5.0)]
    assert level_in(path, employee, skill) == 5.0
    model = page.model
    shown = model.index(model.row_of_employee(employee), model.column_of_skill(skill))
    assert shown.data() == "5"
    assert window.undo_action.isEnabled()
    assert "→ 5" in window.undo_action.text()

    window.undo_action.trigger()
    assert manual_rows(path) == []
    assert level_in(path, employee, skill) == before
    assert shown.data() == f"{before:g}"
    window.redo_action.trigger()
    assert level_in(path, employee, skill) == 5.0


def test_undo_puts_back_an_earlier_manual_rating_exactly(window):
    path = window.state.path
    page = window.employees_page
    employee, skill, _ = rated_cell(window)
    page.edit_level(employee, skill, 2.0)
    first = manual_rows(path)
    page.edit_level(employee, skill, 4.0)
    assert len(manual_rows(path)) == 1 and manual_rows(path)[0][4] == 4.0
    window.undo_stack.undo()
    assert manual_rows(path) == first           # same row, same timestamp
    assert level_in(path, employee, skill) == 2.0


def test_editing_through_the_table_is_undoable(window):
    path = window.state.path
    model = window.employees_page.model
    employee, skill, before = rated_cell(window)
    index = model.index(model.row_of_employee(employee), model.column_of_skill(skill))
    assert model.setData(index, 1.0)
    assert level_in(path, employee, skill) == 1.0
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert level_in(path, employee, skill) == before


def test_edit_of_a_never_assessed_skill_and_undo(window):
    path = window.state.path
    data = window.state.data
    j = next(j for j in range(len(data.skill_ids)) if np.isnan(data.levels[:, j]).all())
    skill, employee = data.skill_ids[j], int(data.ids[0])
    window.employees_page.edit_level(employee, skill, 3.0)
    assert skill in window.employees_page.model.skill_column_ids()
    assert level_in(path, employee, skill) == 3.0
    window.undo_stack.undo()
    assert math.isnan(level_in(path, employee, skill))


def test_detail_panel_shows_person_roles_and_chart(window, qtbot):
    page = window.show_page("employees")
    page.table.selectRow(0)
    detail = page.detail
    employee = page.model.employee_id_at(0)
    assert detail.employee_id == employee
    name = window.state.data.profile["name"][window.state.data.row_of(employee)]
    assert name in detail.heading.text()
    assert detail.skills.topLevelItemCount() > 0
    qtbot.waitUntil(lambda: detail.roles.topLevelItemCount() == 5, timeout=30_000)
    qtbot.waitUntil(lambda: detail.canvas.draw_count > 0, timeout=10_000)
    best = detail.roles.topLevelItem(0).data(0, 0x0100)
    assert detail.role_combo.currentData() == best
    drawn = detail.canvas.draw_count
    detail.role_combo.setCurrentIndex((detail.role_combo.currentIndex() + 1)
                                      % detail.role_combo.count())
    # drawn once control returns to the event loop, and only once
    qtbot.waitUntil(lambda: detail.canvas.draw_count == drawn + 1, timeout=5_000)
    qtbot.wait(50)
    assert detail.canvas.draw_count == drawn + 1


def test_search_box_and_skill_filter_on_the_page(window, qtbot):
    page = window.show_page("employees")
    page.search.setText("person 1")
    qtbot.waitUntil(lambda: page.model.rowCount() == 11)   # Person 1, 10..19
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 60)
    skill = page.model.skill_column_ids()[0]
    page.add_skill_filter(skill, 4)
    j = window.state.data.skill_ids.index(skill)
    want = int(np.count_nonzero(window.state.data.levels[:, j] >= 4))
    assert page.model.rowCount() == want
    assert f"Showing {want:,} of 60" in page.hint.text()
    page.skill_filters[0].remove.click()
    assert page.model.rowCount() == 60
