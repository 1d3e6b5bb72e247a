"""Why a fit is what it is: the core's per-skill explanation as text and a chart, and two or
three people side by side (planner.matching.explain; nothing is recomputed here)."""

from __future__ import annotations

import math
from functools import partial
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.matching import Explanation
from planner.ui.models.match_data import fit_text, hours_text
from planner.ui.widgets.background_chart import BackgroundChart
from planner.ui.widgets.chart_save import add_save_menu
from planner.ui.widgets.table_copy import install_copy

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MAX_COMPARED = 3
_LOST, _MUST, _MET = "#f29d38", "#b03030", "#9fd89f"


def headline(why: Explanation, name: str, currency: str) -> str:
    """One line: who, which role, fit, eligibility, hours, cost and readiness."""
    cost = "" if not math.isfinite(why.gap_cost) else f" ({why.gap_cost:,.0f} {currency})"
    return (
        f"{name} → {why.role_name}: fit {why.fit:.1f}, "
        f"{'eligible' if why.eligible else 'not eligible'}, "
        f"{hours_text(why.gap_hours)} training hours to close the gaps{cost}, "
        f"{why.readiness}"
    )


def plot_explanation(fig: Figure, why: Explanation) -> None:
    """Each required skill's level against the role's target (black line); the label at the
    bar's end says what the gap costs: fit points lost and training hours, or "met".
    Green: met; orange: a gap; red: a must-have not met."""
    ax = fig.add_subplot()
    skills = list(reversed(why.skills))
    colours = [
        _MUST if s.must_met is False else (_LOST if s.points_lost > 0.005 else _MET) for s in skills
    ]
    ax.barh(range(len(skills)), [s.effective for s in skills], color=colours, height=0.6)
    for i, s in enumerate(skills):
        ax.plot([s.target, s.target], [i - 0.4, i + 0.4], color="black", linewidth=1.5)
        if s.points_lost <= 0.005:
            label = "met"
        else:
            hours = "no path" if math.isinf(s.hours) else f"{s.hours:g} h"
            label = f"−{s.points_lost:.1f} pts, {hours}"
        ax.annotate(
            label,
            (max(s.effective, s.target), i),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(range(len(skills)), [_wrapped(s.skill_name, 22) for s in skills], fontsize=8)
    ax.set_xlim(0, 7.6)
    ax.set_xticks(range(6))
    ax.set_xlabel(
        "level (black line: the role's target)\norange: a gap · red: a must-have not met",
        fontsize=8,
    )
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title(f"Fit {fit_text(why.fit)} of 100", fontsize=9)


def plot_comparison(fig: Figure, whys: list[Explanation], names: list[str]) -> None:
    """Each person's level per required skill (grouped bars) against the role's target."""
    ax = fig.add_subplot()
    skills = [s.skill_name for s in whys[0].skills]
    n = len(whys)
    height = 0.8 / max(n, 1)
    for k, (why, name) in enumerate(zip(whys, names, strict=True)):
        ys = [i + (k - (n - 1) / 2) * height for i in range(len(skills))]
        person = name.split(" (")[0]  # the ID is in the table above
        ax.barh(ys, [s.effective for s in why.skills], height=height, label=_short(person, 18))
    for i, s in enumerate(whys[0].skills):
        ax.plot([s.target, s.target], [i - 0.45, i + 0.45], color="black", linewidth=1.5)
    ax.set_yticks(range(len(skills)), [_wrapped(s, 16) for s in skills], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 5.2)
    ax.set_xlabel("level (black line: the role's target)", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=n, frameon=False)


def _short(text: str, width: int = 22) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _wrapped(text: str, width: int) -> str:
    """A skill name on at most two lines of ``width`` characters (cut with … beyond)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width, max_lines=2, placeholder="…")) or text


class ExplanationPanel(QScrollArea):
    """Shows one explanation, a comparison of two or three, or a prompt."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explanationPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 0, 4, 0)
        self.title = QLabel()
        self.title.setObjectName("explanationTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        self.text = QLabel()
        self.text.setObjectName("explanationText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        self.compare = QTreeWidget()
        self.compare.setObjectName("compareTable")
        self.compare.setRootIsDecorated(False)
        self.compare.setAlternatingRowColors(True)
        self.compare.setMinimumHeight(160)
        self.compare.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.compare.header().setStretchLastSection(False)
        layout.addWidget(self.compare)
        self.canvas = BackgroundChart(min_height=240)
        add_save_menu(self.canvas, "explanation")
        install_copy(self.compare)
        layout.addWidget(self.canvas, 1)
        self.setWidget(inner)
        self.explanations: list[Explanation] = []
        self.clear(
            "Select a candidate to see why their fit is what it is; select two or "
            "three (Ctrl+click) to compare them side by side."
        )

    def clear(self, message: str) -> None:
        self.explanations = []
        self.title.setText(message)
        self.text.setText("")
        self.text.hide()
        self.compare.clear()
        self.compare.hide()
        self.canvas.set_plotter(None)
        self.canvas.hide()

    def show_one(self, why: Explanation, name: str, currency: str) -> None:
        self.explanations = [why]
        self.title.setText(f"<b>{escape(headline(why, name, currency))}</b>")
        lines = why.lines()
        if why.why_not:
            lines += ["", f"Not eligible: {why.why_not}."]
        self.text.setText("\n".join(lines))
        self.text.show()
        self.compare.hide()
        self.canvas.set_plotter(partial(plot_explanation, why=why))
        self.canvas.show()

    def show_many(self, whys: list[Explanation], names: list[str], currency: str) -> None:
        self.explanations = list(whys)
        self.title.setText(f"<b>{len(whys)} people for {escape(whys[0].role_name)}</b>")
        self.text.hide()
        tree = self.compare
        tree.clear()
        # "Name (ID)" on two lines: three people side by side keep their names readable
        tree.setHeaderLabels(["", *(n.replace(" (", "\n(", 1) for n in names)])
        header = tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for c in range(1, len(names) + 1):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
            tree.headerItem().setToolTip(c, names[c - 1])
        rows: list[tuple[str, list[str]]] = [
            ("Fit", [f"{w.fit:.1f}" for w in whys]),
            ("Eligible", ["yes" if w.eligible else "no" for w in whys]),
            ("Training hours", [hours_text(w.gap_hours) for w in whys]),
            (
                f"Cost ({currency})",
                ["–" if not math.isfinite(w.gap_cost) else f"{w.gap_cost:,.0f}" for w in whys],
            ),
            ("Readiness", [w.readiness for w in whys]),
        ]
        for i, gap in enumerate(whys[0].skills):
            cells = []
            for w in whys:
                s = w.skills[i]
                level = "?" if s.level is None else f"{s.effective:g}"
                if s.points_lost <= 0.005:
                    cells.append(f"{level} → {s.target} met")
                else:
                    must = " ✗ must" if s.must_met is False else ""
                    cells.append(
                        f"{level} → {s.target} −{s.points_lost:.1f} {hours_text(s.hours)} h{must}"
                    )
            rows.append((gap.skill_name, cells))
        for label, cells in rows:
            item = QTreeWidgetItem(tree, [label, *cells])
            item.setToolTip(0, label)
            for c, text in enumerate(cells, start=1):
                item.setToolTip(c, f"{names[c - 1]}: {text}")
        tree.resizeColumnToContents(0)
        header.resizeSection(0, min(header.sectionSize(0), 150))
        tree.show()
        self.canvas.set_plotter(partial(plot_comparison, whys=whys, names=names))
        self.canvas.show()
