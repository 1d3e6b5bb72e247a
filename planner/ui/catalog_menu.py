"""File ▸ Catalog: export the workspace's catalog to a workbook, import an edited copy
(after showing the differences), and take shipped roles or modules back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from planner.catalog.differences import Difference, differences
from planner.catalog.model import Catalog
from planner.ui.catalog_edit import apply_edit
from planner.ui.tasks import Task, run_task

if TYPE_CHECKING:
    from planner.ui.mainwindow import MainWindow

XLSX_FILTER = "Excel workbook (*.xlsx)"


def add_catalog_menu(window: MainWindow, file_menu: QMenu) -> QMenu:
    menu = file_menu.addMenu("&Catalog")
    menu.setObjectName("catalogMenu")
    for text, slot in (
        ("&Export catalog to Excel…", lambda: export_catalog(window)),
        ("&Import edited catalog…", lambda: import_catalog(window)),
        ("&Compare with the shipped catalog…", lambda: reset_dialog(window)),
    ):
        menu.addAction(text).triggered.connect(lambda _checked=False, s=slot: s())
    return menu


def export_catalog(window: MainWindow, path: str | Path | None = None) -> Path | None:
    ws = window.state.ws
    if ws is None:
        return None
    if path is None:
        name, _ = QFileDialog.getSaveFileName(
            window,
            "Export the catalog",
            str(Path(window._folder()) / f"{ws.path.stem} catalog.xlsx"),
            XLSX_FILTER,
        )
        if not name:
            return None
        path = name
    from planner.catalog.workbook import export_catalog as write
    from planner.errors import PlannerError

    try:
        written = write(ws.catalog(), path)
    except PlannerError as exc:
        from planner.ui.errors import show_error

        show_error(window, exc)
        return None
    window.statusBar().showMessage(f"Catalog written to {written}", 8000)
    return written


def import_catalog(window: MainWindow, path: str | Path | None = None) -> Task | None:
    """Read an edited workbook in the background, then show the differences to apply."""
    ws = window.state.ws
    if ws is None:
        return None
    if path is None:
        name, _ = QFileDialog.getOpenFileName(
            window, "Import an edited catalog", window._folder(), XLSX_FILTER
        )
        if not name:
            return None
        path = name
    current = ws.catalog()
    source = Path(path)

    def read(_progress) -> Catalog:
        from planner.catalog.workbook import read_catalog_workbook

        return read_catalog_workbook(source, current)

    def done(edited: Catalog) -> None:
        window.catalog_dialog = DifferencesDialog(
            differences(current, edited),
            f"Import {source.name}",
            "Apply these changes to the workspace's catalog?",
            window,
        )
        window.catalog_dialog.accepted.connect(
            lambda: _apply(window, f"Import {source.name}", lambda _c: edited)
        )
        window.catalog_dialog.open()

    def failed(exc: BaseException) -> None:
        from planner.ui.errors import show_error

        show_error(window, exc)

    return run_task(read, title=f"Reading {source.name}", on_done=done, on_error=failed)


def _apply(window: MainWindow, label: str, change) -> None:
    message = apply_edit(window.state, window.undo_stack, label, change)
    if message:
        QMessageBox.warning(window, "Catalog", message)


def reset_dialog(window: MainWindow) -> QDialog | None:
    """The roles and modules that differ from the shipped catalog; take chosen ones back."""
    ws = window.state.ws
    if ws is None:
        return None
    from planner.catalog import changes, load_shipped_catalog

    shipped = load_shipped_catalog()
    items = [
        d
        for d in differences(shipped, ws.catalog())
        if d.kind in ("role", "module") and d.change in ("changed", "removed")
    ]
    dialog = DifferencesDialog(
        items,
        "Compare with the shipped catalog",
        "Tick the roles and modules to take back as shipped:",
        window,
        checkable=True,
    )

    def take_back() -> None:
        chosen = dialog.checked()
        roles = tuple(d.id for d in chosen if d.kind == "role")
        modules = tuple(d.id for d in chosen if d.kind == "module")
        if roles or modules:
            _apply(
                window,
                "Take shipped versions back",
                lambda c: changes.take_shipped(c, shipped, roles=roles, modules=modules),
            )

    dialog.accepted.connect(take_back)
    window.catalog_dialog = dialog
    dialog.open()
    return dialog


class DifferencesDialog(QDialog):
    """A list of catalog differences with OK / Cancel (optionally one tick box each)."""

    def __init__(
        self,
        items: list[Difference],
        title: str,
        question: str,
        parent: QWidget | None = None,
        *,
        checkable: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("catalogDifferences")
        self.setWindowTitle(title)
        self.items = items
        layout = QVBoxLayout(self)
        label = QLabel(question if items else "No differences: nothing to change.")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget()
        self.list.setObjectName("differencesList")
        for difference in items:
            item = QListWidgetItem(str(difference))
            item.setToolTip(str(difference))
            if checkable:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(items))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def checked(self) -> list[Difference]:
        return [
            d
            for i, d in enumerate(self.items)
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
