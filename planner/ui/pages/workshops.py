"""Workshops: the sessions (cohorts) of a scenario's plan per site and week, with attendees.

A person can be moved to another session of the same workshop; the core
(``planner.planning.cohort_moves``) checks the session sizes and the person's schedule
and says why a move is refused. Sign-in sheets come from the workshops export.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.planning import PlanSet
from planner.ui.errors import show_error
from planner.ui.models.rows_model import Row, RowsModel
from planner.ui.pages.base import EmptyOr, Page
from planner.ui.pages.plans import load_scenario_plan
from planner.ui.state import WorkspaceState
from planner.ui.tasks import Task, run_task
from planner.ui.widgets.table_copy import install_copy
from planner.wording import counted

ALL = "All"
COLUMNS = ("Workshop", "Session", "Site", "Week", "Date", "People", "Facilitator", "Room")


def _places_alone(n: int) -> str:
    return (f"{n:,} workshop place is planned alone" if n == 1
            else f"{n:,} workshop places are planned alone")


class WorkshopsPage(Page):
    key = "workshops"
    title = "Workshops"
    icon_name = "workshops"
    exportRequested = Signal(str)  # the export kind to preselect ("workshops")

    def __init__(
        self,
        state: WorkspaceState,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self.undo_stack = undo_stack
        self.plan_set: PlanSet | None = None
        self.titles: dict[str, str] = {}
        self._task: Task | None = None
        self.hint.setText(
            "Workshop sessions: people at one site taking the same module "
            "together, in the week the last of them is ready."
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Scenario:"))
        self.scenario = QComboBox()
        self.scenario.setObjectName("workshopScenario")
        self.scenario.setMinimumContentsLength(16)
        self.scenario.currentIndexChanged.connect(self.load)
        bar.addWidget(self.scenario)
        bar.addWidget(QLabel("Site:"))
        self.site = QComboBox()
        self.site.setObjectName("workshopSite")
        self.site.setMinimumContentsLength(10)
        self.site.currentIndexChanged.connect(self._apply_filter)
        bar.addWidget(self.site)
        bar.addStretch(1)
        self.sheets = QPushButton("Sign-in sheets…")
        self.sheets.setObjectName("signInSheets")
        self.sheets.setToolTip("Export one printable sign-in sheet per session (Excel)")
        self.sheets.clicked.connect(lambda: self.exportRequested.emit("workshops"))
        bar.addWidget(self.sheets)
        self.body.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("workshopSummary")
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)

        self.model = RowsModel(COLUMNS, numeric=(3, 5), parent=self)
        self.table = QTableView()
        self.table.setObjectName("workshopsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        for column, width in enumerate((230, 56, 70, 44, 82, 52, 84, 60)):
            header.resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_cohort())
        install_copy(self.table)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.cohort_title = QLabel()
        self.cohort_title.setWordWrap(True)
        column.addWidget(self.cohort_title)
        self.attendees = QTreeWidget()
        self.attendees.setObjectName("workshopAttendees")
        self.attendees.setRootIsDecorated(False)
        self.attendees.setHeaderLabels(["Name", "ID", "Department", "Site", "Target role"])
        self.attendees.setAlternatingRowColors(True)
        self.attendees.currentItemChanged.connect(lambda *_: self._fill_targets())
        install_copy(self.attendees)
        column.addWidget(self.attendees, 1)
        move = QHBoxLayout()
        move.addWidget(QLabel("Move to:"))
        self.target = QComboBox()
        self.target.setObjectName("moveTarget")
        self.target.setMinimumContentsLength(24)
        self.target.currentIndexChanged.connect(self._target_chosen)
        move.addWidget(self.target, 1)
        self.move_button = QPushButton("Move")
        self.move_button.setObjectName("moveAttendee")
        self.move_button.clicked.connect(self.move_selected)
        move.addWidget(self.move_button)
        column.addLayout(move)
        self.move_note = QLabel()
        self.move_note.setObjectName("moveNote")
        self.move_note.setWordWrap(True)
        column.addWidget(self.move_note)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([640, 420])
        self.content = EmptyOr(self.splitter)
        self.body.addWidget(self.content, 1)
        state.opened.connect(self.refresh_when_shown)
        state.changed.connect(self.refresh_when_shown)
        state.scenarios_changed.connect(self.refresh_when_shown)
        state.planned.connect(lambda source: source is self or self.refresh_when_shown())

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        from planner.planning import list_scenarios

        self._stale = False
        ws = self.state.ws
        self.scenario.blockSignals(True)
        current = self.scenario.currentData()
        self.scenario.clear()
        for sid, name in list_scenarios(ws) if ws is not None else []:
            self.scenario.addItem(name, sid)
        found = self.scenario.findData(current) if current is not None else -1
        self.scenario.setCurrentIndex(max(found, 0) if self.scenario.count() else -1)
        self.scenario.blockSignals(False)
        if ws is not None:
            self.titles = dict(ws.conn.execute("SELECT id, title FROM modules"))
        self.load()

    def load(self) -> Task | None:
        ws, sid = self.state.ws, self.scenario.currentData()
        if ws is None or sid is None:
            self._show_nothing(
                "No scenario yet: set a demand and allocate people on the "
                "Allocation page, then build its plan on the Plans page."
            )
            return None
        path = ws.path
        task: Task | None = None

        def done(result: tuple[PlanSet | None, str]) -> None:
            if task is not self._task:
                return  # a newer read (after a move, say) is on its way
            if self.state.path == path and self.scenario.currentData() == sid:
                self._loaded(result[0])

        def failed(exc: BaseException) -> None:
            show_error(self, exc, title="Cannot read the plan")

        task = self._task = run_task(
            lambda p: load_scenario_plan(path, sid, p),
            title="Reading the workshops",
            on_done=done,
            on_error=failed,
        )
        return self._task

    def _show_nothing(self, text: str) -> None:
        self.plan_set = None
        self.sheets.setEnabled(False)  # no session to sign in
        self.model.set_rows([])
        self.summary.clear()
        self.content.show_message(text)

    def _loaded(self, plan_set: PlanSet | None) -> None:
        selected = self.selected_cohort()
        self.plan_set = plan_set
        if plan_set is None or not plan_set.plans:
            self._show_nothing(
                "This scenario has no plan yet: build it on the Plans page; "
                "workshop sessions are formed then."
            )
            return
        if not plan_set.cohorts:
            alone = len(plan_set.needs_cohort)
            self._show_nothing(
                "No workshop sessions in this plan: no site has enough people taking the "
                "same workshop module"
                + (f" ({_places_alone(alone)})." if alone else ".")
            )
            return
        self.content.show_view()
        self.sheets.setEnabled(True)
        people = {p.employee_id: p for p in plan_set.plans}
        self.people = people
        rows = []
        for index, c in enumerate(plan_set.cohorts):
            title = self.titles.get(c.module_id, c.module_id)
            rows.append(
                Row(
                    (
                        title,
                        f"#{c.number}",
                        c.site or "(no site)",
                        str(c.week),
                        c.session_date.isoformat(),
                        str(len(c.members)),
                        c.facilitator,
                        c.room,
                    ),
                    keys=(
                        title,
                        c.number,
                        c.site,
                        c.week,
                        c.session_date,
                        len(c.members),
                        c.facilitator,
                        c.room,
                    ),
                    payload=index,
                    tooltip=f"{c.module_id}: {title}",
                    attrs={"site": c.site or "(no site)"},
                )
            )
        self.site.blockSignals(True)
        current = self.site.currentText()
        self.site.clear()
        self.site.addItem(ALL)
        self.site.addItems(sorted({r.attrs["site"] for r in rows}))
        self.site.setCurrentIndex(max(self.site.findText(current), 0))
        self.site.blockSignals(False)
        self.model.set_rows(rows)
        self._apply_filter(select=selected)

    def _apply_filter(self, *_args: Any, select: int | None = None) -> None:
        site = self.site.currentText()
        self.model.set_filter(None if site in ("", ALL) else (lambda r: r.attrs["site"] == site))
        plan_set = self.plan_set
        if plan_set is not None:
            shown = [plan_set.cohorts[r.payload] for r in self.model.visible_rows()]
            places = sum(len(c.members) for c in shown)
            alone = len(plan_set.needs_cohort)
            self.summary.setText(
                f"Scenario <b>{plan_set.scenario}</b>: "
                f"{counted(len(shown), 'session', 'sessions')}, "
                f"{counted(places, 'place', 'places')}; sessions hold "
                f"{plan_set.settings.min_cohort} to "
                f"{plan_set.settings.max_cohort} people."
                + (
                    f" {_places_alone(alone)} (too few people at the site and no other "
                    "format)."
                    if alone
                    else ""
                )
            )
        row = self.model.row_of_payload(select) if select is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._show_cohort()

    # -- one session ----------------------------------------------------------------------

    def selected_cohort(self) -> int | None:
        """Index (into the plan's cohorts) of the selected session."""
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.payload_at(index.row())

    def select_cohort(self, cohort_index: int) -> bool:
        row = self.model.row_of_payload(cohort_index)
        if row is None:
            return False
        self.table.selectRow(row)
        self._show_cohort()
        return True

    def _show_cohort(self) -> None:
        self.attendees.clear()
        index = self.selected_cohort()
        if self.plan_set is None or index is None:
            self.cohort_title.clear()
            self._fill_targets()
            return
        c = self.plan_set.cohorts[index]
        self.cohort_title.setText(
            f"<b>{self.titles.get(c.module_id, c.module_id)}</b> at {c.site or '(no site)'}"
            f", {c.session_date:%A %d %B %Y} (week {c.week}): "
            f"{counted(len(c.members), 'person', 'people')}"
        )
        for employee_id in c.members:
            plan = self.people.get(employee_id)
            person = plan.person if plan else None
            item = QTreeWidgetItem(
                self.attendees,
                [
                    person.name if person else str(employee_id),
                    person.employee_key if person else "",
                    person.department if person else "",
                    person.site if person else "",
                    plan.role_name if plan else "",
                ],
            )
            item.setData(0, Qt.ItemDataRole.UserRole, employee_id)
        for col in range(5):
            self.attendees.resizeColumnToContents(col)
        self.attendees.blockSignals(True)
        if self.attendees.topLevelItemCount():
            self.attendees.setCurrentItem(self.attendees.topLevelItem(0))
        self.attendees.blockSignals(False)
        self._fill_targets()

    def selected_attendee(self) -> int | None:
        item = self.attendees.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _fill_targets(self) -> None:
        """Other sessions of the same workshop (the core checks the chosen one)."""
        self.target.blockSignals(True)
        self.target.clear()
        index, employee_id = self.selected_cohort(), self.selected_attendee()
        if self.plan_set is not None and index is not None and employee_id is not None:
            source = self.plan_set.cohorts[index]
            for n, c in enumerate(self.plan_set.cohorts):
                if c.module_id == source.module_id and n != index:
                    self.target.addItem(
                        f"{c.label} – {c.session_date.isoformat()} "
                        f"({counted(len(c.members), 'person', 'people')})",
                        n,
                    )
        self.target.blockSignals(False)
        self.target.setEnabled(self.target.count() > 0)
        if not self.target.count():
            self.target.addItem("(no other session of this workshop)")
        self._target_chosen()

    def _move(self) -> tuple[int, int, int] | None:
        """(employee id, from cohort id, to cohort id) of the move set up, if any."""
        plan_set = self.plan_set
        index, employee_id, target = (
            self.selected_cohort(),
            self.selected_attendee(),
            self.target.currentData(),
        )
        if self.state.ws is None or plan_set is None or None in (index, employee_id, target):
            return None
        return employee_id, plan_set.cohorts[index].id, plan_set.cohorts[target].id

    def move_reason(self) -> str | None:
        """Why the selected attendee cannot move to the chosen session (None: they can)."""
        from planner.planning.cohort_moves import check_move

        move = self._move()
        if move is None:
            return "choose a person and another session"
        return check_move(self.state.ws, *move)

    def _target_chosen(self) -> None:
        reason = self.move_reason() if self.target.currentData() is not None else None
        self.move_button.setEnabled(self.target.currentData() is not None and not reason)
        self.move_note.setText(f"Not possible: {reason}." if reason else "")

    def move_selected(self) -> bool:
        """Move the selected attendee to the session chosen in "Move to"."""
        from planner.planning.cohort_moves import move_member
        from planner.ui.commands import MoveCommand

        move = self._move()
        ws = self.state.ws
        if move is None or ws is None:
            return False
        label = self._move_label(*move)
        try:
            done = move_member(ws, *move)
        except Exception as exc:  # MoveRefused and store errors: a dialog, nothing changed
            show_error(self, exc, title="Cannot move this person")
            return False
        command = MoveCommand(ws, done, label, on_change=self._moved)
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        self._moved()
        return True

    def _move_label(self, employee_id: int, from_cohort: int, to_cohort: int) -> str:
        """The undo menu's text for a move: who goes to which session."""
        plan_set = self.plan_set
        assert plan_set is not None
        person = next((p.person for p in plan_set.plans if p.employee_id == employee_id), None)
        who = (person.name or person.employee_key) if person is not None else "a person"
        target = next((c for c in plan_set.cohorts if c.id == to_cohort), None)
        where = f" to {target.label} ({target.session_date.isoformat()})" if target else ""
        return f"Move {who}{where}"

    def _moved(self) -> None:
        self.state.plans_changed(self)
        self.refresh()

    def screenshot_states(self) -> Iterator[str]:
        """The largest session with its attendees (build_scripts/screenshots.py)."""
        if self.plan_set is not None and self.plan_set.cohorts:
            cohorts = self.plan_set.cohorts
            modules = [c.module_id for c in cohorts]
            # a session of a workshop that has others, so "Move to" has choices
            best = max(
                range(len(cohorts)),
                key=lambda n: (modules.count(modules[n]) > 1, len(cohorts[n].members)),
            )
            self.select_cohort(best)
        yield ""
