"""Plans: build a scenario's training plan, see each person's timeline, mark progress.

The page shows what ``planner.planning`` computes (``plan_scenario``, ``load_plan``,
``set_status``): building and loading run on the thread pool; a status edit is an undoable
command on the app's undo stack.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.errors import Cancelled, PlannerError
from planner.planning import STATUSES, PlanSet, PlanSettings
from planner.progress import Progress
from planner.store.workspace import Workspace
from planner.ui.commands import SetStatusCommand
from planner.ui.errors import show_error
from planner.ui.models.rows_model import Row, RowsModel
from planner.ui.pages.base import EmptyOr, Page
from planner.ui.state import WorkspaceState
from planner.ui.tasks import Task, run_in_worker
from planner.ui.widgets.background_chart import BackgroundChart
from planner.ui.widgets.chart_save import add_save_menu
from planner.ui.widgets.table_copy import install_copy
from planner.ui.widgets.timeline import plot_timeline
from planner.wording import counted

ALL = "All"
PEOPLE_COLUMNS = (
    "Name",
    "ID",
    "Target role",
    "Department",
    "Site",
    "Modules",
    "Hours",
    "Cost",
    "Finishes",
)
# What Build plan runs, in a worker process (see planner.workers).
BUILD_PLAN = "planner.workers.jobs:build_plan"
ITEM_COLUMNS = ("#", "Module", "Format", "Weeks", "From", "To", "Hours", "Cost", "Status", "Note")


def load_scenario_plan(
    path: Path, scenario_id: int | None, progress: Progress
) -> tuple[PlanSet | None, str]:
    """The saved plan of a scenario and the currency (worker thread, own connection)."""
    from planner.planning import NoScenario, load_plan

    progress.step(0, 1, "reading the plan")
    with Workspace.open(path) as ws:
        currency = str(ws.setting("currency", "EUR"))
        try:
            return load_plan(ws, scenario_id), currency
        except NoScenario:
            return None, currency


def _core_offers(option: str) -> bool:
    """Whether ``plan_scenario`` takes ``option`` (settings the core added over time)."""
    import inspect

    from planner.planning import plan_scenario

    return option in inspect.signature(plan_scenario).parameters


def parse_dates(text: str) -> list[date]:
    """Dates written as YYYY-MM-DD separated by commas, semicolons or spaces."""
    out = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        try:
            out.append(date.fromisoformat(part))
        except ValueError:
            raise PlannerError(
                f"blocked weeks: {part!r} is not a date; write dates as "
                "YYYY-MM-DD, separated by commas"
            ) from None
    return out


class PlansPage(Page):
    key = "plans"
    title = "Plans"
    icon_name = "plans"
    planLoaded = Signal()  # the shown plan was built or read again

    def __init__(
        self,
        state: WorkspaceState,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.plan_set: PlanSet | None = None
        self.late: set[int] = set()
        self.stale_note = ""  # the plan's scenario was made under an older catalog
        self.currency = "EUR"
        self.task: Task | None = None
        self._load_task: Task | None = None
        # bumped by every change this page makes to the plan: a read started before one is
        # out of date when it arrives, and is done again rather than shown
        self._edits = 0
        self.hint.setText(
            "Who learns what, and when: build the training plan of a scenario, "
            "then follow each person's modules week by week."
        )
        self._build_controls()
        self._build_views()
        state.opened.connect(self.refresh_when_shown)
        state.changed.connect(self.refresh_when_shown)
        state.scenarios_changed.connect(self.refresh_when_shown)
        state.planned.connect(lambda source: source is self or self.refresh_when_shown())

    # -- layout ---------------------------------------------------------------------------

    def _build_controls(self) -> None:
        box = QGroupBox("Build a plan")
        box.setObjectName("planSettings")
        grid = QGridLayout(box)
        grid.setContentsMargins(8, 4, 8, 4)
        self.scenario = QComboBox()
        self.scenario.setObjectName("planScenario")
        self.scenario.setMinimumContentsLength(14)
        self.scenario.currentIndexChanged.connect(self._scenario_chosen)
        self.start = QDateEdit()
        self.start.setObjectName("planStart")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.start.setToolTip("The Monday of the first training week")
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("planHours")
        self.hours.setRange(0.5, 40)
        self.hours.setDecimals(1)
        self.hours.setSuffix(" h/week")
        self.hours.setToolTip("Training hours per week for people without their own value")
        self.min_cohort = QSpinBox()
        self.min_cohort.setObjectName("planMinCohort")
        self.min_cohort.setRange(1, 200)
        self.max_cohort = QSpinBox()
        self.max_cohort.setObjectName("planMaxCohort")
        self.max_cohort.setRange(1, 500)
        cohort = QHBoxLayout()
        cohort.addWidget(self.min_cohort)
        cohort.addWidget(QLabel("to"))
        cohort.addWidget(self.max_cohort)
        cohort.addWidget(QLabel("people"))
        self.blocked = QLineEdit()
        self.blocked.setObjectName("planBlocked")
        self.blocked.setPlaceholderText("e.g. 2026-12-21, 2026-12-28")
        self.blocked.setMinimumWidth(140)
        self.blocked.setToolTip(
            "A day in each week without training (holidays), YYYY-MM-DD, separated by commas"
        )
        self.build_button = QPushButton("Build plan")
        self.build_button.setObjectName("buildPlan")
        self.build_button.setToolTip(
            "Plan every allocated person's modules and the workshop "
            "cohorts, and save the plan (statuses are kept)"
        )
        self.build_button.clicked.connect(self.build)
        grid.addWidget(QLabel("Scenario:"), 0, 0)
        grid.addWidget(self.scenario, 0, 1)
        grid.addWidget(QLabel("Start:"), 0, 2)
        grid.addWidget(self.start, 0, 3)
        grid.addWidget(QLabel("Hours:"), 0, 4)
        grid.addWidget(self.hours, 0, 5)
        grid.addWidget(QLabel("Workshop size:"), 1, 0)
        grid.addLayout(cohort, 1, 1)
        grid.addWidget(QLabel("Weeks off:"), 1, 2)
        grid.addWidget(self.blocked, 1, 3)
        # the longest wait for a workshop session, where the core plans with one
        self.max_wait = QSpinBox()
        self.max_wait.setObjectName("planMaxWait")
        self.max_wait.setRange(0, 52)
        self.max_wait.setSuffix(" weeks")
        self.max_wait.setToolTip(
            "Nobody waits longer than this for a workshop session; past it they take the "
            "self-paced or course alternative"
        )
        self.has_max_wait = _core_offers("max_wait_weeks")
        if self.has_max_wait:
            grid.addWidget(QLabel("Longest wait:"), 1, 4)
            grid.addWidget(self.max_wait, 1, 5)
        else:
            self.max_wait.hide()
        grid.addWidget(self.build_button, 0, 7, 2, 1)
        grid.setColumnStretch(6, 1)
        self.body.addWidget(box)
        self.settings_box = box
        self._show_settings(PlanSettings())  # the planner's defaults until a scenario is chosen

        filters = QHBoxLayout()
        self.filters: dict[str, QComboBox] = {}
        for key, label in (("role", "Role:"), ("department", "Department:"), ("site", "Site:")):
            filters.addWidget(QLabel(label))
            combo = QComboBox()
            combo.setObjectName(f"planFilter_{key}")
            combo.setMinimumContentsLength(10)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.currentIndexChanged.connect(self._apply_filters)
            filters.addWidget(combo, 1)
            self.filters[key] = combo
        filters.addStretch(1)
        self.body.addLayout(filters)
        self.summary = QLabel()
        self.summary.setObjectName("planSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.summary)

    def _build_views(self) -> None:
        self.model = RowsModel(PEOPLE_COLUMNS, numeric=(5, 6, 7), parent=self)
        self.table = QTableView()
        self.table.setObjectName("plansTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setStretchLastSection(False)
        for column, width in enumerate((150, 64, 150, 110, 80, 62, 58, 74, 86)):
            header.resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_person())
        install_copy(self.table)

        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 0, 0, 0)
        self.canvas = BackgroundChart(detail, min_height=110)
        self.canvas.setObjectName("planTimeline")
        self.canvas.setMinimumHeight(110)
        add_save_menu(self.canvas, "plan-timeline")
        self.items = QTreeWidget()
        self.items.setObjectName("planItems")
        self.items.setMinimumHeight(70)
        self.items.setRootIsDecorated(False)
        self.items.setHeaderLabels(list(ITEM_COLUMNS))
        self.items.setAlternatingRowColors(True)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.items.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.items.customContextMenuRequested.connect(self._items_menu)
        self.items.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        install_copy(self.items)
        parts = QSplitter(Qt.Orientation.Vertical)
        parts.addWidget(self.canvas)
        parts.addWidget(self.items)
        parts.setStretchFactor(0, 3)
        parts.setStretchFactor(1, 2)
        column.addWidget(parts, 1)
        marks = QHBoxLayout()
        marks.addWidget(QLabel("Mark selected modules:"))
        self.status_buttons: dict[str, QPushButton] = {}
        for status in STATUSES:
            button = QPushButton(status.capitalize())
            button.setObjectName(f"mark_{status.replace(' ', '_')}")
            button.clicked.connect(lambda _c=False, s=status: self.mark_selected(s))
            marks.addWidget(button)
            self.status_buttons[status] = button
        marks.addStretch(1)
        column.addLayout(marks)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([440, 660])
        self.content = EmptyOr(self.splitter)
        self.body.addWidget(self.content, 1)

    # -- scenarios and settings -----------------------------------------------------------

    def refresh(self) -> None:
        """Read the scenario list, then the chosen scenario's plan (in the background)."""
        from planner.planning import list_scenarios

        self._stale = False
        ws = self.state.ws
        self.scenario.blockSignals(True)
        current = self.scenario.currentData()
        self.scenario.clear()
        scenarios = list_scenarios(ws) if ws is not None else []
        for sid, name in scenarios:
            self.scenario.addItem(name, sid)
        index = self.scenario.findData(current) if current is not None else -1
        self.scenario.setCurrentIndex(max(index, 0) if scenarios else -1)
        self.scenario.blockSignals(False)
        self.build_button.setEnabled(bool(scenarios))
        self.settings_box.setEnabled(bool(scenarios))
        if not scenarios:
            self._show_settings(PlanSettings())
        if ws is None:
            self._show_nothing("No workspace is open.")
            return
        if not scenarios:
            self._show_nothing(
                "No scenario yet, so nothing to plan: set a demand and "
                "allocate people on the Allocation page first."
            )
            return
        self._fill_settings()
        self.load()

    def _scenario_chosen(self) -> None:
        self._fill_settings()
        self.load()

    def _fill_settings(self) -> None:
        from planner.planning import scenario_settings

        ws, sid = self.state.ws, self.scenario.currentData()
        if ws is None or sid is None:
            return
        try:
            settings = scenario_settings(ws, sid)
        except PlannerError:
            return
        self._show_settings(settings)

    def _show_settings(self, settings: PlanSettings) -> None:
        self.start.setDate(QDate(settings.start.year, settings.start.month, settings.start.day))
        self.hours.setValue(settings.hours_per_week)
        self.min_cohort.setValue(settings.min_cohort)
        self.max_cohort.setValue(settings.max_cohort)
        self.blocked.setText(", ".join(d.isoformat() for d in settings.blocked_weeks))
        if self.has_max_wait and getattr(settings, "max_wait_weeks", None) is not None:
            self.max_wait.setValue(int(settings.max_wait_weeks))

    def options(self) -> dict[str, Any]:
        """The settings typed in the form, as ``plan_scenario`` keyword arguments."""
        start = self.start.date()
        return {
            "start": date(start.year(), start.month(), start.day()),
            "hours_per_week": self.hours.value(),
            "min_cohort": self.min_cohort.value(),
            "max_cohort": self.max_cohort.value(),
            "blocked_weeks": parse_dates(self.blocked.text()),
        } | ({"max_wait_weeks": self.max_wait.value()} if self.has_max_wait else {})

    # -- building and loading -------------------------------------------------------------

    def build(self) -> Task | None:
        """Build and save the chosen scenario's plan off the GUI thread (progress, cancel)."""
        ws, sid = self.state.ws, self.scenario.currentData()
        if ws is None or sid is None:
            return None
        try:
            options = self.options()
        except PlannerError as exc:
            show_error(self, exc, title="Cannot build the plan")
            return None
        path = ws.path
        self.build_button.setEnabled(False)
        self.summary.setText(f"Building the plan of <b>{self.scenario.currentText()}</b>…")

        def done(plan_set: PlanSet) -> None:
            self._edits += 1
            self.build_button.setEnabled(True)
            self.undo_stack.clear()  # status edits were on the old items
            self.state.plans_changed(self)
            self._loaded((plan_set, self.currency), keep_selection=False)

        def failed(exc: BaseException) -> None:
            self.build_button.setEnabled(True)
            if isinstance(exc, Cancelled):
                self.summary.setText(
                    "Building the plan was cancelled; the saved plan is unchanged."
                )
                return
            show_error(self, exc, title="Cannot build the plan")
            self.load()

        self.task = run_in_worker(
            BUILD_PLAN,
            path,
            sid,
            options,
            title="Building the training plan",
            on_done=done,
            on_error=failed,
            dialog_parent=self.window(),
            show_dialog=True,
        )
        self.state.own_write(self.task)
        return self.task

    def load(self) -> Task | None:
        ws, sid = self.state.ws, self.scenario.currentData()
        if ws is None or sid is None:
            return None
        path = ws.path
        edits = self._edits
        task: Task | None = None

        def done(result: tuple[PlanSet | None, str]) -> None:
            if task is not self._load_task:
                return  # a newer read is on its way
            if self._edits != edits:
                self.load()  # the page changed the plan while this was read
            elif self.state.path == path and self.scenario.currentData() == sid:
                self._loaded(result)

        def failed(exc: BaseException) -> None:
            show_error(self, exc, title="Cannot read the plan")

        task = self._load_task = run_in_worker(
            "planner.ui.pages.plans:load_scenario_plan",
            path,
            sid,
            title="Reading the plan",
            on_done=done,
            on_error=failed,
        )
        return self._load_task

    def _loaded(self, result: tuple[PlanSet | None, str], keep_selection: bool = True) -> None:
        plan_set, self.currency = result
        selected = self.selected_employee() if keep_selection else None
        self.plan_set = plan_set
        if plan_set is None or not plan_set.plans:
            name = self.scenario.currentText()
            self._show_nothing(
                f"Scenario <b>{name}</b> has no plan yet: check the settings "
                "above and press <b>Build plan</b>."
            )
            self.planLoaded.emit()
            return
        self.content.show_view()
        self._fill_filters(plan_set)
        # people whose plan ends after the scenario's ready-by date (when the core says so)
        self.late = {p.employee_id for p in getattr(plan_set, "past_horizon", None) or ()}
        self.stale_note = self._stale_note(plan_set)
        self.model.set_rows([self._person_row(p) for p in plan_set.plans])
        self._apply_filters(select=selected)
        self.planLoaded.emit()

    def _show_nothing(self, text: str) -> None:
        self.plan_set = None
        self.model.set_rows([])
        self.summary.clear()
        self.items.clear()
        self.content.show_message(text)

    def _person_row(self, plan: Any) -> Row:
        person = plan.person
        if plan.items:
            finish = plan.finish_date.isoformat() if plan.finish_date else "–"
            cells = (
                person.name,
                person.employee_key,
                plan.role_name,
                person.department,
                person.site,
                str(len(plan.items)),
                f"{plan.hours:,.0f}",
                f"{plan.cost:,.0f}",
                finish,
            )
            tooltip = ""
            if plan.employee_id in self.late:
                tooltip = f"{person.name} finishes after the scenario's ready-by date."
        else:
            cells = (
                person.name,
                person.employee_key,
                plan.role_name,
                person.department,
                person.site,
                "0",
                "0",
                "0",
                "ready now",
            )
            tooltip = f"{person.name} already meets {plan.role_name}: nothing to learn."
        return Row(
            cells,
            keys=(
                person.name,
                person.employee_key,
                plan.role_name,
                person.department,
                person.site,
                len(plan.items),
                plan.hours,
                plan.cost,
                plan.finish_date,
            ),
            payload=plan.employee_id,
            tooltip=tooltip,
            muted=not plan.items,
            warn=plan.employee_id in self.late,
            attrs={"role": plan.role_name, "department": person.department, "site": person.site},
        )

    # -- filters and totals ---------------------------------------------------------------

    def _fill_filters(self, plan_set: PlanSet) -> None:
        values = {
            "role": {p.role_name for p in plan_set.plans},
            "department": {p.person.department for p in plan_set.plans},
            "site": {p.person.site for p in plan_set.plans},
        }
        for key, combo in self.filters.items():
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL)
            combo.addItems(sorted(v for v in values[key] if v))
            combo.setCurrentIndex(max(combo.findText(current), 0))
            combo.blockSignals(False)

    def set_filter(self, key: str, value: str) -> None:
        combo = self.filters[key]
        combo.setCurrentIndex(max(combo.findText(value), 0))

    def _apply_filters(self, *_args: Any, select: int | None = None) -> None:
        chosen = {
            k: c.currentText()
            for k, c in self.filters.items()
            if c.currentText() and c.currentText() != ALL
        }
        self.model.set_filter(
            (lambda r: all(r.attrs.get(k) == v for k, v in chosen.items())) if chosen else None
        )
        self._update_summary(chosen)
        row = self.model.row_of_payload(select) if select is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._show_person()

    def _update_summary(self, chosen: dict[str, str]) -> None:
        from planner.planning import Totals

        plan_set = self.plan_set
        if plan_set is None:
            return
        shown = {r.payload for r in self.model.visible_rows()}
        totals = Totals()
        for plan in plan_set.plans:
            if plan.employee_id in shown:
                totals.add(plan)
        ready = sum(1 for p in plan_set.plans if p.employee_id in shown and not p.items)
        c = self.currency
        finish = totals.finish_date.isoformat() if totals.finish_date else "–"
        which = (" (" + ", ".join(chosen.values()) + ")") if chosen else ""
        parts = [
            f"Scenario <b>{plan_set.scenario}</b>{which}: "
            f"{counted(totals.people, 'person', 'people')}, "
            f"{counted(totals.modules, 'module', 'modules')}, {totals.hours:,.0f} hours, "
            f"<b>{totals.cost:,.0f} {c}</b>; everyone finishes by <b>{finish}</b>."
        ]
        if ready:
            parts.append(f"{ready:,} already ready (nothing to learn).")
        waiting = [i for i in plan_set.needs_cohort if i.employee_id in shown]
        if waiting:
            parts.append(
                f"{counted(len(waiting), 'workshop place needs', 'workshop places need')} a "
                "cohort (planned alone)."
            )
        unmet = sum(len(p.unmet) for p in plan_set.plans if p.employee_id in shown)
        if unmet:
            parts.append(
                f"{counted(unmet, 'skill target has', 'skill targets have')} no module in "
                "the catalog."
            )
        late = [p for p in plan_set.plans if p.employee_id in self.late and p.employee_id in shown]
        if late:
            horizon = getattr(plan_set.settings, "horizon", None)
            when = f" ({horizon.isoformat()})" if hasattr(horizon, "isoformat") else ""
            names = ", ".join(p.person.name or p.person.employee_key for p in late[:5])
            more = f" and {len(late) - 5:,} more" if len(late) > 5 else ""
            parts.append(
                f"<span style='color:#b91c1c'>{len(late):,} finish after the ready-by "
                f"date{when}: {names}{more}.</span>"
            )
        for note in getattr(plan_set, "notes", ()):  # e.g. workshop moves kept or not
            parts.append(html.escape(f"{note[0].upper()}{note[1:]}."))
        if plan_set.over_budget and not chosen:
            parts.append(
                f"<span style='color:#b91c1c'>The plan costs "
                f"{plan_set.over_budget:,.0f} {c} more than the scenario's budget of "
                f"{plan_set.budget:,.0f} {c}.</span>"
            )
        if self.stale_note:
            parts.append(f"<span style='color:#b91c1c'>⚠ {html.escape(self.stale_note)}.</span>")
        self.summary.setText(" ".join(parts))

    def _stale_note(self, plan_set: Any) -> str:
        from planner.catalog.revision import stale_scenarios

        ws, name = self.state.ws, getattr(plan_set, "scenario", None)
        if ws is None or not name:
            return ""
        return " ".join(s.advice for s in stale_scenarios(ws, name))

    # -- one person -----------------------------------------------------------------------

    def selected_employee(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.payload_at(index.row())

    def select_employee(self, employee_id: int) -> bool:
        row = self.model.row_of_payload(employee_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self._show_person()
        return True

    def current_plan(self) -> Any:
        employee_id = self.selected_employee()
        if self.plan_set is None or employee_id is None:
            return None
        try:
            return self.plan_set.plan_of(employee_id)
        except KeyError:
            return None

    def _show_person(self) -> None:
        plan = self.current_plan()
        self.items.clear()
        if plan is None or self.plan_set is None:
            self.canvas.set_plotter(None)
            return
        cohorts = self.plan_set.cohorts
        released = {id(i) for i in getattr(plan, "released_items", None) or ()}
        for item in plan.items:
            note = item.flag
            if item.cohort is not None and item.cohort < len(cohorts):
                note = f"session {cohorts[item.cohort].label}"
            if id(item) in released:
                note += "; released from work that week"
            row = QTreeWidgetItem(
                self.items,
                [
                    str(item.seq),
                    item.title,
                    item.format,
                    str(item.weeks),
                    item.start_date.isoformat(),
                    item.end_date.isoformat(),
                    f"{item.hours:g}",
                    f"{item.cost:,.0f}",
                    item.status,
                    note,
                ],
            )
            row.setData(0, Qt.ItemDataRole.UserRole, item.id)
            row.setToolTip(
                1,
                f"{item.module_id}: {item.title} ({item.skill} {item.from_level}→{item.to_level})",
            )
            for col in (0, 3, 6, 7):
                row.setTextAlignment(col, Qt.AlignmentFlag.AlignRight)
        for col in range(len(ITEM_COLUMNS)):
            self.items.resizeColumnToContents(col)
        self.items.setColumnWidth(1, min(self.items.columnWidth(1), 240))
        settings, currency = self.plan_set.settings, self.currency
        self.canvas.set_plotter(
            partial(plot_timeline, plan=plan, settings=settings, currency=currency)
        )

    def _items_menu(self, pos: Any) -> None:
        menu = QMenu(self.items)
        for status in STATUSES:
            menu.addAction(f"Mark {status}", lambda s=status: self.mark_selected(s))
        menu.exec(self.items.viewport().mapToGlobal(pos))

    def mark_selected(self, status: str) -> SetStatusCommand | None:
        """Set the status of the selected modules (undo with Ctrl+Z)."""
        ws = self.state.ws
        ids = [i.data(0, Qt.ItemDataRole.UserRole) for i in self.items.selectedItems()]
        ids = [i for i in ids if i is not None]
        plan = self.current_plan()
        if ws is None or not ids or plan is None:
            return None
        name = plan.person.name or plan.person.employee_key
        what = self.items.selectedItems()[0].text(1) if len(ids) == 1 else f"{len(ids)} modules"
        command = SetStatusCommand(
            ws, ids, status, label=f"{what} of {name}: {status}", on_change=self._statuses_changed
        )
        self.undo_stack.push(command)
        return command

    def _statuses_changed(self, item_ids: list[int]) -> None:
        ws = self.state.ws
        if ws is None:
            return
        self._edits += 1
        marks = ",".join("?" * len(item_ids))
        now = {
            r[0]: (r[1], r[2])
            for r in ws.conn.execute(
                f"SELECT id, status, status_date FROM plan_items WHERE id IN ({marks})", item_ids
            )
        }
        if self.plan_set is not None:
            for plan in self.plan_set.plans:
                for item in plan.items:
                    if item.id in now:
                        item.status = now[item.id][0]
            self._show_person()
        self.state.plans_changed(self)
        # a module marked done raises the skill (a training rating): levels and scores move
        self.state.reload()

    def screenshot_states(self) -> Iterator[str]:
        """The person with the most modules, timeline shown (build_scripts/screenshots.py)."""
        if self.plan_set is not None and self.plan_set.plans:
            busiest = max(self.plan_set.plans, key=lambda p: len(p.items))
            self.select_employee(busiest.employee_id)
        yield ""
