"""Roles: the workspace's catalog, edited in place.

Tab "Roles": add, duplicate, rename and delete roles and edit what each requires (skill,
target, weight, must-have minimum, credential gate). Tab "Training modules": the modules
with hours, format, cost and prerequisites, and the currency of prices. Every edit is
checked by the core, written in one transaction and undoable (Edit ▸ Undo); the scores
are recomputed in the background afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.catalog import changes
from planner.catalog.model import CATEGORIES, FAMILIES, Catalog, Requirement
from planner.progress import Progress
from planner.ui.catalog_edit import apply_edit
from planner.ui.pages.base import Page
from planner.ui.pages.modules_tab import ModulesTab, confirm_delete, error_label
from planner.ui.state import WorkspaceState
from planner.ui.tasks import Task, run_task

REQ_HEADERS = ["Skill", "Category", "Target", "Weight", "Must have", "Credential gate"]
SKILL, CATEGORY, TARGET, WEIGHT, MUST, GATE = range(6)


def resolve_skill(catalog: Catalog, text: str) -> str:
    """A skill id from an id or a name as typed (unknown text is returned as typed)."""
    text = text.strip()
    if text in catalog.skills:
        return text
    folded = text.casefold()
    return next((s.id for s in catalog.skills.values() if s.name.casefold() == folded), text)


class RolesPage(Page):
    key = "roles"
    title = "Roles"
    icon_name = "roles"

    def __init__(
        self,
        state: WorkspaceState,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self.undo_stack = undo_stack
        self.catalog: Catalog | None = None
        self._filling = False
        self.tabs = QTabWidget()
        self.tabs.setObjectName("rolesTabs")
        self.tabs.addTab(self._roles_tab(), "Roles")
        self.modules = ModulesTab(state, self.edit)
        self.tabs.addTab(self.modules, "Training modules")
        self._modules_shown: Catalog | None = None  # the catalog the modules table shows
        self.tabs.currentChanged.connect(self._fill_modules)
        self.body.addWidget(self.tabs, 1)
        self.hint.setText(
            "The roles people can be reskilled into and the training that gets "
            "them there. Edit a cell to change it; Edit ▸ Undo takes any change "
            'back. Weight 3 = essential; a "must have" level is a hard minimum '
            "before someone counts as eligible; a credential gate is a licence "
            "or degree no training module gives."
        )
        self._dirty = True
        state.opened.connect(self._refresh_when_seen)
        state.changed.connect(self._refresh_when_seen)

    def _refresh_when_seen(self) -> None:
        """Refresh now if the page is on screen, else when it is next shown (reading the
        catalogs is not worth delaying the first window for)."""
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def page_shown(self) -> None:
        if self._dirty:
            self.refresh()

    # -- layout ---------------------------------------------------------------------------

    def _roles_tab(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.roles = QTreeWidget()
        self.roles.setObjectName("rolesList")
        self.roles.setRootIsDecorated(False)
        self.roles.setHeaderLabels(["Role", "Family", "Skills", "From"])
        self.roles.headerItem().setToolTip(3, "The article's roles, or your organisation's own")
        self.roles.setSortingEnabled(True)
        self.roles.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roles.currentItemChanged.connect(lambda *_: self._show_role())
        self.roles.header().setStretchLastSection(False)
        self.roles.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.roles.setMinimumWidth(300)
        column.addWidget(self.roles, 1)
        buttons = QHBoxLayout()
        for text, name, slot in (
            ("Add…", "addRole", self.add_role),
            ("Duplicate…", "duplicateRole", self.duplicate_role),
            ("Rename…", "renameRole", self.rename_role),
            ("Delete", "deleteRole", self.delete_role),
        ):
            buttons.addWidget(self._button(text, name, slot))
        buttons.addStretch(1)
        column.addLayout(buttons)
        splitter.addWidget(left)

        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(8, 0, 0, 0)
        self.name = QLabel()
        self.name.setObjectName("roleName")
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
        self.requirements = QTableWidget(0, len(REQ_HEADERS))
        self.requirements.setObjectName("roleRequirements")
        self.requirements.setHorizontalHeaderLabels(REQ_HEADERS)
        self.requirements.verticalHeader().setVisible(False)
        self.requirements.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.requirements.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for col, tip in (
            (SKILL, "The skill (type its name or id)"),
            (TARGET, "The level (1–5) the role needs"),
            (WEIGHT, "How much the skill counts in the fit: 1 useful … 3 essential"),
            (MUST, "A hard minimum level (0–5, empty for none) before someone counts as eligible"),
            (GATE, "A licence or degree: no training module closes this gap"),
        ):
            self.requirements.horizontalHeaderItem(col).setToolTip(tip)
        header = self.requirements.horizontalHeader()
        header.setSectionResizeMode(SKILL, QHeaderView.ResizeMode.Stretch)
        self.requirements.itemChanged.connect(self._requirement_edited)
        layout.addWidget(self.requirements, 1)
        self.error = error_label("roleError")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self._button("Add skill…", "addRequirement", self.add_requirement))
        buttons.addWidget(
            self._button("Remove skill", "removeRequirement", self.remove_requirement)
        )
        buttons.addStretch(1)
        layout.addLayout(buttons)
        stale_row = QHBoxLayout()
        self.stale = QLabel()
        self.stale.setObjectName("staleScenarios")
        self.stale.setWordWrap(True)
        stale_row.addWidget(self.stale, 1)
        self.rerun = self._button("Run them again", "rerunScenarios", self.rerun_stale)
        self.rerun.setToolTip(
            "Allocate (and plan, where there was a plan) these scenarios "
            "again with the current catalog"
        )
        stale_row.addWidget(self.rerun)
        layout.addLayout(stale_row)
        self.stale_names: list[str] = []
        splitter.addWidget(right)
        splitter.setSizes([520, 640])
        return splitter

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- showing ----------------------------------------------------------------------------

    def current_role(self) -> str | None:
        item = self.roles.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select_role(self, role_id: str) -> bool:
        for index in range(self.roles.topLevelItemCount()):
            item = self.roles.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == role_id:
                self.roles.setCurrentItem(item)
                return True
        return False

    def refresh(self) -> None:
        self._dirty = False
        ws = self.state.ws
        catalog = ws.catalog() if ws is not None else None
        if catalog is not None and catalog == self.catalog and self.roles.topLevelItemCount():
            self._show_stale()  # a level edit or an import: the catalog is as shown
            return
        current = self.current_role()
        self.roles.clear()
        self.catalog = catalog
        self._fill_modules()
        if self.catalog is None:
            return
        from planner.catalog import load_shipped_catalog

        shipped = load_shipped_catalog().roles
        for role in self.catalog.roles.values():
            origin = (
                "Your own"
                if role.id not in shipped
                else "Article"
                if shipped[role.id] == role
                else "Article (edited)"
            )
            item = QTreeWidgetItem(
                [
                    role.name,
                    FAMILIES.get(role.family, role.family),
                    str(len(role.requirements)),
                    origin,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, role.id)
            item.setToolTip(0, role.name)
            item.setToolTip(1, item.text(1))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignCenter)
            self.roles.addTopLevelItem(item)
        self.roles.sortItems(0, Qt.SortOrder.AscendingOrder)
        for c in (1, 2, 3):
            self.roles.resizeColumnToContents(c)
        # the role's name matters more than its family (which has a tooltip when elided)
        family_width = self.roles.fontMetrics().horizontalAdvance("AI in creative industries")
        self.roles.setColumnWidth(1, min(self.roles.columnWidth(1), family_width))
        if not (current and self.select_role(current)) and self.roles.topLevelItemCount():
            self.roles.setCurrentItem(self.roles.topLevelItem(0))
        if not self.catalog.roles:
            self.name.setText("This workspace's catalog has no roles.")
            self._show_role()
        self._show_stale()

    def _fill_modules(self) -> None:
        """Fill the modules table when it is on screen (400 modules × 10 columns of items:
        not worth a frozen window while the Roles tab is the one shown)."""
        if self.tabs.currentWidget() is self.modules and self._modules_shown is not self.catalog:
            self._modules_shown = self.catalog
            self.modules.refresh(self.catalog)

    def _show_stale(self) -> None:
        from planner.catalog.revision import stale_scenarios

        stale = stale_scenarios(self.state.ws) if self.state.ws is not None else []
        self.stale_names = [s.name for s in stale]
        self.stale.setText("\n".join(f"{str(s)[0].upper()}{str(s)[1:]}." for s in stale))
        self.stale.setVisible(bool(stale))
        self.rerun.setVisible(bool(stale))

    def rerun_stale(self) -> Task | None:
        """Allocate (and plan) the scenarios made under an older catalog again, in the
        background, with the same demand and limits."""
        names, path = list(self.stale_names), self.state.path
        if not names or path is None:
            return None

        def work(progress: Progress) -> None:
            from planner.catalog.revision import rerun_scenario
            from planner.store.workspace import Workspace

            with Workspace.open(path) as ws:
                for i, name in enumerate(names):
                    progress.step(i, len(names), f"allocating {name} again")
                    rerun_scenario(ws, name)

        def done(_result: object) -> None:
            self.state.scenarios_changed.emit()
            self.state.plans_changed(self)
            self.state.edited()

        def failed(exc: BaseException) -> None:
            from planner.ui.errors import show_error

            show_error(self, exc)

        task = run_task(
            work,
            title="Running scenarios again",
            on_done=done,
            on_error=failed,
            dialog_parent=self,
            show_dialog=True,
        )
        self.state.own_write(task)
        return task

    def _show_role(self) -> None:
        rid = self.current_role()
        self._filling = True
        self.requirements.setRowCount(0)
        try:
            if self.catalog is None or rid not in self.catalog.roles:
                return
            role = self.catalog.roles[rid]
            self.name.setText(role.name)
            phrase = f"\n\nFrom the article: “{role.source_phrase}”" if role.source_phrase else ""
            self.description.setText(role.description + phrase)
            self.requirements.setRowCount(len(role.requirements))
            for row, req in enumerate(role.requirements):
                self._fill_requirement(row, req)
            self.requirements.resizeColumnsToContents()
            self.requirements.horizontalHeader().setSectionResizeMode(
                SKILL, QHeaderView.ResizeMode.Stretch
            )
        finally:
            self._filling = False

    def _fill_requirement(self, row: int, req: Requirement) -> None:
        assert self.catalog is not None
        skill = self.catalog.skills.get(req.skill)
        cells = [
            skill.name if skill else req.skill,
            CATEGORIES.get(skill.category, skill.category) if skill else "",
            str(req.target),
            str(req.weight),
            "" if req.must_min is None else str(req.must_min),
            "",
        ]
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, req.skill)
            if col == CATEGORY:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setForeground(QColor("gray"))
            elif col == GATE:
                item.setFlags(
                    (item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable
                )
                item.setCheckState(Qt.CheckState.Checked if req.gate else Qt.CheckState.Unchecked)
            elif col != SKILL:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.requirements.setItem(row, col, item)

    # -- editing ----------------------------------------------------------------------------

    def edit(self, label: str, change: Callable[[Catalog], Catalog]) -> bool:
        """Apply an edit (undoable); a refusal is shown under the table. True when done."""
        message = apply_edit(self.state, self.undo_stack, label, change)
        self.error.setText(message or "")
        self.modules.error.setText(message or "")
        if message:
            self._show_role()  # put the refused value back
        return message is None

    def _requirement_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or self.catalog is None:
            return
        rid, row = self.current_role(), item.row()
        old_skill = item.data(Qt.ItemDataRole.UserRole)

        def text(col: int) -> str:
            cell = self.requirements.item(row, col)
            return cell.text().strip() if cell is not None else ""

        try:
            target, weight = int(text(TARGET)), int(text(WEIGHT))
            must = int(text(MUST)) if text(MUST) else None
        except ValueError:
            self.error.setText(
                "Levels and weights are whole numbers: target 1–5, weight 1–3, "
                "must have 0–5 or empty."
            )
            self._show_role()
            return
        skill = resolve_skill(self.catalog, text(SKILL))
        gate_item = self.requirements.item(row, GATE)
        gate = gate_item is not None and gate_item.checkState() == Qt.CheckState.Checked
        self.edit(
            f"Edit {skill} in {self.catalog.roles[rid].name}",
            lambda c: changes.set_requirement(
                c,
                rid,
                skill,
                target=target,
                weight=weight,
                must_min=must,
                gate=gate,
                replacing=old_skill,
            ),
        )

    def set_requirement_cell(self, skill_id: str, column: int, value: str | bool) -> None:
        """Type ``value`` into a requirement's cell (a bool ticks the gate), as a user would."""
        for row in range(self.requirements.rowCount()):
            item = self.requirements.item(row, column)
            if item.data(Qt.ItemDataRole.UserRole) == skill_id:
                if isinstance(value, bool):
                    item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
                else:
                    item.setText(value)
                return
        raise KeyError(skill_id)

    def add_requirement(self, skill: str | None = None, target: int = 2) -> bool:
        rid = self.current_role()
        if rid is None or self.catalog is None:
            return False
        if skill is None:
            required = {r.skill for r in self.catalog.roles[rid].requirements}
            names = sorted(s.name for s in self.catalog.skills.values() if s.id not in required)
            name, ok = QInputDialog.getItem(self, "Add a skill", "Skill:", names, 0, False)
            if not ok:
                return False
            skill = resolve_skill(self.catalog, name)
        return self.edit(
            f"Require {skill} in {self.catalog.roles[rid].name}",
            lambda c: changes.set_requirement(c, rid, skill, target=target, weight=2),
        )

    def remove_requirement(self) -> bool:
        rid, row = self.current_role(), self.requirements.currentRow()
        if rid is None or row < 0 or self.catalog is None:
            return False
        skill = self.requirements.item(row, SKILL).data(Qt.ItemDataRole.UserRole)
        return self.edit(
            f"Remove {skill} from {self.catalog.roles[rid].name}",
            lambda c: changes.remove_requirement(c, rid, skill),
        )

    def _ask_name(self, title: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, "Name:", text=text)
        return name.strip() if ok and name.strip() else None

    def add_role(self, name: str | None = None, family: str | None = None) -> bool:
        if self.catalog is None:
            return False
        name = name or self._ask_name("New role")
        if name is None:
            return False
        if family is None:
            labels = list(FAMILIES.values())
            label, ok = QInputDialog.getItem(self, "New role", "Family:", labels, 0, False)
            if not ok:
                return False
            family = list(FAMILIES)[labels.index(label)]
        # Every role carries the AI-literacy baseline (EU AI Act Art. 4); edit from there.
        first = (
            (Requirement("ai_literacy", 1, 1, 1),)
            if "ai_literacy" in self.catalog.skills
            else (Requirement(next(iter(self.catalog.skills)), 1, 1),)
        )
        rid = changes.new_id(name, self.catalog.roles)
        if self.edit(
            f"Add role {name}", lambda c: changes.add_role(c, name, family, first, role_id=rid)
        ):
            self.select_role(rid)
            return True
        return False

    def duplicate_role(self, name: str | None = None) -> bool:
        rid = self.current_role()
        if rid is None or self.catalog is None:
            return False
        source = self.catalog.roles[rid]
        name = name or self._ask_name("Duplicate role", f"{source.name} (copy)")
        if name is None:
            return False
        new = changes.new_id(name, self.catalog.roles)
        if self.edit(f"Duplicate {source.name}", lambda c: changes.duplicate_role(c, rid, name)):
            self.select_role(new)
            return True
        return False

    def rename_role(self, name: str | None = None) -> bool:
        rid = self.current_role()
        if rid is None or self.catalog is None:
            return False
        old = self.catalog.roles[rid].name
        name = name or self._ask_name("Rename role", old)
        if name is None or name == old:
            return False
        return self.edit(f"Rename {old}", lambda c: changes.rename_role(c, rid, name))

    def delete_role(self, confirm: bool = True) -> bool:
        rid = self.current_role()
        if rid is None or self.catalog is None:
            return False
        name = self.catalog.roles[rid].name
        if confirm and not confirm_delete(self, "role", name):
            return False
        return self.edit(f"Delete {name}", lambda c: changes.delete_role(c, rid))
