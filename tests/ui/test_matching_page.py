"""Matching page: the core's ranking, filters, explanations, comparison and the fit matrix."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from planner.matching import READINESS_LABELS, explain, score_workspace, top_candidates
from planner.matching.gates import why_not
from planner.matching.rankings import candidate_order
from planner.store import Workspace
from planner.ui.models.candidates_model import FIT, READINESS, WEEKS, WHY, CandidatesModel
from planner.ui.models.fit_matrix_model import PROFILE, FitMatrixModel
from planner.ui.models.match_data import MatchData, fit_text


@pytest.fixture
def ws_path(demo_template, tmp_path):
    """The demo organisation: eligible and ineligible candidates for every role."""
    path = tmp_path / "demo.rplan"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def matching(window, qtbot):
    page = window.show_page("matching")
    qtbot.waitUntil(lambda: page.match is not None, timeout=20_000)
    return page


@pytest.fixture
def core(ws_path):
    with Workspace.open(ws_path) as ws:
        return score_workspace(ws)


def _shown_ids(page) -> list[int]:
    return [page.model.employee_id_at(r) for r in range(page.model.rowCount())]


def test_ranking_is_the_cores(matching, core):
    page = matching
    for index in (0, page.role.count() - 1):
        page.role.setCurrentIndex(index)
        role_id = page.role.currentData()
        expected = top_candidates(core.scores, role_id, 10)
        shown = _shown_ids(page)
        assert shown[:10] == [m.employee_id for m in expected]
        assert shown == [
            int(core.scores.employee_ids[r])
            for r in candidate_order(core.scores, core.scores.col_of(role_id))
        ]
        first = page.model.index(0, FIT).data()
        assert first == fit_text(expected[0].fit)
        assert page.model.index(0, READINESS).data() == expected[0].readiness
        assert page.model.index(0, WEEKS).data() == f"{expected[0].weeks_to_ready:,.0f}"
        # eligible people first; the reason of the first one who is not comes from the core
        col = core.scores.col_of(role_id)
        eligible = [bool(core.scores.eligible[core.scores.row_of(e), col]) for e in shown]
        assert eligible == sorted(eligible, reverse=True) and not all(eligible)
        row = eligible.index(False)
        reason = why_not(core.scores, core.catalog, core.scores.row_of(shown[row]), col)
        assert reason and page.model.index(row, WHY).data() == reason
        assert page.model.index(row, READINESS).data() == "not eligible"
    assert page.count.text() == "300 people"


def test_filters_by_department_site_and_readiness(matching, core):
    page = matching
    page.department.setCurrentIndex(1)
    department = page.department.currentData()
    page.site.setCurrentIndex(1)
    site = page.site.currentData()
    rows = [page.match.row_of(eid) for eid in _shown_ids(page)]
    assert rows, "some people share a department and a site"
    assert {page.match.department[r] for r in rows} == {department}
    assert {page.match.site[r] for r in rows} == {site}
    expected = sum(
        1
        for r in range(len(page.match))
        if page.match.department[r] == department and page.match.site[r] == site
    )
    assert page.model.rowCount() == expected
    assert page.count.text() == f"{expected:,} of 300 people"
    page.department.setCurrentIndex(0)
    page.site.setCurrentIndex(0)
    col = core.scores.col_of(page.role.currentData())
    for index in range(1, page.readiness.count()):
        page.readiness.setCurrentIndex(index)
        label = page.readiness.currentData()
        shown = page.model.rowCount()
        band = READINESS_LABELS.index(label)
        assert shown == int((core.scores.readiness[:, col] == band).sum())
        assert all(page.model.index(r, READINESS).data() == label for r in range(shown))


def test_selecting_a_candidate_shows_the_cores_explanation(matching, core, qtbot):
    page = matching
    role_id = page.role.currentData()
    page.table.selectRow(2)
    eid = page.model.employee_id_at(2)
    why = explain(core.levels, core.catalog, eid, role_id, core.paths)
    text = page.explanation.text.text()
    for line in why.lines():
        assert line in text
    assert f"fit {why.fit:.1f}" in page.explanation.title.text()
    assert page.explanation.explanations[0].skills == why.skills
    qtbot.waitUntil(lambda: page.explanation.canvas.draw_count > 0, timeout=10_000)
    axes = page.explanation.canvas.figure.axes
    assert len(axes[0].patches) == len(why.skills)


def test_two_or_three_people_side_by_side(matching, qtbot):
    page = matching
    selection = page.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    page.table.selectRow(0)
    selection.select(page.model.index(3, 0), flags)
    compare = page.explanation.compare
    assert compare.isVisibleTo(page)
    assert compare.columnCount() == 3
    names = [compare.headerItem().text(c) for c in (1, 2)]
    assert all(
        page.match.name[page.match.row_of(e)] in n
        for e, n in zip(page.selected_ids(), names, strict=True)
    )
    skills = len(page.explanation.explanations[0].skills)
    assert compare.topLevelItemCount() == 5 + skills
    selection.select(page.model.index(5, 0), flags)
    assert compare.columnCount() == 4
    selection.select(page.model.index(6, 0), flags)
    assert not compare.isVisibleTo(page)
    assert "up to 3" in page.explanation.title.text()


def test_fit_matrix_sorts_and_opens_the_explanation(matching, core, qtbot):
    page = matching
    page.tabs.setCurrentIndex(1)
    model = page.matrix_model
    assert model.rowCount() == 300
    assert model.columnCount() == len(PROFILE) + len(core.scores.role_ids)
    column = len(PROFILE) + 2
    page.matrix.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    fits = [float(model.index(r, column).data()) for r in range(model.rowCount())]
    assert fits == sorted(fits, reverse=True)
    best = model.employee_id_at(0)
    assert model.index(0, column).data(Qt.ItemDataRole.BackgroundRole) is not None
    page.matrix.doubleClicked.emit(model.index(0, column))
    assert page.tabs.currentIndex() == 0
    assert page.role.currentData() == core.scores.role_ids[2]
    assert page.selected_ids() == [best]


def test_models_pass_the_model_tester(qtmodeltester, core, window):
    match = MatchData.build(core, window.state.data)
    candidates = CandidatesModel()
    candidates.set_match(match, core.scores.role_ids[0])
    candidates.set_mask(candidates.filter_mask(None, None, "reskill"))
    qtmodeltester.check(candidates)
    matrix = FitMatrixModel()
    matrix.set_match(match)
    matrix.sort(len(PROFILE), Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(matrix)
    assert np.all(
        np.diff([float(matrix.index(r, len(PROFILE)).data()) for r in range(matrix.rowCount())])
        >= 0
    )


def test_right_click_pins_or_excludes_for_the_allocation(matching, window):
    page = matching
    role_id = page.role.currentData()
    first, second = page.model.employee_id_at(0), page.model.employee_id_at(1)
    actions = page.candidate_menu(first).actions()
    assert actions[0].text().startswith("Pin ") and role_id
    actions[0].trigger()
    page.candidate_menu(second).actions()[2].trigger()  # exclude from every role
    allocation = window.show_page("allocation")
    assert allocation.pins == {first: role_id}
    assert allocation.exclusions == {second: None}
    assert allocation.rules.count() == 2
    assert "allocate again" in allocation.status.text()


def test_candidates_copy_as_tab_separated_text(matching):
    from PySide6.QtGui import QGuiApplication

    page = matching
    page.table.selectRow(0)
    page.copy_action.trigger()
    text = QGuiApplication.clipboard().text()
    header, row = text.splitlines()[:2]
    assert header.split("\t")[:3] == ["#", "Name", "Fit"]
    assert row.split("\t")[1] == page.match.name[page.match.row_of(page.selected_ids()[0])]


def test_the_wheel_leaves_an_unfocused_filter_alone(matching, qtbot):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    combo = matching.department
    combo.setCurrentIndex(0)

    def wheel() -> None:
        event = QWheelEvent(
            QPointF(5, 5),
            QPointF(combo.mapToGlobal(QPoint(5, 5))),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(combo, event)

    matching.table.setFocus()
    wheel()
    assert combo.currentIndex() == 0
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel()
    assert combo.currentIndex() == 1


def test_an_ineligible_candidate_says_why(matching, core):
    page = matching
    col = core.scores.col_of(page.role.currentData())
    row = next(
        r
        for r in range(page.model.rowCount())
        if not core.scores.eligible[core.scores.row_of(page.model.employee_id_at(r)), col]
    )
    page.table.selectRow(row)
    why = page.explanation.explanations[0]
    assert why.why_not
    assert f"Not eligible: {why.why_not}." in page.explanation.text.text()
    assert "not eligible" in page.explanation.title.text()


def test_a_level_edit_is_reflected_after_rescoring(matching, window, core, qtbot):
    page = matching
    role_id = page.role.currentData()
    eid = page.model.employee_id_at(0)
    before = float(core.scores.fit[core.scores.row_of(eid), core.scores.col_of(role_id)])
    data = window.state.data
    skill = next(
        r.skill
        for r in core.catalog.roles[role_id].requirements
        if r.skill in data.skill_ids and r.weight == 3
    )
    old_bundle = page.match.bundle
    window.employees_page.edit_level(eid, skill, 0)
    qtbot.waitUntil(
        lambda: page.match is not None and page.match.bundle is not old_bundle, timeout=20_000
    )
    scores = page.match.scores
    after = float(scores.fit[scores.row_of(eid), scores.col_of(role_id)])
    assert after < before
    row = page.model.model_row_of(page.match.row_of(eid))
    assert page.model.index(row, FIT).data() == fit_text(after)
