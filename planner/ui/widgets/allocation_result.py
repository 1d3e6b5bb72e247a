"""An allocation as the core saved it (``AllocationResult.to_json()``): per role the people
chosen, the runner-ups and the reason for each unfilled slot; the fairness check; and two
scenarios side by side. Fresh and saved results go through the same code path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from planner.matching.fairness import report_title
from planner.ui.models.match_data import fit_text

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1  # (employee_id, role_id) of a person row

Names = Callable[[int], str]


def _money(value: Any) -> str:
    return "–" if value is None else f"{float(value):,.0f}"


def _hours(value: Any) -> str:
    return "no path" if value is None else f"{float(value):,.0f}"


def summary_text(results: dict[str, Any], currency: str) -> str:
    """The result's totals in one sentence."""
    t = results.get("totals", {})
    if not t:
        return ""
    text = (
        f"Filled <b>{t.get('filled', 0):,} of {t.get('demanded', 0):,}</b> places; mean fit "
        f"{t.get('mean_fit', 0):.1f}; {_hours(t.get('total_hours'))} training hours; cost "
        f"{_money(t.get('total_cost'))} {currency}"
    )
    if t.get("budget") is not None:
        text += f" (budget {_money(t['budget'])})"
    if t.get("max_hours_per_person") is not None:
        text += f"; at most {t['max_hours_per_person']:g} h per person"
    if t.get("ready_by"):
        text += f"; ready by {t['ready_by']}"
    if t.get("optimality_gap"):
        text += f" (within {float(t['optimality_gap']):.1%} of the best possible)"
    return text + "."


def _configure(tree: QTreeWidget, name: str, headers: list[str], first_width: int) -> None:
    """A result tree: a wide first column, numbers sized to their contents, the last
    column stretching, long text elided (tooltips carry it)."""
    tree.setObjectName(name)
    tree.setHeaderLabels(headers)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = tree.header()
    header.setStretchLastSection(True)
    header.resizeSection(0, first_width)
    for c in range(1, len(headers) - 1):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)


