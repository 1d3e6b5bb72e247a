"""Allocation: set the demand and constraints, allocate in the background, read the result
and its fairness check, keep scenarios and compare two (a view of planner.matching)."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.errors import Cancelled, PlannerError
from planner.matching import Constraints, default_attributes
from planner.matching.fairness import attribute_label
from planner.ui.errors import show_error, show_message
from planner.ui.pages.base import EmptyOr, Page
from planner.ui.state import WorkspaceState
from planner.ui.tasks import Task, run_in_worker
from planner.ui.widgets.allocation_result import (
    AllocationResultView,
    FairnessView,
    compare_rows,
    summary_text,
)
from planner.ui.widgets.demand_editor import DemandEditor
from planner.ui.widgets.table_copy import install_copy
from planner.wording import counted

ATTRIBUTES = ("department", "site", "job_title", "manager")
SCENARIO_ROLE = Qt.ItemDataRole.UserRole + 1
# What Allocate runs, in a worker process (see planner.workers).
ALLOCATE = "planner.workers.jobs:allocate"
COMPARE_HINT = (
    "Each Allocate saves a scenario under its name. Select two scenarios above (Ctrl+click) "
    "and press Compare two to see them side by side: places filled, people moved, training "
    "hours, cost, budget and the places filled per role."
)


class AllocationPage(Page):
    key = "allocation"
    title = "Allocation"
    icon_name = "allocation"

    allocated = Signal(int)  # scenario id, after the result was saved and shown

    def __init__(self, state: WorkspaceState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.hint.setText(
            "Say how many people each role needs, set the limits, and "
            "Allocate: the best-fitting people are chosen, at most one role "
            "each, weighing fit against training hours. Right-click a person "
            "in the result to pin or exclude them, then allocate again."
        )
        self.task: Task | None = None
        self.pins: dict[int, str] = {}
        self.exclusions: dict[int, set[str] | None] = {}
        self.fairness_reports: list[dict[str, Any]] = []
        self.current_results: dict[str, Any] = {}
        self.catalog: Any = None

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_left())
        splitter.addWidget(self._build_right())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 700])
        self.body.addWidget(splitter, 1)

        state.opened.connect(self.refresh)
        state.changed.connect(self._catalog_changed)
        state.scenarios_changed.connect(self._fill_scenarios)
        state.loaded.connect(self._names_loaded)

    # -- layout ---------------------------------------------------------------------------

    def _build_left(self) -> QWidget:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 6, 0)
        demand_box = QGroupBox("Demand: people needed per role")
        demand_layout = QVBoxLayout(demand_box)
        self.demand = DemandEditor()
        self.demand.setMinimumHeight(150)
        self.demand.pasted.connect(self.paste_demand)
        self.demand.model_.demandChanged.connect(self._demand_changed)
        demand_layout.addWidget(self.demand, 1)
        buttons = QHBoxLayout()
        for text, slot, tip in (
            (
                "Paste",
                self.paste_demand,
                "Paste cells copied from Excel: role names or ids and headcounts (Ctrl+V)",
            ),
            ("Load…", self.load_demand, "Load a CSV file with role,headcount lines"),
            ("Save…", self.save_demand, "Save this demand as a CSV file"),
            ("Clear", lambda: self.demand.set_demand({}), "Set every headcount to 0"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        demand_layout.addLayout(buttons)
        self.demand_total = QLabel()
        self.demand_total.setWordWrap(True)
        demand_layout.addWidget(self.demand_total)
        column.addWidget(demand_box, 1)

        limits = QGroupBox("Limits")
        grid = QGridLayout(limits)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.budget_on, self.budget = self._optional(grid, 0, 0, "Budget", QDoubleSpinBox())
        self.budget.setRange(0, 1e12)
        self.budget.setDecimals(0)
        self.budget.setSingleStep(1000)
        self.budget.setValue(50_000)
        self.budget.setGroupSeparatorShown(True)
        self.budget_on.setToolTip("The total training cost of the people chosen stays within this")
        self.max_hours_on, self.max_hours = self._optional(
            grid, 1, 0, "Max hours", QDoubleSpinBox()
        )
        self.max_hours_on.setToolTip("Nobody needing more training hours than this is chosen")
        self.max_hours.setRange(0, 10_000)
        self.max_hours.setDecimals(0)
        self.max_hours.setValue(200)
        self.max_hours.setSuffix(" h")
        self.ready_on, self.ready_by = self._optional(grid, 2, 0, "Ready by", QDateEdit())
        self.ready_on.setToolTip(
            "Only people who can be ready by this date are chosen; unticked, the default "
            "applies (shown greyed: 18 months after the start)"
        )
        self.ready_by.setCalendarPopup(True)
        self._show_default_ready_by()
        self.ready_by.setDisplayFormat("yyyy-MM-dd")
        self.include_ineligible = QCheckBox("Also choose people who miss a must-have skill")
        self.include_ineligible.setObjectName("includeIneligible")
        self.include_ineligible.setToolTip(
            "Also choose people who miss a must-have skill's minimum (not eligible)"
        )
        grid.addWidget(self.include_ineligible, 3, 0, 1, 4)
        grid.addWidget(QLabel("Fairness check by"), 4, 0, 1, 4)
        self.attributes = QListWidget()
        self.attributes.setObjectName("fairnessAttributes")
        self.attributes.setFixedHeight(66)
        self.attributes.setToolTip("Check the selection rates by these groups (four-fifths rule)")
        grid.addWidget(self.attributes, 5, 0, 1, 4)
        grid.addWidget(QLabel("Pins and exclusions"), 6, 0, 1, 4)
        self.rules = QListWidget()
        self.rules.setObjectName("allocationRules")
        self.rules.setFixedHeight(66)
        self.rules.setWordWrap(True)
        self.rules.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rules.setToolTip(
            "Pins and exclusions: right-click a person in the result to add one, "
            "right-click here to remove one"
        )
        self.rules.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.rules.customContextMenuRequested.connect(self._rules_menu)
        grid.addWidget(self.rules, 7, 0, 1, 4)
        column.addWidget(limits)

        bottom = QVBoxLayout()
        bottom.setContentsMargins(0, 0, 6, 0)
        run = QHBoxLayout()
        run.addWidget(QLabel("Save as"))
        self.scenario_name = QLineEdit()
        self.scenario_name.setObjectName("scenarioName")
        self.scenario_name.setPlaceholderText("Default")
        self.scenario_name.setToolTip(
            "The scenario the result is saved as (a scenario of the same name is replaced)"
        )
        run.addWidget(self.scenario_name, 1)
        self.allocate_button = QPushButton("Allocate")
        self.allocate_button.setObjectName("allocateButton")
        self.allocate_button.setDefault(True)
        self.allocate_button.clicked.connect(self.start_allocation)
        run.addWidget(self.allocate_button)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelAllocation")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        run.addWidget(self.cancel_button)
        bottom.addLayout(run)
        self.progress = QProgressBar()
        self.progress.setObjectName("allocationProgress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        bottom.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("allocationStatus")
        self.status.setWordWrap(True)
        bottom.addWidget(self.status)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(left)
        scroll.setMinimumWidth(380)
        # The Allocate button stays in view when the demand and limits scroll (1024×640).
        outer = QWidget()
        layout = QVBoxLayout(outer)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        return outer

    def _show_default_ready_by(self) -> None:
        """The core's default ready-by date (start + 18 months), shown while unticked."""
        default = Constraints().ready_by_date
        if default is not None:
            self.ready_by.setDate(QDate(default.year, default.month, default.day))

    def _optional(
        self, grid: QGridLayout, row: int, col: int, label: str, editor: QWidget
    ) -> tuple[QCheckBox, Any]:
        check = QCheckBox(label)
        editor.setEnabled(False)
        check.toggled.connect(editor.setEnabled)
        grid.addWidget(check, row, col)
        grid.addWidget(editor, row, col + 1, 1, 3)
        return check, editor

    def _build_right(self) -> QWidget:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("allocationTabs")
        result = QWidget()
        layout = QVBoxLayout(result)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel()
        self.summary.setObjectName("allocationSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.result = AllocationResultView()
        self.result.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.result.customContextMenuRequested.connect(self._person_menu)
        layout.addWidget(self.result, 1)
        self.tabs.addTab(result, "Result")
        self.fairness = FairnessView()
        self.tabs.addTab(self.fairness, "Fairness check")

        scenarios = QWidget()
        layout = QVBoxLayout(scenarios)
        layout.setContentsMargins(4, 4, 4, 4)
        self.scenarios = QListWidget()
        self.scenarios.setObjectName("scenarioList")
        self.scenarios.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.scenarios.setMaximumHeight(140)
        self.scenarios.itemDoubleClicked.connect(
            lambda item: self.open_scenario(item.data(SCENARIO_ROLE))
        )
        layout.addWidget(self.scenarios)
        row = QHBoxLayout()
        for text, slot in (
            ("Open", self._open_selected),
            ("Rename…", self._rename_selected),
            ("Delete", self._delete_selected),
            ("Compare two", self._compare_selected),
        ):
            button = QPushButton(text)
            button.setObjectName(f"scenario{text.strip('…').replace(' ', '')}")
            button.clicked.connect(lambda _c=False, s=slot: s())
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.compare = QTreeWidget()
        self.compare.setObjectName("scenarioCompare")
        self.compare.setRootIsDecorated(False)
        self.compare.setAlternatingRowColors(True)
        self.compare.setHeaderLabels(["", "", ""])
        self.compare_area = EmptyOr(self.compare)
        self.compare_area.show_message(COMPARE_HINT)
        layout.addWidget(self.compare_area, 1)
        self.tabs.addTab(scenarios, "Scenarios")
        for view in (self.result, self.fairness, self.compare, self.demand):
            install_copy(view)
        return self.tabs

    # -- workspace ------------------------------------------------------------------------

    @property
    def currency(self) -> str:
        return self.catalog.currency if self.catalog is not None else ""

    def page_shown(self) -> None:
        self.state.request_scores()

    def refresh(self) -> None:
        """A (different) workspace: its roles, attributes and scenarios."""
        self.pins, self.exclusions = {}, {}
        self.compare_area.show_message(COMPARE_HINT)
        self._catalog_changed()
        self._fill_attributes()
        self._fill_scenarios()
        self._show_results({}, [])
        names = [self.scenarios.item(i).text() for i in range(self.scenarios.count())]
        if names:
            self.open_scenario(names[0])

    def _names_loaded(self) -> None:
        """Employee names arrive after the workspace opened: show them."""
        self._show_results(self.current_results, self.fairness_reports)
        self._show_rules()

    def _catalog_changed(self) -> None:
        ws = self.state.ws
        catalog = ws.catalog() if ws is not None else None
        self.catalog = catalog
        self.demand.set_catalog(catalog)
        self.budget.setSuffix(f" {catalog.currency}" if catalog else "")
        self._show_rules()

    def _fill_attributes(self) -> None:
        ws = self.state.ws
        # the core's defaults (never department: it flags by construction)
        checked = set(self.checked_attributes()) or set(
            default_attributes(ws) if ws is not None else ()
        )
        self.attributes.clear()
        ws = self.state.ws
        keys: list[str] = []
        if ws is not None:
            keys = [
                r[0]
                for r in ws.conn.execute(
                    "SELECT DISTINCT j.key FROM employees, json_each(employees.attributes) AS j "
                    "WHERE json_valid(employees.attributes) ORDER BY j.key"
                )
            ]
        for attribute in (*ATTRIBUTES, *keys):
            label = attribute_label(attribute)
            item = QListWidgetItem(label[:1].upper() + label[1:])
            item.setData(Qt.ItemDataRole.UserRole, attribute)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if attribute in checked else Qt.CheckState.Unchecked
            )
            self.attributes.addItem(item)

    def checked_attributes(self) -> list[str]:
        return [
            self.attributes.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.attributes.count())
            if self.attributes.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_attributes(self, attributes: list[str]) -> None:
        for i in range(self.attributes.count()):
            item = self.attributes.item(i)
            item.setCheckState(
                Qt.CheckState.Checked
                if item.data(Qt.ItemDataRole.UserRole) in attributes
                else Qt.CheckState.Unchecked
            )

    def _fill_scenarios(self) -> None:
        self.scenarios.clear()
        ws = self.state.ws
        if ws is None:
            return
        from planner.planning import list_scenarios

        for _sid, name in list_scenarios(ws):
            item = QListWidgetItem(name)
            item.setData(SCENARIO_ROLE, name)
            item.setToolTip(f"Scenario “{name}”: double-click to open it")
            self.scenarios.addItem(item)

    def _demand_changed(self) -> None:
        total = self.demand.demand().total
        roles = len(self.demand.demand().headcount)
        self.demand_total.setText(
            f"{total:,} people for {roles} role{'s' * (roles != 1)}"
            if total
            else "No role asked for yet: type a number next to a role, or paste or load a demand."
        )

    # -- demand files ---------------------------------------------------------------------

    def paste_demand(self) -> None:
        try:
            count = self.demand.paste_clipboard()
        except PlannerError as exc:
            show_error(self, exc, title="Cannot paste the demand")
            return
        self.status.setText(f"Pasted the headcount of {count} role{'s' * (count != 1)}.")

    def load_demand(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Load demand", self._folder(), "CSV files (*.csv *.txt);;All files (*)"
            )
            if not path:
                return
        try:
            demand = self.demand.load_csv(path)
        except PlannerError as exc:
            show_error(self, exc, title="Cannot load the demand")
            return
        self.status.setText(
            f"Loaded {counted(demand.total, 'place', 'places')} from {Path(path).name}."
        )

    def save_demand(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save demand", str(Path(self._folder()) / "demand.csv"), "CSV files (*.csv)"
            )
            if not path:
                return
        try:
            self.demand.save_csv(path)
        except OSError as exc:
            show_message(self, f"Could not save {path}: {exc.strerror or exc}.")
            return
        self.status.setText(f"Saved the demand as {Path(path).name}.")

    def _folder(self) -> str:
        return str(self.state.path.parent) if self.state.path else str(Path.home())

    # -- pins and exclusions --------------------------------------------------------------

    def _name(self, employee_id: int) -> str:
        data = self.state.data
        try:
            return str(data.profile["name"][data.row_of(employee_id)])
        except KeyError:
            return str(employee_id)

    def _role_name(self, role_id: str | None) -> str:
        if role_id is None:
            return "every role"
        catalog = self.catalog
        return catalog.roles[role_id].name if catalog and role_id in catalog.roles else role_id

    def _person_menu(self, point: QPoint) -> None:
        item = self.result.itemAt(point)
        person = self.result.person_at(item)
        if person is None:
            return
        menu = self.person_menu(*person)
        menu.addSeparator()
        menu.addActions(self.result.actions())  # Copy (Ctrl+C)
        menu.exec(self.result.viewport().mapToGlobal(point))

    def person_menu(self, employee_id: int, role_id: str) -> QMenu:
        name, role = self._name(employee_id), self._role_name(role_id)
        menu = QMenu(self)
        menu.addAction(f"Pin {name} to {role}", lambda: self.pin(employee_id, role_id))
        menu.addAction(f"Exclude {name} from {role}", lambda: self.exclude(employee_id, role_id))
        menu.addAction(f"Exclude {name} from every role", lambda: self.exclude(employee_id, None))
        if employee_id in self.pins or employee_id in self.exclusions:
            menu.addAction(
                f"Remove the pin or exclusions of {name}", lambda: self.clear_rules(employee_id)
            )
        return menu

    def pin(self, employee_id: int, role_id: str) -> None:
        self.exclusions.pop(employee_id, None)
        self.pins[employee_id] = role_id
        self._show_rules()

    def exclude(self, employee_id: int, role_id: str | None) -> None:
        if self.pins.get(employee_id) == role_id or role_id is None:
            self.pins.pop(employee_id, None)
        if role_id is None:
            self.exclusions[employee_id] = None
        elif self.exclusions.get(employee_id, set()) is not None:
            self.exclusions.setdefault(employee_id, set()).add(role_id)
        self._show_rules()

    def add_rule(self, employee_id: int, role_id: str | None, kind: str) -> None:
        """A pin or exclusion asked for elsewhere (the Matching page's candidates)."""
        if kind == "pin" and role_id is not None:
            self.pin(employee_id, role_id)
            done = f"pinned to {self._role_name(role_id)}"
        else:
            self.exclude(employee_id, role_id)
            done = f"excluded from {self._role_name(role_id)}"
        self.status.setText(f"{self._name(employee_id)} {done}: allocate again to apply it.")

    def clear_rules(self, employee_id: int) -> None:
        self.pins.pop(employee_id, None)
        self.exclusions.pop(employee_id, None)
        self._show_rules()

    def _show_rules(self) -> None:
        self.rules.clear()
        for eid, role_id in self.pins.items():
            self._rule_item(eid, f"{self._name(eid)}: pinned to {self._role_name(role_id)}")
        for eid, roles in self.exclusions.items():
            where = (
                "every role"
                if roles is None
                else ", ".join(self._role_name(r) for r in sorted(roles))
            )
            self._rule_item(eid, f"{self._name(eid)}: excluded from {where}")
        if not self.rules.count():
            item = QListWidgetItem("None: right-click a person in the result")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.rules.addItem(item)

    def _rule_item(self, employee_id: int, text: str) -> None:
        item = QListWidgetItem(text)
        item.setToolTip(text)
        item.setData(Qt.ItemDataRole.UserRole, employee_id)
        self.rules.addItem(item)

    def _rules_menu(self, point: QPoint) -> None:
        item = self.rules.itemAt(point)
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        eid = int(item.data(Qt.ItemDataRole.UserRole))
        menu = QMenu(self)
        menu.addAction("Remove", lambda: self.clear_rules(eid))
        menu.exec(self.rules.viewport().mapToGlobal(point))

    # -- allocating -----------------------------------------------------------------------

    def constraints(self) -> Constraints:
        constraints = Constraints(
            max_hours_per_person=self.max_hours.value() if self.max_hours_on.isChecked() else None,
            budget=self.budget.value() if self.budget_on.isChecked() else None,
            eligible_only=not self.include_ineligible.isChecked(),
            pins=dict(self.pins),
            exclusions={e: (None if r is None else set(r)) for e, r in self.exclusions.items()},
        )
        if self.ready_on.isChecked():
            constraints.ready_by = self.ready_by.date().toPython()
        return constraints

    def start_allocation(self) -> Task | None:
        """Allocate off the GUI thread; the result is saved as the named scenario."""
        ws = self.state.ws
        if ws is None or (self.task is not None and not self.task.done):
            return None
        demand = self.demand.demand()
        if not demand.total:
            show_message(
                self,
                "Say how many people at least one role needs first: type a "
                "number in the demand table, paste one from Excel or load "
                "a CSV file.",
                title="No demand yet",
            )
            return None
        name = self.scenario_name.text().strip() or "Default"
        constraints, attributes, path = self.constraints(), self.checked_attributes(), ws.path
        self.allocate_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.status.setText("Allocating…")
        self.task = run_in_worker(
            ALLOCATE,
            path,
            demand,
            constraints,
            name,
            attributes,
            title="Allocating",
            on_done=self._allocated,
            on_error=self._failed,
        )
        self.state.own_write(self.task)  # the worker's save is not an outside change
        self.task.progressed.connect(self._progressed)
        self.task.finished.connect(self._finished)
        return self.task

    def cancel(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling…")

    def _progressed(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        if message:
            self.status.setText(f"{message}…")

    def _finished(self) -> None:
        self.allocate_button.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.status.setText("Cancelled; no scenario was changed.")
            return
        self.status.setText("The allocation could not run.")
        show_error(self, exc, title="Cannot allocate")

    def _allocated(self, outcome: dict[str, Any]) -> None:
        name = self.scenario_name.text().strip() or "Default"
        self.status.setText(f"Allocated and saved as scenario “{name}”.")
        self._show_results(outcome["results"], outcome["fairness"])
        for note in outcome.get("notes", []):
            self.summary.setText(self.summary.text() + f"<br>{escape(note)}")
        self.state.scenarios_changed.emit()
        self._select_scenario(name)
        self.tabs.setCurrentIndex(0)
        self.allocated.emit(int(outcome["scenario_id"]))

    # -- results --------------------------------------------------------------------------

    def _show_results(self, results: dict[str, Any], reports: list[dict[str, Any]]) -> None:
        self.current_results = results
        self.fairness_reports = reports
        role_names = {
            r: self._role_name(r) for r in (o["role_id"] for o in results.get("roles", []))
        }
        self.result.show_result(results, role_names, self._name)
        self.summary.setText(
            summary_text(results, self.currency)
            if results
            else "No allocation yet: set the demand and press Allocate."
        )
        for warning in results.get("warnings", []):
            self.summary.setText(self.summary.text() + f"<br>⚠ {warning}")
        self.fairness.show_reports(reports)

    def _select_scenario(self, name: str) -> None:
        for i in range(self.scenarios.count()):
            item = self.scenarios.item(i)
            item.setSelected(item.data(SCENARIO_ROLE) == name)

    def selected_scenarios(self) -> list[str]:
        return [i.data(SCENARIO_ROLE) for i in self.scenarios.selectedItems()]

    def open_scenario(self, name: str) -> None:
        """Show a saved scenario: its demand, limits, rules and result."""
        from planner.matching import load_scenario

        ws = self.state.ws
        if ws is None:
            return
        try:
            saved = load_scenario(ws, name)
        except PlannerError as exc:
            show_error(self, exc)
            return
        self.demand.set_demand(saved.demand)
        c = saved.constraints
        self.budget_on.setChecked(c.budget is not None)
        if c.budget is not None:
            self.budget.setValue(float(c.budget))
        self.max_hours_on.setChecked(c.max_hours_per_person is not None)
        if c.max_hours_per_person is not None:
            self.max_hours.setValue(float(c.max_hours_per_person))
        self.ready_on.setChecked(c.ready_by is not None)
        if c.ready_by is not None:
            self.ready_by.setDate(QDate(c.ready_by.year, c.ready_by.month, c.ready_by.day))
        else:
            self._show_default_ready_by()
        self.include_ineligible.setChecked(not c.eligible_only)
        self.pins = dict(c.pins)
        self.exclusions = dict(c.exclusions)
        self._show_rules()
        self.scenario_name.setText(saved.name)
        reports = saved.results.get("fairness", [])
        if reports:
            self.set_attributes([r["attribute"] for r in reports])
        self._show_results(saved.results, reports)
        from planner.catalog.revision import stale_scenarios

        for stale in stale_scenarios(ws, saved.name):
            self.summary.setText(
                self.summary.text() + f"<br><span style='color:#b91c1c'>⚠ "
                f"{escape(stale.advice)}.</span>"
            )
        self._select_scenario(saved.name)

    def _open_selected(self) -> None:
        names = self.selected_scenarios()
        if names:
            self.open_scenario(names[0])

    def rename_scenario(self, old: str, new: str) -> bool:
        from planner.matching.scenarios import rename_scenario

        try:
            rename_scenario(self.state.ws, old, new)
        except PlannerError as exc:
            show_error(self, exc, title="Cannot rename the scenario")
            return False
        if self.scenario_name.text().strip() == old:
            self.scenario_name.setText(new.strip())
        self.state.scenarios_changed.emit()
        self._select_scenario(new.strip())
        return True

    def delete_scenario(self, name: str) -> None:
        from planner.matching.scenarios import delete_scenario

        try:
            delete_scenario(self.state.ws, name)
        except PlannerError as exc:
            show_error(self, exc, title="Cannot delete the scenario")
            return
        self.compare_area.show_message(COMPARE_HINT)
        self.state.scenarios_changed.emit()
        self.status.setText(f"Deleted scenario “{name}”.")

    def _rename_selected(self) -> None:
        names = self.selected_scenarios()
        if len(names) != 1:
            show_message(self, "Select one scenario to rename.")
            return
        new, ok = QInputDialog.getText(self, "Rename scenario", "New name:", text=names[0])
        if ok and new.strip():
            self.rename_scenario(names[0], new)

    def _delete_selected(self) -> None:
        names = self.selected_scenarios()
        if not names:
            return
        answer = QMessageBox.question(
            self,
            "Delete scenarios",
            "Delete "
            + ", ".join(f"“{n}”" for n in names)
            + " with their allocation, plan and workshop sessions?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            for name in names:
                self.delete_scenario(name)

    def _compare_selected(self) -> None:
        names = self.selected_scenarios()
        if len(names) != 2:
            show_message(self, "Select two scenarios (Ctrl+click) to compare them.")
            return
        self.compare_scenarios(*names)

    def screenshot_states(self) -> Iterator[str]:
        """The result, the fairness check and two scenarios compared (screenshots.py)."""
        self.tabs.setCurrentIndex(0)
        yield ""
        self.tabs.setCurrentIndex(1)
        yield "fairness"
        names = [self.scenarios.item(i).text() for i in range(self.scenarios.count())]
        if len(names) >= 2:
            self.compare_scenarios(names[0], names[1])
        self.tabs.setCurrentIndex(2)
        yield "scenarios"
        self.tabs.setCurrentIndex(0)

    def compare_scenarios(self, first: str, second: str) -> None:
        """Two scenarios side by side: totals from the core, then places filled per role."""
        from planner.matching import load_scenario
        from planner.planning import compare_scenarios

        ws = self.state.ws
        if ws is None:
            return
        rows = compare_scenarios(ws, [first, second])
        self.compare_area.show_view()
        self.compare.clear()
        self.compare.setHeaderLabels(["", first, second])
        for label, a, b in compare_rows(rows[0], rows[1], self.currency):
            QTreeWidgetItem(self.compare, [label, a, b])
        roles: dict[str, list[str]] = {}
        for k, name in enumerate((first, second)):
            for outcome in load_scenario(ws, name).results.get("roles", []):
                cells = roles.setdefault(outcome["role_id"], ["–", "–"])
                cells[k] = f"{len(outcome.get('chosen', []))} of {outcome.get('headcount', 0)}"
        for role_id, (a, b) in roles.items():
            item = QTreeWidgetItem(self.compare, [self._role_name(role_id), a, b])
            item.setToolTip(0, f"{self._role_name(role_id)}: places filled")
        for c in range(3):
            self.compare.resizeColumnToContents(c)
