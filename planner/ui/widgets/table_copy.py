"""Copy a table's selection as tab-separated text (pastes into Excel as cells).

``install_copy(view)`` adds Ctrl+C and a "Copy" context-menu entry to any item view
(QTableView, QTreeView, QTreeWidget). Whole rows copy with the header row first.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView


def _clean(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ")


def _header(view: QAbstractItemView) -> QHeaderView | None:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    if isinstance(view, QTreeView):
        return view.header()
    return None


def selection_tsv(view: QAbstractItemView) -> str:
    """The selected cells as TSV, in view order; hidden columns are left out.

    When the selection holds whole rows (every visible column), the header row comes first.
    """
    model = view.model()
    selection = view.selectionModel()
    if model is None or selection is None:
        return ""
    indexes = [i for i in selection.selectedIndexes() if i.isValid()]
    if not indexes:
        current = view.currentIndex()
        indexes = [current] if current.isValid() else []
    if not indexes:
        return ""
    header = _header(view)

    def hidden(column: int) -> bool:
        return header is not None and header.isSectionHidden(column)

    def visual(column: int) -> int:
        return header.visualIndex(column) if header is not None else column

    cells: dict[tuple[int, QModelIndex], dict[int, str]] = {}
    order: list[tuple[int, QModelIndex]] = []
    for index in indexes:
        if hidden(index.column()):
            continue
        key = (index.row(), index.parent())
        if key not in cells:
            cells[key] = {}
            order.append(key)
        cells[key][index.column()] = _clean(index.data(Qt.ItemDataRole.DisplayRole))
    if not order:
        return ""
    columns = sorted({c for row in cells.values() for c in row}, key=visual)
    rows_in_view = sorted(
        order,
        key=lambda k: (
            view.visualRect(model.index(k[0], columns[0], k[1])).top()
            if isinstance(view, QTreeView)
            else k[0]
        ),
    )
    lines = []
    visible = [c for c in range(model.columnCount()) if not hidden(c)]
    if len(columns) == len(visible) and len(order) > 0:
        lines.append(
            "\t".join(_clean(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)
        )
    for key in rows_in_view:
        lines.append("\t".join(cells[key].get(c, "") for c in columns))
    return "\n".join(lines) + "\n"


def copy_selection(view: QAbstractItemView) -> str:
    """Put the selection on the clipboard; returns the text."""
    text = selection_tsv(view)
    if text:
        QGuiApplication.clipboard().setText(text)
    return text


def install_copy(view: QAbstractItemView) -> QAction:
    """Ctrl+C and a context-menu "Copy" on ``view`` (keeps other context actions)."""
    action = QAction("Copy", view)
    action.setObjectName("copySelection")
    action.setShortcut(QKeySequence.StandardKey.Copy)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda _checked=False: copy_selection(view))
    view.addAction(action)
    if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action
