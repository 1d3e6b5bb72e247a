"""Employees: the 50,000-row table with search, filters, coloured levels and a detail panel."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QWidget,
)

from planner.ui.commands import SetLevelCommand
from planner.ui.models.employees_model import EmployeesModel
from planner.ui.pages.base import Page
from planner.ui.state import WorkspaceState
from planner.ui.widgets.detail_panel import DetailPanel
from planner.ui.widgets.frozen_table import FrozenColumnsTable
from planner.ui.widgets.level_delegate import LevelDelegate
from planner.ui.widgets.table_copy import install_copy
from planner.wording import counted

ALL = "All"


class SkillFilter(QWidget):
    """One "skill ≥ level" condition."""

    def __init__(self, skills: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.skill = QComboBox()
        for skill_id, name in skills:
            self.skill.addItem(name, skill_id)
        self.skill.setMinimumContentsLength(14)
        self.minimum = QDoubleSpinBox()
        self.minimum.setRange(0, 5)
        self.minimum.setDecimals(0)
        self.minimum.setValue(3)
        self.minimum.setPrefix("≥ ")
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip("Remove this filter")
        layout.addWidget(self.skill)
        layout.addWidget(self.minimum)
        layout.addWidget(self.remove)

    def condition(self) -> tuple[str, float]:
        return self.skill.currentData(), self.minimum.value()


class EmployeesPage(Page):
    key = "employees"
    title = "Employees"
    icon_name = "employees"

    def __init__(self, state: WorkspaceState, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.undo_stack = undo_stack
        self.model = EmployeesModel(parent=self)
        self.model.levelEdited.connect(self.edit_level)
        self.model.filterChanged.connect(self._update_count)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("employeeSearch")
        self.search.setPlaceholderText("Search name, id, department or title (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        # Filtering 50,000 people takes about 15 ms (tests/benchmarks/bench_gui_filter.py),
        # so every keystroke filters at once; the zero-delay timer only merges changes that
        # arrive together (a paste, a held key).
        self._search_timer = QTimer(self, singleShot=True, interval=0)
        self._search_timer.timeout.connect(self._apply_text)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        bar.addWidget(self.search, 2)
        bar.addWidget(QLabel("Department:"))
        self.department = QComboBox()
        self.department.setMinimumContentsLength(12)
        self.department.currentIndexChanged.connect(self._apply_choices)
        bar.addWidget(self.department, 1)
        bar.addWidget(QLabel("Site:"))
        self.site = QComboBox()
        self.site.setMinimumContentsLength(10)
        self.site.currentIndexChanged.connect(self._apply_choices)
        bar.addWidget(self.site, 1)
        self.add_skill = QPushButton("Add skill filter")
        self.add_skill.setToolTip("Show only people with a skill at or above a level, "
                                  "e.g. Python ≥ 3 and Law ≥ 2")
        self.add_skill.clicked.connect(lambda: self.add_skill_filter())
        bar.addWidget(self.add_skill)
        self.body.addLayout(bar)
        self.skill_bar = QHBoxLayout()
        self.skill_bar.addStretch(1)
        self.body.addLayout(self.skill_bar)
        self.skill_filters: list[SkillFilter] = []

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = FrozenColumnsTable(frozen=2)     # ID and Name stay when scrolling right
        self.table.setObjectName("employeesTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setDefaultSectionSize(46)
        self.table.horizontalHeader().setMinimumSectionSize(30)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.delegate = LevelDelegate(self.table)
        self.table.setItemDelegate(self.delegate)   # profile columns paint as usual
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        install_copy(self.table)
        self.splitter.addWidget(self.table)
        self.detail = DetailPanel(state)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([820, 420])
        self.body.addWidget(self.splitter, 1)
        self.hint.setText("Double-click a level to change it (undo with Ctrl+Z). Click a "
                          "column header to sort.")
        state.loaded.connect(self._data_loaded)
        state.opened.connect(self._data_loaded)

    # -- data -----------------------------------------------------------------------------

    def _data_loaded(self) -> None:
        data = self.state.data
        self.model.set_data(data)
        for combo, field in ((self.department, "department"), (self.site, "site")):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL)
            values = np.unique(data.profile[field].astype(str)) if len(data) else []
            combo.addItems([v for v in values if v])
            found = combo.findText(current)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
        for f in list(self.skill_filters):
            self._remove_filter(f, apply=False)
        self.model.set_filters(department=self._choice(self.department),
                               site=self._choice(self.site), skills=[])
        header = self.table.horizontalHeader()
        for column, width in enumerate((76, 150, 120, 130, 80)):
            header.resizeSection(column, width)
        metrics = header.fontMetrics()
        for column in range(5, self.model.columnCount()):
            text = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(44, min(130, metrics.horizontalAdvance(text) + 18)))
        self.detail.show_employee(None)

    def _update_count(self) -> None:
        # the detail panel shows nobody who is filtered out
        shown = self.detail.employee_id
        try:
            gone = shown is not None and self.model.row_of_employee(shown) is None
        except KeyError:
            gone = True
        if gone:
            self.table.clearSelection()
            self.detail.show_employee(None)
        total = len(self.model.employee_data)
        shown = self.model.rowCount()
        if self.state.loading and not total:
            self.hint.setText("Loading employees…")
            return
        if not total:
            self.hint.setText("No employees yet: choose File ▸ Import… (Ctrl+I) or drop a "
                              "spreadsheet onto the window.")
            return
        if not shown:
            self.hint.setText(f"Nobody among the {total:,} people matches the search and "
                              "filters. Clear the search box, choose All departments and "
                              "sites, or remove a skill filter.")
            return
        everyone = counted(total, "person", "people")
        self.hint.setText(f"Showing {shown:,} of {everyone}. Double-click a level to "
                          "change it (undo with Ctrl+Z); click a column header to sort.")

    # -- filters --------------------------------------------------------------------------

    @staticmethod
    def _choice(combo: QComboBox) -> str | None:
        text = combo.currentText()
        return None if not text or text == ALL else text

    def _apply_text(self) -> None:
        self.model.set_filters(text=self.search.text())

    def _apply_choices(self) -> None:
        self.model.set_filters(department=self._choice(self.department),
                               site=self._choice(self.site))

    def _apply_skills(self) -> None:
        conditions = [f.condition() for f in self.skill_filters]
        self.model.set_filters(skills=conditions)
        if conditions:        # show the column the last changed condition is about
            sender = self.sender()
            changed = next((f for f in self.skill_filters if sender in (f.skill, f.minimum)),
                           self.skill_filters[-1])
            self.scroll_to_skill(changed.condition()[0])

    def scroll_to_skill(self, skill_id: str) -> None:
        try:
            column = self.model.column_of_skill(skill_id)
        except (KeyError, ValueError):
            return
        self.table.scroll_column_into_view(column)

    def add_skill_filter(self, skill_id: str | None = None, minimum: float = 3) -> SkillFilter:
        data = self.model.employee_data
        skills = [(s, data.skill_names[data.skill_ids.index(s)])
                  for s in self.model.skill_column_ids()]
        skills.sort(key=lambda item: item[1].casefold())
        f = SkillFilter(skills)
        if skill_id is not None:
            f.skill.setCurrentIndex(f.skill.findData(skill_id))
        f.minimum.setValue(minimum)
        f.skill.currentIndexChanged.connect(self._apply_skills)
        f.minimum.valueChanged.connect(self._apply_skills)
        f.remove.clicked.connect(lambda: self._remove_filter(f))
        self.skill_filters.append(f)
        self.skill_bar.insertWidget(self.skill_bar.count() - 1, f)
        self._apply_skills()
        return f

    def _remove_filter(self, f: SkillFilter, apply: bool = True) -> None:
        self.skill_filters.remove(f)
        f.setParent(None)
        f.deleteLater()
        if apply:
            self._apply_skills()

    def screenshot_states(self) -> Iterator[str]:
        """The grid with the first person's details (see build_scripts/screenshots.py)."""
        self.table.selectRow(0)
        yield ""

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- selection and edits --------------------------------------------------------------

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection
                           ) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.detail.show_employee(self.model.employee_id_at(rows[0].row()) if rows else None)

    def edit_level(self, employee_id: int, skill_id: str, level: float) -> SetLevelCommand:
        data = self.model.employee_data
        row, j = data.row_of(employee_id), data.skill_ids.index(skill_id)
        before, source = float(data.levels[row, j]), int(data.sources[row, j])
        name = data.profile["name"][row]
        was = "not assessed" if math.isnan(before) else f"{before:g}"
        command = SetLevelCommand(
            self.state.ws, employee_id, skill_id, level, shown_before=before,
            source_before=source, on_change=self._level_changed,
            label=f"{data.skill_names[j]} of {name}: {was} → {level:g}")
        self.undo_stack.push(command)
        return command

    def _level_changed(self, employee_id: int, skill_id: str, level: float, rank: int) -> None:
        self.model.set_level(employee_id, skill_id, level, rank)
        self.state.edited()
        if self.detail.employee_id == employee_id:
            self.detail.show_employee(employee_id)
