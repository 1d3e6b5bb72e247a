"""Matching: who fits each role, in the core's ranking, and why (a view of planner.matching)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.matching import NEAR_MAX_HOURS, READINESS_LABELS, explain
from planner.matching.scoring import ELIGIBLE_MAX_HOURS
from planner.ui.models.candidates_model import NAME, CandidatesModel
from planner.ui.models.fit_matrix_model import FitMatrixModel
from planner.ui.models.match_data import MatchData
from planner.ui.pages.base import EmptyOr, Page
from planner.ui.state import WorkspaceState
from planner.ui.widgets.explanation import MAX_COMPARED, ExplanationPanel
from planner.ui.widgets.quiet_combo import QuietComboBox
from planner.ui.widgets.table_copy import install_copy
from planner.wording import counted

ALL = "All"


def legend_text() -> str:
    return (
        "<b>Fit</b> 0–100: how close the person's skills are to the role's targets, weighted "
        "by importance. <b>Hours</b>: training hours to close every gap; <b>Weeks</b>: those "
        "hours at the person's weekly training time. <b>Readiness</b>: <i>ready</i> no gap · "
        f"<i>near</i> up to {NEAR_MAX_HOURS:g} h · <i>reskill</i> more · <i>not eligible</i>: "
        "a must-have skill or a credential is missing, or more than "
        f"{ELIGIBLE_MAX_HOURS:g} h of training. Eligible people rank first."
    )


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(22)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setMinimumSectionSize(28)
    header.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    return table


class MatchingPage(Page):
    key = "matching"
    title = "Matching"
    icon_name = "matching"

    # (employee id, role id or None for every role, "pin" or "exclude"): the Allocation
    # page keeps it for the next allocation.
    ruleRequested = Signal(int, object, str)

    def __init__(self, state: WorkspaceState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.hint.setText(
            "Who fits each role best, how much training closes the gap, and "
            "why. Select one person for the explanation, two or three to "
            "compare them."
        )
        self.match: MatchData | None = None
        self._split_done = False
        self._scored_pending = True  # scores arrived while the page was hidden
        self._match_key: tuple[int, int] = (0, 0)

        bar = QHBoxLayout()
        self.role = self._combo(bar, "Role:", "matchingRole", 16, stretch=3)
        self.department = self._combo(bar, "Department:", "matchingDepartment", 8)
        self.site = self._combo(bar, "Site:", "matchingSite", 6)
        self.readiness = self._combo(bar, "Readiness:", "matchingReadiness", 8)
        self.readiness.blockSignals(True)
        for label in (ALL, *READINESS_LABELS):
            self.readiness.addItem(label, None if label == ALL else label)
        self.readiness.blockSignals(False)
        bar.addStretch(0)
        self.body.addLayout(bar)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("matchingTabs")
        # Ranked candidates of one role + the explanation panel.
        self.model = CandidatesModel(self)
        self.table = _table("matchingTable")
        self.table.setModel(self.model)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        header = self.table.horizontalHeader()
        for column, width in enumerate((36, 150, 46, 82, 60, 52, 64, 110, 80, 260)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.count = QLabel()
        self.count.setObjectName("matchingCount")
        column.addWidget(self.count)
        self.content = EmptyOr(self.table)
        column.addWidget(self.content, 1)
        self.legend = QLabel(legend_text())
        self.legend.setObjectName("matchingLegend")
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("color: palette(placeholder-text);")
        column.addWidget(self.legend)
        self.explanation = ExplanationPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.explanation)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([640, 460])
        self.tabs.addTab(self.splitter, "Candidates for the role")

        # People × roles.
        self.matrix_model = FitMatrixModel(self)
        self.matrix = _table("fitMatrix")
        self.matrix.setModel(self.matrix_model)
        self.matrix.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.matrix.horizontalHeader().setDefaultSectionSize(64)
        self.matrix.doubleClicked.connect(self._matrix_double_clicked)
        matrix_page = QWidget()
        matrix_column = QVBoxLayout(matrix_page)
        matrix_column.setContentsMargins(0, 4, 0, 0)
        note = QLabel(
            "Fit of everyone for every role (green high, red low; italic: not "
            "eligible). Click a header to sort; double-click a cell for the "
            "explanation."
        )
        note.setWordWrap(True)
        matrix_column.addWidget(note)
        matrix_column.addWidget(self.matrix, 1)
        self.tabs.addTab(matrix_page, "Fit matrix")
        self.body.addWidget(self.tabs, 1)

        self.copy_action = install_copy(self.table)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._candidate_menu)
        install_copy(self.matrix)
        state.opened.connect(self._workspace_changed)
        state.changed.connect(self._workspace_changed)
        state.scored.connect(self._scored)
        state.loaded.connect(self._scored)

    def _combo(
        self, bar: QHBoxLayout, label: str, name: str, length: int, stretch: int = 1
    ) -> QuietComboBox:
        bar.addWidget(QLabel(label))
        combo = QuietComboBox()
        combo.setObjectName(name)
        combo.setMinimumContentsLength(length)
        combo.setSizeAdjustPolicy(
            QuietComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        combo.currentIndexChanged.connect(
            self._filters_changed if name != "matchingRole" else self._role_changed
        )
        bar.addWidget(combo, stretch)
        return combo

    # -- data -----------------------------------------------------------------------------

    def page_shown(self) -> None:
        if not self._split_done and self.splitter.width() > 0:
            # The explanation gets a fair share whatever the window size (1024 px laptops).
            self._split_done = True
            total = self.splitter.width()
            self.splitter.setSizes([total * 11 // 20, total - total * 11 // 20])
        self.state.request_scores()
        if self._scored_pending:
            self._scored()
        self._show_state()

    def _workspace_changed(self) -> None:
        """Roles may have changed; scores are recomputed for the new revision."""
        ws = self.state.ws
        current = self.role.currentData()
        self.role.blockSignals(True)
        self.role.clear()
        if ws is not None:
            for rid, name in ws.conn.execute("SELECT id, name FROM roles ORDER BY name"):
                self.role.addItem(name, rid)
        index = self.role.findData(current) if current is not None else -1
        self.role.setCurrentIndex(max(index, 0))
        self.role.blockSignals(False)
        if self.isVisible():
            self.state.request_scores()
        self._scored()

    def _scored(self) -> None:
        if not self.isVisible():
            # Built when the page is next shown (names, departments and sites beside
            # 50,000 people's scores take a while, and the user may be on another page).
            self._scored_pending = True
            return
        self._scored_pending = False
        bundle = self.state.current_scores  # None while the new revision is scored
        if bundle is None and self.isVisible():
            self.state.request_scores()
        key = (id(bundle), id(self.state.data))
        if self.match is None or key != self._match_key:
            self._match_key = key
            self.match = None if bundle is None else MatchData.build(bundle, self.state.data)
            self._fill_choice(self.department, "department")
            self._fill_choice(self.site, "site")
            self.matrix_model.set_match(self.match)
            self.model.set_match(self.match, self.role.currentData())
        elif self.model.role_id != self.role.currentData():
            # the same scores (rebuilding them costs ~100 ms at 50,000 people); the roles changed
            self.model.set_match(self.match, self.role.currentData())
        self._filters_changed()

    def _fill_choice(self, combo: QuietComboBox, field: str) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL, None)
        for value in self.match.choices(field) if self.match is not None else []:
            combo.addItem(value, value)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _role_changed(self) -> None:
        self.model.set_match(self.match, self.role.currentData())
        self._filters_changed()

    def _filters_changed(self) -> None:
        department, site = self.department.currentData(), self.site.currentData()
        self.model.set_mask(self.model.filter_mask(department, site, self.readiness.currentData()))
        self.matrix_model.set_mask(self.matrix_model.filter_mask(department, site))
        self._show_state()

    def _show_state(self) -> None:
        if self.role.currentData() is None:
            self.content.show_message("This workspace's catalog has no roles.")
        elif self.state.ws is not None and not len(self.state.data) and not self.state.loading:
            self.content.show_message(
                "No employees yet: import a skills sheet with File ▸ "
                "Import… (Ctrl+I) to see who fits each role."
            )
        elif self.match is None:
            self.content.show_message("Scoring everyone for every role…")
        else:
            self.content.show_view()
        shown, total = self.model.rowCount(), len(self.match) if self.match else 0
        self.count.setText(
            f"{shown:,} of {counted(total, 'person', 'people')}"
            if shown != total
            else counted(total, "person", "people")
        )
        self._selection_changed()

    # -- explanations ---------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.employee_id_at(r) for r in rows]

    def _selection_changed(
        self, _s: QItemSelection | None = None, _d: QItemSelection | None = None
    ) -> None:
        ids, role_id = self.selected_ids(), self.model.role_id
        if not ids or role_id is None or self.match is None:
            self.explanation.clear(
                "Select a candidate to see why their fit is what it is; "
                "select two or three (Ctrl+click) to compare them side "
                "by side."
            )
            return
        if len(ids) > MAX_COMPARED:
            self.explanation.clear(
                f"{len(ids)} people selected: select up to {MAX_COMPARED} to compare them."
            )
            return
        bundle = self.match.bundle
        whys = [explain(bundle.levels, bundle.catalog, eid, role_id, bundle.paths) for eid in ids]
        names = [self.match.label(self.match.row_of(eid)) for eid in ids]
        currency = bundle.catalog.currency
        if len(whys) == 1:
            self.explanation.show_one(whys[0], names[0], currency)
        else:
            self.explanation.show_many(whys, names, currency)

    def screenshot_states(self) -> Iterator[str]:
        """The explanation, a comparison and the fit matrix (build_scripts/screenshots.py)."""
        self.tabs.setCurrentIndex(0)
        if self.match is not None and self.model.rowCount() >= 3:
            # the best candidate who still has a gap: the explanation shows what it costs
            hours = self.match.scores.gap_hours[:, self.model.col]
            rows = [
                r
                for r in range(min(self.model.rowCount(), 50))
                if hours[self.model.base_row(r)] > 0
            ]
            self.table.selectRow(rows[0] if rows else 0)
            yield ""
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            for row in (1, 2):
                self.table.selectionModel().select(self.model.index(row, 0), flags)
            yield "compare"
        else:
            yield ""
        self.tabs.setCurrentIndex(1)
        yield "matrix"
        self.tabs.setCurrentIndex(0)

    def candidate_menu(self, employee_id: int) -> QMenu:
        """Pin or exclude a candidate for the next allocation; copy the selection."""
        role_id = self.model.role_id
        name = self.match.label(self.match.row_of(employee_id)) if self.match else ""
        role = self.role.currentText()
        menu = QMenu(self)
        menu.addAction(
            f"Pin {name} to {role} in the allocation",
            lambda: self.ruleRequested.emit(employee_id, role_id, "pin"),
        )
        menu.addAction(
            f"Exclude {name} from {role}",
            lambda: self.ruleRequested.emit(employee_id, role_id, "exclude"),
        )
        menu.addAction(
            f"Exclude {name} from every role",
            lambda: self.ruleRequested.emit(employee_id, None, "exclude"),
        )
        menu.addSeparator()
        menu.addAction(self.copy_action)
        return menu

    def _candidate_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not index.isValid() or self.match is None:
            return
        self.candidate_menu(self.model.employee_id_at(index.row())).exec(
            self.table.viewport().mapToGlobal(point)
        )

    def select_employee(self, employee_id: int) -> bool:
        """Select one person in the candidates table (False when filtered out)."""
        if self.match is None:
            return False
        row = self.model.model_row_of(self.match.row_of(employee_id))
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _matrix_double_clicked(self, index: QModelIndex) -> None:
        role_id = self.matrix_model.role_of_column(index.column())
        employee_id = self.matrix_model.employee_id_at(index.row())
        if role_id is not None:
            self.role.setCurrentIndex(self.role.findData(role_id))
        self.tabs.setCurrentIndex(0)
        if not self.select_employee(employee_id):
            self.readiness.setCurrentIndex(0)
            self.select_employee(employee_id)
