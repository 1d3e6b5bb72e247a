"""Dashboard: counts, the last import, people per department and levels per category."""

from __future__ import annotations

import json

import numpy as np
from matplotlib.figure import Figure
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from planner.catalog.model import CATEGORIES
from planner.ui.pages.base import Page, hint_box
from planner.ui.state import WorkspaceState
from planner.ui.widgets.charts import LazyCanvas

KPIS = (("employees", "Employees"), ("rated", "Skills rated"), ("roles", "Roles"),
        ("modules", "Training modules"), ("assessments", "Imports"),
        ("scenarios", "Scenarios"))


NO_WORKSPACE = ("No workspace is open. Open one with <b>File ▸ Open workspace…</b> (Ctrl+O) "
                "or <b>File ▸ Open recent</b>, or start a new one with <b>File ▸ New "
                "workspace…</b> (Ctrl+N) and import a skills sheet into it.")


class Kpi(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        layout.addWidget(self.value)
        layout.addWidget(QLabel(caption))


class DashboardPage(Page):
    key = "dashboard"
    title = "Dashboard"
    icon_name = "dashboard"

    def __init__(self, state: WorkspaceState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        grid = QGridLayout()
        self.kpis: dict[str, Kpi] = {}
        for i, (key, caption) in enumerate(KPIS):
            self.kpis[key] = Kpi(caption)
            grid.addWidget(self.kpis[key], 0, i)
        self.body.addLayout(grid)
        self.last_import = QLabel()
        self.last_import.setWordWrap(True)
        self.body.addWidget(self.last_import)
        self.empty = hint_box("")
        self.body.addWidget(self.empty)
        self.canvas = LazyCanvas(self, 9, 3.6)
        self.body.addWidget(self.canvas, 1)
        state.opened.connect(self.refresh)
        state.loaded.connect(self.refresh)
        state.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        ws = self.state.ws
        if ws is None:
            for kpi in self.kpis.values():
                kpi.value.setText("–")
            self.hint.clear()
            self.last_import.clear()
            self._empty(NO_WORKSPACE)
            return
        counts = self.state.counts()
        data = self.state.data
        rated = int(np.count_nonzero(~np.isnan(data.levels))) if len(data) else 0
        values = {**counts, "employees": counts["employees"], "rated": rated}
        for key, kpi in self.kpis.items():
            kpi.value.setText(f"{values.get(key, 0):,}")
        self.hint.setText(f"Workspace {ws.path.name} ({ws.path.parent})")
        row = ws.conn.execute(
            "SELECT source_name, sheet, imported_at, rows_read, employees_added, "
            "employees_updated, warnings, errors FROM assessments ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            self.last_import.setText("No import yet.")
        else:
            name, sheet, at, rows, added, updated, warnings, errors = row
            where = f" (sheet {sheet})" if sheet else ""
            self.last_import.setText(
                f"Last import: <b>{name}</b>{where} on {at[:16].replace('T', ' ')} "
                f"UTC: {rows:,} rows, {added:,} people added, {updated:,} updated, "
                f"{len(json.loads(warnings))} warnings, {len(json.loads(errors))} errors.")
        if self.state.loading and not len(data):
            self._empty("Loading employees and levels…")
        elif not len(data):
            self._empty("This workspace has no employees yet. Choose <b>File ▸ Import…</b> "
                        "(Ctrl+I) or drop a spreadsheet onto this window to bring in a "
                        "skills sheet; the charts appear here afterwards.")
        else:
            self.empty.hide()
            self.canvas.show()
            self.canvas.set_plotter(lambda fig: plot_overview(fig, self.state))

    def _empty(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.show()
        self.canvas.hide()


def plot_overview(fig: Figure, state: WorkspaceState) -> None:
    data = state.data
    left, right = fig.subplots(1, 2)
    departments, counts = np.unique(data.profile["department"].astype(str),
                                    return_counts=True)
    shown = 16
    order = np.argsort(counts, kind="stable")[-shown:]
    labels = [d or "(none)" for d in departments[order]]
    left.barh(labels, counts[order], color="#4f8be0")
    title = "People per department"
    if len(departments) > shown:
        title += f" (largest {shown} of {len(departments)})"
    left.set_title(title, fontsize=10)
    left.tick_params(labelsize=8)
    left.set_xlabel("people", fontsize=8)
    categories: dict[str, list[int]] = {}
    for j, cat in enumerate(data.skill_categories):
        categories.setdefault(cat, []).append(j)
    names, means = [], []
    for cat, cols in categories.items():
        block = data.levels[:, cols]
        if np.isnan(block).all():
            continue
        names.append(CATEGORIES.get(cat, cat.replace("_", " ")))
        means.append(float(np.nanmean(block)))
    right.barh(names, means, color="#1f5fbf")
    right.set_xlim(0, 5)
    right.set_title("Average level per skill category (0–5)", fontsize=10)
    right.tick_params(labelsize=8)
