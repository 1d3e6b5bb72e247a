"""Dashboard: what to do next, the current scenario's key figures and decision charts.

Figures come from the saved scenario (its allocation totals, plan totals and fairness
reports, as the core stored them) and the cached scores' readiness bands; the page
computes nothing of its own beyond counting those.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.progress import Progress
from planner.store.workspace import Workspace
from planner.ui.pages.base import Page
from planner.ui.state import WorkspaceState
from planner.ui.tasks import Task, run_in_worker
from planner.ui.widgets.background_chart import BackgroundChart
from planner.ui.widgets.chart_save import add_save_menu, save_chart
from planner.wording import counted

if TYPE_CHECKING:
    from matplotlib.figure import Figure


KPIS = (
    ("employees", "Employees"),
    ("filled", "Places filled"),
    ("hours", "Training hours"),
    ("cost", "Training cost"),
    ("finish", "Everyone ready by"),
    ("fairness", "Fairness flags"),
)
MAX_CHART_ROLES = 20  # bars a reader can tell apart in the dashboard's chart
READINESS_COLOURS = ("#2e7d32", "#8bc34a", "#f0b429", "#c0392b")

NO_WORKSPACE = (
    "No workspace is open. Start a new one for your organisation's skills sheet, open an "
    "existing one, or import a spreadsheet into a new workspace."
)


@dataclass
class ScenarioFigures:
    """What the dashboard shows of a saved scenario (read on a worker thread)."""

    name: str
    demand: dict[str, int]
    filled: int = 0
    demanded: int = 0
    hours: float | None = None
    cost: float | None = None
    finish: str | None = None
    planned: bool = False
    fairness_checked: bool = False
    fairness_flags: list[str] = field(default_factory=list)
    hours_by_department: dict[str, float] = field(default_factory=dict)
    currency: str = "EUR"
    over_budget: float = 0.0
    stale: str = ""  # made under an older catalog: what to do about it


HOURS_LATER = "Training hours per department appear once people are allocated to roles."


def scenario_figures(path: Path, progress: Progress) -> ScenarioFigures | None:
    """The latest scenario's figures as the core saved them; None without a scenario."""
    from planner.matching.fairness import headline_flags
    from planner.matching.scenarios import load_scenario
    from planner.planning import list_scenarios, load_plan

    progress.step(0, 1, "reading the scenario")
    with Workspace.open(path) as ws:
        scenarios = list_scenarios(ws)
        if not scenarios:
            return None
        saved = load_scenario(ws, scenarios[0][0])
        results = saved.results
        totals = results.get("totals", {}) if isinstance(results.get("totals"), dict) else {}
        figures = ScenarioFigures(
            saved.name,
            saved.demand.to_json(),
            filled=int(totals.get("filled", len(saved.allocations))),
            demanded=int(totals.get("demanded", saved.demand.total)),
            hours=totals.get("total_hours"),
            cost=totals.get("total_cost"),
            currency=str(ws.setting("currency", "EUR")),
        )
        from planner.catalog.revision import stale_scenarios

        figures.stale = " ".join(f"{s.advice}." for s in stale_scenarios(ws, saved.name))
        reports = results.get("fairness")
        if isinstance(reports, list) and reports:
            figures.fairness_checked = True
            figures.fairness_flags = [
                f"{group} ({attribute})" for group, attribute in headline_flags(reports)
            ]
        plan_info = results.get("plan")
        if isinstance(plan_info, dict):
            plan = load_plan(ws, saved.id)
            plan_totals = plan.totals()
            figures.planned = True
            figures.hours, figures.cost = plan_totals.hours, plan_totals.cost
            figures.finish = (
                plan_totals.finish_date.isoformat() if plan_totals.finish_date else None
            )
            figures.over_budget = plan.over_budget
            figures.hours_by_department = {
                k or "(none)": t.hours for k, t in plan.totals_by("department").items()
            }
        else:
            for department, hours in ws.conn.execute(
                "SELECT e.department, sum(a.gap_hours) FROM allocations a JOIN employees e "
                "ON e.id = a.employee_id WHERE a.scenario_id = ? GROUP BY e.department",
                (saved.id,),
            ):
                figures.hours_by_department[department or "(none)"] = float(hours or 0)
        return figures


class Kpi(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.value.setFont(font)
        layout.addWidget(self.value)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)

    def set(self, value: str, tooltip: str = "") -> None:
        self.value.setText(value)
        self.setToolTip(tooltip)