class AllocationResultView(QTreeWidget):
    """Role rows (filled / needed), with the chosen people, the runner-ups and the
    unfilled reason as children. Person rows carry PERSON_ROLE for the context menu."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _configure(
            self,
            "allocationResult",
            ["Role / person", "Fit", "Hours", "Cost", "Weeks", "Note"],
            260,
        )
        self.headerItem().setToolTip(4, "Weeks to ready at the person's weekly training hours")
        self._bold = QFont()
        self._bold.setBold(True)

    def show_result(
        self, results: dict[str, Any], role_names: dict[str, str], names: Names
    ) -> None:
        self.clear()
        # Built apart from the tree and added at once: every item added to a shown tree
        # would lay it out again (2,000 places: 100 ms of a frozen window).
        tops: list[QTreeWidgetItem] = []
        spanned: list[QTreeWidgetItem] = []
        for role in results.get("roles", []):
            role_id = role["role_id"]
            chosen = role.get("chosen", [])
            # Spanned rows: the role's count and an unfilled slot's reason stay visible at any
            # width (the person columns may scroll).
            filled = f"{len(chosen)} of {role.get('headcount', 0)} filled"
            top = QTreeWidgetItem([f"{role_names.get(role_id, role_id)} — {filled}"])
            top.setFont(0, self._bold)
            top.setToolTip(0, f"{role_names.get(role_id, role_id)} ({role_id})")
            tops.append(top)
            spanned.append(top)
            for person in chosen:
                note = "pinned" if person.get("pinned") else ""
                if not person.get("eligible", True):
                    note = (note + ", " if note else "") + "not eligible"
                self._person(top, person, role_id, names, note)
            if role.get("unfilled"):
                reason = role.get("reason_text") or role.get("reason") or ""
                item = QTreeWidgetItem(top, [f"{role['unfilled']} unfilled: {reason}"])
                item.setToolTip(0, reason)
                item.setForeground(0, QBrush(QColor(0xB0, 0x30, 0x30)))
                spanned.append(item)
            runners = role.get("runner_ups", [])
            if runners:
                group = QTreeWidgetItem(top, [f"Runner-ups ({len(runners)})"])
                group.setForeground(0, QBrush(QColor(0x60, 0x60, 0x60)))
                for person in runners:
                    self._person(group, person, role_id, names, "runner-up")
                spanned.append(group)
        self.addTopLevelItems(tops)
        for item in spanned:  # needs the item in the tree
            item.setFirstColumnSpanned(True)
        self.expandAll()  # roles and runner-up groups; one layout, not one per item

    def _person(
        self, parent: QTreeWidgetItem, person: dict[str, Any], role_id: str, names: Names, note: str
    ) -> QTreeWidgetItem:
        eid = int(person["employee_id"])
        label = f"{names(eid)} ({person.get('employee_key', eid)})"
        weeks = person.get("weeks_to_ready")
        item = QTreeWidgetItem(
            parent,
            [
                label,
                fit_text(float(person.get("fit", 0))),
                _hours(person.get("gap_hours")),
                _money(person.get("cost")),
                "" if weeks is None else f"{float(weeks):,.0f}",
                note,
            ],
        )
        item.setToolTip(0, label + " — right-click to pin or exclude")
        item.setData(0, PERSON_ROLE, (eid, role_id))
        for c in (1, 2, 3, 4):
            item.setTextAlignment(c, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def person_at(self, item: QTreeWidgetItem | None) -> tuple[int, str] | None:
        return None if item is None else item.data(0, PERSON_ROLE)


class FairnessView(QTreeWidget):
    """Selection rates per group for each attribute checked (the core's FairnessReport)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _configure(
            self,
            "fairnessTable",
            ["Group", "People", "Selected", "Rate", "Impact ratio", "Flag"],
            160,
        )
        self.headerItem().setToolTip(
            4,
            "The group's selection rate ÷ the highest group's rate; "
            "below 0.80 (four fifths) is flagged",
        )

    NO_CHECK = (
        "No fairness check was saved with this allocation: tick the groups under "
        "“Fairness check by” and press Allocate."
    )

    def show_reports(self, reports: list[dict[str, Any]]) -> None:
        self.clear()
        bold = QFont()
        bold.setBold(True)
        if not reports:  # an empty table would look broken
            hint = QTreeWidgetItem(self, [self.NO_CHECK])
            hint.setFirstColumnSpanned(True)
            hint.setForeground(0, QBrush(QColor("#555")))
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            return
        for report in reports:
            flagged = report.get("flagged", [])
            # the core's title ("by site, over the eligible pool"), as the export and CLI word it
            title = report_title(report)
            flags = f"{len(flagged)} flagged" if flagged else "no flag"
            top = QTreeWidgetItem(self, [f"{title[:1].upper()}{title[1:]} — {flags}"])
            top.setFirstColumnSpanned(True)  # readable at any column width
            top.setFont(0, bold)
            for g in report.get("groups", []):
                ratio = g.get("impact_ratio")
                flag = (
                    "below 4/5" if g.get("flagged") else ("small group" if g.get("small") else "")
                )
                if g.get("needed_to_clear"):
                    flag += f" ({g['needed_to_clear']} more would clear it)"
                item = QTreeWidgetItem(
                    top,
                    [
                        str(g["group"]),
                        f"{g['size']:,}",
                        f"{g['selected']:,}",
                        f"{float(g['rate']):.1%}",
                        g.get("impact_ratio_text")
                        or ("–" if ratio is None else f"{float(ratio):.2f}"),
                        flag,
                    ],
                )
                item.setToolTip(5, flag)
                if g.get("flagged"):
                    for c in range(6):
                        item.setForeground(c, QBrush(QColor(0xB0, 0x30, 0x30)))
            if report.get("caveat"):
                QTreeWidgetItem(top, [str(report["caveat"])])
            top.setExpanded(True)


def compare_rows(
    first: dict[str, Any], second: dict[str, Any], currency: str
) -> list[tuple[str, str, str]]:
    """(label, first, second) rows of two ``compare_scenarios`` entries."""

    def both(key: str, fmt: Callable[[Any], str]) -> tuple[str, str]:
        return fmt(first.get(key)), fmt(second.get(key))

    def plain(value: Any) -> str:
        return "–" if value in (None, "") else str(value)

    return [
        (
            "Places filled",
            f"{first['roles_filled']} of {first['roles_demanded']}",
            f"{second['roles_filled']} of {second['roles_demanded']}",
        ),
        ("People moved", *both("people_moved", lambda v: f"{v or 0:,}")),
        ("Training hours", *both("hours", _hours)),
        (f"Cost ({currency})", *both("cost", _money)),
        ("Budget", *both("budget", lambda v: "none" if v is None else _money(v))),
        ("Planned", *both("planned", lambda v: "yes" if v else "not yet")),
        ("Finish", *both("finish_date", plain)),
        ("Workshop sessions", *both("cohorts", plain)),
    ]
