"""The "Training modules" tab of the Roles page: modules, their prices and the currency."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.catalog import changes
from planner.catalog.model import FORMATS, Catalog, Module
from planner.ui.state import WorkspaceState

# (header, Module field) of the table's columns; the id is not editable
COLUMNS = [
    ("ID", "id"),
    ("Title", "title"),
    ("Skill", "skill"),
    ("From", "from_level"),
    ("To", "to_level"),
    ("Hours", "hours"),
    ("Format", "format"),
    ("Cost", "cost"),
    ("Provider", "provider"),
    ("Prerequisites", "prerequisites"),
]
FIELDS = [f for _, f in COLUMNS]
Edit = Callable[[str, Callable[[Catalog], Catalog]], bool]


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    return label


def confirm_delete(parent: QWidget, kind: str, name: str) -> bool:
    """Ask before deleting a role or module (undo brings it back anyway)."""
    answer = QMessageBox.question(
        parent, f"Delete {kind}", f"Delete the {kind} {name}? (Edit ▸ Undo brings it back.)"
    )
    return answer == QMessageBox.StandardButton.Yes


def _cell_text(module: Module, field: str, catalog: Catalog | None = None) -> str:
    value = getattr(module, field)
    if field == "skill" and catalog is not None and value in catalog.skills:
        return catalog.skills[value].name  # a name, as everywhere else; typed names resolve
    if field == "prerequisites":
        return ", ".join(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def parse_field(field: str, text: str) -> Any:
    """The value of a module field typed as text; ValueError names what is expected."""
    text = text.strip()
    if field in ("from_level", "to_level"):
        if not text.isdigit():
            raise ValueError("levels are whole numbers from 0 to 5")
        return int(text)
    if field in ("hours", "cost"):
        try:
            return float(text.replace(",", ".")) if text else 0.0
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
    if field == "prerequisites":
        return tuple(p.strip() for p in text.split(",") if p.strip())
    return text


class ModulesTab(QWidget):
    def __init__(self, state: WorkspaceState, edit: Edit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.edit = edit
        self.catalog: Catalog | None = None
        self._filling = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Prices in:"))
        self.currency = QLineEdit()
        self.currency.setObjectName("catalogCurrency")
        self.currency.setMaxLength(3)
        self.currency.setFixedWidth(60)
        self.currency.setToolTip(
            "The three-letter currency code of every price (EUR, CHF, "
            "USD…); the app and the exports show it"
        )
        self.currency.editingFinished.connect(self._currency_edited)
        top.addWidget(self.currency)
        top.addStretch(1)
        for text, name, slot in (
            ("Add module…", "addModule", self.add_module),
            ("Delete module", "deleteModule", self.delete_module),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            top.addWidget(button)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("modulesTable")
        self.table.setHorizontalHeaderLabels([h for h, _ in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeaderItem(FIELDS.index("prerequisites")).setToolTip(
            "Module ids to take first, separated by commas"
        )
        self.table.itemChanged.connect(self._edited)
        layout.addWidget(self.table, 1)
        self.error = error_label("moduleError")
        layout.addWidget(self.error)

    def refresh(self, catalog: Catalog | None) -> None:
        self.catalog = catalog
        self._filling = True
        try:
            current = self.current_module()
            self.table.setRowCount(0)
            if catalog is None:
                return
            self.currency.setText(catalog.currency)
            self.table.horizontalHeaderItem(FIELDS.index("cost")).setText(
                f"Cost ({catalog.currency})"
            )
            self.table.setRowCount(len(catalog.modules))
            for row, module in enumerate(catalog.modules.values()):
                for col, field in enumerate(FIELDS):
                    item = QTableWidgetItem(_cell_text(module, field, catalog))
                    item.setData(Qt.ItemDataRole.UserRole, module.id)
                    if field in ("title", "skill", "provider", "prerequisites"):
                        item.setToolTip(item.text())  # long titles are cut to the column
                    if field == "id":
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if field in ("from_level", "to_level", "hours", "cost"):
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    self.table.setItem(row, col, item)
            if current is not None:
                self.select_module(current)
        finally:
            self._filling = False

    def current_module(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_module(self, module_id: str) -> bool:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == module_id:
                self.table.setCurrentCell(row, 1)
                return True
        return False

    def set_cell(self, module_id: str, field: str, text: str) -> None:
        """Type ``text`` into a module's cell, as a user would."""
        if not self.select_module(module_id):
            raise KeyError(module_id)
        self.table.item(self.table.currentRow(), FIELDS.index(field)).setText(text)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or self.catalog is None:
            return
        module_id, field = item.data(Qt.ItemDataRole.UserRole), FIELDS[item.column()]
        try:
            value = parse_field(field, item.text())
        except ValueError as exc:
            self.error.setText(f"{self.table.horizontalHeaderItem(item.column()).text()}: {exc}")
            self.refresh(self.catalog)
            return
        if field == "skill":
            from planner.ui.pages.roles import resolve_skill

            value = resolve_skill(self.catalog, value)
        self.edit(
            f"Edit {field.replace('_', ' ')} of {module_id}",
            lambda c: changes.update_module(c, module_id, **{field: value}),
        )

    def _currency_edited(self) -> None:
        code = self.currency.text().strip().upper()
        if self.catalog is None or code == self.catalog.currency:
            return
        self.edit(f"Prices in {code}", lambda c: changes.set_currency(c, code))

    def add_module(self, module: Module | None = None) -> bool:
        if self.catalog is None:
            return False
        if module is None:
            dialog = ModuleDialog(self.catalog, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            module = dialog.module()
        new = module
        if self.edit(f"Add module {new.title}", lambda c: changes.put_module(c, new)):
            self.select_module(new.id)
            return True
        return False

    def delete_module(self, confirm: bool = True) -> bool:
        module_id = self.current_module()
        if module_id is None or self.catalog is None:
            return False
        title = self.catalog.modules[module_id].title
        if confirm and not confirm_delete(self, "module", title):
            return False
        return self.edit(f"Delete module {title}", lambda c: changes.delete_module(c, module_id))


class ModuleDialog(QDialog):
    """The fields of a new module; the core checks the result when it is added."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New training module")
        self.catalog = catalog
        form = QFormLayout(self)
        self.title_edit = QLineEdit()
        self.skill = QComboBox()
        for skill in sorted(catalog.skills.values(), key=lambda s: s.name.casefold()):
            self.skill.addItem(skill.name, skill.id)
        self.from_level, self.to_level = QSpinBox(), QSpinBox()
        self.from_level.setRange(0, 4)
        self.to_level.setRange(1, 5)
        self.hours, self.cost = QDoubleSpinBox(), QDoubleSpinBox()
        self.hours.setRange(0.5, 2000)
        self.hours.setValue(8)
        self.cost.setRange(0, 1_000_000)
        self.cost.setSuffix(f" {catalog.currency}")
        self.format = QComboBox()
        self.format.addItems(FORMATS)
        self.provider, self.prerequisites = QLineEdit(), QLineEdit()
        self.prerequisites.setPlaceholderText("module ids, separated by commas")
        for label, widget in (
            ("Title", self.title_edit),
            ("Skill", self.skill),
            ("From level", self.from_level),
            ("To level", self.to_level),
            ("Hours", self.hours),
            ("Format", self.format),
            ("Cost per seat", self.cost),
            ("Provider", self.provider),
            ("Prerequisites", self.prerequisites),
        ):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def module(self) -> Module:
        title = self.title_edit.text().strip()
        skill = self.skill.currentData()
        base = f"M-OWN-{skill}-{self.from_level.value()}{self.to_level.value()}".upper()
        mid, n = base, 2
        while mid in self.catalog.modules:
            mid, n = f"{base}-{n}", n + 1
        return Module(
            mid,
            title,
            skill,
            self.from_level.value(),
            self.to_level.value(),
            self.hours.value(),
            self.format.currentText(),
            self.cost.value(),
            self.provider.text().strip(),
            prerequisites=parse_field("prerequisites", self.prerequisites.text()),
            origin=changes.WORKSPACE,
        )
