"""Fits a laptop: window sizes, frozen ID/Name, skill filters in view, quiet combo boxes."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QTableView, QTreeView


def test_first_window_fits_a_1366_by_768_laptop():
    from planner.ui.mainwindow import first_size

    size = first_size(QSize(1366, 728))  # the free area above a task bar
    assert size.width() <= 1366 - 16 and size.height() <= 728 - 40
    assert first_size(QSize(2560, 1400)) == QSize(1280, 800)


def test_every_page_keeps_its_tables_usable_at_1024_by_640(window, qtbot):
    window.resize(1024, 640)
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSizeHint().height() <= 600
    for page in window.pages:
        window.show_page(page.key)
        qtbot.wait(10)
        assert window.height() <= 640, page.key
        assert window.statusBar().isVisible()
        # tables and trees (the views with columns)
        for view in page.findChildren(QTableView) + page.findChildren(QTreeView):
            if view.isVisible() and view.objectName() not in ("frozenColumns",):
                assert view.viewport().width() >= 150, (page.key, view.objectName())


def test_id_and_name_stay_when_scrolling_right(window, qtbot):
    page = window.show_page("employees")
    window.resize(1024, 640)
    table = page.table
    qtbot.wait(10)
    assert [table.overlay.isColumnHidden(c) for c in range(3)] == [False, False, True]
    assert table.overlay.isVisible()
    before = table.overlay.geometry()
    bar = table.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    qtbot.wait(10)
    assert table.overlay.geometry() == before
    assert table.overlay.columnViewportPosition(0) == 0
    assert table.overlay.columnWidth(1) == table.columnWidth(1)
    # both views show the same selection
    table.selectRow(3)
    assert table.overlay.selectionModel() is table.selectionModel()


def test_skill_filter_scrolls_its_column_into_view(window, qtbot):
    page = window.show_page("employees")
    window.resize(1024, 640)
    qtbot.wait(10)
    model, table = page.model, page.table
    last = model.skill_of_column(model.columnCount() - 1)
    page.add_skill_filter(last, 1)
    column = model.column_of_skill(last)
    left = table.columnViewportPosition(column)
    assert left >= table.frozen_width() - 1
    assert left + table.columnWidth(column) <= table.viewport().width() + 1


def test_detail_panel_clears_when_its_person_is_filtered_out(window, qtbot):
    page = window.show_page("employees")
    page.table.selectRow(0)
    assert page.detail.employee_id is not None
    page.search.setText("nobody is called like this")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.detail.employee_id is None


def test_wheel_does_not_change_an_unfocused_combo_box(window, qtbot):
    page = window.show_page("employees")
    combo: QComboBox = page.department
    assert combo.count() > 2
    combo.setCurrentIndex(0)
    window.setFocus()
    assert not combo.hasFocus()
    center = QPointF(combo.rect().center())
    event = QWheelEvent(
        center,
        QPointF(combo.mapToGlobal(combo.rect().center())),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, event)
    assert combo.currentIndex() == 0


def test_the_wheel_never_gives_a_combo_or_spin_box_the_focus(window, qtbot):
    """On a real desktop Qt focuses a WheelFocus widget before any filter sees the wheel:
    scrolling the person panel over its role drop-down used to change the role."""
    from PySide6.QtWidgets import QAbstractSpinBox

    page = window.show_page("employees")
    page.table.selectRow(0)
    guarded = []
    for p in window.pages:
        window.show_page(p.key)
        guarded += p.findChildren(QComboBox) + p.findChildren(QAbstractSpinBox)
    assert page.detail.role_combo in guarded
    wheel = Qt.FocusPolicy.WheelFocus
    assert [w.objectName() or type(w).__name__ for w in guarded if w.focusPolicy() == wheel] == []
    # a click or Tab still focuses them
    assert all(
        w.focusPolicy() & Qt.FocusPolicy.StrongFocus == Qt.FocusPolicy.StrongFocus
        for w in guarded
        if w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    )


def test_person_panel_shows_every_column_of_its_lists(window, qtbot):
    """The skill list sized its name column to the longest skill: Level and Source were
    pushed out of the panel at 1280×720."""
    window.resize(1024, 640)
    page = window.show_page("employees")
    page.table.selectRow(1)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.roles.topLevelItemCount() > 0, timeout=20_000)
    for tree in (detail.skills, detail.roles):
        widths = [tree.columnWidth(c) for c in range(tree.columnCount())]
        assert sum(widths) <= tree.viewport().width() + 1, (tree.headerItem().text(0), widths)
        assert min(widths) >= 30
    longest = max(
        range(detail.skills.topLevelItemCount()),
        key=lambda i: len(detail.skills.topLevelItem(i).text(0)),
    )
    item = detail.skills.topLevelItem(longest)
    assert item.toolTip(0) == item.text(0)


def test_demand_headcount_title_fits_in_bold(window):
    from PySide6.QtGui import QFont, QFontMetrics

    page = window.show_page("allocation")
    header = page.demand.horizontalHeader()
    title = page.demand.model().headerData(1, Qt.Orientation.Horizontal)
    bold = QFont(header.font())
    bold.setBold(True)
    assert header.sectionSize(1) >= QFontMetrics(bold).horizontalAdvance(title) + 12
