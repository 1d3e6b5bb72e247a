"""Matching and Allocation: simple read-only views for now.

Each page says what is coming next and, where it is cheap, already shows something real:
the best candidates per role (from the cached scores) and the saved scenarios.
"""

from __future__ import annotations

import json
import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from planner.ui.pages.base import EmptyOr, Page, hint_box
from planner.ui.state import WorkspaceState

CLI_HINT = "Until then the command line does it: <code>reskill-planner {cmd}</code>."


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setRootIsDecorated(False)
    tree.setHeaderLabels(headers)
    tree.setAlternatingRowColors(True)
    return tree


class TablePage(Page):
    """A page with an intro line, one table (or a message in its place) and a hint box."""

    intro = ""
    columns: tuple[str, ...] = ()
    table_name = ""
    coming = ""

    def __init__(self, state: WorkspaceState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.hint.setText(self.intro)
        self.add_controls()
        self.table = _tree(list(self.columns), self.table_name)
        self.content = EmptyOr(self.table)
        self.body.addWidget(self.content, 1)
        self.body.addWidget(hint_box(f"<b>Coming next:</b> {self.coming}"))

    def add_controls(self) -> None:
        """Widgets above the table (none by default)."""

    def fill(self, rows: list[list[str]]) -> None:
        """Show the rows (the table was cleared by the caller) and fit the columns."""
        for values in rows:
            QTreeWidgetItem(self.table, values)
        for c in range(len(self.columns)):
            self.table.resizeColumnToContents(c)


class MatchingPage(TablePage):
    key = "matching"
    title = "Matching"
    icon_name = "matching"
    intro = "Who fits each role best, and how much training closes the gap."
    columns = ("#", "Name", "ID", "Department", "Fit", "Training hours", "Readiness")
    table_name = "matchingTable"
    coming = ("the full matching view: every candidate with the explanation of their fit "
              "(strengths, gaps, blockers), filters by department and site, and comparing "
              "people side by side. " + CLI_HINT.format(cmd="match"))

    def __init__(self, state: WorkspaceState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        state.opened.connect(self._roles)
        state.changed.connect(self._roles)
        state.scored.connect(self._show)

    def add_controls(self) -> None:
        row = QHBoxLayout()
        row.addWidget(QLabel("Role:"))
        self.role = QComboBox()
        self.role.setObjectName("matchingRole")
        self.role.setMinimumContentsLength(28)
        self.role.currentIndexChanged.connect(self._show)
        row.addWidget(self.role)
        row.addStretch(1)
        self.body.addLayout(row)

    def page_shown(self) -> None:
        self.state.request_scores()
        self._show()

    def _roles(self) -> None:
        ws = self.state.ws
        self.role.blockSignals(True)
        current = self.role.currentData()
        self.role.clear()
        if ws is not None:
            for rid, name in ws.conn.execute("SELECT id, name FROM roles ORDER BY name"):
                self.role.addItem(name, rid)
        if current is not None and self.role.findData(current) >= 0:
            self.role.setCurrentIndex(self.role.findData(current))
        self.role.blockSignals(False)
        if self.isVisible():
            self.page_shown()

    def _show(self) -> None:
        self.table.clear()
        scored, rid = self.state.scores, self.role.currentData()
        if rid is None:
            self.content.show_message("This workspace's catalog has no roles.")
            return
        if not len(self.state.data) and not self.state.loading:
            self.content.show_message("No employees yet: import a skills sheet with File ▸ "
                                      "Import… (Ctrl+I) to see who fits each role.")
            return
        if scored is None:
            self.content.show_message("Scoring everyone for every role…")
            return
        self.content.show_view()
        from planner.matching import top_candidates

        data = self.state.data
        try:
            matches = top_candidates(scored.scores, rid, 25)
        except KeyError:
            return
        rows = []
        for m in matches:
            try:
                r = data.row_of(m.employee_id)
                name, dept = data.profile["name"][r], data.profile["department"][r]
            except KeyError:
                name, dept = "", ""
            hours = f"{m.gap_hours:.0f}" if math.isfinite(m.gap_hours) else "no path"
            rows.append([str(m.rank), name, m.employee_key, dept, f"{m.fit:.0f}%", hours,
                         m.readiness])
        self.fill(rows)
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            for c in (0, 4, 5):
                item.setTextAlignment(c, Qt.AlignmentFlag.AlignRight)


class AllocationPage(TablePage):
    key = "allocation"
    title = "Allocation"
    icon_name = "allocation"
    intro = ("Which person goes to which role, given how many people each role needs and the "
             "training budget.")
    columns = ("Scenario", "Updated", "People placed", "Demand")
    table_name = "scenarioTable"
    coming = ("editing the demand per role, the budget and hour limits, pinning or excluding "
              "people, running the allocation here and the fairness check by department. "
              + CLI_HINT.format(cmd="allocate WORKSPACE --demand demand.csv"))

    def __init__(self, state: WorkspaceState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        state.opened.connect(self.refresh)
        state.changed.connect(self.refresh)

    def refresh(self) -> None:
        self.table.clear()
        ws = self.state.ws
        if ws is None:
            return
        rows = ws.conn.execute(
            "SELECT s.name, s.updated_at, s.demand, (SELECT count(*) FROM allocations a "
            "WHERE a.scenario_id = s.id) FROM scenarios s ORDER BY s.updated_at DESC"
        ).fetchall()
        if not rows:
            self.content.show_message("No scenario yet: an allocation decides who moves to "
                                      "which role, within your budget.")
            return
        self.content.show_view()
        values = []
        for name, updated, demand, placed in rows:
            try:
                wanted = sum(int(v) for v in json.loads(demand).values())
            except (ValueError, TypeError, AttributeError):
                wanted = 0
            values.append([name, updated[:16].replace("T", " "), f"{placed:,}",
                           f"{wanted:,} places"])
        self.fill(values)