class DashboardPage(Page):
    key = "dashboard"
    title = "Dashboard"
    icon_name = "dashboard"
    goto = Signal(str)
    newRequested = Signal()
    openRequested = Signal()
    importRequested = Signal()
    exportRequested = Signal(str)

    def __init__(self, state: WorkspaceState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.figures: ScenarioFigures | None = None
        self._task: Task | None = None
        self._build_next()
        grid = QGridLayout()
        self.kpis: dict[str, Kpi] = {}
        for i, (key, caption) in enumerate(KPIS):
            self.kpis[key] = Kpi(caption)
            grid.addWidget(self.kpis[key], 0, i)
        self.kpi_row = QWidget()
        self.kpi_row.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.kpi_row)
        self.last_import = QLabel()
        self.last_import.setWordWrap(True)
        self.body.addWidget(self.last_import)
        charts = QHBoxLayout()
        self.readiness_canvas = BackgroundChart(self, min_height=160)
        self.readiness_canvas.setObjectName("readinessChart")
        add_save_menu(self.readiness_canvas, "readiness-per-role")
        self.hours_canvas = BackgroundChart(self, min_height=160)
        self.hours_canvas.setObjectName("hoursChart")
        add_save_menu(self.hours_canvas, "hours-per-department")
        charts.addWidget(self.readiness_canvas, 1)
        charts.addWidget(self.hours_canvas, 1)
        self.charts = QWidget()
        self.charts.setLayout(charts)
        charts.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.charts, 1)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        for text, canvas, name in (
            ("Save readiness chart…", self.readiness_canvas, "readiness-per-role"),
            ("Save hours chart…", self.hours_canvas, "hours-per-department"),
        ):
            button = QPushButton(text)
            button.setToolTip("Save the chart as a PNG or SVG picture")
            button.clicked.connect(lambda _c=False, c=canvas, n=name: save_chart(c, n, self))
            save_row.addWidget(button)
        self.save_buttons = QWidget()
        self.save_buttons.setLayout(save_row)
        save_row.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.save_buttons)
        # without charts (no workspace, no employees) the room left is blank space below,
        # not tiles and a hint box stretched to the window's height
        self.body.addStretch(0)
        state.opened.connect(self.refresh_when_shown)
        state.changed.connect(self.refresh_when_shown)
        state.scenarios_changed.connect(self.refresh_when_shown)
        state.planned.connect(self.refresh_when_shown)
        state.scored.connect(self._draw_readiness)
        self.refresh()

    # -- what to do next ------------------------------------------------------------------

    def _build_next(self) -> None:
        box = QFrame()
        box.setObjectName("nextStep")
        box.setStyleSheet("QFrame#nextStep { border: 1px solid palette(mid); border-radius: 6px; }")
        row = QHBoxLayout(box)
        self.next_text = QLabel()
        self.next_text.setObjectName("nextText")
        self.next_text.setWordWrap(True)
        row.addWidget(self.next_text, 1)
        self.next_buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("new", "New workspace…", self.newRequested.emit),
            ("open", "Open workspace…", self.openRequested.emit),
            ("import", "Import spreadsheet…", self.importRequested.emit),
            ("demand", "Set demand", lambda: self.goto.emit("allocation")),
            ("plan", "Build the plan", lambda: self.goto.emit("plans")),
            ("workshops", "Review workshops", lambda: self.goto.emit("workshops")),
            ("export", "Export the report…", lambda: self.exportRequested.emit("report")),
        ):
            button = QPushButton(text)
            button.setObjectName(f"next_{key}")
            button.clicked.connect(lambda _c=False, s=slot: s())
            row.addWidget(button)
            self.next_buttons[key] = button
        self.body.addWidget(box)

    def _next(self, text: str, *buttons: str) -> None:
        self.next_text.setText(text)
        for key, button in self.next_buttons.items():
            button.setVisible(key in buttons)

    # -- refresh --------------------------------------------------------------------------

    def refresh(self) -> Task | None:
        """Show the workspace as it is now; returns the scenario read when one starts."""
        self._stale = False
        ws = self.state.ws
        if ws is None:
            self.hint.clear()
            self.last_import.clear()
            self.kpi_row.hide()
            self.charts.hide()
            self.save_buttons.hide()
            self._next(NO_WORKSPACE, "new", "open", "import")
            return None
        self.hint.setText(f"Workspace {ws.path.name} ({ws.path.parent})")
        counts = self.state.counts()
        data = self.state.data
        people = max(counts.get("employees", 0), len(data))
        self.kpi_row.show()
        self.kpis["employees"].set(f"{people:,}")
        self._show_last_import(ws)
        if not len(data) and (self.state.loading or people):
            self._next("Loading employees and levels…")
            return None
        if not people:
            self.charts.hide()
            self.save_buttons.hide()
            self._next(
                "This workspace has no employees yet: import your skills sheet (or drop a "
                "spreadsheet onto this window).",
                "import",
            )
            self._show_figures(None)
            return None
        self.charts.show()
        self.save_buttons.show()
        self.state.request_scores()
        self._draw_readiness()
        path = ws.path

        def done(figures: ScenarioFigures | None) -> None:
            if task is not self._task:
                return  # a newer read (after an edit, say) is on its way
            if self.state.path == path:
                self._show_figures(figures)

        task = self._task = run_in_worker(
            "planner.ui.pages.dashboard:scenario_figures",
            path,
            title="Reading the scenario",
            on_done=done,
        )
        return task

    def reading(self) -> bool:
        """Whether the latest scenario read has yet to report."""
        return self._task is not None and not self._task.done

    def _show_last_import(self, ws: Workspace) -> None:
        row = ws.conn.execute(
            "SELECT source_name, sheet, imported_at, rows_read, employees_added, "
            "employees_updated, warnings, errors FROM assessments ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            self.last_import.setText("No import yet.")
            return
        name, sheet, at, rows, added, updated, warnings, errors = row
        where = f" (sheet {sheet})" if sheet else ""
        self.last_import.setText(
            f"Last import: <b>{name}</b>{where} on {at[:16].replace('T', ' ')} UTC: "
            f"{counted(rows, 'row', 'rows')}, {counted(added, 'person', 'people')} added, "
            f"{updated:,} updated, {counted(len(json.loads(warnings)), 'warning', 'warnings')}, "
            f"{counted(len(json.loads(errors)), 'error', 'errors')}."
        )

    def _show_figures(self, figures: ScenarioFigures | None) -> None:
        unchanged = figures is not None and figures == self.figures
        self.figures = figures
        for key in ("filled", "hours", "cost", "finish", "fairness"):
            self.kpis[key].set("–")
        if figures is None:
            if len(self.state.data):
                self._next(
                    "Next: say how many people each role needs. The allocation then picks "
                    "the best-fitting people within your budget.",
                    "demand",
                )
            self.hours_canvas.set_plotter(partial(_message, text=HOURS_LATER))
            self._draw_readiness()
            return
        c = figures.currency
        self.kpis["filled"].set(
            f"{figures.filled:,} / {figures.demanded:,}",
            f"Scenario {figures.name}: places filled of those demanded",
        )
        if figures.hours is not None:
            self.kpis["hours"].set(f"{figures.hours:,.0f}")
        if figures.cost is not None:
            self.kpis["cost"].set(f"{figures.cost:,.0f} {c}")
        self.kpis["finish"].set(
            figures.finish or "not planned",
            "" if figures.finish else "Build the plan on the Plans page",
        )
        if figures.fairness_checked:
            self.kpis["fairness"].set(
                f"{len(figures.fairness_flags)}",
                "\n".join(figures.fairness_flags) or "No group flagged",
            )
        else:
            self.kpis["fairness"].set("not checked")
        if figures.stale:
            self._next(f"<span style='color:#b91c1c'>⚠ {escape(figures.stale)}</span>", "demand")
        elif not figures.planned:
            self._next(
                f"Scenario <b>{figures.name}</b> fills {figures.filled:,} of "
                f"{figures.demanded:,} places. Next: build its training plan.",
                "plan",
                "demand",
            )
        else:
            over = (
                f" The plan costs {figures.over_budget:,.0f} {c} more than the budget."
                if figures.over_budget
                else ""
            )
            self._next(
                f"Scenario <b>{figures.name}</b> is planned: everyone is ready by "
                f"<b>{figures.finish or '–'}</b>.{over} Review the workshop sessions or "
                "export the report for the director.",
                "workshops",
                "export",
                "demand",
            )
        if unchanged:
            return
        hours = dict(figures.hours_by_department)
        name = figures.name
        planned = figures.planned
        self.hours_canvas.set_plotter(
            partial(plot_hours, hours=hours, scenario=name, planned=planned)
        )
        self._draw_readiness()

    def _draw_readiness(self) -> None:
        scored = self.state.scores
        if scored is None:
            self.readiness_canvas.set_plotter(
                partial(_message, text="Scoring everyone for every role…")
            )
            return
        demand = self.figures.demand if self.figures is not None else {}
        scores = scored.scores
        self.readiness_canvas.set_plotter(
            partial(
                plot_readiness_counts,
                counts=readiness_counts(scores),
                names_of=role_names(scored.catalog, scores.role_ids),
                demand=dict(demand),
            )
        )


def _message(fig: Figure, text: str) -> None:
    ax = fig.add_subplot(111)
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=9, wrap=True, transform=ax.transAxes)
    ax.set_axis_off()


