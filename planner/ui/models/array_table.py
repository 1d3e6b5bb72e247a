"""A read-only table model over column arrays, filtered and sorted inside the model.

Subclasses say which base rows exist (``_base_rows``), how a cell reads (``_cell``) and what
a column sorts by (``_sort_key``, one numpy array over all base rows). Filtering is a
boolean mask, sorting one stable ``argsort`` of the shown rows: no proxy model, so tens of
thousands of rows filter and sort in milliseconds (DESIGN.md section 10).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole + 10  # the base row shown at a model row


class ArrayTableModel(QAbstractTableModel):
    """Shows ``self._rows`` (indices of base rows) in the current filter and sort order."""

    headers: tuple[str, ...] = ()
    tooltips: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = np.zeros(0, np.int64)
        self._mask: np.ndarray | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- to override --------------------------------------------------------------------

    def _base_rows(self) -> np.ndarray:
        """Base rows in their natural order (e.g. the core's ranking)."""
        return np.zeros(0, np.int64)

    def _cell(self, row: int, column: int, role: int) -> Any:
        return None

    def _sort_key(self, column: int) -> np.ndarray | None:
        """Sort key over every base row index (None: the column does not sort)."""
        return None

    def _header(self, section: int) -> str:
        return self.headers[section]

    def _header_tip(self, section: int) -> str | None:
        return self.tooltips[section] if section < len(self.tooltips) else None

    # -- filtering and sorting ----------------------------------------------------------

    def set_mask(self, mask: np.ndarray | None) -> None:
        """Show only base rows where ``mask`` (indexed by base row) is true."""
        self._mask = mask
        self.rebuild()

    def rebuild(self, update: Callable[[], None] | None = None) -> None:
        """Recompute the shown rows; ``update`` changes the model's inputs inside the reset."""
        self.beginResetModel()
        if update is not None:
            update()
        rows = self._base_rows()
        if self._mask is not None and len(rows):
            rows = rows[self._mask[rows]]
        if self._sort is not None and len(rows):
            key = self._sort_key(self._sort[0])
            if key is not None:
                order = np.argsort(key[rows], kind="stable")
                if self._sort[1] == Qt.SortOrder.DescendingOrder:
                    order = order[::-1]
                rows = rows[order]
        self._rows = rows
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = None if column < 0 else (column, order)
        self.rebuild()

    def base_row(self, row: int) -> int:
        return int(self._rows[row])

    def shown_rows(self) -> np.ndarray:
        return self._rows

    def model_row_of(self, base_row: int) -> int | None:
        hits = np.flatnonzero(self._rows == base_row)
        return int(hits[0]) if len(hits) else None

    # -- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = int(self._rows[index.row()])
        if role == ROW_ROLE:
            return row
        return self._cell(row, index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(section)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
