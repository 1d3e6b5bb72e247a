"""The demand editor: how many people each role needs, typed, pasted from Excel or loaded
from a CSV file (read by the core's parser, planner.matching.Demand, so the window and the
command line accept the same files)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from planner.catalog.model import Catalog
from planner.errors import InputRejected
from planner.matching import Demand
from planner.matching.demand import MAX_HEADCOUNT

_Index = QModelIndex | QPersistentModelIndex
ROLE, HEADCOUNT = 0, 1


class DemandModel(QAbstractTableModel):
    """One row per catalog role: its name and the headcount asked for (0 = none)."""

    demandChanged = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._roles: list[tuple[str, str]] = []  # (id, name)
        self._counts: dict[str, int] = {}

    def set_roles(self, roles: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self._roles = list(roles)
        known = {r for r, _ in self._roles}
        self._counts = {r: n for r, n in self._counts.items() if r in known}
        self.endResetModel()
        self.demandChanged.emit()

    def role_ids(self) -> list[str]:
        return [r for r, _ in self._roles]

    def headcount(self) -> dict[str, int]:
        """Roles asked for, in the table's order (zeros left out)."""
        return {r: self._counts[r] for r, _ in self._roles if self._counts.get(r, 0) > 0}

    def set_headcount(self, counts: dict[str, int], replace: bool = False) -> None:
        if replace:
            self._counts = {}
        self._counts.update({r: int(n) for r, n in counts.items()})
        if self._roles:
            self.dataChanged.emit(
                self.index(0, HEADCOUNT), self.index(len(self._roles) - 1, HEADCOUNT)
            )
        self.demandChanged.emit()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._roles)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        role_id, name = self._roles[index.row()]
        if index.column() == ROLE:
            if role == Qt.ItemDataRole.DisplayRole:
                return name
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{name} ({role_id})"
            return None
        count = self._counts.get(role_id, 0)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return count if role == Qt.ItemDataRole.EditRole or count else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "How many people this role needs; type a number, 0 or Delete for none"
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != HEADCOUNT or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            count = int(str(value).strip() or 0)
        except ValueError:
            return False
        if not 0 <= count <= MAX_HEADCOUNT:
            return False
        self._counts[self._roles[index.row()][0]] = count
        self.dataChanged.emit(index, index)
        self.demandChanged.emit()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Role", "People needed")[section] if 0 <= section < 2 else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == HEADCOUNT else flags


class DemandEditor(QTableView):
    """The demand table. Ctrl+V pastes cells copied from Excel: two columns (role id or
    name, headcount) set those roles; one column of numbers fills the selected rows down."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demandTable")
        self.model_ = DemandModel(self)
        self.setModel(self.model_)
        self.catalog: Catalog | None = None
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(HEADCOUNT, QHeaderView.ResizeMode.Fixed)
        # wide enough for its title in bold (the header of the current column is bold)
        bold = QFont(header.font())
        bold.setBold(True)
        title = str(self.model().headerData(HEADCOUNT, Qt.Orientation.Horizontal))
        header.resizeSection(HEADCOUNT, max(96, QFontMetrics(bold).horizontalAdvance(title) + 20))

    def set_catalog(self, catalog: Catalog | None) -> None:
        self.catalog = catalog
        roles = (
            sorted(((r.id, r.name) for r in catalog.roles.values()), key=lambda r: r[1].casefold())
            if catalog
            else []
        )
        self.model_.set_roles(roles)

    def demand(self) -> Demand:
        return Demand(self.model_.headcount())

    def set_demand(self, demand: Demand | dict[str, int]) -> None:
        counts = demand.headcount if isinstance(demand, Demand) else demand
        self.model_.set_headcount(dict(counts), replace=True)

    # -- paste, load, save ----------------------------------------------------------------

    def paste_text(self, text: str) -> int:
        """Paste cells copied from a spreadsheet; returns how many roles were set.

        Raises:
            InputRejected: an unknown role or a bad headcount (row and column named).
        """
        rows = [
            r for r in csv.reader(io.StringIO(text), delimiter="\t") if any(c.strip() for c in r)
        ]
        if rows and all(len([c for c in r if c.strip()]) == 1 for r in rows):
            return self._paste_numbers([next(c for c in r if c.strip()) for r in rows])
        if self.catalog is None:
            raise InputRejected("no catalog is loaded", file="pasted cells")
        demand = Demand.parse(text, self.catalog, file="pasted cells")
        self.model_.set_headcount(demand.headcount)
        return len(demand.headcount)

    def _paste_numbers(self, values: list[str]) -> int:
        start = self.currentIndex().row() if self.currentIndex().isValid() else 0
        ids = self.model_.role_ids()[start:]
        counts: dict[str, int] = {}
        for number, (role_id, text) in enumerate(zip(ids, values, strict=False), start=1):
            try:
                value = float(text.strip().replace(" ", ""))
            except ValueError:
                value = -1.0
            if not (0 <= value <= MAX_HEADCOUNT and value == int(value)):
                raise InputRejected(
                    f"headcount {text.strip()!r} is not a whole number from 0 to {MAX_HEADCOUNT}",
                    file="pasted cells",
                    cell=f"row {number}",
                )
            counts[role_id] = int(value)
        self.model_.set_headcount(counts)
        return len(counts)

    def paste_clipboard(self) -> int:
        return self.paste_text(QGuiApplication.clipboard().text())

    def load_csv(self, path: str | Path) -> Demand:
        """Replace the demand with a CSV file's (the core's reader); InputRejected if bad."""
        if self.catalog is None:
            raise InputRejected("no catalog is loaded", file=str(path))
        demand = Demand.from_csv(path, self.catalog)
        self.set_demand(demand)
        return demand

    def save_csv(self, path: str | Path) -> None:
        """Write ``role_id,headcount`` lines, the format :meth:`load_csv` and the command
        line read."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["role_id", "headcount"])
        writer.writerows(self.model_.headcount().items())
        Path(path).write_text(out.getvalue(), encoding="utf-8")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.pasted.emit()
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            ids = self.model_.role_ids()
            rows = {i.row() for i in self.selectionModel().selectedIndexes()}
            self.model_.set_headcount({ids[r]: 0 for r in rows})
            return
        super().keyPressEvent(event)

    pasted = Signal()  # Ctrl+V: the page pastes and reports errors in a dialog
