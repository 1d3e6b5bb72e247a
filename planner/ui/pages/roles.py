"""Roles: the catalog's target roles and what each requires."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.catalog.model import CATEGORIES, FAMILIES
from planner.ui.pages.base import Page
from planner.ui.state import WorkspaceState


class RolesPage(Page):
    key = "roles"
    title = "Roles"
    icon_name = "roles"

    def __init__(self, state: WorkspaceState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.roles = QTreeWidget()
        self.roles.setObjectName("rolesList")
        self.roles.setRootIsDecorated(False)
        self.roles.setHeaderLabels(["Role", "Family", "Skills"])
        self.roles.setSortingEnabled(True)
        self.roles.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roles.currentItemChanged.connect(lambda *_: self._show_role())
        self.roles.header().setStretchLastSection(False)
        self.roles.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.roles.setMinimumWidth(560)
        splitter.addWidget(self.roles)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(8, 0, 0, 0)
        self.name = QLabel()
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        layout.addWidget(self.name)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.description)
        self.requirements = QTreeWidget()
        self.requirements.setObjectName("roleRequirements")
        self.requirements.setRootIsDecorated(False)
        self.requirements.setHeaderLabels(["Skill", "Category", "Target", "Weight",
                                           "Must have"])
        header_item = self.requirements.headerItem()
        for column, tip in ((2, "The level (0–5) the role needs"),
                            (3, "How much the skill counts in the fit: 1 useful … 3 essential"),
                            (4, "A hard minimum level before someone counts as eligible")):
            header_item.setToolTip(column, tip)
        self.requirements.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.requirements.header().setStretchLastSection(False)
        layout.addWidget(self.requirements, 1)
        splitter.addWidget(right)
        splitter.setSizes([620, 600])
        self.body.addWidget(splitter, 1)
        self.hint.setText("The roles people can be reskilled into, with the skill levels each "
                          "one needs. Weight 3 = essential; a \"must have\" level is a hard "
                          "minimum before someone counts as eligible.")
        state.opened.connect(self.refresh)
        state.changed.connect(self.refresh)

    def refresh(self) -> None:
        ws = self.state.ws
        self.roles.clear()
        if ws is None:
            return
        rows = ws.conn.execute(
            "SELECT r.id, r.name, r.family, count(q.skill_id) FROM roles r LEFT JOIN "
            "role_requirements q ON q.role_id = r.id GROUP BY r.id ORDER BY r.name").fetchall()
        for rid, name, family, n in rows:
            item = QTreeWidgetItem([name, FAMILIES.get(family, family.replace("_", " ")),
                                    str(n)])
            item.setData(0, Qt.ItemDataRole.UserRole, rid)
            item.setToolTip(0, name)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignCenter)
            self.roles.addTopLevelItem(item)
        self.roles.sortItems(0, Qt.SortOrder.AscendingOrder)
        for c in (1, 2):
            self.roles.resizeColumnToContents(c)
        if rows:
            self.roles.setCurrentItem(self.roles.topLevelItem(0))
        else:
            self.name.setText("This workspace's catalog has no roles.")

    def _show_role(self) -> None:
        item = self.roles.currentItem()
        ws = self.state.ws
        self.requirements.clear()
        if item is None or ws is None:
            return
        rid = item.data(0, Qt.ItemDataRole.UserRole)
        name, desc, phrase = ws.conn.execute(
            "SELECT name, description, source_phrase FROM roles WHERE id = ?", (rid,)
        ).fetchone()
        self.name.setText(name)
        self.description.setText(desc + (f"\n\n“{phrase}”" if phrase else ""))
        for sname, cat, target, weight, must in ws.conn.execute(
                "SELECT s.name, s.category, q.target, q.weight, q.must_min FROM "
                "role_requirements q JOIN skills s ON s.id = q.skill_id WHERE q.role_id = ? "
                "ORDER BY q.weight DESC, q.position", (rid,)):
            req = QTreeWidgetItem([sname, CATEGORIES.get(cat, cat), str(target), str(weight),
                                   "" if must is None else str(must)])
            for c in (2, 3, 4):
                req.setTextAlignment(c, Qt.AlignmentFlag.AlignCenter)
            self.requirements.addTopLevelItem(req)
        for c in range(1, 5):
            self.requirements.resizeColumnToContents(c)
