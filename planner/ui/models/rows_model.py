"""A read-only table model over prepared rows, filtered and sorted inside the model.

Pages that show what the core computed (plans, cohorts) hand it rows of display text,
sort keys and a payload (an employee id, a cohort id); the model keeps the order of the
visible rows only, so filtering and sorting tens of thousands of rows is a list operation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

_Index = QModelIndex | QPersistentModelIndex


@dataclass
class Row:
    """One table row: display text per column, sort keys per column and a payload."""

    cells: Sequence[str]
    keys: Sequence[Any] = ()
    payload: Any = None
    tooltip: str = ""
    attrs: dict[str, str] = field(default_factory=dict)  # for filters (role, site, …)
    muted: bool = False  # greyed (e.g. "already ready")
    warn: bool = False  # red (e.g. "finishes after the ready-by date")


class RowsModel(QAbstractTableModel):
    """Rows of text; ``numeric`` columns align right; filter by a predicate on Row."""

    def __init__(
        self, columns: Sequence[str], numeric: Sequence[int] = (), parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.numeric = set(numeric)
        self.all_rows: list[Row] = []
        self._visible: list[int] = []
        self._predicate: Callable[[Row], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- content --------------------------------------------------------------------------

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.all_rows = rows
        self._visible = self._compute()
        self.endResetModel()

    def set_filter(self, predicate: Callable[[Row], bool] | None) -> None:
        self.beginResetModel()
        self._predicate = predicate
        self._visible = self._compute()
        self.endResetModel()

    def _compute(self) -> list[int]:
        keep = self._predicate
        visible = [i for i, r in enumerate(self.all_rows) if keep is None or keep(r)]
        if self._sort is not None:
            column, order = self._sort
            visible.sort(
                key=lambda i: self._key(self.all_rows[i], column),
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
        return visible

    @staticmethod
    def _key(row: Row, column: int) -> tuple[int, Any]:
        value = row.keys[column] if column < len(row.keys) else row.cells[column]
        if value is None:
            return (1, "")
        if isinstance(value, str):
            return (0, value.casefold())
        return (0, value)

    def row(self, visible_row: int) -> Row:
        return self.all_rows[self._visible[visible_row]]

    def payload_at(self, visible_row: int) -> Any:
        return self.row(visible_row).payload

    def row_of_payload(self, payload: Any) -> int | None:
        for n, i in enumerate(self._visible):
            if self.all_rows[i].payload == payload:
                return n
        return None

    def visible_rows(self) -> list[Row]:
        return [self.all_rows[i] for i in self._visible]

    # -- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or row.cells[index.column()] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and (row.muted or row.warn):
            return QBrush(QColor("#b91c1c" if row.warn else "#6b7280"))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self._visible
        self._sort = (column, order) if column >= 0 else None
        self._visible = self._compute()
        where = {source: n for n, source in enumerate(self._visible)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(where[old[i.row()]], i.column()) for i in persistent]
        )
        self.layoutChanged.emit()
