"""A table whose first columns stay in place when the rest scroll sideways.

The Qt "frozen column" pattern: a second QTableView on top of the first, sharing its model
and selection, showing only the frozen columns; vertical scrolling, row heights and column
widths are kept in step.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenColumnsTable(QTableView):
    """QTableView with ``frozen`` leading columns that never scroll horizontally."""

    def __init__(self, frozen: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen = frozen
        self.overlay = QTableView(self)
        self.overlay.setObjectName("frozenColumns")
        self.overlay.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.overlay.verticalHeader().hide()
        self.overlay.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.overlay.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overlay.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overlay.setStyleSheet(
            "QTableView#frozenColumns { border: none; border-right: 1px solid palette(mid); }"
        )
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.overlay.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.overlay.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.viewport().stackUnder(self.overlay)
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        self.verticalHeader().sectionResized.connect(
            lambda i, _old, size: self.overlay.setRowHeight(i, size)
        )
        self.overlay.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.overlay.verticalScrollBar().setValue)
        self.overlay.horizontalHeader().sortIndicatorChanged.connect(self._overlay_sorted)

    # -- wiring ---------------------------------------------------------------------------

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.overlay.setModel(model)
        self.overlay.setSelectionModel(self.selectionModel())
        if model is not None:
            model.modelReset.connect(self._sync_columns)
            model.columnsInserted.connect(self._sync_columns)
        self._sync_columns()

    def setItemDelegate(self, delegate) -> None:
        super().setItemDelegate(delegate)
        self.overlay.setItemDelegate(delegate)

    def _sync_columns(self) -> None:
        model = self.model()
        if model is None:
            return
        for column in range(model.columnCount()):
            self.overlay.setColumnHidden(column, column >= self.frozen)
            if column < self.frozen:
                self.overlay.setColumnWidth(column, self.columnWidth(column))
        self.overlay.setSelectionBehavior(self.selectionBehavior())
        self.overlay.setSelectionMode(self.selectionMode())
        self.overlay.setEditTriggers(self.editTriggers())
        self.overlay.setAlternatingRowColors(self.alternatingRowColors())
        self.overlay.setWordWrap(self.wordWrap())
        self.overlay.setSortingEnabled(False)
        self.overlay.verticalHeader().setDefaultSectionSize(
            self.verticalHeader().defaultSectionSize()
        )
        self._place()

    def _section_resized(self, column: int, _old: int, size: int) -> None:
        if column < self.frozen:
            self.overlay.setColumnWidth(column, size)
            self._place()

    def _overlay_sorted(self, column: int, order: Qt.SortOrder) -> None:
        if self.isSortingEnabled():
            self.sortByColumn(column, order)

    def frozen_width(self) -> int:
        return sum(self.columnWidth(c) for c in range(self.frozen) if not self.isColumnHidden(c))

    def _place(self) -> None:
        frame = self.frameWidth()
        self.overlay.setGeometry(
            self.verticalHeader().width() + frame,
            frame,
            self.frozen_width(),
            self.viewport().height() + self.horizontalHeader().height(),
        )
        self.overlay.horizontalHeader().setFixedHeight(self.horizontalHeader().height())

    # -- Qt overrides ---------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "overlay"):
            self._place()

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        current = super().moveCursor(action, modifiers)
        # keyboard moves into a scrolled column must not hide it under the frozen part
        if (
            action == QAbstractItemView.CursorAction.MoveLeft
            and current.column() >= self.frozen
            and self.visualRect(current).topLeft().x() < self.frozen_width()
        ):
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + self.visualRect(current).topLeft().x() - self.frozen_width())
        return current

    def scrollTo(
        self,
        index: QModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        model = self.model()
        if model is None or not index.isValid():
            return
        if index.column() >= self.frozen:
            super().scrollTo(index, hint)
            rect = self.visualRect(index)
            if rect.left() < self.frozen_width():
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + rect.left() - self.frozen_width())
        else:
            # frozen columns are always in view; only the vertical position matters
            column = max(self.frozen, self.columnAt(self.frozen_width() + 1))
            super().scrollTo(model.index(index.row(), column, index.parent()), hint)

    def scroll_column_into_view(self, column: int) -> None:
        """Show ``column`` (just right of the frozen part when it was off screen)."""
        header = self.horizontalHeader()
        left = header.sectionPosition(column) - self.frozen_width()
        right = (
            header.sectionPosition(column) + header.sectionSize(column) - self.viewport().width()
        )
        bar = self.horizontalScrollBar()
        if bar.value() > left:
            bar.setValue(left)
        elif bar.value() < right:
            bar.setValue(right)