def readiness_counts(scores: Any) -> dict[str, np.ndarray]:
    """How many people are in each readiness band, per role (a few ms at 50,000 people)."""
    from planner.matching.scoring import READINESS_LABELS

    return {
        rid: np.bincount(scores.readiness[:, j].astype(np.int64), minlength=len(READINESS_LABELS))
        for j, rid in enumerate(scores.role_ids)
    }


def role_names(catalog: Any, role_ids: list[str]) -> dict[str, str]:
    return {r: catalog.roles[r].name if r in catalog.roles else r for r in role_ids}


def plot_readiness(fig: Figure, scores: Any, catalog: Any, demand: dict[str, int]) -> None:
    """Per demanded role (else the 10 roles with most people ready or near): how many
    people are in each readiness band, with the demanded headcount marked."""
    plot_readiness_counts(
        fig, readiness_counts(scores), role_names(catalog, scores.role_ids), demand
    )


def plot_readiness_counts(
    fig: Figure, counts: dict[str, np.ndarray], names_of: dict[str, str], demand: dict[str, int]
) -> None:
    """:func:`plot_readiness` from the counted bands (what travels to a worker process)."""
    from planner.matching.scoring import READINESS_LABELS

    ax = fig.add_subplot(111)
    # Only eligible people can fill a place: their bands are the bars, the people who are not
    # eligible are a count at the end (as bars they would dwarf the few who matter).
    eligible_bands = [b for b, label in enumerate(READINESS_LABELS) if label != "not eligible"]
    if demand:
        roles = [r for r in demand if r in counts]
        title = "Who could fill the demanded roles: eligible people by readiness"
        if len(roles) > MAX_CHART_ROLES:
            # every role cannot be read at once: the hardest to fill (fewest eligible people
            # per place demanded) are the ones a reader must see
            def supply(r: str) -> float:
                return sum(counts[r][b] for b in eligible_bands) / max(demand[r], 1)

            title = (
                f"The {MAX_CHART_ROLES} of {len(roles)} demanded roles hardest to fill: "
                "eligible people by readiness"
            )
            roles = sorted(roles, key=supply)[:MAX_CHART_ROLES]
    else:
        roles = sorted(counts, key=lambda r: -(counts[r][0] + counts[r][1]))[:10]
        title = "Readiness per role (the 10 with most people ready or near)"
    roles = roles[::-1]
    left = np.zeros(len(roles))
    names = [names_of.get(r, r) for r in roles]
    for band in eligible_bands:
        values = np.array([counts[r][band] for r in roles], dtype=float)
        colour, label = READINESS_COLOURS[band % 4], READINESS_LABELS[band]
        ax.barh(names, values, left=left, color=colour, label=label)
        left += values
    others = [int(counts[r].sum() - sum(counts[r][b] for b in eligible_bands)) for r in roles]
    for y, r in enumerate(roles):
        if demand.get(r):
            ax.plot([demand[r], demand[r]], [y - 0.4, y + 0.4], color="black", linewidth=1.5)
    ax.margins(x=0.05)
    # The people who are not eligible: a column right of the plot, where the layout keeps room
    # for it (as text after each bar it ran past the frame in a narrow or scaled window).
    right = ax.twinx()
    right.set_ylim(ax.get_ylim())
    right.set_yticks(range(len(roles)), [f"+{n:,} not eligible" for n in others])
    right.tick_params(axis="y", length=0, labelsize=7, labelcolor="#666")
    for side in ("top", "right"):
        right.spines[side].set_visible(False)
        ax.spines[side].set_visible(False)
    # A figure title spans the role labels too; an axes title is clipped at the plot's width.
    fig.suptitle(title, fontsize=9, x=0.02, ha="left")
    ax.set_xlabel(
        "eligible people" + ("  (black line: demanded headcount)" if demand else ""), fontsize=8
    )
    ax.tick_params(labelsize=7.5 if len(roles) <= 14 else 6.5)
    ax.legend(
        fontsize=7,
        ncols=len(eligible_bands),
        loc="lower right",
        bbox_to_anchor=(1, 1.06),
        frameon=False,
    )


def plot_hours(fig: Figure, hours: dict[str, float], scenario: str, planned: bool) -> None:
    """Training hours per department of the scenario (the plan's, else the allocation's)."""
    ax = fig.add_subplot(111)
    if not hours:
        _message(fig, f"Scenario {scenario} places nobody yet.")
        return
    items = sorted(hours.items(), key=lambda kv: kv[1])[-14:]
    ax.barh([k for k, _ in items], [v for _, v in items], color="#4f8be0")
    for y, (_, v) in enumerate(items):
        ax.text(v, y, f" {v:,.0f}", va="center", fontsize=7)
    source = "plan" if planned else "allocation"
    fig.suptitle(
        f"Training hours per department ({scenario}, from the {source})",
        fontsize=9,
        x=0.02,
        ha="left",
    )
    ax.set_xlabel("hours", fontsize=8)
    ax.tick_params(labelsize=7.5)
    ax.margins(x=0.15)
