"""The selected person: profile, skill levels, best-fit roles and a chart vs a role."""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.store.levels import SOURCES
from planner.ui.models.employees_model import EmployeeData, attributes_of, format_level
from planner.ui.models.match_data import fit_text
from planner.ui.state import WorkspaceState
from planner.ui.widgets.background_chart import BackgroundChart

if TYPE_CHECKING:
    from matplotlib.figure import Figure


class DetailPanel(QScrollArea):
    """Shows one employee; empty with a hint until someone is selected."""

    def __init__(self, state: WorkspaceState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.employee_id: int | None = None
        self.setWidgetResizable(True)
        self.setMinimumWidth(300)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.heading = QLabel(
            "Select a person in the table to see their profile, skills and the roles they fit best."
        )
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.profile_box = QGroupBox("Profile")
        self.profile = QFormLayout(self.profile_box)
        layout.addWidget(self.profile_box)
        self.roles_box = QGroupBox("Best-fit roles")
        roles_layout = QVBoxLayout(self.roles_box)
        self.roles = QTreeWidget()
        self.roles.setRootIsDecorated(False)
        self.roles.setHeaderLabels(["Role", "Fit", "Hours", "Readiness"])
        self.roles.setMinimumHeight(130)
        self.roles.header().setStretchLastSection(False)
        self.roles.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        roles_layout.addWidget(self.roles)
        self.roles_hint = QLabel()
        self.roles_hint.setWordWrap(True)
        roles_layout.addWidget(self.roles_hint)
        layout.addWidget(self.roles_box)
        self.chart_box = QGroupBox("Skills vs a role's targets")
        chart_layout = QVBoxLayout(self.chart_box)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("detailRole")
        self.role_combo.currentIndexChanged.connect(self._update_chart)
        # Until the user picks a role, the chart follows the person's best-fit role.
        self.role_chosen = False
        self.role_combo.activated.connect(lambda _i: setattr(self, "role_chosen", True))
        chart_layout.addWidget(self.role_combo)
        self.canvas = BackgroundChart(self, min_height=240)
        self.canvas.setMinimumHeight(240)
        chart_layout.addWidget(self.canvas)
        layout.addWidget(self.chart_box)
        self.skills_box = QGroupBox("Skill levels")
        skills_layout = QVBoxLayout(self.skills_box)
        self.skills = QTreeWidget()
        self.skills.setRootIsDecorated(False)
        self.skills.setHeaderLabels(["Skill", "Level", "Source"])
        # the level and its source always in view; a long skill name is cut (tooltip: whole)
        self.skills.header().setStretchLastSection(False)
        self.skills.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.skills.header().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.skills.setMinimumHeight(200)
        skills_layout.addWidget(self.skills)
        layout.addWidget(self.skills_box)
        layout.addStretch(1)
        self.setWidget(inner)
        state.scored.connect(self._show_roles)
        state.opened.connect(self._fill_roles_combo)
        state.changed.connect(self._fill_roles_combo)
        self._fill_roles_combo()
        self.show_employee(None)

    def _fill_roles_combo(self) -> None:
        ws = self.state.ws
        current = self.role_combo.currentData()
        self.role_combo.blockSignals(True)
        self.role_combo.clear()
        if ws is not None:
            for rid, name in ws.conn.execute("SELECT id, name FROM roles ORDER BY name"):
                self.role_combo.addItem(name, rid)
        if current is not None:
            found = self.role_combo.findData(current)
            if found >= 0:
                self.role_combo.setCurrentIndex(found)
        self.role_combo.blockSignals(False)

    def show_employee(self, employee_id: int | None) -> None:
        self.employee_id = employee_id
        data = self.state.data
        while self.profile.rowCount():
            self.profile.removeRow(0)
        self.skills.clear()
        self.roles.clear()
        visible = employee_id is not None
        for box in (self.profile_box, self.roles_box, self.chart_box, self.skills_box):
            box.setVisible(visible)
        if employee_id is None:
            self.heading.setText(
                "Select a person in the table to see their profile, skill "
                "levels and the roles they fit best."
            )
            return
        row = data.row_of(employee_id)
        p = data.profile
        self.heading.setText(f"<b>{p['name'][row]}</b> ({p['employee_key'][row]})")
        for label, value in (
            ("Department", p["department"][row]),
            ("Job title", p["job_title"][row]),
            ("Site", p["site"][row]),
            ("Email", data.extra.get("email", p["name"])[row]),
            ("Manager", data.extra.get("manager", p["name"])[row]),
            *attributes_of(data, row).items(),
        ):
            if value not in (None, ""):
                text = QLabel(str(value))
                text.setWordWrap(True)
                self.profile.addRow(f"{str(label).capitalize()}:", text)
        levels = data.levels[row]
        order = np.argsort(-np.nan_to_num(levels, nan=-1.0), kind="stable")
        for j in order:
            value = float(levels[j])
            if math.isnan(value):
                continue
            rank = int(data.sources[row, j])
            item = QTreeWidgetItem(
                [data.skill_names[j], format_level(value), SOURCES[rank - 1] if rank else ""]
            )
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
            item.setToolTip(0, data.skill_names[j])
            self.skills.addTopLevelItem(item)
        self._show_roles()
        self.state.request_scores()
        self._update_chart()

    def _show_roles(self) -> None:
        self.roles.clear()
        if self.employee_id is None:
            return
        scored = self.state.scores
        if scored is None:
            self.roles_hint.setText("Scoring everyone for every role…")
            return
        from planner.matching import best_roles

        try:
            matches = best_roles(scored.scores, self.employee_id, 5)
        except KeyError:
            self.roles_hint.setText("Not scored yet (added after the last scoring).")
            return
        catalog = scored.catalog
        for m in matches:
            role = catalog.roles.get(m.role_id)
            item = QTreeWidgetItem(
                [
                    role.name if role else m.role_id,
                    fit_text(m.fit),
                    f"{m.gap_hours:.0f}" if math.isfinite(m.gap_hours) else "–",
                    m.readiness,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, m.role_id)
            item.setToolTip(0, item.text(0))
            self.roles.addTopLevelItem(item)
        for c in (1, 2, 3):
            self.roles.resizeColumnToContents(c)
        self.roles_hint.setText(
            "Fit = how close the person's levels are to the role's "
            "targets; hours = the training that closes the gaps."
        )
        if matches and not self.role_chosen:
            self.role_combo.setCurrentIndex(self.role_combo.findData(matches[0].role_id))

    def _update_chart(self) -> None:
        if self.employee_id is None or self.state.ws is None:
            self.canvas.set_plotter(None)
            return
        role_id = self.role_combo.currentData()
        if role_id is None:
            self.canvas.set_plotter(None)
            return
        reqs = self.state.ws.conn.execute(
            "SELECT r.skill_id, s.name, r.target FROM role_requirements r JOIN skills s "
            "ON s.id = r.skill_id WHERE r.role_id = ? ORDER BY r.position",
            (role_id,),
        ).fetchall()
        data = self.state.data
        row = data.row_of(self.employee_id)
        index = {s: j for j, s in enumerate(data.skill_ids)}
        names = [name for _, name, _ in reqs]
        targets = [t for _, _, t in reqs]
        levels = [float(data.levels[row, index[s]]) if s in index else math.nan for s, _, _ in reqs]
        self.canvas.set_plotter(partial(plot_vs_role, names=names, levels=levels, targets=targets))


def plot_vs_role(fig: Figure, names: list[str], levels: list[float], targets: list[int]) -> None:
    ax = fig.subplots()
    y = np.arange(len(names))
    ax.barh(y + 0.2, targets, height=0.4, color="#c8d3e3", label="role target")
    shown = [0.0 if math.isnan(v) else v for v in levels]
    ax.barh(y - 0.2, shown, height=0.4, color="#1f5fbf", label="current level")
    ax.set_yticks(y, [n if len(n) <= 22 else n[:21] + "…" for n in names], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 5)
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(fontsize=7, loc="lower right")
    # The role is named in the drop-down right above; a title would be clipped when the
    # panel is narrow.


__all__ = ["DetailPanel", "EmployeeData", "plot_vs_role"]
